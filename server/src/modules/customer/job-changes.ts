import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { JobView } from '@amage/contracts';

/** The PostgreSQL channel a job change is announced on; the payload is the job's ref. */
const JOB_CHANNEL = 'amage_job_changed';

/**
 * Announces a job change. Call it inside the transaction that changes the job: PostgreSQL delivers
 * the notification only when (and if) that transaction commits, to every server instance listening.
 */
export async function notifyJobChanged(trx: Knex.Transaction, ref: string) {
  await trx.raw('SELECT pg_notify(?, ?)', [JOB_CHANNEL, ref]);
}

export type JobListener = (job: JobView) => void;

interface RawClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', fn: (msg: { channel: string; payload?: string }) => void): void;
  on(event: 'error' | 'end', fn: (err?: Error) => void): void;
  removeAllListeners(): void;
  end(): Promise<void>;
}

/**
 * One dedicated LISTEN connection per server instance, fanning job changes out to the open streams
 * (`JobStream`) of this instance. It connects when the first stream opens, and reconnects after a lost connection
 * (then every open stream gets the job afresh, since notifications may have been missed meanwhile).
 */
export class JobChangeHub {
  private readonly listeners = new Map<string, Set<JobListener>>();
  private client?: RawClient;
  private connecting?: Promise<void>;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private closed = false;
  private readonly closers = new Set<() => void>();

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
    private readonly load: (ref: string) => Promise<JobView>,
  ) {}

  /** Calls `listener` with the job after every committed change; returns the unsubscribe. */
  async subscribe(ref: string, listener: JobListener, onClose: () => void): Promise<() => void> {
    if (this.closed) throw new Error('stream hub closed');
    let set = this.listeners.get(ref);
    if (!set) {
      set = new Set();
      this.listeners.set(ref, set);
    }
    set.add(listener);
    this.closers.add(onClose);
    await this.ensureListening();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(ref);
      this.closers.delete(onClose);
    };
  }

  /** Ends every open stream and the listening connection (server shutdown). */
  async close() {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    for (const end of [...this.closers]) end();
    this.closers.clear();
    this.listeners.clear();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => undefined);
    }
  }

  private ensureListening(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect() {
    // A connection of its own, outside the pool: LISTEN holds it for the life of the server.
    const client = (await (
      this.db.client as { acquireRawConnection(): Promise<RawClient> }
    ).acquireRawConnection()) as RawClient;
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => {
      if (msg.channel === JOB_CHANNEL && msg.payload) void this.deliver(msg.payload);
    });
    await client.query(`LISTEN ${JOB_CHANNEL}`);
    this.client = client;
  }

  private lost(client: RawClient, err?: Error) {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => {});
    this.logger.warn({ err }, 'job stream listener lost its connection; reconnecting');
    const retry = () => {
      if (this.closed || this.listeners.size === 0) return;
      this.ensureListening()
        .then(() => Promise.all([...this.listeners.keys()].map((ref) => this.deliver(ref))))
        .catch(() => (this.reconnectTimer = setTimeout(retry, 2_000)));
    };
    this.reconnectTimer = setTimeout(retry, 500);
  }

  /** Loads the job once and hands it to each of its streams. */
  private async deliver(ref: string) {
    const set = this.listeners.get(ref);
    if (!set?.size) return;
    try {
      const job = await this.load(ref);
      for (const listener of [...set]) listener(job);
    } catch (err) {
      this.logger.warn({ err, ref }, 'job stream could not load the changed job');
    }
  }
}
