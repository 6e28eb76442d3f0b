import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  /** Every mail accepted, parsed, in arrival order. */
  mails: ParsedMail[];
  /** Messages refused so far. */
  refused: number;
  /** Refuses the next `count` messages with this SMTP reply code (4xx: try later; 5xx: for good). */
  refuse(count: number, code?: number): void;
  /** Waits until `count` mails have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server in the test process (smtp-server), parsing what arrives with mailparser. */
export async function startTestSmtp(): Promise<TestSmtp> {
  let toRefuse = 0;
  let refuseCode = 451;
  const smtp: TestSmtp = {
    url: '',
    mails: [],
    refused: 0,
    refuse(count, code = 451) {
      toRefuse = count;
      refuseCode = code;
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (smtp.mails.length < count) {
        if (Date.now() > deadline) throw new Error(`${smtp.mails.length} of ${count} mails arrived`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return smtp.mails;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (toRefuse > 0) {
          toRefuse -= 1;
          smtp.refused += 1;
          const error = Object.assign(new Error(refuseCode >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
            responseCode: refuseCode,
          });
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            smtp.mails.push(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smtp.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return smtp;
}
