import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail the catcher received, as the demo mailbox shows it. */
interface CaughtMail {
  id: string;
  receivedAt: Date;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailCatcher {
  /** Where the server sends (`AMAGE_SMTP_URL` of a demo without one). */
  smtpUrl: string;
  /** Newest first. */
  mails(): readonly CaughtMail[];
  close(): Promise<void>;
}

const KEEP = 200;

/**
 * An SMTP server inside the demo process (`npm start` on the embedded default without `AMAGE_SMTP_URL`):
 * it accepts every mail on a loopback port and keeps the last 200 in memory for the demo mailbox page,
 * so a newcomer sees the mail a supplier would get and can click its link. Nothing leaves the machine.
 */
export async function startMailCatcher(): Promise<MailCatcher> {
  const caught: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    banner: 'AMAGE Portals demo mailbox',
    size: 5 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          caught.unshift({
            id: randomUUID(),
            receivedAt: new Date(),
            from: mail.from?.text ?? '',
            to: [mail.to ?? []]
              .flat()
              .map((a) => a.text)
              .join(', '),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          caught.length = Math.min(caught.length, KEEP);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    mails: () => caught,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
