import type { Request, Response } from 'express';
import { ProblemCode, type JobView } from '@amage/contracts';
import { AppError } from '../../lib/errors.js';
import type { PortalAccess } from '../access/portal-access.js';
import type { JobChangeHub } from './job-changes.js';

export interface JobStreamSettings {
  /** Interval of the heartbeat comments; each beat also re-checks the link. */
  heartbeatMs: number;
  /** The reconnection delay the client is told (`retry:`). */
  retryMs: number;
  /** The longest a stream lives, whatever the token (then `event: expired`). */
  maxLifeMs: number;
  /** Live views one link may hold open on one server instance (each holds a socket and a heartbeat query). */
  maxPerLink: number;
}

export const DEFAULT_JOB_STREAM_SETTINGS: JobStreamSettings = {
  heartbeatMs: 20_000,
  retryMs: 5_000,
  maxLifeMs: 15 * 60_000,
  maxPerLink: 5,
};

export interface JobStreamDeps {
  settings: JobStreamSettings;
  /** Announces every committed change of a job. */
  hub: JobChangeHub;
  /** The job view a stream sends first. */
  load(ref: string): Promise<JobView>;
  /** Whether a link still works (not revoked, not expired): a stream ends within one beat of it stopping. */
  linkUsable(linkId: string): Promise<boolean>;
}

function send(res: Response<never>, event: string, data: unknown) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * `GET /jobs/{ref}/stream`: Server-Sent Events of one job for as long as the client stays, the link
 * works and the token lives. Sends the whole job view at once and after every committed change
 * (`JobChangeHub`), heartbeat comments between, and `event: expired` at the end of the token's life.
 * Holds the count of open streams per link of this instance.
 */
export class JobStream {
  private readonly openPerLink = new Map<string, number>();

  constructor(private readonly deps: JobStreamDeps) {}

  async serve(req: Request, res: Response<never>, access: PortalAccess, ref: string): Promise<void> {
    const { settings, hub, load, linkUsable } = this.deps;
    const linkId = access.link.id;
    const open = this.openPerLink.get(linkId) ?? 0;
    if (open >= settings.maxPerLink) {
      throw new AppError(
        ProblemCode.rateLimited,
        429,
        'Too many live views of this job are open with this link; close one.',
        {
          extensions: { retryAfter: 30 },
          headers: { 'Retry-After': '30' },
        },
      );
    }
    this.openPerLink.set(linkId, open + 1);

    let live = true;
    let unsubscribe = () => {};
    const timers: ReturnType<typeof setTimeout>[] = [];
    const end = () => {
      if (!live) return;
      live = false;
      const left = (this.openPerLink.get(linkId) ?? 1) - 1;
      if (left > 0) this.openPerLink.set(linkId, left);
      else this.openPerLink.delete(linkId);
      for (const t of timers) clearTimeout(t);
      unsubscribe();
      res.end();
    };
    req.on('close', end);

    // A change that lands while the first view is loading is held and sent right after it.
    let ready = false;
    let held: JobView | undefined;
    unsubscribe = await hub.subscribe(
      ref,
      (job) => {
        if (!live) return;
        if (ready) send(res, 'job', job);
        else held = job;
      },
      end,
    );
    // The client may have gone while the subscription was being set up.
    if (!live) return unsubscribe();
    const job = await load(ref).catch((error: unknown) => {
      end();
      throw error;
    });
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(`retry: ${settings.retryMs}\n\n`);
    send(res, 'job', job);
    ready = true;
    if (held && held.updatedAt > job.updatedAt) send(res, 'job', held);

    // Each heartbeat also re-checks the link: a revoked or expired link ends its streams within one beat.
    timers.push(
      setInterval(() => {
        if (!live) return;
        res.write(': heartbeat\n\n');
        void linkUsable(linkId)
          .then((usable) => usable || end())
          .catch(() => undefined);
      }, settings.heartbeatMs),
    );
    // The stream lives no longer than the token that opened it (and a session's length even for a link
    // token); the widget reconnects with a fresh session.
    const left = Math.min(access.expiresAt.getTime() - Date.now(), settings.maxLifeMs);
    timers.push(
      setTimeout(
        () => {
          if (live) send(res, 'expired', { at: access.expiresAt.toISOString() });
          end();
        },
        Math.max(left, 0),
      ),
    );
    if (!live) end();
  }
}
