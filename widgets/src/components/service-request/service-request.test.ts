import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../internal/test/wait.js';
import { sendKeys } from '@web/test-runner-commands';
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

async function type(el: AmageServiceRequest, id: string, value: string) {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, `#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

async function choose(el: AmageServiceRequest, id: string, value: string) {
  const select = $<HTMLSelectElement>(el, `#${id}`)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

async function fillFault(el: AmageServiceRequest) {
  await choose(el, 'f-category', 'fault');
  await choose(el, 'f-asset', 'A-100');
  await type(el, 'f-title', 'Sprężarka stoi');
  await type(el, 'f-description', 'Błąd E17 po minucie pracy.');
  await choose(el, 'f-urgency', 'high');
  await type(el, 'f-contactPhone', '+48 600 100 200');
}

const submit = async (el: AmageServiceRequest) => {
  $<HTMLButtonElement>(el, '[part~="submit-button"]')!.click();
  await el.updateComplete;
};

describe('<amage-service-request>', () => {
  let api: Api;
  const page = location.pathname;

  afterEach(() => {
    api.restore();
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
    const el = await fixture<AmageServiceRequest>(html`<amage-service-request token=${LINK}></amage-service-request>`);
    await ready(el);
    await choose(el, 'f-category', 'service');
    await expect(el).to.be.accessible();
  });

  it('when a category is chosen, then its fields appear, required ones marked, and unused ones go', async () => {
    api = fakeApi(routes());
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} lang="en"></amage-service-request>`,
    );
    await ready(el);
    expect($(el, '#f-asset')).to.equal(null);
    await choose(el, 'f-category', 'fault');
    for (const id of ['f-asset', 'f-description', 'f-urgency', 'f-contactPhone', 'f-attachments'])
      expect($(el, `#${id}`), id).to.exist;
    for (const id of ['f-site', 'f-location', 'f-dateFrom', 'f-contactEmail'])
      expect($(el, `#${id}`), id).to.equal(null);
    expect($(el, 'label[for="f-urgency"]')!.textContent).to.contain('required');
    await choose(el, 'f-category', 'service');
    for (const id of ['f-site', 'f-location', 'f-dateFrom', 'f-dateTo', 'f-timeFrom', 'f-contactEmail'])
      expect($(el, `#${id}`), id).to.exist;
    for (const id of ['f-urgency', 'f-contactPhone', 'f-attachments']) expect($(el, `#${id}`), id).to.equal(null);
    expect($(el, 'label[for="f-dateFrom"]')!.textContent).to.contain('required');
    expect($(el, 'label[for="f-dateTo"]')!.textContent).not.to.contain('required');
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
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} category="fault" hide-fields="category urgency"></amage-service-request>`,
    );
    await ready(el);
    expect($(el, '#f-category')).to.equal(null);
    expect($(el, '#f-urgency')).to.equal(null);
    expect($(el, '#f-asset')).to.exist;
    await choose(el, 'f-asset', 'A-120');
    await type(el, 'f-title', 'Linia stoi');
    await type(el, 'f-description', 'Taśma nie rusza.');
    await type(el, 'f-contactPhone', '+48 600 100 200');
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
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} category="fault"></amage-service-request>`,
    );
    await ready(el);
    expect($<HTMLSelectElement>(el, '#f-asset')!.value).to.equal('A-120');
    expect($(el, '#h-asset-code')!.textContent).to.contain('Linia rozlewnicza L1');
    expect($(el, '#f-asset')!.getAttribute('aria-describedby')).to.contain('h-asset-code');

    history.replaceState(null, '', `${page}#asset=QR-A200`);
    const el2 = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} category="service"></amage-service-request>`,
    );
    await ready(el2);
    expect(el2.formValues).to.include({ assetRef: 'A-200', siteRef: 'S2' });

    const el3 = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} category="fault" asset="A-100"></amage-service-request>`,
    );
    await ready(el3);
    expect($<HTMLSelectElement>(el3, '#f-asset')!.value).to.equal('A-100');
  });

  it('when searching equipment, then the list narrows to matches by name, serial or location', async () => {
    api = fakeApi(routes());
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} category="fault"></amage-service-request>`,
    );
    await ready(el);
    await type(el, 'f-asset-search', 'khs');
    const options = [...shadow(el).querySelectorAll<HTMLOptionElement>('#f-asset option')].map((o) => o.value);
    expect(options).to.deep.equal(['', 'A-120']);
    await type(el, 'f-asset-search', 'nothing-like-it');
    expect($(el, '[role="status"]')!.textContent).to.contain('Nothing on your list matches');
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
    const el = await fixture<AmageServiceRequest>(html`<amage-service-request token=${LINK}></amage-service-request>`);
    await ready(el);
    await fillFault(el);
    const submitted = oneEvent(el, 'amage-submitted');
    await submit(el);
    const event = await submitted;
    expect(event.detail).to.deep.equal({
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
    expect(shadow(el).activeElement?.id).to.equal('confirmation');
    expect(Object.keys(localStorage).filter((k) => k.includes('service-request'))).to.deep.equal([]);
    await waitUntil(() => $(el, '[part~="request"]'), 'list not reloaded');
  });

  it('when the host cancels amage-submit, then nothing is sent, and the same form is sent once the host lets it', async () => {
    const posts = () => api.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/service-requests'));
    api = fakeApi({ ...routes(), 'POST /customers/CUST-3/service-requests': () => json(201, requestView()) });
    const el = await fixture<AmageServiceRequest>(html`<amage-service-request token=${LINK}></amage-service-request>`);
    await ready(el);
    await fillFault(el);
    const cancelled = oneEvent(el, 'amage-submit');
    el.addEventListener('amage-submit', (e) => e.preventDefault(), { once: true });
    await submit(el);
    // amage-submit fires only after the widget's own checks passed: the form was valid, only the host said no.
    expect((await cancelled).detail).to.deep.equal({ kind: 'service-request', ref: 'CUST-3' });
    expect($(el, '#error-summary')).to.equal(null);
    expect(shadow(el).querySelector('[aria-invalid="true"]')).to.equal(null);
    expect(posts()).to.deep.equal([]);
    expect(el.formValues.title).to.equal('Sprężarka stoi');

    const submitted = oneEvent(el, 'amage-submitted');
    await submit(el);
    await submitted;
    expect(posts()).to.have.length(1);
  });

  it('when required fields are empty, then errors show at the fields and in a focused summary, and nothing is sent', async () => {
    api = fakeApi(routes());
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} category="fault"></amage-service-request>`,
    );
    await ready(el);
    await type(el, 'f-contactName', '');
    await submit(el);
    await waitUntil(() => $(el, '#error-summary'));
    expect(shadow(el).activeElement?.id).to.equal('error-summary');
    for (const field of ['asset', 'title', 'description', 'urgency', 'contactPhone', 'contactName']) {
      const input = $(el, `#f-${field}`)!;
      expect(input.getAttribute('aria-invalid'), field).to.equal('true');
      expect(input.getAttribute('aria-describedby'), field).to.contain(`e-${field}`);
      expect($(el, `#e-${field}`)!.textContent, field).to.equal('Please fill this in.');
    }
    expect(api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/service-requests'))).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('when the server refuses a field (an asset not on the list), then the message shows at that field', async () => {
    api = fakeApi({
      ...routes(),
      'POST /customers/CUST-3/service-requests': () =>
        problem(422, 'request.asset_not_found', {
          errors: [{ pointer: '/assetRef', message: 'not one of your assets' }],
        }),
    });
    const el = await fixture<AmageServiceRequest>(html`<amage-service-request token=${LINK}></amage-service-request>`);
    await ready(el);
    await fillFault(el);
    await submit(el);
    await waitUntil(() => $(el, '#e-asset'));
    expect($(el, '#e-asset')!.textContent).to.equal('This is not on your list.');
    expect(shadow(el).activeElement?.id).to.equal('error-summary');
  });

  it('when the network fails, then what was typed stays, and the retry sends the same Idempotency-Key', async () => {
    let attempt = 0;
    api = fakeApi({
      ...routes(),
      'POST /customers/CUST-3/service-requests': () => {
        attempt += 1;
        if (attempt <= 3) return Promise.reject(new TypeError('Failed to fetch'));
        return json(201, requestView());
      },
    });
    const el = await fixture<AmageServiceRequest>(html`<amage-service-request token=${LINK}></amage-service-request>`);
    await ready(el);
    await fillFault(el);
    await submit(el);
    await waitUntil(() => $(el, '.failure'), 'no failure shown');
    expect($(el, '.failure')!.textContent).to.contain('could not be reached');
    expect(el.formValues.title).to.equal('Sprężarka stoi');
    expect($(el, '[part~="submit-button"]')!.textContent!.trim()).to.equal('Send again');
    await submit(el);
    await waitUntil(() => $(el, '[part~="confirmation"]'), 'not sent on retry');
    const keys = new Set(
      api.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/service-requests')).map((c) => c.idempotencyKey),
    );
    expect(keys.size).to.equal(1);
  });

  it('when the page is reloaded, then the unsent request is restored from the draft (and can be discarded)', async () => {
    api = fakeApi(routes());
    const first = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK}></amage-service-request>`,
    );
    await ready(first);
    await fillFault(first);
    first.remove();
    const el = await fixture<AmageServiceRequest>(html`<amage-service-request token=${LINK}></amage-service-request>`);
    await ready(el);
    expect(el.formValues).to.include({
      category: 'fault',
      assetRef: 'A-100',
      title: 'Sprężarka stoi',
      urgency: 'high',
    });
    expect($<HTMLInputElement>(el, '#f-title')!.value).to.equal('Sprężarka stoi');
    expect(shadow(el).textContent).to.contain('Your unsent request was restored.');
    shadow(el).querySelector<HTMLButtonElement>('.note button')!.click();
    await el.updateComplete;
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
    const el = await fixture<AmageServiceRequest>(html`<amage-service-request token=${LINK}></amage-service-request>`);
    await ready(el);
    await fillFault(el);
    const picker = $(el, '#f-attachments')!;
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
    let comment: unknown;
    api = fakeApi({
      ...routes(intake(), [requestView(), planned]),
      [`POST /customers/CUST-3/service-requests/${requestView().id}/comments`]: async (request) => {
        comment = await request.json();
        return json(201, {
          id: '44444444-4444-4444-8444-444444444444',
          text: 'x',
          attachments: [],
          createdAt: '2026-12-01T10:00:00Z',
        });
      },
      [`POST /customers/CUST-3/service-requests/${planned.id}/cancellation`]: () =>
        problem(409, 'request.already_planned'),
    });
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} lang="en"></amage-service-request>`,
    );
    await waitUntil(() => $(el, '[part~="request"]'));
    const items = [...shadow(el).querySelectorAll('[part~="request"]')];
    expect(items.map((i) => i.querySelector('.request__number')!.textContent)).to.deep.equal([
      'SR-2026-00042',
      'SR-2026-00041',
    ]);
    expect(items[1]!.querySelector('[part~="status"]')!.textContent).to.equal('Planned');
    expect(items[1]!.textContent).to.contain('Planned for').and.contain('Job JOB-1');

    const updated = oneEvent(el, 'amage-request-updated');
    (items[0]!.querySelector('.actions button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(shadow(el).activeElement?.id).to.equal(`action-${requestView().id}`);
    await sendKeys({ type: 'Znowu stoi' });
    (shadow(el).querySelector('.action-form button[type="submit"]') as HTMLButtonElement).click();
    expect((await updated).detail).to.deep.equal({
      id: requestView().id,
      number: 'SR-2026-00042',
      change: 'commented',
    });
    expect(comment).to.deep.equal({ text: 'Znowu stoi' });

    await el.updateComplete;
    const second = [...shadow(el).querySelectorAll('[part~="request"]')][1]!;
    [...second.querySelectorAll('button')].find((b) => b.textContent!.includes('Cancel this request'))!.click();
    await el.updateComplete;
    (shadow(el).querySelector('.action-form button[type="submit"]') as HTMLButtonElement).click();
    await waitUntil(
      () => shadow(el).querySelector('[part~="request"] .failure'),
      `no failure: ${api.calls.map((c) => `${c.method} ${c.path}`).join(', ')} ${shadow(el).querySelector('[part~="requests"]')?.textContent?.replace(/\s+/g, ' ')}`,
    );
    expect(shadow(el).querySelector('[part~="request"] .failure')!.textContent).to.contain('already planned');
  });

  it('fires the cancelable amage-submit before a comment is sent, not while it is empty, and preventDefault() stops it (no POST)', async () => {
    let posts = 0;
    api = fakeApi({
      ...routes(intake(), [requestView()]),
      [`POST /customers/CUST-3/service-requests/${requestView().id}/comments`]: () => {
        posts += 1;
        return json(201, {
          id: '44444444-4444-4444-8444-444444444444',
          text: 'x',
          attachments: [],
          createdAt: '2026-12-01T10:00:00Z',
        });
      },
    });
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} lang="en"></amage-service-request>`,
    );
    await waitUntil(() => $(el, '[part~="request"]'));
    const seen: { detail: unknown; cancelable: boolean; composed: boolean; postsBefore: number }[] = [];
    el.addEventListener('amage-submit', (e) => {
      seen.push({ detail: e.detail, cancelable: e.cancelable, composed: e.composed, postsBefore: posts });
      e.preventDefault();
    });
    let after = 0;
    el.addEventListener('amage-submitted', () => (after += 1));
    el.addEventListener('amage-request-updated', () => (after += 1));
    [...shadow(el).querySelectorAll<HTMLButtonElement>('[part~="request"] button')]
      .find((b) => b.textContent!.includes('Add information'))!
      .click();
    await el.updateComplete;
    const send = () => (shadow(el).querySelector('.action-form button[type="submit"]') as HTMLButtonElement).click();
    send();
    await el.updateComplete;
    expect(seen, 'an empty comment fails the own check first').to.have.length(0);
    await type(el, `action-${requestView().id}`, 'Znowu stoi');
    send();
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).to.deep.equal([
      { detail: { kind: 'comment', ref: 'CUST-3' }, cancelable: true, composed: true, postsBefore: 0 },
    ]);
    expect(posts).to.equal(0);
    expect(api.calls.some((c) => c.method === 'POST' && c.path.includes('/service-requests/'))).to.equal(false);
    expect(after).to.equal(0);
    expect(
      $<HTMLTextAreaElement>(el, `#action-${requestView().id}`)!.value,
      'the form stays open with the text',
    ).to.equal('Znowu stoi');
  });

  it('amage-submitted carries kind and id of a comment and of a cancellation, before amage-request-updated', async () => {
    const other = requestView({ id: '55555555-5555-4555-8555-555555555555', number: 'SR-2026-00043' });
    api = fakeApi({
      ...routes(intake(), [requestView(), other]),
      [`POST /customers/CUST-3/service-requests/${requestView().id}/comments`]: () =>
        json(201, {
          id: '44444444-4444-4444-8444-444444444444',
          text: 'x',
          attachments: [],
          createdAt: '2026-12-01T10:00:00Z',
        }),
      [`POST /customers/CUST-3/service-requests/${other.id}/cancellation`]: () =>
        json(200, { ...other, status: 'cancelled', cancellable: false, cancelledAt: '2026-12-01T11:00:00Z' }),
    });
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} lang="en"></amage-service-request>`,
    );
    await waitUntil(() => $(el, '[part~="request"]'));
    const order: string[] = [];
    const submitted: unknown[] = [];
    el.addEventListener('amage-submit', (e) => order.push(`submit:${e.detail.kind}`));
    el.addEventListener('amage-submitted', (e) => {
      order.push(`submitted:${e.detail.kind}`);
      submitted.push(e.detail);
    });
    el.addEventListener('amage-request-updated', (e) => order.push(`updated:${e.detail.change}`));
    const item = (number: string) =>
      [...shadow(el).querySelectorAll('[part~="request"]')].find((i) => i.textContent!.includes(number))!;
    const open = async (number: string, label: string) => {
      [...item(number).querySelectorAll('button')].find((b) => b.textContent!.includes(label))!.click();
      await el.updateComplete;
    };
    const send = () => (shadow(el).querySelector('.action-form button[type="submit"]') as HTMLButtonElement).click();

    await open('SR-2026-00042', 'Add information');
    await type(el, `action-${requestView().id}`, 'Znowu stoi');
    send();
    await waitUntil(() => submitted.length === 1, 'comment not submitted');
    await waitUntil(
      () => item('SR-2026-00043') && !shadow(el).querySelector('.action-form'),
      'comment form still open',
    );
    await open('SR-2026-00043', 'Cancel this request');
    send();
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
    const comments: { body: unknown; key: string | null }[] = [];
    api = fakeApi({
      ...routes(intake(), [requestView(), other]),
      [`POST /customers/CUST-3/service-requests/${requestView().id}/comments`]: async (request, call) => {
        comments.push({ body: await request.json(), key: call.idempotencyKey });
        return json(201, {
          id: '44444444-4444-4444-8444-444444444444',
          text: 'x',
          attachments: [],
          createdAt: '2026-12-01T10:00:00Z',
        });
      },
    });
    const item = (el: AmageServiceRequest, number: string) =>
      [...shadow(el).querySelectorAll('[part~="request"]')].find((i) => i.textContent!.includes(number))!;
    const open = async (el: AmageServiceRequest, number: string, label: string) => {
      [...item(el, number).querySelectorAll('button')].find((b) => b.textContent!.includes(label))!.click();
      await el.updateComplete;
    };
    const first = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} lang="en"></amage-service-request>`,
    );
    await waitUntil(() => $(first, '[part~="request"]'));
    // A cancellation reason typed and its form closed, then a comment typed and left open.
    await open(first, 'SR-2026-00043', 'Cancel this request');
    await type(first, `action-${other.id}`, 'Naprawione we własnym zakresie');
    [...item(first, 'SR-2026-00043').querySelectorAll('button')]
      .find((b) => b.textContent!.includes('Keep it'))!
      .click();
    await first.updateComplete;
    await open(first, 'SR-2026-00042', 'Add information');
    await type(first, `action-${requestView().id}`, 'Znowu stoi, kod E21');
    first.remove();

    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} lang="en"></amage-service-request>`,
    );
    await waitUntil(() => $(el, `#action-${requestView().id}`), 'the open comment form is not reopened');
    expect($<HTMLTextAreaElement>(el, `#action-${requestView().id}`)!.value).to.equal('Znowu stoi, kod E21');
    await open(el, 'SR-2026-00043', 'Cancel this request');
    expect($<HTMLTextAreaElement>(el, `#action-${other.id}`)!.value).to.equal('Naprawione we własnym zakresie');
    [...item(el, 'SR-2026-00043').querySelectorAll('button')].find((b) => b.textContent!.includes('Keep it'))!.click();
    await el.updateComplete;

    await open(el, 'SR-2026-00042', 'Add information');
    expect($<HTMLTextAreaElement>(el, `#action-${requestView().id}`)!.value).to.equal('Znowu stoi, kod E21');
    const updated = oneEvent(el, 'amage-request-updated');
    (shadow(el).querySelector('.action-form button[type="submit"]') as HTMLButtonElement).click();
    await updated;
    expect(comments.map((c) => c.body)).to.deep.equal([{ text: 'Znowu stoi, kod E21' }]);
    const saved = JSON.parse(localStorage.getItem('amage-portals:draft:service-request:CUST-3:actions')!);
    expect(Object.keys(saved.forms)).to.deep.equal([`cancel:${other.id}`]);
    el.remove();
    const again = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} lang="en"></amage-service-request>`,
    );
    await waitUntil(() => $(again, '[part~="request"]'));
    await again.updateComplete;
    expect(shadow(again).querySelector('.action-form')).to.equal(null);
    await open(again, 'SR-2026-00042', 'Add information');
    expect($<HTMLTextAreaElement>(again, `#action-${requestView().id}`)!.value).to.equal('');
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
      const el = await fixture<AmageServiceRequest>(
        html`<amage-service-request token=${LINK} lang=${lang}></amage-service-request>`,
      );
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
    const el = await fixture<AmageServiceRequest>(
      html`<amage-service-request token=${LINK} lang="pl" category="fault"></amage-service-request>`,
    );
    await ready(el);
    expect($(el, 'h2')!.textContent).to.equal('Zgłoś awarię lub zamów serwis');
    expect($(el, 'label[for="f-urgency"]')!.textContent).to.contain('Pilność').and.contain('wymagane');
    expect([...shadow(el).querySelectorAll('#f-urgency option')].map((o) => o.textContent)).to.include(
      'Krytyczna – produkcja stoi',
    );
    await waitUntil(() => $(el, '[part~="status"]'));
    expect($(el, '[part~="status"]')!.textContent).to.equal('Przyjęte do rejestracji');
  });

  it('with a link that may only read, shows just the list', async () => {
    api = fakeApi({
      ...routes(intake(), [requestView()]),
      'GET /customers/CUST-3/intake': () => problem(403, 'token.action_not_granted'),
    });
    const el = await fixture<AmageServiceRequest>(html`<amage-service-request token=${LINK}></amage-service-request>`);
    await waitUntil(() => $(el, '[part~="request"]'));
    expect($(el, 'form[part~="form"]')).to.equal(null);
  });

  it('fits a 320 px wide container without horizontal scrolling', async () => {
    api = fakeApi(routes(intake(), [requestView()]));
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 320px"><amage-service-request token=${LINK}></amage-service-request></div>`,
    );
    const el = wrapper.querySelector('amage-service-request')!;
    await ready(el);
    await choose(el, 'f-category', 'service');
    const base = $(el, '[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(320);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
  });
});
