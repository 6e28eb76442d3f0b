import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import type { CreateServiceRequestBody, IntakeConfig, ServiceRequestView } from '@amage/contracts';
import './amage-service-request.js';
import type AmageServiceRequest from './service-request.component.js';
import {
  LINK,
  SESSION,
  fakeApi,
  json,
  problem,
  sessionInfo,
  sessionToken,
  type Route,
} from '../../internal/test/fake-api.js';
import { runFormWidgetTests } from '../../internal/test/form-widget-tests.js';
import { allByRole, byLabel, byRole, click, errorOf, type } from '../../internal/test/queries.js';

type Api = ReturnType<typeof fakeApi>;

const CUSTOMER = { type: 'customer' as const, ref: 'CUST-3' };

const intake = (overrides: Partial<IntakeConfig> = {}): IntakeConfig => ({
  customer: { ref: 'CUST-3', name: 'Browar Śląski S.A.' },
  sites: [
    { ref: 'S1', name: 'Browar Tychy' },
    { ref: 'S2', name: 'Magazyn Bieruń' },
  ],
  assets: [
    {
      ref: 'A-100',
      siteRef: 'S1',
      name: 'Sprężarka SK-2',
      serialNumber: 'SK2-88121',
      location: 'Hala 2',
      qrCode: 'QR-A100',
    },
    {
      ref: 'A-120',
      siteRef: 'S1',
      name: 'Linia rozlewnicza L1',
      serialNumber: 'KHS-55120',
      location: 'Hala 1',
      qrCode: 'QR-A120',
    },
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
      fields: ['asset', 'site', 'location', 'description', 'preferredDates', 'contactEmail'],
      required: ['description', 'preferredDates'],
    },
  ],
  urgencies: ['low', 'normal', 'high', 'critical'],
  contact: { name: 'Piotr Zieliński', email: 'p@browar.example' },
  actions: ['request:create', 'request:read'],
  ...overrides,
});

const requestView = (overrides: Partial<ServiceRequestView> = {}): ServiceRequestView => ({
  id: '11111111-1111-4111-8111-111111111111',
  number: 'SR-2026-00042',
  customerRef: 'CUST-3',
  category: { key: 'fault', name: 'Awaria' },
  asset: { ref: 'A-100', name: 'Sprężarka SK-2' },
  site: { ref: 'S1', name: 'Browar Tychy' },
  title: 'Sprężarka stoi',
  contact: { name: 'Jan' },
  attachments: [],
  status: 'submitted',
  messages: [],
  comments: [],
  cancellable: true,
  createdAt: '2026-12-01T08:00:00Z',
  updatedAt: '2026-12-01T08:00:00Z',
  ...overrides,
});

function routes(config = intake(), requests: ServiceRequestView[] = []): Record<string, Route> {
  return {
    'GET /session': () =>
      json(200, sessionInfo({ subject: CUSTOMER, actions: ['request:create', 'request:read'], tokenKind: 'link' })),
    'POST /sessions': () =>
      json(201, { ...sessionToken(SESSION, 12 * 60_000, CUSTOMER), actions: ['request:create', 'request:read'] }),
    'GET /customers/CUST-3/intake': () => json(200, config),
    'GET /customers/CUST-3/service-requests': () => json(200, { requests }),
  };
}

const shadow = (el: Element) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => shadow(el).querySelector<T>(selector);
const ready = (el: AmageServiceRequest) =>
  waitUntil(() => $(el, 'form[part~="form"]') || $(el, '[part~="requests"]'), 'form not shown');
const mount = async (attrs: { category?: string; lang?: string; asset?: string; hide?: string } = {}) => {
  const el = await fixture<AmageServiceRequest>(
    html`<amage-service-request token=${LINK} lang=${attrs.lang ?? 'en'} category=${attrs.category ?? ''} asset=${attrs.asset ?? ''} hide-fields=${attrs.hide ?? ''}></amage-service-request>`,
  );
  await ready(el);
  return el;
};
const requestForm = (el: Element) => byRole(el, 'form', 'Report a fault or request service');
const field = <T extends HTMLElement = HTMLInputElement>(el: Element, label: string) =>
  byLabel<T>(requestForm(el), label);
const set = async (el: AmageServiceRequest, label: string, value: string) => type(el, field(el, label), value);
const has = (el: Element, label: string) => {
  try {
    field(el, label);
    return true;
  } catch {
    return false;
  }
};
const submit = (el: AmageServiceRequest) => click(el, byRole(requestForm(el), 'button', 'Send request'));
const request = (el: Element, number: string) =>
  [...shadow(el).querySelectorAll<HTMLElement>('[part~="request"]')].find((i) => i.textContent!.includes(number))!;
const actionForm = (el: Element, label: string, number: string) => byRole(el, 'form', `${label}: ${number}`);

async function fillFault(el: AmageServiceRequest) {
  await set(el, 'Type of request', 'fault');
  await set(el, 'Equipment', 'A-100');
  await set(el, 'Short summary', 'Sprężarka stoi');
  await set(el, 'What happened? What do you see?', 'Błąd E17 po minucie pracy.');
  await set(el, 'Urgency', 'high');
  await set(el, 'Phone', '+48 600 100 200');
}

const comment = (overrides: Record<string, unknown> = {}) => ({
  id: '44444444-4444-4444-8444-444444444444',
  text: 'x',
  attachments: [],
  createdAt: '2026-12-01T10:00:00Z',
  ...overrides,
});

describe('<amage-service-request>', () => {
  runFormWidgetTests('amage-service-request', {
    routes: () => routes(),
    closedRoutes: () => ({
      ...routes(intake(), [requestView({ status: 'completed', cancellable: false })]),
      'GET /customers/CUST-3/intake': () => problem(403, 'token.action_not_granted'),
    }),
    mount: () => mount(),
    write: 'POST /customers/CUST-3/service-requests',
    accepted: () => requestView(),
    kind: 'service-request',
    form: requestForm,
    fill: (el) => fillFault(el as AmageServiceRequest),
    required: 'Short summary',
    submit: 'Send request',
    serverError: {
      pointer: '/assetRef',
      keyword: 'request.asset_not_found',
      label: 'Equipment',
      message: 'This is not on your list.',
    },
    typed: 'A-100',
  });

  let api: Api;
  const page = location.pathname;

  afterEach(() => {
    api?.restore();
    sessionStorage.clear();
    localStorage.clear();
    history.replaceState(null, '', page);
    document.documentElement.lang = 'en';
  });

  it('is accessible with the form and my requests shown', async () => {
    api = fakeApi(
      routes(intake(), [
        requestView({ messages: [{ at: '2026-12-01T09:00:00Z', text: 'Jedziemy', author: 'Serwis' }] }),
      ]),
    );
    const el = await mount();
    await set(el, 'Type of request', 'service');
    await expect(el).to.be.accessible();
  });

  it('when a category is chosen, then its fields appear, required ones marked, and unused ones go', async () => {
    api = fakeApi(routes());
    const el = await mount();
    expect(has(el, 'Equipment')).to.equal(false);
    await set(el, 'Type of request', 'fault');
    for (const label of ['Equipment', 'What happened? What do you see?', 'Urgency', 'Phone'])
      expect(has(el, label), label).to.equal(true);
    expect($(el, 'amage-file-picker')).to.exist;
    for (const label of ['Site', 'Where exactly (building, line, room)', 'Earliest date', 'E-mail'])
      expect(has(el, label), label).to.equal(false);
    expect(field(el, 'Urgency').getAttribute('aria-required')).to.equal('true');
    await set(el, 'Type of request', 'service');
    for (const label of [
      'Site',
      'Where exactly (building, line, room)',
      'Earliest date',
      'Latest date',
      'From (time of day)',
      'E-mail',
    ])
      expect(has(el, label), label).to.equal(true);
    for (const label of ['Urgency', 'Phone']) expect(has(el, label), label).to.equal(false);
    expect(field(el, 'Earliest date').getAttribute('aria-required')).to.equal('true');
    expect(field(el, 'Latest date').hasAttribute('aria-required')).to.equal(false);
  });

  it('when the host presets the category and hides it, then only that category’s form shows and it is sent', async () => {
    let body: CreateServiceRequestBody | undefined;
    // Urgency is hidden, so this customer's fault form must not require it.
    const config = intake();
    config.categories[0]!.required = ['asset', 'description', 'contactPhone'];
    api = fakeApi({
      ...routes(config),
      'POST /customers/CUST-3/service-requests': async (request) => {
        body = (await request.json()) as CreateServiceRequestBody;
        return json(201, requestView());
      },
    });
    const el = await mount({ category: 'fault', hide: 'category urgency' });
    expect(has(el, 'Type of request')).to.equal(false);
    expect(has(el, 'Urgency')).to.equal(false);
    await set(el, 'Equipment', 'A-120');
    await set(el, 'Short summary', 'Linia stoi');
    await set(el, 'What happened? What do you see?', 'Taśma nie rusza.');
    await set(el, 'Phone', '+48 600 100 200');
    expect(el.formValues.category).to.equal('fault');
    const submitted = oneEvent(el, 'amage-submitted');
    await submit(el);
    await submitted;
    expect(body?.category).to.equal('fault');
    expect(body).not.to.have.property('urgency');
  });

  it('when the page URL carries a QR label code (?asset= or #asset=), then that equipment is preselected with its site', async () => {
    api = fakeApi(routes());
    history.replaceState(null, '', `${page}?asset=QR-A120`);
    const el = await mount({ category: 'fault' });
    const asset = field<HTMLSelectElement>(el, 'Equipment');
    expect(asset.value).to.equal('A-120');
    const hint = shadow(el).getElementById(asset.getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(hint.textContent).to.contain('Linia rozlewnicza L1');
    expect(requestForm(el).textContent).to.not.contain('Your unsent entries were restored.');

    history.replaceState(null, '', `${page}#asset=QR-A200`);
    const el2 = await mount({ category: 'service' });
    expect(el2.formValues).to.include({ assetRef: 'A-200', siteRef: 'S2' });

    const el3 = await mount({ category: 'fault', asset: 'A-100' });
    expect(field<HTMLSelectElement>(el3, 'Equipment').value).to.equal('A-100');
  });

  it('when searching equipment, then the list narrows to matches by name, serial or location', async () => {
    api = fakeApi(routes());
    const el = await mount({ category: 'fault' });
    await set(el, 'Search your equipment', 'khs');
    expect([...field<HTMLSelectElement>(el, 'Equipment').options].map((o) => o.value)).to.deep.equal(['', 'A-120']);
    await set(el, 'Search your equipment', 'nothing-like-it');
    expect(requestForm(el).textContent).to.contain('Nothing on your list matches');
  });

  it('when a valid request is sent, then the number is shown, amage-submitted carries it, the draft is gone and the list reloads', async () => {
    let body: Record<string, unknown> | undefined;
    let listed: ServiceRequestView[] = [];
    api = fakeApi({
      ...routes(),
      'GET /customers/CUST-3/service-requests': () => json(200, { requests: listed }),
      'POST /customers/CUST-3/service-requests': async (request) => {
        body = await request.json();
        listed = [requestView()];
        return json(201, requestView());
      },
    });
    const el = await mount();
    await fillFault(el);
    const submitted = oneEvent(el, 'amage-submitted');
    await submit(el);
    expect((await submitted).detail).to.deep.equal({
      subjectType: 'customer',
      ref: 'CUST-3',
      kind: 'service-request',
      id: requestView().id,
      number: 'SR-2026-00042',
    });
    expect(body).to.deep.equal({
      category: 'fault',
      assetRef: 'A-100',
      title: 'Sprężarka stoi',
      description: 'Błąd E17 po minucie pracy.',
      urgency: 'high',
      contact: { name: 'Piotr Zieliński', phone: '+48 600 100 200' },
    });
    const post = api.calls.find((c) => c.method === 'POST' && c.path.endsWith('/service-requests'))!;
    expect(post.idempotencyKey).to.match(/^[0-9a-f-]{36}$/);
    expect(post.authorization).to.equal(`Bearer ${SESSION}`);
    await waitUntil(() => $(el, '[part~="confirmation"]'));
    expect($(el, '[part~="confirmation"]')!.textContent).to.contain('SR-2026-00042');
    await waitUntil(() => shadow(el).activeElement?.id === 'confirmation');
    expect(Object.keys(localStorage).filter((k) => k.includes('draft'))).to.deep.equal([]);
    await waitUntil(() => $(el, '[part~="request"]'), 'list not reloaded');
    await click(el, byRole(el, 'button', 'Report something else'));
    await set(el, 'Type of request', 'fault');
    expect(field(el, 'Phone').value).to.equal('+48 600 100 200');
    expect(field(el, 'Short summary').value).to.equal('');
  });

  it('when the host cancels amage-submit, then nothing is sent, and the same form is sent once the host lets it', async () => {
    const posts = () => api.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/service-requests'));
    api = fakeApi({ ...routes(), 'POST /customers/CUST-3/service-requests': () => json(201, requestView()) });
    const el = await mount();
    await fillFault(el);
    const cancelled = oneEvent(el, 'amage-submit');
    el.addEventListener('amage-submit', (e) => e.preventDefault(), { once: true });
    await submit(el);
    // amage-submit fires only after the widget's own checks passed: the form was valid, only the host said no.
    expect((await cancelled).detail).to.deep.equal({ kind: 'service-request', ref: 'CUST-3' });
    await el.updateComplete;
    expect(allByRole(el, 'alert')).to.have.length(0);
    expect(posts()).to.deep.equal([]);
    expect(el.formValues.title).to.equal('Sprężarka stoi');
    const submitted = oneEvent(el, 'amage-submitted');
    await submit(el);
    await submitted;
    expect(posts()).to.have.length(1);
  });

  it('when required fields are empty, then errors show at the fields and in a focused summary, and nothing is sent', async () => {
    api = fakeApi(routes());
    const el = await mount({ category: 'fault' });
    await set(el, 'Name', '');
    await submit(el);
    await waitUntil(() => allByRole(el, 'alert').length);
    expect(shadow(el).activeElement?.matches('[part~="error-summary"]')).to.equal(true);
    const expected: [string, string][] = [
      ['Equipment', 'Fill this in: this type of request needs it.'],
      ['Short summary', 'Fill this in.'],
      ['What happened? What do you see?', 'Fill this in: this type of request needs it.'],
      ['Urgency', 'Fill this in: this type of request needs it.'],
      ['Phone', 'Fill this in: this type of request needs it.'],
      ['Name', 'Fill this in.'],
    ];
    for (const [label, message] of expected) {
      expect(field(el, label).getAttribute('aria-invalid'), label).to.equal('true');
      expect(errorOf(field(el, label)), label).to.equal(message);
    }
    expect(api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/service-requests'))).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('when the page is reloaded, then the unsent request is restored from the draft (and can be discarded)', async () => {
    api = fakeApi(routes());
    const first = await mount();
    await fillFault(first);
    first.remove();
    const el = await mount();
    expect(el.formValues).to.include({
      category: 'fault',
      assetRef: 'A-100',
      title: 'Sprężarka stoi',
      urgency: 'high',
    });
    expect(field(el, 'Short summary').value).to.equal('Sprężarka stoi');
    expect(requestForm(el).textContent).to.contain('Your unsent entries were restored.');
    await click(el, byRole(requestForm(el), 'button', 'Start over'));
    expect(el.formValues.title).to.equal('');
  });

  it('when a phone photo is chosen in the file field, then it is downscaled, uploaded, and its id sent with the request', async () => {
    let body: Record<string, unknown> | undefined;
    const uploads: Blob[] = [];
    api = fakeApi({
      ...routes(),
      'POST /attachments': async (request) => {
        const blob = await request.blob();
        uploads.push(blob);
        return json(201, {
          id: '22222222-2222-4222-8222-222222222222',
          filename: 'IMG_1.jpg',
          contentType: 'image/jpeg',
          size: blob.size,
          sha256: 'a'.repeat(64),
          createdAt: '2026-12-01T08:00:00Z',
        });
      },
      'POST /customers/CUST-3/service-requests': async (request) => {
        body = await request.json();
        return json(201, requestView());
      },
    });
    const el = await mount();
    await fillFault(el);
    const picker = $(el, 'amage-file-picker')!;
    expect(picker.getAttribute('capture')).to.equal('environment');
    const canvas = new OffscreenCanvas(3000, 4000);
    canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
    const photo = new File([await canvas.convertToBlob({ type: 'image/jpeg' })], 'IMG_1.jpg', { type: 'image/jpeg' });
    const input = picker.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    const transfer = new DataTransfer();
    transfer.items.add(photo);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => el.formValues.attachments.length === 1, 'upload not finished');
    const sent = await createImageBitmap(uploads[0]!);
    expect(Math.max(sent.width, sent.height)).to.equal(2048);
    await submit(el);
    await waitUntil(() => body);
    expect(body!.attachments).to.deep.equal(['22222222-2222-4222-8222-222222222222']);
  });

  it('lists my requests newest first with status, planned date and messages; a comment is added and a cancel refused once planned', async () => {
    const planned = requestView({
      id: '33333333-3333-4333-8333-333333333333',
      number: 'SR-2026-00041',
      status: 'planned',
      cancellable: true,
      plannedStart: '2026-12-05T08:00:00Z',
      jobRef: 'JOB-1',
    });
    let sent: unknown;
    api = fakeApi({
      ...routes(intake(), [requestView(), planned]),
      [`POST /customers/CUST-3/service-requests/${requestView().id}/comments`]: async (request) => {
        sent = await request.json();
        return json(201, comment());
      },
      [`POST /customers/CUST-3/service-requests/${planned.id}/cancellation`]: () =>
        problem(409, 'request.already_planned'),
    });
    const el = await mount();
    await waitUntil(() => $(el, '[part~="request"]'));
    const items = [...shadow(el).querySelectorAll('[part~="request"]')];
    expect(items.map((i) => i.querySelector('.request__number')!.textContent)).to.deep.equal([
      'SR-2026-00042',
      'SR-2026-00041',
    ]);
    expect(items[1]!.querySelector('[part~="status"]')!.textContent).to.equal('Planned');
    expect(items[1]!.textContent).to.contain('Planned for').and.contain('Job JOB-1');

    const updated = oneEvent(el, 'amage-request-updated');
    await click(el, byRole(request(el, 'SR-2026-00042'), 'button', 'Add information'));
    const form = actionForm(el, 'Add information', 'SR-2026-00042');
    await waitUntil(() => shadow(el).activeElement === byLabel(form, 'Additional information'), 'not focused');
    await type(el, byLabel(form, 'Additional information'), 'Znowu stoi');
    await click(el, byRole(form, 'button', 'Add'));
    expect((await updated).detail).to.deep.equal({
      id: requestView().id,
      number: 'SR-2026-00042',
      change: 'commented',
    });
    expect(sent).to.deep.equal({ text: 'Znowu stoi' });
    await el.updateComplete;
    expect(request(el, 'SR-2026-00042').textContent).to.contain('Your information was added.');

    await click(el, byRole(request(el, 'SR-2026-00041'), 'button', 'Cancel this request'));
    const cancel = actionForm(el, 'Cancel this request', 'SR-2026-00041');
    await click(el, byRole(cancel, 'button', 'Yes, cancel it'));
    await waitUntil(() => request(el, 'SR-2026-00041').textContent!.includes('already planned'), 'no reason given');
    expect(request(el, 'SR-2026-00042').textContent).to.not.contain('Your information was added.');
  });

  it('a comment needs words or a file (said at the field); amage-submit fires before a comment is sent, and preventDefault() stops it', async () => {
    let posts = 0;
    api = fakeApi({
      ...routes(intake(), [requestView()]),
      [`POST /customers/CUST-3/service-requests/${requestView().id}/comments`]: () => {
        posts += 1;
        return json(201, comment());
      },
    });
    const el = await mount();
    await waitUntil(() => $(el, '[part~="request"]'));
    const seen: { detail: unknown; cancelable: boolean; composed: boolean }[] = [];
    el.addEventListener('amage-submit', (e) => {
      seen.push({ detail: e.detail, cancelable: e.cancelable, composed: e.composed });
      e.preventDefault();
    });
    await click(el, byRole(request(el, 'SR-2026-00042'), 'button', 'Add information'));
    const form = actionForm(el, 'Add information', 'SR-2026-00042');
    await click(el, byRole(form, 'button', 'Add'));
    await waitUntil(() => errorOf(byLabel(form, 'Additional information')));
    expect(errorOf(byLabel(form, 'Additional information'))).to.equal('Write something or add a file.');
    expect(seen, 'an empty comment fails the own check first').to.have.length(0);
    await type(el, byLabel(form, 'Additional information'), 'Znowu stoi');
    await click(el, byRole(form, 'button', 'Add'));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).to.deep.equal([{ detail: { kind: 'comment', ref: 'CUST-3' }, cancelable: true, composed: true }]);
    expect(posts).to.equal(0);
    expect(byLabel(form, 'Additional information').value, 'the form stays open with the text').to.equal('Znowu stoi');
  });

  it('amage-submitted carries kind and id of a comment and of a cancellation, before amage-request-updated', async () => {
    const other = requestView({ id: '55555555-5555-4555-8555-555555555555', number: 'SR-2026-00043' });
    api = fakeApi({
      ...routes(intake(), [requestView(), other]),
      [`POST /customers/CUST-3/service-requests/${requestView().id}/comments`]: () => json(201, comment()),
      [`POST /customers/CUST-3/service-requests/${other.id}/cancellation`]: () =>
        json(200, { ...other, status: 'cancelled', cancellable: false, cancelledAt: '2026-12-01T11:00:00Z' }),
    });
    const el = await mount();
    await waitUntil(() => $(el, '[part~="request"]'));
    const order: string[] = [];
    const submitted: unknown[] = [];
    el.addEventListener('amage-submit', (e) => order.push(`submit:${e.detail.kind}`));
    el.addEventListener('amage-submitted', (e) => {
      order.push(`submitted:${e.detail.kind}`);
      submitted.push(e.detail);
    });
    el.addEventListener('amage-request-updated', (e) => order.push(`updated:${e.detail.change}`));

    await click(el, byRole(request(el, 'SR-2026-00042'), 'button', 'Add information'));
    const form = actionForm(el, 'Add information', 'SR-2026-00042');
    await type(el, byLabel(form, 'Additional information'), 'Znowu stoi');
    await click(el, byRole(form, 'button', 'Add'));
    await waitUntil(() => submitted.length === 1, 'comment not submitted');
    await waitUntil(() => !shadow(el).querySelector('.action-form'), 'comment form still open');
    await click(el, byRole(request(el, 'SR-2026-00043'), 'button', 'Cancel this request'));
    await click(el, byRole(actionForm(el, 'Cancel this request', 'SR-2026-00043'), 'button', 'Yes, cancel it'));
    await waitUntil(() => submitted.length === 2, 'cancellation not submitted');
    expect(submitted).to.deep.equal([
      {
        subjectType: 'customer',
        ref: 'CUST-3',
        kind: 'comment',
        id: '44444444-4444-4444-8444-444444444444',
        number: 'SR-2026-00042',
      },
      { subjectType: 'customer', ref: 'CUST-3', kind: 'cancellation', id: other.id, number: 'SR-2026-00043' },
    ]);
    await waitUntil(() => order.length === 6);
    expect(order).to.deep.equal([
      'submit:comment',
      'submitted:comment',
      'updated:commented',
      'submit:cancellation',
      'submitted:cancellation',
      'updated:cancelled',
    ]);
  });

  it('keeps the comment and cancel forms of my requests across a reload, the open one reopened, and forgets a sent one', async () => {
    const other = requestView({ id: '55555555-5555-4555-8555-555555555555', number: 'SR-2026-00043' });
    const comments: unknown[] = [];
    api = fakeApi({
      ...routes(intake(), [requestView(), other]),
      [`POST /customers/CUST-3/service-requests/${requestView().id}/comments`]: async (request) => {
        comments.push(await request.json());
        return json(201, comment());
      },
    });
    const first = await mount();
    await waitUntil(() => $(first, '[part~="request"]'));
    // A cancellation reason typed and its form closed, then a comment typed and left open.
    await click(first, byRole(request(first, 'SR-2026-00043'), 'button', 'Cancel this request'));
    await type(
      first,
      byLabel(actionForm(first, 'Cancel this request', 'SR-2026-00043'), 'Why? (optional)'),
      'Naprawione we własnym zakresie',
    );
    await click(first, byRole(request(first, 'SR-2026-00043'), 'button', 'Keep it'));
    await click(first, byRole(request(first, 'SR-2026-00042'), 'button', 'Add information'));
    await type(
      first,
      byLabel(actionForm(first, 'Add information', 'SR-2026-00042'), 'Additional information'),
      'Znowu stoi, kod E21',
    );
    first.remove();

    const el = await mount();
    await waitUntil(
      () => allByRole(el, 'form', 'Add information: SR-2026-00042').length,
      'the open comment form is not reopened',
    );
    const open = actionForm(el, 'Add information', 'SR-2026-00042');
    expect(byLabel(open, 'Additional information').value).to.equal('Znowu stoi, kod E21');
    await click(el, byRole(request(el, 'SR-2026-00043'), 'button', 'Cancel this request'));
    expect(byLabel(actionForm(el, 'Cancel this request', 'SR-2026-00043'), 'Why? (optional)').value).to.equal(
      'Naprawione we własnym zakresie',
    );
    await click(el, byRole(request(el, 'SR-2026-00043'), 'button', 'Keep it'));
    await click(el, byRole(request(el, 'SR-2026-00042'), 'button', 'Add information'));
    const form = actionForm(el, 'Add information', 'SR-2026-00042');
    expect(byLabel(form, 'Additional information').value).to.equal('Znowu stoi, kod E21');
    const updated = oneEvent(el, 'amage-request-updated');
    await click(el, byRole(form, 'button', 'Add'));
    await updated;
    expect(comments).to.deep.equal([{ text: 'Znowu stoi, kod E21' }]);
    expect(localStorage.getItem(`amage-portals:draft:customer:CUST-3:comment:${requestView().id}`)).to.equal(null);
    expect(localStorage.getItem(`amage-portals:draft:customer:CUST-3:cancel:${other.id}`)).to.not.equal(null);
    el.remove();
    const again = await mount();
    await waitUntil(() => $(again, '[part~="request"]'));
    expect(shadow(again).querySelector('.action-form')).to.equal(null);
    await click(again, byRole(request(again, 'SR-2026-00042'), 'button', 'Add information'));
    expect(byLabel(actionForm(again, 'Add information', 'SR-2026-00042'), 'Additional information').value).to.equal('');
  });

  it('shows the assigned job’s number, status and planned date as the main system shared the job, without a link to it', async () => {
    const withJob = requestView({
      status: 'planned',
      cancellable: false,
      jobRef: 'JOB-E2E-1',
      plannedStart: '2026-12-04T08:00:00Z',
      job: { ref: 'JOB-E2E-1', number: 'ZL/2026/0200', status: 'in-progress', plannedStart: '2026-12-05T07:00:00Z' },
    });
    api = fakeApi(routes(intake(), [withJob]));
    for (const [lang, line] of [
      ['en', 'Job ZL/2026/0200: In progress'],
      ['pl', 'Zlecenie ZL/2026/0200: W realizacji'],
    ] as const) {
      const el = await mount({ lang });
      await waitUntil(() => $(el, '[part~="request"]'));
      const item = $(el, '[part~="request"]')!;
      expect(item.querySelector('[part~="job"]')!.textContent).to.equal(line);
      const planned = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date('2026-12-05T07:00:00Z'),
      );
      expect(item.textContent!.replace(/\s+/g, ' '), lang).to.contain(planned.replace(/\s+/g, ' '));
      expect(item.querySelector('a')).to.equal(null);
      el.remove();
    }
  });

  it('speaks Polish', async () => {
    api = fakeApi(routes(intake(), [requestView()]));
    const el = await mount({ lang: 'pl', category: 'fault' });
    expect($(el, 'h2')!.textContent).to.equal('Zgłoś awarię lub zamów serwis');
    const form = byRole(el, 'form', 'Zgłoś awarię lub zamów serwis');
    const urgency = byLabel<HTMLSelectElement>(form, 'Pilność');
    expect(urgency.getAttribute('aria-required')).to.equal('true');
    expect([...urgency.options].map((o) => o.textContent)).to.include('Krytyczna – produkcja stoi');
    await waitUntil(() => $(el, '[part~="status"]'));
    expect($(el, '[part~="status"]')!.textContent).to.equal('Przyjęte do rejestracji');
  });

  it('with a link that may only read, shows just the list', async () => {
    api = fakeApi({
      ...routes(intake(), [requestView()]),
      'GET /customers/CUST-3/intake': () => problem(403, 'token.action_not_granted'),
    });
    const el = await mount();
    await waitUntil(() => $(el, '[part~="request"]'));
    expect($(el, 'form[part~="form"]')).to.equal(null);
  });

  it('fits a 320 px wide container without horizontal scrolling', async () => {
    api = fakeApi(routes(intake(), [requestView()]));
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><amage-service-request token=${LINK} lang="en"></amage-service-request></div>`,
    );
    const el = wrapper.querySelector('amage-service-request')!;
    await ready(el);
    await set(el, 'Type of request', 'service');
    expect($(el, '[part~="base"]')!.scrollWidth).to.be.at.most(320);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
  });
});

describe('<amage-service-request> live "My requests"', () => {
  let api: Api;
  afterEach(() => {
    api.restore();
    sessionStorage.clear();
    localStorage.clear();
  });

  it('when the main system changes a request, then the list shows it by itself; while nothing changed, the look is a 304 by ETag', async () => {
    let current = [requestView()];
    const seen: (string | null)[] = [];
    api = fakeApi({
      ...routes(),
      'GET /customers/CUST-3/service-requests': (req) => {
        seen.push(req.headers.get('if-none-match'));
        const etag = `"${current[0]!.status}"`;
        if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
        return new Response(JSON.stringify({ requests: current }), {
          status: 200,
          headers: { 'content-type': 'application/json', etag },
        });
      },
    });
    const el = await mount();
    await waitUntil(() => request(el, 'SR-2026-00042'));
    expect(request(el, 'SR-2026-00042').textContent).to.contain('Submitted');

    // Nothing changed: the page becomes visible again, the look is answered 304.
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => seen.length === 2);
    expect(seen).to.deep.equal([null, '"submitted"']);

    current = [requestView({ status: 'planned', cancellable: false })];
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => request(el, 'SR-2026-00042').textContent!.includes('Planned'), 'the list did not follow');
    expect(seen.at(-1)).to.equal('"submitted"');
    await expect(el).to.be.accessible();
  });

  it('when the link stops working, then the next look hands it to the access state', async () => {
    let revoked = false;
    api = fakeApi({
      ...routes(undefined, [requestView()]),
      'GET /customers/CUST-3/service-requests': () =>
        revoked
          ? problem(401, 'token.revoked', { subject: { type: 'customer' } })
          : json(200, { requests: [requestView()] }),
    });
    const el = await mount();
    await waitUntil(() => request(el, 'SR-2026-00042'));
    revoked = true;
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => $(el, '[part~="dead-end-banner"]'), 'no dead end');
    // What was typed and shown stays below the banner.
    expect(request(el, 'SR-2026-00042')).to.exist;
    expect(requestForm(el)).to.exist;
  });
});
