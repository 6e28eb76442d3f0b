import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobApproval, Problem } from '@amage/contracts';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let session: string;
beforeAll(async () => {
  t = await startTestApp();
  await t.putJob('JOB-I', { status: 'completed' });
  session = await t.session(
    await t.issueLink({ subject: { type: 'job', ref: 'JOB-I' }, actions: ['job:read', 'job:approve'] }),
  );
});
afterAll(() => t.close());

const approve = (
  key: string | undefined,
  body: unknown = { decision: 'accept-work', name: 'Anna Nowak', comment: 'OK' },
) => t.portal('POST', '/jobs/JOB-I/approvals', session, body, key ? { 'idempotency-key': key } : {});

describe('Idempotency-Key on portal submits', () => {
  it('when a submit is retried with the same key and body, then the first answer is replayed and one record exists', async () => {
    const key = idempotencyKey();
    const first = await approve(key);
    expect(first.status).toBe(201);
    const second = await approve(key);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const [a, b] = [(await first.json()) as JobApproval, (await second.json()) as JobApproval];
    expect(b).toEqual(a);
    expect(await t.db('job_approvals').where({ id: a.id }).count()).toEqual([{ count: '1' }]);
    expect(await t.db('events').where({ type: 'job.decided' }).whereRaw("data->>'id' = ?", [a.id]).count()).toEqual([
      { count: '1' },
    ]);
  });

  it('when the same key comes with a different body, then 422', async () => {
    const key = idempotencyKey();
    expect((await approve(key)).status).toBe(201);
    const res = await approve(key, { decision: 'report-problem', name: 'Anna Nowak' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).code).toBe('idempotency.key_reused');
  });

  it('when the same submit arrives many times at once, then one record is made and the rest replay it or are told to wait', async () => {
    const key = idempotencyKey();
    const before = Number((await t.db('job_approvals').count())[0]!.count);
    const answers = await Promise.all(Array.from({ length: 8 }, () => approve(key)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const r of answers.filter((a) => a.status === 409)) expect(r.headers.get('retry-after')).toBe('1');
    expect(Number((await t.db('job_approvals').count())[0]!.count)).toBe(before + 1);
  });

  it('when a submit fails validation, then nothing is kept and the corrected submit may reuse the key', async () => {
    const key = idempotencyKey();
    const bad = await approve(key, { decision: 'accept-work' });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as Problem;
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/name', keyword: 'required' })]);
    expect((await approve(key)).status).toBe(201);
  });

  it('when the key is missing, then the submit is refused before anything is written', async () => {
    const res = await approve(undefined);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).code).toBe('idempotency.key_required');
  });

  it('when the body is not JSON or too large, then a problem says so', async () => {
    const notJson = await t.fetch(`${t.url}/api/portal/v1/jobs/JOB-I/approvals`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey(),
      },
      body: '{"decision":',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as Problem).code).toBe('body.invalid_json');
    const huge = await approve(idempotencyKey(), { decision: 'accept-work', name: 'A', comment: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
  });
});
