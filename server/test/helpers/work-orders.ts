import type { PutWorkOrderBody } from '@amage/contracts';
import type { TestApp } from './test-app.js';

const HOUR = 3_600_000;

/**
 * WO-2026-0311 of design.md, planned around `now` (pass the instant the app's clock says), with a
 * checklist, a LOTO procedure and a hot-work permit valid from an hour before to seven hours after.
 */
export const workOrderBody = (overrides: Partial<PutWorkOrderBody> = {}, now = Date.now()): PutWorkOrderBody => {
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  return {
    number: 'WO/2026/0311',
    contractor: { ref: 'SUB-5', name: 'ElektroMont Sp. j.', email: 'biuro@elektromont.example' },
    site: 'Zakład 2',
    location: 'Hala B',
    asset: { ref: 'A-77', name: 'Prasa hydrauliczna PH-400' },
    description: 'Wymiana zaworu proporcjonalnego',
    plannedStart: at(-HOUR),
    plannedEnd: at(7 * HOUR),
    safetyNotes: ['Rozładować akumulator przed demontażem.'],
    tasks: [{ key: 'T1', text: 'Wymienić zawór' }],
    checklist: [
      { key: 'leak', text: 'Brak wycieków', type: 'pass-fail' },
      { key: 'pressure', text: 'Ciśnienie robocze', type: 'number', unit: 'bar', min: 180, max: 210 },
      { key: 'note', text: 'Uwagi', type: 'text', required: false },
    ],
    loto: {
      ref: 'LOTO-PH400',
      points: [
        { key: 'E1', energy: 'electrical', device: 'Rozłącznik Q1', location: 'Szafa SZ-4', method: 'OFF + kłódka' },
        { key: 'H1', energy: 'hydraulic', device: 'Zawór odcinający V3', location: 'Agregat' },
      ],
    },
    permits: [
      {
        ref: 'PTW-0091',
        type: 'hot-work',
        validFrom: at(-HOUR),
        validTo: at(7 * HOUR),
        hazards: ['Iskry przy cięciu'],
        precautions: ['Gaśnica w zasięgu', 'Osłona ognioodporna'],
      },
    ],
    ...overrides,
  };
};

/** Shares `workOrderBody` planned around the app's clock. */
export async function putWorkOrder(t: TestApp, ref: string, overrides: Partial<PutWorkOrderBody> = {}) {
  const res = await t.integration('PUT', `/work-orders/${ref}`, workOrderBody(overrides, t.clock().getTime()));
  if (res.status >= 300) throw new Error(`PUT work order ${ref}: ${res.status} ${await res.text()}`);
}
