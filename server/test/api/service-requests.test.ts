import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CreatedLink,
  CustomerView,
  IntakeConfig,
  Link,
  Problem,
  PutCustomerBody,
  ServiceRequestList,
  ServiceRequestView,
} from '@amage/contracts';
import { PORTAL_BASE } from '../../src/app.js';
import { JPEG } from '../fixtures/files.js';
import { idempotencyKey, startTestApp, type TestApp } from '../helpers/test-app.js';

const customer = (overrides: Partial<PutCustomerBody> = {}): PutCustomerBody => ({
  name: 'Browar Śląski S.A.',
  sites: [
    { ref: 'S1', name: 'Browar Tychy' },
    { ref: 'S2', name: 'Magazyn Bieruń' },
  ],
  assets: [
    { ref: 'A-100', siteRef: 'S1', name: 'Sprężarka SK-2', serialNumber: 'SK2-88121', qrCode: 'QR-A100' },
    { ref: 'A-200', siteRef: 'S2', name: 'Wózek W-4', qrCode: 'QR-A200' },
  ],
  categories: [
    {
      key: 'fault',
      name: 'Awaria',
      fields: ['asset', 'description', 'urgency', 'contactPhone', 'attachments'],
      required: ['asset', 'description', 'urgency', 'contactPhone'],
    },
    {
      key: 'service',
      name: 'Serwis',
      fields: ['asset', 'site', 'location', 'description', 'preferredDates'],
      required: ['description'],
    },
    { key: 'other', name: 'Inne' },
  ],
  urgencies: ['low', 'normal', 'high'],
  contacts: [{ name: 'Piotr', email: 'p@browar.example' }],
  ...overrides,
});

const fault = (overrides: Record<string, unknown> = {}) => ({
  category: 'fault',
  assetRef: 'A-100',
  title: 'Sprężarka stoi',
  description: 'Wyłącza się po minucie z błędem E17.',
  urgency: 'high',
  contact: { name: 'Jan Kowalski', phone: '+48 600 100 200' },
  ...overrides,
});

let t: TestApp;
let link: CreatedLink;
let session: string;

const post = (path: string, body: unknown, token = session) =>
  t.portal('POST', path, token, body, { 'idempotency-key': idempotencyKey() });
const create = (body: unknown, token = session, ref = 'CUST-3') =>
  post(`/customers/${ref}/service-requests`, body, token);
const problem = async (res: Response) => (await res.json()) as Problem;

const feed = () => t.writtenEvents();

async function intakeSession(
  constraints?: Record<string, string>,
  actions: Array<'request:create' | 'request:read'> = ['request:create', 'request:read'],
  ref = 'CUST-3',
) {
  const l = await t.issueLink({
    subject: { type: 'customer', ref },
    actions,
    recipient: { name: 'Piotr Zieliński', email: 'p@browar.example' },
    ...(constraints ? { constraints } : {}),
  });
  return t.session(l);
}

beforeAll(async () => {
  t = await startTestApp();
  expect((await t.integration('PUT', '/customers/CUST-3', customer())).status).toBe(201);
  expect(
    (
      await t.integration(
        'PUT',
        '/customers/CUST-9',
        customer({ name: 'Other', assets: [{ ref: 'B-1', name: 'Their press' }] }),
      )
    ).status,
  ).toBe(201);
  link = await t.issueLink({
    subject: { type: 'customer', ref: 'CUST-3' },
    actions: ['request:create', 'request:read'],
    recipient: { name: 'Piotr Zieliński', email: 'p@browar.example' },
  });
  session = await t.session(link);
});
afterAll(() => t.close());

describe('customer record (integration)', () => {
  it('when a customer is PUT again, then it is replaced (200) and readable', async () => {
    const res = await t.integration('PUT', '/customers/CUST-3', customer());
    expect(res.status).toBe(200);
    const got = (await (await t.integration('GET', '/customers/CUST-3')).json()) as CustomerView;
    expect(got).toMatchObject({ ref: 'CUST-3', name: 'Browar Śląski S.A.', urgencies: ['low', 'normal', 'high'] });
    expect(got.assets[0]).toMatchObject({ ref: 'A-100', qrCode: 'QR-A100', serialNumber: 'SK2-88121' });
  });

  it('when an asset names a site the customer does not have, or a ref repeats, then 422 at the field', async () => {
    const res = await t.integration(
      'PUT',
      '/customers/CUST-X',
      customer({
        assets: [
          { ref: 'A', name: 'a', siteRef: 'NOPE' },
          { ref: 'A', name: 'b' },
        ],
      }),
    );
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.errors!.map((e) => e.pointer)).toEqual(['/assets/1/ref', '/assets/0/siteRef']);
    expect((await t.integration('GET', '/customers/CUST-X')).status).toBe(404);
  });
});

describe('intake form configuration', () => {
  it('when the form loads, then it gets sites, assets, categories with their field rules, urgencies and the recipient as contact', async () => {
    const res = await t.portal('GET', '/customers/CUST-3/intake', session);
    expect(res.status).toBe(200);
    const config = (await res.json()) as IntakeConfig;
    expect(config.sites.map((s) => s.ref)).toEqual(['S1', 'S2']);
    expect(config.assets.map((a) => a.ref)).toEqual(['A-100', 'A-200']);
    expect(config.categories[0]).toEqual({
      key: 'fault',
      name: 'Awaria',
      fields: ['asset', 'description', 'urgency', 'contactPhone', 'attachments'],
      required: ['asset', 'description', 'urgency', 'contactPhone'],
    });
    expect(config.categories[2]!.fields).toHaveLength(9);
    expect(config.categories[2]!.required).toEqual([]);
    expect(config.contact).toEqual({ name: 'Piotr Zieliński', email: 'p@browar.example' });
    expect(config.siteRef).toBeUndefined();
  });

  it('when the link is limited to one site, then only that site and its assets are offered', async () => {
    const token = await intakeSession({ siteRef: 'S2' });
    const config = (await (await t.portal('GET', '/customers/CUST-3/intake', token)).json()) as IntakeConfig;
    expect(config.siteRef).toBe('S2');
    expect(config.sites.map((s) => s.ref)).toEqual(['S2']);
    expect(config.assets.map((a) => a.ref)).toEqual(['A-200']);
  });
});

describe('intake link constraints, checked when the link is issued', () => {
  const issue = (constraints: Record<string, string>, ref = 'CUST-3') =>
    t.integration('POST', '/links', { subject: { type: 'customer', ref }, actions: ['request:create'], constraints });
  const linkCount = async () => Number((await t.db('links').count())[0]!.count);

  it('when constraints.siteRef is one of the customer’s sites, then the link is issued with it', async () => {
    const res = await issue({ siteRef: 'S1' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Link).constraints).toEqual({ siteRef: 'S1' });
  });

  it('when constraints.siteRef is not one of the customer’s sites (unknown, or a site of another customer), then 422 at /constraints/siteRef and no link', async () => {
    await t.integration(
      'PUT',
      '/customers/CUST-8',
      customer({ name: 'Third', sites: [{ ref: 'S8', name: 'Elsewhere' }], assets: [] }),
    );
    const before = await linkCount();
    for (const siteRef of ['S9', 'S8', '']) {
      const res = await issue({ siteRef });
      const body = await problem(res);
      expect([res.status, body.code, body.errors], siteRef).toEqual([
        422,
        'link.site_not_found',
        [expect.objectContaining({ pointer: '/constraints/siteRef', keyword: 'link.site_not_found' })],
      ]);
    }
    expect(await linkCount()).toBe(before);
  });

  it('when a constraint key is not one a customer link knows, then 422 link.constraint_unknown at its pointer, with every refusal listed', async () => {
    const res = await issue({ window: 'planned', 'a/b': 'x', siteRef: 'S9' });
    const body = await problem(res);
    expect(res.status).toBe(422);
    expect(body.code).toBe('link.constraint_unknown');
    expect(body.errors!.map((e) => [e.pointer, e.keyword])).toEqual([
      ['/constraints/window', 'link.constraint_unknown'],
      ['/constraints/a~1b', 'link.constraint_unknown'],
      ['/constraints/siteRef', 'link.site_not_found'],
    ]);
  });

  it('when a job link carries constraints, then nothing checks them yet (no validator registered for jobs)', async () => {
    await t.putJob('JOB-LC');
    const res = await t.integration('POST', '/links', {
      subject: { type: 'job', ref: 'JOB-LC' },
      actions: ['job:read'],
      constraints: { anything: 'x' },
    });
    expect(res.status).toBe(201);
  });
});

describe('registering a request', () => {
  it('when a valid fault is sent, then 201 with a request number, asset and site snapshots, and a service-request.created event', async () => {
    const res = await create(fault());
    expect(res.status).toBe(201);
    const request = (await res.json()) as ServiceRequestView;
    expect(request.number).toMatch(/^SR-\d{4}-\d{5}$/);
    expect(request).toMatchObject({
      status: 'submitted',
      category: { key: 'fault', name: 'Awaria' },
      asset: { ref: 'A-100', name: 'Sprężarka SK-2', serialNumber: 'SK2-88121' },
      site: { ref: 'S1', name: 'Browar Tychy' },
      urgency: 'high',
      cancellable: true,
      attachments: [],
    });
    expect(res.headers.get('location')).toBe(`/api/portal/v1/customers/CUST-3/service-requests/${request.id}`);
    const event = (await feed()).find((e) => e.type === 'service-request.created' && e.data.id === request.id);
    expect(event).toMatchObject({
      subject: { type: 'customer', ref: 'CUST-3' },
      linkId: link.id,
      data: { number: request.number, title: 'Sprężarka stoi' },
    });
  });

  it('when a field the category requires is missing, then 422 request.field_required pointing at each field, and nothing is stored', async () => {
    const before = await t.db('service_requests').count();
    const res = await create(
      fault({ assetRef: undefined, urgency: undefined, description: '  ', contact: { name: 'Jan' } }),
    );
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.code).toBe('request.field_required');
    expect(body.errors!.map((e) => e.pointer)).toEqual(['/assetRef', '/description', '/urgency', '/contact/phone']);
    expect(await t.db('service_requests').count()).toEqual(before);
  });

  it('when a field the category does not use is sent, then 422 request.field_not_used at that field', async () => {
    const res = await create(fault({ location: 'Hala 2', preferredDates: { from: '2027-01-10' } }));
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.code).toBe('request.field_not_used');
    expect(body.errors!.map((e) => e.pointer)).toEqual(['/location', '/preferredDates']);
  });

  it('when the category or urgency is not offered, then 422 at /category or /urgency', async () => {
    const a = await create(fault({ category: 'installation' }));
    expect([a.status, (await problem(a)).errors![0]!.pointer]).toEqual([422, '/category']);
    const b = await create(fault({ urgency: 'critical' }));
    const body = await problem(b);
    expect([b.status, body.code, body.errors![0]!.pointer]).toEqual([422, 'request.unknown_urgency', '/urgency']);
  });

  it('when the asset belongs to another customer, then 422 request.asset_not_found at /assetRef', async () => {
    const res = await create(fault({ assetRef: 'B-1' }));
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.code).toBe('request.asset_not_found');
    expect(body.errors).toEqual([{ pointer: '/assetRef', message: 'not one of your assets' }]);
  });

  it('when the link is limited to a site, then a site or an asset outside it is refused at the field', async () => {
    const token = await intakeSession({ siteRef: 'S2' });
    const site = await create(
      { category: 'service', siteRef: 'S1', title: 'Przegląd', description: 'x', contact: { name: 'Jan' } },
      token,
    );
    const siteBody = await problem(site);
    expect([site.status, siteBody.code, siteBody.errors![0]!.pointer]).toEqual([
      422,
      'request.site_not_allowed',
      '/siteRef',
    ]);
    const asset = await create(fault({ assetRef: 'A-100' }), token);
    const assetBody = await problem(asset);
    expect([asset.status, assetBody.code, assetBody.errors![0]!.pointer]).toEqual([
      422,
      'request.site_not_allowed',
      '/assetRef',
    ]);
    const ok = await create(fault({ assetRef: 'A-200' }), token);
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as ServiceRequestView).site).toEqual({ ref: 'S2', name: 'Magazyn Bieruń' });
    const noSite = await create(
      { category: 'other', title: 'Brak prądu', description: 'Cała rampa', contact: { name: 'Jan' } },
      token,
    );
    expect(((await noSite.json()) as ServiceRequestView).site?.ref).toBe('S2');
  });

  it('when a site is unknown, the asset stands elsewhere, or the dates are reversed, then 422 at the field', async () => {
    const base = { category: 'service', title: 'Serwis', description: 'x', contact: { name: 'Jan' } };
    const unknown = await problem(await create({ ...base, siteRef: 'S9' }));
    expect([unknown.code, unknown.errors![0]!.pointer]).toEqual(['request.site_not_found', '/siteRef']);
    const elsewhere = await problem(await create({ ...base, siteRef: 'S2', assetRef: 'A-100' }));
    expect([elsewhere.code, elsewhere.errors![0]!.pointer]).toEqual(['request.asset_not_at_site', '/assetRef']);
    const reversed = await problem(await create({ ...base, preferredDates: { from: '2027-02-01', to: '2027-01-01' } }));
    expect([reversed.code, reversed.errors![0]!.pointer]).toEqual(['request.dates_reversed', '/preferredDates/to']);
  });

  it('when attachment ids are unknown, then 422 attachment.not_found at the attachment, and nothing is stored', async () => {
    const before = await t.db('service_requests').count();
    const res = await create(fault({ attachments: ['00000000-0000-4000-8000-000000000001'] }));
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect([body.code, body.errors![0]!.pointer]).toEqual(['attachment.not_found', '/attachments/0']);
    expect(await t.db('service_requests').count()).toEqual(before);
  });

  it('when a photo uploaded with this link is attached, then the request and its comment carry it; a file of another customer is refused', async () => {
    const upload = async (token: string) => {
      const res = await t.fetch(`${t.url}${PORTAL_BASE}/attachments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'image/jpeg',
          'x-filename': encodeURIComponent('awaria.jpg'),
          'idempotency-key': idempotencyKey(),
        },
        body: JPEG,
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const photo = await upload(session);
    const res = await create(fault({ attachments: [photo] }));
    expect(res.status).toBe(201);
    const request = (await res.json()) as ServiceRequestView;
    expect(request.attachments).toEqual([
      { id: photo, filename: 'awaria.jpg', contentType: 'image/jpeg', size: JPEG.length },
    ]);
    const more = await upload(session);
    const comment = await post(`/customers/CUST-3/service-requests/${request.id}/comments`, { attachments: [more] });
    expect(((await comment.json()) as { attachments: Array<{ id: string }> }).attachments.map((a) => a.id)).toEqual([
      more,
    ]);

    const otherCustomer = await t.session(
      await t.issueLink({ subject: { type: 'customer', ref: 'CUST-9' }, actions: ['request:create', 'request:read'] }),
    );
    const foreign = await upload(otherCustomer);
    const refused = await create(fault({ attachments: [photo, foreign] }));
    const body = await problem(refused);
    expect([refused.status, body.code, body.errors![0]!.pointer]).toEqual([
      422,
      'attachment.not_found',
      '/attachments/1',
    ]);
  });

  it('when the same submit is retried with its Idempotency-Key, then one request exists and the answer is replayed', async () => {
    const key = idempotencyKey();
    const first = await t.portal('POST', '/customers/CUST-3/service-requests', session, fault({ title: 'Retry me' }), {
      'idempotency-key': key,
    });
    const again = await t.portal('POST', '/customers/CUST-3/service-requests', session, fault({ title: 'Retry me' }), {
      'idempotency-key': key,
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as ServiceRequestView).number).toBe(
      ((await first.json()) as ServiceRequestView).number,
    );
    expect(
      await t
        .db('service_requests')
        .where('document', '@>', JSON.stringify({ title: 'Retry me' }))
        .count(),
    ).toEqual([{ count: '1' }]);
  });

  it('when the token only grants request:read, then creating is refused with 403', async () => {
    const token = await intakeSession(undefined, ['request:read']);
    const res = await create(fault(), token);
    expect([res.status, (await problem(res)).code]).toEqual([403, 'token.action_not_granted']);
  });

  it("when a customer's link is used for another customer's path, then 403 subject_mismatch", async () => {
    const res = await create(fault({ assetRef: 'B-1' }), session, 'CUST-9');
    expect([res.status, (await problem(res)).code]).toEqual([403, 'token.subject_mismatch']);
  });
});

describe('my requests, comments, cancelling, status from the main system', () => {
  let mine: ServiceRequestView;
  let other: ServiceRequestView;
  let otherSession: string;

  beforeAll(async () => {
    otherSession = await intakeSession();
    other = (await (await create(fault({ title: 'Through another link' }), otherSession)).json()) as ServiceRequestView;
    mine = (await (await create(fault({ title: 'Newest of mine' }))).json()) as ServiceRequestView;
  });

  it('when the list is read, then only requests made through this link come, newest first', async () => {
    const list = (await (
      await t.portal('GET', '/customers/CUST-3/service-requests', session)
    ).json()) as ServiceRequestList;
    expect(list.requests[0]!.id).toBe(mine.id);
    expect(list.requests.some((r) => r.id === other.id)).toBe(false);
    const created = list.requests.map((r) => r.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    const own = (await (
      await t.portal('GET', '/customers/CUST-3/service-requests', otherSession)
    ).json()) as ServiceRequestList;
    expect(own.requests.map((r) => r.id)).toEqual([other.id]);
  });

  it('when a request of another link is asked for, then 404 (not revealed)', async () => {
    const res = await t.portal('GET', `/customers/CUST-3/service-requests/${other.id}`, session);
    expect(res.status).toBe(404);
    const cancel = await post(`/customers/CUST-3/service-requests/${other.id}/cancellation`, {});
    expect(cancel.status).toBe(404);
  });

  it('when a comment is added, then it shows with the request and a service-request.commented event is written', async () => {
    const res = await post(`/customers/CUST-3/service-requests/${mine.id}/comments`, {
      text: 'Znowu stanęła o 14:00.',
    });
    expect(res.status).toBe(201);
    const comment = (await res.json()) as { id: string; createdAt: string };
    const view = (await (
      await t.portal('GET', `/customers/CUST-3/service-requests/${mine.id}`, session)
    ).json()) as ServiceRequestView;
    expect(view.comments).toEqual([
      { id: comment.id, text: 'Znowu stanęła o 14:00.', attachments: [], createdAt: comment.createdAt },
    ]);
    expect(
      (await feed()).find((e) => e.type === 'service-request.commented' && e.data.id === comment.id),
    ).toMatchObject({ data: { requestId: mine.id, number: mine.number } });
  });

  it('when the main system PUTs status, job, planned date and messages, then the requester sees them', async () => {
    const res = await t.integration('PUT', `/service-requests/${other.id}`, {
      status: 'planned',
      jobRef: 'JOB-77',
      plannedStart: '2027-01-12T08:00:00Z',
      messages: [{ at: '2027-01-05T09:00:00Z', text: 'Technik przyjedzie 12.01 rano.', author: 'Dział serwisu' }],
    });
    expect(res.status).toBe(200);
    const view = (await (
      await t.portal('GET', `/customers/CUST-3/service-requests/${other.id}`, otherSession)
    ).json()) as ServiceRequestView;
    expect(view).toMatchObject({
      status: 'planned',
      jobRef: 'JOB-77',
      plannedStart: '2027-01-12T08:00:00.000Z',
      cancellable: false,
    });
    expect(view.messages[0]!.text).toBe('Technik przyjedzie 12.01 rano.');
    expect(
      (await t.integration('PUT', '/service-requests/00000000-0000-4000-8000-000000000000', { status: 'planned' }))
        .status,
    ).toBe(404);
  });

  it('when the assigned job is shared, then the requester sees its number, status and planned dates as the main system sent them (and follows its progress)', async () => {
    const view = async () =>
      (await (await t.portal('GET', '/customers/CUST-3/service-requests', otherSession)).json()) as ServiceRequestList;
    expect((await view()).requests[0]!.job).toBeUndefined(); // JOB-77 is not shared yet
    await t.putJob('JOB-77', {
      number: 'ZL/2027/0077',
      status: 'planned',
      plannedStart: '2027-01-12T07:00:00Z',
      plannedEnd: '2027-01-12T15:00:00Z',
    });
    expect((await view()).requests[0]!.job).toEqual({
      ref: 'JOB-77',
      number: 'ZL/2027/0077',
      status: 'planned',
      plannedStart: '2027-01-12T07:00:00Z',
      plannedEnd: '2027-01-12T15:00:00Z',
    });
    await t.integration('POST', '/jobs/JOB-77/progress', { type: 'status-changed', status: 'in-progress' });
    expect((await view()).requests[0]!.job!.status).toBe('in-progress');
  });

  it("when the request names a job of another customer, then that job's details are not shown", async () => {
    await t.putJob('JOB-78', { number: 'ZL/2027/0078', customer: { ref: 'CUST-9', name: 'Other' }, status: 'planned' });
    await t.integration('PUT', `/service-requests/${other.id}`, {
      status: 'planned',
      jobRef: 'JOB-78',
      plannedStart: '2027-01-12T08:00:00Z',
    });
    const view = (await (
      await t.portal('GET', `/customers/CUST-3/service-requests/${other.id}`, otherSession)
    ).json()) as ServiceRequestView;
    expect(view.jobRef).toBe('JOB-78');
    expect(view.job).toBeUndefined();
    await t.integration('PUT', `/service-requests/${other.id}`, {
      status: 'planned',
      jobRef: 'JOB-77',
      plannedStart: '2027-01-12T08:00:00Z',
    });
  });

  it('when a planned request is cancelled, then 409 request.already_planned and it stays planned', async () => {
    const res = await post(
      `/customers/CUST-3/service-requests/${other.id}/cancellation`,
      { reason: 'Naprawione samo' },
      otherSession,
    );
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe('request.already_planned');
    expect((await t.db('service_requests').where({ id: other.id }).first()).status).toBe('planned');
  });

  it('when an unplanned request is cancelled, then it is cancelled, an event is written, and it takes no more comments', async () => {
    const res = await post(`/customers/CUST-3/service-requests/${mine.id}/cancellation`, { reason: 'Naprawione samo' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled', cancellable: false });
    expect(
      (await feed()).find((e) => e.type === 'service-request.cancelled' && e.data.requestId === mine.id),
    ).toMatchObject({ data: { reason: 'Naprawione samo' } });
    const again = await post(`/customers/CUST-3/service-requests/${mine.id}/cancellation`, {});
    expect([again.status, (await problem(again)).code]).toEqual([409, 'request.already_cancelled']);
    const comment = await post(`/customers/CUST-3/service-requests/${mine.id}/comments`, { text: 'x' });
    expect([comment.status, (await problem(comment)).code]).toEqual([409, 'request.closed']);
  });

  it('when the main system lists the customer’s requests, then it sees those of every link', async () => {
    const list = (await (
      await t.integration('GET', '/customers/CUST-3/service-requests')
    ).json()) as ServiceRequestList;
    expect(list.requests.map((r) => r.id)).toEqual(expect.arrayContaining([mine.id, other.id]));
  });
});
