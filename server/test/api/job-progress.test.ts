import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgressEvent, JobView, Problem, EventOf } from '@amage/contracts';
import { DEFAULT_JOB_STREAM_SETTINGS } from '../../src/modules/customer/job-stream.js';
import { PORTAL_BASE, INTEGRATION_BASE } from '../../src/app.js';
import { JPEG, PDF } from '../fixtures/files.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let session: string;
let readOnly: string;

const progress = (ref: string, body: unknown) => t.integration('POST', `/jobs/${ref}/progress`, body);
const post = (path: string, body: unknown, token = session) =>
  t.portal('POST', path, token, body, { 'idempotency-key': idempotencyKey() });
const job = async (ref = 'JOB-P', token = session) =>
  (await (await t.portal('GET', `/jobs/${ref}`, token)).json()) as JobView;
const feed = () => t.writtenEvents();

/** Opens the job stream with fetch (as the widget does) and hands out the parsed SSE events. */
async function openStream(ref: string, token: string, app = t) {
  const controller = new AbortController();
  const res = await app.fetch(`${app.url}${PORTAL_BASE}/jobs/${ref}/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<{ event?: string; data?: string; comment?: string }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith('retry:')) continue;
        if (block.startsWith(':')) return { comment: block.slice(1).trim() };
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        return { event, data };
      }
      const { value, done } = await reader.read();
      if (done) return {};
      buffer += value;
    }
  };
  const nextJob = async () => {
    for (;;) {
      const e = await next();
      if (e.event === 'job') return JSON.parse(e.data!) as JobView;
      if (e.event === undefined && e.comment === undefined) throw new Error('stream ended');
    }
  };
  return { res, next, nextJob, close: () => controller.abort() };
}

beforeAll(async () => {
  t = await startTestApp();
  await t.putJob('JOB-P', {
    stages: [
      { key: 'diagnosis', name: 'Diagnoza', state: 'pending' },
      { key: 'repair', name: 'Naprawa', state: 'pending' },
    ],
    quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', amount: 1850, currency: 'PLN', state: 'pending' }],
  });
  session = await t.session(
    await t.issueLink({ subject: { type: 'job', ref: 'JOB-P' }, actions: ['job:read', 'job:approve'] }),
  );
  readOnly = await t.session(await t.issueLink({ subject: { type: 'job', ref: 'JOB-P' }, actions: ['job:read'] }));
});
afterAll(() => t.close());

describe('progress events from the main system', () => {
  it('when a stage starts and finishes, the technician arrives and an ETA and percentage come, then the job follows and shows the events', async () => {
    expect(
      (
        await progress('JOB-P', {
          type: 'technician-on-the-way',
          at: '2026-12-01T07:30:00Z',
          text: 'Marek jest w drodze.',
        })
      ).status,
    ).toBe(201);
    expect((await progress('JOB-P', { type: 'technician-on-site', at: '2026-12-01T08:00:00Z' })).status).toBe(201);
    expect(
      (await progress('JOB-P', { type: 'stage-started', stageKey: 'diagnosis', at: '2026-12-01T08:10:00Z' })).status,
    ).toBe(201);
    expect(
      (await progress('JOB-P', { type: 'stage-finished', stageKey: 'diagnosis', at: '2026-12-01T10:00:00Z' })).status,
    ).toBe(201);
    expect(
      (await progress('JOB-P', { type: 'percent-complete', percentComplete: 60, at: '2026-12-01T11:00:00Z' })).status,
    ).toBe(201);
    expect(
      (
        await progress('JOB-P', {
          type: 'eta',
          estimatedCompletion: '2026-12-02T15:00:00Z',
          at: '2026-12-01T11:05:00Z',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await progress('JOB-P', {
          type: 'finding',
          severity: 'major',
          text: 'Zużyte łożysko.',
          at: '2026-12-01T11:10:00Z',
        })
      ).status,
    ).toBe(201);
    const view = await job();
    expect(view.stages[0]).toMatchObject({
      state: 'done',
      startedAt: '2026-12-01T08:10:00Z',
      finishedAt: '2026-12-01T10:00:00Z',
    });
    expect(view).toMatchObject({
      percentComplete: 60,
      estimatedCompletion: '2026-12-02T15:00:00Z',
      actualStart: '2026-12-01T08:00:00Z',
    });
    expect(view.progress.map((p) => p.type)).toEqual([
      'technician-on-the-way',
      'technician-on-site',
      'stage-started',
      'stage-finished',
      'percent-complete',
      'eta',
      'finding',
    ]);
    expect(view.progress[6]).toMatchObject({ severity: 'major', text: 'Zużyte łożysko.', attachments: [] });
  });

  it('when a status change comes, then the job status changes; completed sets 100% and the actual end', async () => {
    await progress('JOB-P', { type: 'status-changed', status: 'completed', at: '2026-12-02T14:00:00Z' });
    const view = await job();
    expect(view).toMatchObject({ status: 'completed', percentComplete: 100, actualEnd: '2026-12-02T14:00:00Z' });
    expect((await t.db('jobs').where({ ref: 'JOB-P' }).first()).status).toBe('completed');
  });

  it('when an inspection result per asset comes, then the job lists the latest result per asset', async () => {
    await progress('JOB-P', {
      type: 'inspection-result',
      inspection: { assetRef: 'A-100', assetName: 'SK-2', result: 'fail', remarks: 'Wyciek' },
    });
    await progress('JOB-P', {
      type: 'inspection-result',
      inspection: { assetRef: 'A-100', assetName: 'SK-2', result: 'pass' },
    });
    await progress('JOB-P', { type: 'inspection-result', inspection: { assetRef: 'A-101', result: 'conditional' } });
    const view = await job();
    expect(view.inspections.map((i) => [i.assetRef, i.result])).toEqual([
      ['A-100', 'pass'],
      ['A-101', 'conditional'],
    ]);
  });

  it('when the main system uploads photos and a PDF report for the job, then the events carry them and the job lists them as documents', async () => {
    const upload = async (body: Buffer, type: string, name: string) => {
      const res = await t.fetch(`${t.url}${INTEGRATION_BASE}/attachments?subjectType=job&subjectRef=JOB-P`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t.integrationKey}`,
          'content-type': type,
          'x-filename': encodeURIComponent(name),
        },
        body,
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const photo = await upload(JPEG, 'image/jpeg', 'łożysko.jpg');
    const report = await upload(PDF, 'application/pdf', 'raport-SK2.pdf');
    expect((await progress('JOB-P', { type: 'photos', text: 'Zdjęcia łożyska', attachments: [photo] })).status).toBe(
      201,
    );
    expect(
      (
        await progress('JOB-P', {
          type: 'inspection-result',
          inspection: { assetRef: 'A-102', result: 'pass', report },
        })
      ).status,
    ).toBe(201);
    const view = await job();
    expect(view.documents.map((d) => d.filename)).toEqual(expect.arrayContaining(['łożysko.jpg', 'raport-SK2.pdf']));
    expect(view.inspections.find((i) => i.assetRef === 'A-102')!.report).toMatchObject({
      id: report,
      contentType: 'application/pdf',
    });
    const download = await t.fetch(`${t.url}${PORTAL_BASE}/attachments/${report}`, {
      headers: { authorization: `Bearer ${readOnly}` },
    });
    expect(download.status).toBe(200);
  });

  it('when the same event id is posted again, then nothing is added (200 with the stored event)', async () => {
    const first = await progress('JOB-P', { id: 'ev-1', type: 'note', text: 'Raz' });
    const again = await progress('JOB-P', { id: 'ev-1', type: 'note', text: 'Raz' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(((await again.json()) as JobProgressEvent).id).toBe('ev-1');
    expect((await job()).progress.filter((p) => p.id === 'ev-1')).toHaveLength(1);
  });

  it('when the stage is unknown, the job is unknown, an inspection lacks its result, or a report id is unknown, then it is refused', async () => {
    const stage = await progress('JOB-P', { type: 'stage-started', stageKey: 'nope' });
    expect([stage.status, ((await stage.json()) as Problem).errors![0]!.pointer]).toEqual([422, '/stageKey']);
    expect((await progress('JOB-NONE', { type: 'note' })).status).toBe(404);
    expect((await progress('JOB-P', { type: 'inspection-result' })).status).toBe(422);
    const file = await progress('JOB-P', { type: 'photos', attachments: ['00000000-0000-4000-8000-000000000001'] });
    expect([file.status, ((await file.json()) as Problem).code]).toEqual([422, 'attachment.not_found']);
  });
});

describe('live job stream (SSE over LISTEN/NOTIFY)', () => {
  it('when one link opens more live views than allowed, then the extra one is 429; closing one makes room', async () => {
    const token = await t.session(await t.issueLink({ subject: { type: 'job', ref: 'JOB-P' }, actions: ['job:read'] }));
    const streams = [];
    for (let i = 0; i < DEFAULT_JOB_STREAM_SETTINGS.maxPerLink; i++) {
      const stream = await openStream('JOB-P', token);
      await stream.nextJob();
      streams.push(stream);
    }
    try {
      const extra = await t.fetch(`${t.url}${PORTAL_BASE}/jobs/JOB-P/stream`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(extra.status).toBe(429);
      expect(((await extra.json()) as Problem).code).toBe('rate_limited');
      streams.pop()!.close();
      await expect
        .poll(async () => {
          const again = await openStream('JOB-P', token);
          again.close();
          return again.res.status;
        })
        .toBe(200);
    } finally {
      for (const s of streams) s.close();
    }
  });

  it('when a progress event is posted through the integration API, then an open stream delivers the job with it', async () => {
    const stream = await openStream('JOB-P', readOnly);
    try {
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const first = await stream.nextJob();
      expect(first.ref).toBe('JOB-P');
      await progress('JOB-P', { id: 'live-1', type: 'technician-on-site', text: 'Live!' });
      const live = await stream.nextJob();
      expect(live.progress.find((p) => p.id === 'live-1')).toMatchObject({ type: 'technician-on-site', text: 'Live!' });
    } finally {
      stream.close();
    }
  });

  it('when the job is PUT or the customer acts, then streams of that job hear of it (and streams of another job do not)', async () => {
    await t.putJob('JOB-Q');
    const other = await t.session(await t.issueLink({ subject: { type: 'job', ref: 'JOB-Q' }, actions: ['job:read'] }));
    const a = await openStream('JOB-P', readOnly);
    const b = await openStream('JOB-Q', other);
    try {
      await a.nextJob();
      await b.nextJob();
      await t.integration('PUT', '/jobs/JOB-P', {
        number: 'X',
        customer: { ref: 'CUST-3' },
        title: 'Renamed',
        status: 'in-progress',
      });
      expect((await a.nextJob()).title).toBe('Renamed');
      await post('/jobs/JOB-P/ratings', { score: 5 });
      expect((await a.nextJob()).rating?.score).toBe(5);
      await progress('JOB-Q', { type: 'note', text: 'for Q' });
      expect((await b.nextJob()).progress.some((p) => p.text === 'for Q')).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });

  describe('with a short heartbeat', () => {
    let fast: TestApp;
    let fastReader: string;
    beforeAll(async () => {
      fast = await startTestApp({ jobStream: { heartbeatMs: 100 } });
      await fast.putJob('JOB-P');
      fastReader = await fast.session(
        await fast.issueLink({ subject: { type: 'job', ref: 'JOB-P' }, actions: ['job:read'] }),
      );
    });
    afterAll(() => fast.close());

    it('when nothing happens, then heartbeat comments keep the connection alive', async () => {
      const stream = await openStream('JOB-P', fastReader, fast);
      try {
        await stream.nextJob();
        expect(await stream.next()).toEqual({ comment: 'heartbeat' });
      } finally {
        stream.close();
      }
    });

    it('when the link is revoked while its stream is open, then the stream ends at the next heartbeat', async () => {
      const link = await fast.issueLink({ subject: { type: 'job', ref: 'JOB-P' }, actions: ['job:read'] });
      const token = await fast.session(link);
      const res = await fast.fetch(`${fast.url}${PORTAL_BASE}/jobs/JOB-P/stream`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = res.text();
      expect((await fast.integration('DELETE', `/links/${link.id}`)).status).toBeLessThan(300);
      expect(await body).toContain('event: job');
    });
  });

  it('when the stream is asked with the token in the query string or without job:read, then it is refused', async () => {
    const query = await t.fetch(`${t.url}${PORTAL_BASE}/jobs/JOB-P/stream?token=${readOnly}`);
    expect(query.status).toBe(400);
    const customerLink = await t
      .issueLink({ subject: { type: 'customer', ref: 'CUST-3' }, actions: ['request:read'] })
      .catch(() => undefined);
    expect(customerLink).toBeUndefined(); // no such customer shared in this file: links need the record first
    const mismatch = await t.fetch(`${t.url}${PORTAL_BASE}/jobs/JOB-Q/stream`, {
      headers: { authorization: `Bearer ${readOnly}` },
    });
    expect(mismatch.status).toBe(403);
  });

  it('when the session expires, then the stream says so and ends', async () => {
    const short = await startTestApp({ limits: { sessionTtlMs: 1_500 } });
    try {
      await short.putJob('JOB-S');
      const token = await short.session(
        await short.issueLink({ subject: { type: 'job', ref: 'JOB-S' }, actions: ['job:read'] }),
      );
      const res = await short.fetch(`${short.url}${PORTAL_BASE}/jobs/JOB-S/stream`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const started = Date.now();
      const text = await res.text(); // resolves only when the server ends the stream
      expect(text).toContain('event: job');
      expect(text).toContain('event: expired');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await short.close();
    }
  });

  it('when the app closes with streams open, then they end (close does not hang)', async () => {
    const other = await startTestApp();
    await other.putJob('JOB-C');
    const token = await other.session(
      await other.issueLink({ subject: { type: 'job', ref: 'JOB-C' }, actions: ['job:read'] }),
    );
    const res = await other.fetch(`${other.url}${PORTAL_BASE}/jobs/JOB-C/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = res.text();
    await other.close();
    expect(await body).toContain('event: job');
  });
});

describe('customer decisions (job:approve)', () => {
  const png = `data:image/png;base64,${Buffer.from('\x89PNG\r\n\x1a\nfake').toString('base64')}`;

  beforeAll(async () => {
    await t.putJob('JOB-P', {
      quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', amount: 1850, currency: 'PLN', state: 'pending' }],
    });
  });

  it('when a quote is approved, then the quote is approved in the job and a job.decided event carries the decision', async () => {
    const res = await post('/jobs/JOB-P/approvals', {
      decision: 'approve-quote',
      name: 'Ewa',
      quoteRef: 'Q-1',
      comment: 'OK',
    });
    expect(res.status).toBe(201);
    const approval = (await res.json()) as { id: string };
    expect(approval).toMatchObject({ decision: 'approve-quote', quoteRef: 'Q-1', signed: false });
    expect((await job()).quotes).toEqual([expect.objectContaining({ ref: 'Q-1', state: 'approved' })]);
    expect((await feed()).find((e) => e.type === 'job.decided' && e.data.id === approval.id)).toMatchObject({
      data: { decision: 'approve-quote', quoteRef: 'Q-1' },
    });
  });

  it('when a decided quote is decided again, then 409 job.quote_already_decided at /quoteRef, also after a PUT lists it as pending again', async () => {
    const again = await post('/jobs/JOB-P/approvals', { decision: 'reject-quote', name: 'Ewa', quoteRef: 'Q-1' });
    const problem = (await again.json()) as Problem;
    expect([again.status, problem.code, problem.errors![0]!.pointer]).toEqual([
      409,
      'job.quote_already_decided',
      '/quoteRef',
    ]);
    // The main system re-sends its document with the quote still pending: the portal's decision stands.
    await t.putJob('JOB-P', {
      quotes: [{ ref: 'Q-1', title: 'Wymiana łożyska', amount: 1850, currency: 'PLN', state: 'pending' }],
    });
    expect((await job()).quotes).toEqual([expect.objectContaining({ ref: 'Q-1', state: 'approved' })]);
    const before = await t.db('job_approvals').count();
    const third = await post('/jobs/JOB-P/approvals', { decision: 'approve-quote', name: 'Ewa', quoteRef: 'Q-1' });
    expect([third.status, ((await third.json()) as Problem).code]).toEqual([409, 'job.quote_already_decided']);
    expect(await t.db('job_approvals').count()).toEqual(before);
  });

  it('when the quote is not one the job has (unknown ref, no ref, a job without quotes), then 422 job.quote_not_found at /quoteRef', async () => {
    const unknown = await post('/jobs/JOB-P/approvals', { decision: 'approve-quote', name: 'Ewa', quoteRef: 'Q-9' });
    expect([unknown.status, ((await unknown.json()) as Problem).errors![0]!.pointer]).toEqual([422, '/quoteRef']);
    const noRef = await post('/jobs/JOB-P/approvals', { decision: 'reject-quote', name: 'Ewa' });
    const noRefProblem = (await noRef.json()) as Problem;
    expect([noRef.status, noRefProblem.code, noRefProblem.errors![0]!.pointer]).toEqual([
      422,
      'job.quote_not_found',
      '/quoteRef',
    ]);
    await t.putJob('JOB-NOQ');
    const noQuotes = await t.session(
      await t.issueLink({ subject: { type: 'job', ref: 'JOB-NOQ' }, actions: ['job:read', 'job:approve'] }),
    );
    const res = await post(
      '/jobs/JOB-NOQ/approvals',
      { decision: 'approve-quote', name: 'Ewa', quoteRef: 'Q-1' },
      noQuotes,
    );
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([422, 'job.quote_not_found']);
    expect(Number((await t.db('job_approvals').where({ jobRef: 'JOB-NOQ' }).count())[0]!.count)).toBe(0);
  });

  it('when the work is accepted or a problem reported before the job is completed, then 409 job.not_completed at /decision and nothing is stored', async () => {
    expect((await job()).status).toBe('in-progress');
    const events = (await feed()).length;
    for (const decision of ['accept-work', 'report-problem']) {
      const res = await post('/jobs/JOB-P/approvals', { decision, name: 'Ewa', comment: 'Wciąż cieknie' });
      const problem = (await res.json()) as Problem;
      expect([res.status, problem.code, problem.errors![0]!.pointer], decision).toEqual([
        409,
        'job.not_completed',
        '/decision',
      ]);
    }
    expect(
      await t
        .db('job_approvals')
        .where({ jobRef: 'JOB-P' })
        .whereIn('decision', ['accept-work', 'report-problem'])
        .first(),
    ).toBeUndefined();
    expect((await feed()).length).toBe(events);
    expect((await job()).acceptance).toBeUndefined();
  });

  it('when an acceptance names a quote, then 422 at /quoteRef', async () => {
    await progress('JOB-P', { type: 'status-changed', status: 'completed' });
    const res = await post('/jobs/JOB-P/approvals', { decision: 'accept-work', name: 'Ewa', quoteRef: 'Q-1' });
    const problem = (await res.json()) as Problem;
    expect([res.status, problem.code, problem.errors![0]!.pointer]).toEqual([
      422,
      'job.quote_not_expected',
      '/quoteRef',
    ]);
  });

  it('when the completed work is accepted with a drawn signature, then the approval is signed, the event carries the image, and the job shows the acceptance', async () => {
    await progress('JOB-P', { type: 'status-changed', status: 'completed' });
    const res = await post('/jobs/JOB-P/approvals', {
      decision: 'accept-work',
      name: 'Ewa Nowak',
      comment: 'Dziękujemy',
      signature: png,
    });
    expect(res.status).toBe(201);
    const approval = (await res.json()) as { id: string };
    expect(approval).toMatchObject({ decision: 'accept-work', name: 'Ewa Nowak', signed: true });
    const event = (await feed()).find(
      (e): e is EventOf<'job.decided'> => e.type === 'job.decided' && e.data.id === approval.id,
    );
    expect(event!.data.signature).toBe(png);
    expect((await job()).acceptance).toMatchObject({ decision: 'accept-work', name: 'Ewa Nowak' });
  });

  it('when a problem is reported on the completed work, then it is recorded and shown as the latest decision', async () => {
    const res = await post('/jobs/JOB-P/approvals', {
      decision: 'report-problem',
      name: 'Ewa Nowak',
      comment: 'Wciąż cieknie',
    });
    expect(res.status).toBe(201);
    expect((await job()).acceptance).toMatchObject({ decision: 'report-problem' });
  });

  it('when the signature is not a PNG data URL or too large, then 400 at /signature', async () => {
    const jpeg = await post('/jobs/JOB-P/approvals', {
      decision: 'accept-work',
      name: 'Ewa',
      signature: 'data:image/jpeg;base64,AAAA',
    });
    expect([jpeg.status, ((await jpeg.json()) as Problem).errors![0]!.pointer]).toEqual([400, '/signature']);
    const big = await post('/jobs/JOB-P/approvals', {
      decision: 'accept-work',
      name: 'Ewa',
      signature: `data:image/png;base64,${'A'.repeat(200_000)}`,
    });
    expect([big.status, ((await big.json()) as Problem).errors![0]!.pointer]).toEqual([400, '/signature']);
  });

  it('when the service is rated, then a job.rated event is written; a score outside 1–5 is refused', async () => {
    const res = await post('/jobs/JOB-P/ratings', { score: 4, comment: 'Szybko' });
    expect(res.status).toBe(201);
    const rating = (await res.json()) as { id: string };
    expect((await feed()).find((e) => e.type === 'job.rated' && e.data.id === rating.id)).toMatchObject({
      data: { score: 4, comment: 'Szybko' },
    });
    expect((await post('/jobs/JOB-P/ratings', { score: 6 })).status).toBe(400);
  });

  it('when a token without job:approve approves or rates, then 403 action_not_granted and nothing is stored', async () => {
    const before = await t.db('job_approvals').count();
    const approve = await post('/jobs/JOB-P/approvals', { decision: 'accept-work', name: 'Ewa' }, readOnly);
    expect([approve.status, ((await approve.json()) as Problem).code]).toEqual([403, 'token.action_not_granted']);
    const rate = await post('/jobs/JOB-P/ratings', { score: 1 }, readOnly);
    expect(rate.status).toBe(403);
    expect(await t.db('job_approvals').count()).toEqual(before);
  });

  it("when a job of another customer is read, approved or streamed with this job's token, then 403 subject_mismatch", async () => {
    await t.putJob('JOB-OTHER-CUSTOMER', { customer: { ref: 'CUST-9', name: 'Other' } });
    for (const res of [
      await t.portal('GET', '/jobs/JOB-OTHER-CUSTOMER', session),
      await post('/jobs/JOB-OTHER-CUSTOMER/approvals', { decision: 'accept-work', name: 'Ewa' }),
      await t.fetch(`${t.url}${PORTAL_BASE}/jobs/JOB-OTHER-CUSTOMER/stream`, {
        headers: { authorization: `Bearer ${session}` },
      }),
    ]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as Problem).code).toBe('token.subject_mismatch');
    }
  });
});
