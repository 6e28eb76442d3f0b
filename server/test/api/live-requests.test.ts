import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceRequestList, ServiceRequestView } from '@amage/contracts';
import { demoCustomer } from '../../src/modules/customer/customer.demo.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let session: string;
const LIST = '/customers/CUST-LIVE/service-requests';

beforeAll(async () => {
  t = await startTestApp();
  expect((await t.integration('PUT', '/customers/CUST-LIVE', demoCustomer())).status).toBe(201);
  session = await t.session(
    await t.issueLink({ subject: { type: 'customer', ref: 'CUST-LIVE' }, actions: ['request:create', 'request:read'] }),
  );
});
afterAll(() => t.close());

const list = (etag?: string) => t.portal('GET', LIST, session, undefined, etag ? { 'if-none-match': etag } : {});

describe("the requester's list, polled with its ETag", () => {
  it('when nothing changed, then If-None-Match is answered 304 without a body; a change (a new request, a status from the main system) gives a new ETag', async () => {
    const first = await list();
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);

    const same = await list(etag);
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    expect(same.headers.get('etag')).toBe(etag);

    const created = await t.portal(
      'POST',
      LIST,
      session,
      {
        category: 'other',
        title: 'Przeciek przy zaworze',
        description: 'Kapie spod zaworu.',
        contact: { name: 'Jan Kowalski' },
      },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(created.status, await created.clone().text()).toBe(201);
    const request = (await created.json()) as ServiceRequestView;
    const changed = await list(etag);
    expect(changed.status).toBe(200);
    const etag2 = changed.headers.get('etag')!;
    expect(etag2).not.toBe(etag);
    expect(((await changed.json()) as ServiceRequestList).requests.map((r) => r.id)).toEqual([request.id]);

    expect((await t.integration('PUT', `/service-requests/${request.id}`, { status: 'planned' })).status).toBe(200);
    const planned = await list(etag2);
    expect(planned.status).toBe(200);
    expect(((await planned.json()) as ServiceRequestList).requests[0]!.status).toBe('planned');
  });

  it('when a page on another origin polls, then the preflight allows If-None-Match and the ETag is readable', async () => {
    const preflight = await t.fetch(`${t.url}/api/portal/v1${LIST}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://intranet.example', 'access-control-request-headers': 'authorization, if-none-match' },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('If-None-Match');
    const res = await t.portal('GET', LIST, session, undefined, { origin: t.url });
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
  });
});
