import type { PutCustomerBody, PutJobBody } from '@amage/contracts';
import { demoDelivery, type DemoLink, type ModuleDeps } from '../portal-module.js';
import { putCustomer } from './customers.service.js';
import { postJobProgress, putJob } from './jobs.service.js';

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

const demoJob = (): PutJobBody => ({
  number: 'ZL/2026/0107',
  customer: { ref: 'CUST-3', name: 'Browar Śląski S.A.' },
  title: 'Przegląd roczny sprężarek',
  description: 'Przegląd roczny dwóch sprężarek śrubowych wraz z wymianą filtrów.',
  site: 'Browar Tychy',
  status: 'in-progress',
  plannedStart: iso(-DAY),
  plannedEnd: iso(DAY),
  actualStart: iso(-DAY + 3_600_000),
  estimatedCompletion: iso(DAY - 7_200_000),
  technician: { firstName: 'Marek' },
  stages: [
    { key: 'diagnosis', name: 'Diagnoza', state: 'done' },
    { key: 'repair', name: 'Naprawa', state: 'active' },
    { key: 'tests', name: 'Testy', state: 'pending' },
  ],
  timeline: [
    { at: iso(-DAY + 3_600_000), type: 'on-site', text: 'Technik na miejscu.' },
    {
      at: iso(-DAY + 5 * 3_600_000),
      type: 'stage-finished',
      text: 'Diagnoza zakończona: zużyte łożysko silnika SK-2.',
    },
    { at: iso(-3_600_000), type: 'stage-started', text: 'Rozpoczęto naprawę.' },
  ],
  assets: [
    { ref: 'A-100', name: 'Sprężarka SK-2', serialNumber: 'SK2-88121' },
    { ref: 'A-101', name: 'Sprężarka SK-3', serialNumber: 'SK3-90211' },
  ],
  quotes: [
    {
      ref: 'Q-0107-1',
      title: 'Wymiana łożyska silnika SK-2 (praca dodatkowa)',
      amount: 1850,
      currency: 'PLN',
      state: 'pending',
    },
  ],
});

/** CUST-3 from design.md, with the field rules each category uses. */
export const demoCustomer = (): PutCustomerBody => ({
  name: 'Browar Śląski S.A.',
  sites: [
    { ref: 'S1', name: 'Browar Tychy', address: 'ul. Browarowa 1, 43-100 Tychy' },
    { ref: 'S2', name: 'Magazyn Bieruń' },
  ],
  assets: [
    {
      ref: 'A-100',
      siteRef: 'S1',
      name: 'Sprężarka SK-2',
      type: 'Sprężarka śrubowa',
      serialNumber: 'SK2-88121',
      location: 'Hala 2, sprężarkownia',
      qrCode: 'QR-A100',
    },
    {
      ref: 'A-101',
      siteRef: 'S1',
      name: 'Sprężarka SK-3',
      type: 'Sprężarka śrubowa',
      serialNumber: 'SK3-90211',
      location: 'Hala 2, sprężarkownia',
      qrCode: 'QR-A101',
    },
    {
      ref: 'A-120',
      siteRef: 'S1',
      name: 'Linia rozlewnicza L1',
      type: 'Linia',
      serialNumber: 'KHS-55120',
      location: 'Hala 1',
      qrCode: 'QR-A120',
    },
    {
      ref: 'A-200',
      siteRef: 'S2',
      name: 'Wózek widłowy W-4',
      type: 'Wózek',
      serialNumber: 'LND-4431',
      location: 'Rampa B',
      qrCode: 'QR-A200',
    },
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
      fields: [
        'asset',
        'site',
        'location',
        'description',
        'urgency',
        'preferredDates',
        'contactPhone',
        'contactEmail',
        'attachments',
      ],
      required: ['description'],
    },
    {
      key: 'inspection',
      name: 'Przegląd',
      fields: ['asset', 'site', 'preferredDates', 'contactEmail'],
      required: ['preferredDates'],
    },
    {
      key: 'other',
      name: 'Inne',
      fields: ['site', 'location', 'description', 'contactPhone', 'contactEmail', 'attachments'],
      required: ['description'],
    },
  ],
  urgencies: ['low', 'normal', 'high', 'critical'],
  contacts: [
    {
      name: 'Piotr Zieliński',
      email: 'utrzymanie@browar.example',
      phone: '+48 32 000 00 00',
      role: 'Kierownik utrzymania ruchu',
    },
  ],
});

/** Shares the demo customer and job, posts a progress event, and issues links for both. */
export async function seedCustomerDemo({ db, access, clock }: ModuleDeps, demoOrigin: string): Promise<DemoLink[]> {
  await putCustomer(db, 'CUST-3', demoCustomer());
  await putJob(db, 'JOB-2026-0107', demoJob());
  await postJobProgress(
    db,
    'JOB-2026-0107',
    {
      id: 'demo-1',
      type: 'finding',
      severity: 'minor',
      text: 'Nieszczelność na złączce przewodu powietrza (SK-3).',
    },
    clock(),
  );
  const recipient = { email: 'utrzymanie@browar.example', name: 'Piotr Zieliński', locale: 'pl' };
  const job = await access.createLink(
    {
      subject: { type: 'job', ref: 'JOB-2026-0107' },
      actions: ['job:read', 'job:approve'],
      recipient,
      ...demoDelivery(access),
      allowedOrigins: [demoOrigin],
    },
    null,
  );
  const intake = await access.createLink(
    {
      subject: { type: 'customer', ref: 'CUST-3' },
      actions: ['request:create', 'request:read'],
      recipient,
      ...demoDelivery(access),
      allowedOrigins: [demoOrigin],
    },
    null,
  );
  const siteOnly = await access.createLink(
    {
      subject: { type: 'customer', ref: 'CUST-3' },
      actions: ['request:create', 'request:read'],
      allowedOrigins: [demoOrigin],
      constraints: { siteRef: 'S2' },
    },
    null,
  );
  return [
    {
      portal: 'Customer: work progress (job JOB-2026-0107)',
      hosted: job.url,
      demoPage: `${demoOrigin}/work-progress.html#token=${job.token}`,
    },
    {
      portal: 'Customer: service requests (CUST-3 intake)',
      hosted: intake.url,
      demoPage: `${demoOrigin}/client-website.html?asset=QR-A100#token=${intake.token}`,
    },
    { portal: 'Customer: service requests, site S2 only', hosted: siteOnly.url },
  ];
}
