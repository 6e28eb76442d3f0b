import { expect, fixture } from '@open-wc/testing';
import { html, unsafeStatic } from 'lit/static-html.js';
import type { ComplaintView, IntakeConfig, PurchaseOrderView, SubjectType } from '@amage/contracts';
import '../amage-portals.js';
import {
  LINK,
  SESSION,
  fakeApi,
  jobRoutes,
  json,
  problem,
  sessionInfo,
  sessionToken,
  type Route,
} from './test/fake-api.js';
import { manifestElements, renderedParts, undocumented } from './test/manifest.js';
import { WO_REF, workOrderRoutes, workOrderView } from './subcontractor/test/fixtures.js';
import { waitUntil } from './test/wait.js';

// custom-elements.json is the widgets' contract: whatever an element renders (parts) and whatever its
// styles read (CSS custom properties) must be listed there. Each element is rendered in the states every
// host sees (asking to open a one-time link, a failed load, an expired link, the loaded subject).

const DAY = 86_400_000;
const date = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const order: PurchaseOrderView = {
  ref: 'PO-1',
  number: 'PO/1',
  status: 'open',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech' },
  buyer: { name: 'Anna Kowalska', email: 'a@plant.example' },
  deliveryAddress: 'Zakład 2, Gliwice',
  overDeliveryTolerancePercent: 0,
  lines: [
    {
      lineNo: 1,
      itemCode: 'BRG-6204',
      description: 'Łożysko 6204-2RS',
      quantity: 100,
      unit: 'szt',
      requestedDate: date(20),
      confirmation: 'open',
      confirmedSchedule: [],
      confirmedQuantity: 100,
      declaredQuantity: 0,
      receivedQuantity: 0,
      openQuantity: 100,
      history: [],
    },
  ],
  deliveries: [],
} as unknown as PurchaseOrderView;

const complaint: ComplaintView = {
  ref: 'CMP-1',
  number: 'RK/1',
  status: 'open',
  supplier: { ref: 'SUP-17', name: 'Hydro-Tech' },
  purchaseOrderRef: 'PO-1',
  lineNo: 1,
  itemCode: 'BRG-6204',
  description: 'Łożyska głośno pracują.',
  defectQuantity: 12,
  unit: 'szt',
  attachments: [],
  stages: [
    {
      key: 'containment',
      dueAt: new Date(Date.now() + DAY).toISOString(),
      state: 'open',
      overdue: false,
      responses: [],
    },
  ],
  history: [],
  updatedAt: new Date().toISOString(),
} as unknown as ComplaintView;

const intake: IntakeConfig = {
  customer: { ref: 'CUST-3', name: 'Browar Śląski S.A.' },
  sites: [{ ref: 'S1', name: 'Browar Tychy' }],
  assets: [{ ref: 'A-100', siteRef: 'S1', name: 'Sprężarka SK-2', qrCode: 'QR-A100' }],
  categories: [
    {
      key: 'fault',
      name: 'Awaria',
      fields: ['asset', 'description', 'urgency', 'contactPhone', 'attachments'],
      required: ['asset', 'description'],
    },
  ],
  urgencies: ['low', 'normal', 'high'],
  contact: { name: 'Piotr', email: 'p@browar.example' },
  actions: ['request:create', 'request:read'],
} as unknown as IntakeConfig;

interface Case {
  tag: string;
  subject: SubjectType;
  ref: string;
  /** The loaded subject's routes (GET /session and the sessions included). */
  loaded: () => Record<string, Route>;
  /** The route that loads the subject, answered 500 in the failed-load state. */
  read: string;
}

const sessionRoutes = (subject: SubjectType, ref: string, actions: string[]): Record<string, Route> => ({
  'GET /session': () => json(200, sessionInfo({ subject: { type: subject, ref }, actions: actions as never })),
  'POST /sessions': () => json(201, { ...sessionToken(), subject: { type: subject, ref } }),
});

const cases: Case[] = [
  {
    tag: 'amage-work-progress',
    subject: 'job',
    ref: 'JOB-2026-0107',
    loaded: () => jobRoutes(),
    read: 'GET /jobs/JOB-2026-0107',
  },
  {
    tag: 'amage-delivery-form',
    subject: 'purchase-order',
    ref: 'PO-1',
    loaded: () => ({
      ...sessionRoutes('purchase-order', 'PO-1', ['order:read', 'order:confirm-dates', 'order:declare-delivery']),
      'GET /purchase-orders/PO-1': () => json(200, order),
    }),
    read: 'GET /purchase-orders/PO-1',
  },
  {
    tag: 'amage-complaint',
    subject: 'complaint',
    ref: 'CMP-1',
    loaded: () => ({
      ...sessionRoutes('complaint', 'CMP-1', ['complaint:read', 'complaint:respond']),
      'GET /complaints/CMP-1': () => json(200, complaint),
    }),
    read: 'GET /complaints/CMP-1',
  },
  {
    tag: 'amage-service-request',
    subject: 'customer',
    ref: 'CUST-3',
    loaded: () => ({
      ...sessionRoutes('customer', 'CUST-3', ['request:create', 'request:read']),
      'GET /customers/CUST-3/intake': () => json(200, intake),
      'GET /customers/CUST-3/service-requests': () => json(200, { requests: [] }),
    }),
    read: 'GET /customers/CUST-3/intake',
  },
  ...['amage-work-order', 'amage-inspection', 'amage-loto-procedure', 'amage-permit-log'].map((tag) => ({
    tag,
    subject: 'work-order' as const,
    ref: WO_REF,
    loaded: () => workOrderRoutes(() => workOrderView()),
    read: `GET /work-orders/${WO_REF}`,
  })),
];

let api: ReturnType<typeof fakeApi> | undefined;
afterEach(() => api?.restore());

async function show(tag: string, token: string, routes: Record<string, Route>, settled: (el: Element) => boolean) {
  api = fakeApi(routes);
  const name = unsafeStatic(tag);
  const el = await fixture(html`<${name} token=${token} lang="en"></${name}>`);
  await waitUntil(() => settled(el), `<${tag}> did not settle`, { timeout: 4000 });
  return el;
}

async function expectDocumented(el: Element, state: string) {
  const missing = await undocumented(el);
  expect(missing.parts, `${el.localName} (${state}): parts not in custom-elements.json`).to.deep.equal([]);
  expect(missing.cssProperties, `${el.localName} (${state}): CSS properties not in custom-elements.json`).to.deep.equal(
    [],
  );
}

const hasPart = (name: string) => (el: Element) => renderedParts(el).has(name);

describe('custom-elements.json lists what the elements render', () => {
  it('lists every element the kit defines', async () => {
    const tags = [...(await manifestElements()).keys()].sort();
    expect(tags).to.deep.equal(
      [...cases.map((c) => c.tag), 'amage-portal', 'amage-file-picker'].sort(),
      'the kit defines exactly these elements',
    );
  });

  for (const c of cases) {
    describe(`<${c.tag}>`, () => {
      it('when a one-time link waits for a click, then its parts are documented', async () => {
        const routes = {
          'GET /session': () =>
            json(200, sessionInfo({ subject: { type: c.subject, ref: c.ref }, tokenKind: 'link', remainingUses: 1 })),
        };
        await expectDocumented(await show(c.tag, LINK, routes, hasPart('open-button')), 'confirm');
      });

      it('when loading fails, then its parts are documented', async () => {
        const routes = { ...c.loaded(), [c.read]: () => problem(500, 'internal') };
        await expectDocumented(await show(c.tag, SESSION, routes, hasPart('retry-button')), 'failed');
      });

      it('when the link expired, then its parts are documented', async () => {
        const routes = {
          'GET /session': () => problem(401, 'token.expired', { renewable: true, recipient: 'j***@x.pl' }),
        };
        await expectDocumented(await show(c.tag, LINK, routes, hasPart('renew-button')), 'expired');
      });

      it('when the subject is shown, then its parts and CSS properties are documented', async () => {
        // Loaded: something beyond the shared messages (loading, errors) is shown.
        const el = await show(c.tag, SESSION, c.loaded(), (e) =>
          [...renderedParts(e)].some((p) => !['message', 'button'].includes(p)),
        );
        await expectDocumented(el, 'loaded');
      });
    });
  }

  it('<amage-portal> and <amage-file-picker>: their parts and CSS properties are documented', async () => {
    const portal = await show(
      'amage-portal',
      LINK,
      { 'GET /session': () => problem(401, 'token.expired', { renewable: true, recipient: 'j***@x.pl' }) },
      hasPart('renew-button'),
    );
    await expectDocumented(portal, 'expired');
    api?.restore();
    const picker = await fixture(html`<amage-file-picker lang="en"></amage-file-picker>`);
    await expectDocumented(picker, 'empty');
  });
});
