import type { PutWorkOrderBody } from '@amage/contracts';
import { demoDelivery, type DemoLink, type ModuleDeps } from '../portal-module.js';
import { putWorkOrder } from './work-orders.service.js';

const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** WO-2026-0311 of design.md, with its window moved around now so the permit is valid while you try it. */
const demoWorkOrder = (): PutWorkOrderBody => ({
  number: 'WO/2026/0311',
  contractor: { ref: 'SUB-5', name: 'ElektroMont Sp. j.', email: 'biuro@elektromont.example' },
  site: 'Zakład 2',
  location: 'Hala B, linia prasy',
  asset: { ref: 'A-77', name: 'Prasa hydrauliczna PH-400' },
  description: 'Wymiana zaworu proporcjonalnego',
  status: 'planned',
  plannedStart: iso(-2 * HOUR),
  plannedEnd: iso(6 * HOUR),
  safetyNotes: ['Praca przy układzie hydraulicznym pod ciśnieniem: rozładować akumulator przed demontażem.'],
  tasks: [
    { key: 'T1', text: 'Odłączyć i zabezpieczyć zasilanie (LOTO)' },
    { key: 'T2', text: 'Wymienić zawór proporcjonalny' },
    { key: 'T3', text: 'Próba szczelności i ciśnienia roboczego' },
  ],
  checklist: [
    { key: 'leak', text: 'Brak wycieków', type: 'pass-fail' },
    { key: 'pressure', text: 'Ciśnienie robocze', type: 'number', unit: 'bar', min: 180, max: 210 },
  ],
  loto: {
    ref: 'LOTO-PH400',
    equipment: 'Prasa hydrauliczna PH-400',
    energySources: ['Zasilanie 400 V', 'Hydraulika 210 bar'],
    points: [
      {
        key: 'E1',
        energy: 'electrical',
        device: 'Rozłącznik Q1',
        location: 'Szafa SZ-4',
        method: 'Wyłączyć, założyć kłódkę w pozycji OFF',
      },
      {
        key: 'H1',
        energy: 'hydraulic',
        device: 'Zawór odcinający V3',
        location: 'Agregat',
        method: 'Zamknąć, rozładować akumulator',
      },
    ],
    releaseSteps: ['Sprawdzić, że nikt nie przebywa w strefie prasy', 'Założyć osłony'],
  },
  permits: [
    {
      ref: 'PTW-0091',
      type: 'hot-work',
      validFrom: iso(-2 * HOUR),
      validTo: iso(6 * HOUR),
      location: 'Hala B',
      hazards: ['Iskry przy cięciu'],
      precautions: ['Gaśnica w zasięgu', 'Osłona ognioodporna'],
      ppe: ['Okulary ochronne', 'Rękawice spawalnicze'],
      gasTests: [{ gas: 'LEL', value: 0, unit: '%', result: 'pass' }],
    },
  ],
});

/**
 * Shares the demo work order and issues two one-time links with every work-order action: one for the
 * hosted page, one for the contractor intranet demo page (one use each, so trying one leaves the other).
 */
export async function seedSubcontractorDemo({ db, access }: ModuleDeps, demoOrigin: string): Promise<DemoLink[]> {
  await putWorkOrder(db, 'WO-2026-0311', demoWorkOrder());
  const issue = () =>
    access.createLink(
      {
        subject: { type: 'work-order', ref: 'WO-2026-0311' },
        actions: [
          'work-order:read',
          'work-order:log-work',
          'work-order:complete',
          'inspection:submit',
          'loto:acknowledge',
          'permit:sign',
        ],
        maxUses: 1,
        recipient: { email: 'biuro@elektromont.example', name: 'Tomasz Wójcik', locale: 'pl' },
        ...demoDelivery(access),
        allowedOrigins: [demoOrigin],
      },
      null,
    );
  const hosted = await issue();
  const embedded = await issue();
  return [
    {
      portal: 'Subcontractor: work order WO-2026-0311 (one-time links)',
      hosted: hosted.url,
      demoPage: `${demoOrigin}/contractor.html#token=${embedded.token}`,
    },
  ];
}
