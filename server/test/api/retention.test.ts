import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION, runRetention } from '../../src/db/retention.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.putJob('JOB-RET');
});
afterAll(() => t.close());

const ago = (ms: number) => new Date(Date.now() - ms);

describe('retention', () => {
  it('when codes and housekeeping rows are past their time, then a pass removes them and keeps everything recent', async () => {
    const link = await t.issueLink({ subject: { type: 'job', ref: 'JOB-RET' }, actions: ['job:read'] });
    const old = await t.session(link);
    const fresh = await t.session(link);
    const [oldRow] = await t.db('sessions').where({ linkId: link.id }).orderBy('createdAt').limit(1);
    await t
      .db('sessions')
      .where({ id: oldRow.id })
      .update({ expiresAt: ago(RETENTION.deadSessionsMs + 60_000) });
    await t.db('events').insert([
      {
        type: 'step-up.requested',
        subjectType: 'job',
        subjectRef: 'JOB-RET',
        data: JSON.stringify({ code: '123456', action: 'job:approve' }),
        occurredAt: ago(RETENTION.stepUpCodeInEventMs + 60_000),
      },
      {
        type: 'step-up.requested',
        subjectType: 'job',
        subjectRef: 'JOB-RET',
        data: JSON.stringify({ code: '654321', action: 'job:approve' }),
      },
    ]);
    await t.db('access_log').insert([
      { method: 'GET', route: '/x', status: 200, outcome: 'ok', at: ago(RETENTION.accessLogMs + 60_000) },
      { method: 'GET', route: '/y', status: 200, outcome: 'ok' },
    ]);

    const removed = await runRetention(t.db);

    expect(removed).toMatchObject({ stepUpCodesInEvents: 1, sessions: 1, accessLog: 1 });
    const codes = await t.db('events').where({ type: 'step-up.requested', subjectRef: 'JOB-RET' }).orderBy('id');
    expect(codes.map((e) => e.data.code)).toEqual([undefined, '654321']);
    expect(codes[0].data.action).toBe('job:approve');
    expect(await t.db('access_log').whereIn('route', ['/x', '/y']).pluck('route')).toEqual(['/y']);
    expect((await t.portal('GET', '/jobs/JOB-RET', fresh)).status).toBe(200);
    expect((await t.portal('GET', '/jobs/JOB-RET', old)).status).toBe(401);
  });
});
