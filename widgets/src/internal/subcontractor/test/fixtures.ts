// Test data for the subcontractor widgets' browser tests (a stubbed server holding one work order).
import type { Action, WorkOrderView } from '@amage/contracts';
import { json, sessionInfo, sessionToken, type Route } from '../../test/fake-api.js';

export const WO_REF = 'WO-2026-0311';
/** When these tests happen (they fix the widgets' clock here): an hour into the planned work. */
export const WO_NOW = '2027-01-10T07:00:00Z';
const subject = { type: 'work-order' as const, ref: WO_REF };
export const ALL_ACTIONS: Action[] = [
  'work-order:read',
  'work-order:log-work',
  'work-order:complete',
  'inspection:submit',
  'loto:acknowledge',
  'permit:sign',
];

export function workOrderView(overrides: Partial<WorkOrderView> = {}): WorkOrderView {
  const points = [
    { key: 'E1', energy: 'electrical', device: 'Rozłącznik Q1', location: 'Szafa SZ-4', method: 'OFF + kłódka' },
    { key: 'H1', energy: 'hydraulic', device: 'Zawór odcinający V3', location: 'Agregat' },
  ];
  const sequence = [
    ...points.flatMap((p) =>
      (['lock-applied', 'tag-applied', 'zero-energy-verified'] as const).map((step) => ({
        phase: 'isolation' as const,
        pointKey: p.key,
        step,
      })),
    ),
    { phase: 'sign-off' as const, pointKey: null, step: 'sign-off' as const },
    { phase: 'release' as const, pointKey: 'H1', step: 'lock-removed' as const },
    { phase: 'release' as const, pointKey: 'E1', step: 'lock-removed' as const },
    { phase: 'release' as const, pointKey: null, step: 'equipment-returned' as const },
  ];
  return {
    ref: WO_REF,
    number: 'WO/2026/0311',
    contractor: { ref: 'SUB-5', name: 'ElektroMont Sp. j.' },
    site: 'Zakład 2',
    location: 'Hala B',
    asset: { ref: 'A-77', name: 'Prasa hydrauliczna PH-400' },
    description: 'Wymiana zaworu proporcjonalnego',
    status: 'planned',
    plannedStart: '2027-01-10T06:00:00Z',
    plannedEnd: '2027-01-10T14:00:00Z',
    safetyNotes: ['Rozładować akumulator.'],
    attachments: [],
    tasks: [{ key: 'T1', text: 'Wymienić zawór' }],
    checklists: [
      {
        key: 'main',
        title: 'Checklist',
        required: true,
        items: [
          { key: 'leak', text: 'Brak wycieków', type: 'pass-fail' },
          { key: 'pressure', text: 'Ciśnienie robocze', type: 'number', unit: 'bar', min: 180, max: 210 },
        ],
        answers: [],
        submission: null,
      },
    ],
    loto: {
      ref: 'LOTO-PH400',
      points,
      steps: [],
      signOff: null,
      sequence,
      next: sequence[0]!,
      isolated: false,
      released: false,
    },
    permits: [
      {
        ref: 'PTW-0091',
        type: 'hot-work',
        validFrom: '2027-01-10T06:00:00Z',
        validTo: '2027-01-10T14:00:00Z',
        hazards: ['Iskry przy cięciu'],
        precautions: ['Gaśnica w zasięgu', 'Osłona ognioodporna'],
        state: 'active',
        acknowledged: [],
        onSite: [],
        log: [],
      },
    ],
    workLogs: [],
    findings: [],
    completion: null,
    closedForWriting: false,
    updatedAt: '2027-01-10T06:00:00Z',
    ...overrides,
  };
}

/** A healthy server for a work-order link; `view()` is read on every GET so tests can change it. */
export function workOrderRoutes(view: () => WorkOrderView, actions: Action[] = ALL_ACTIONS): Record<string, Route> {
  return {
    'GET /session': () => json(200, sessionInfo({ subject, actions })),
    'POST /sessions': () => json(201, { ...sessionToken(), subject, actions }),
    'POST /sessions/refresh': () => json(201, { ...sessionToken(), subject, actions }),
    [`GET /work-orders/${WO_REF}`]: () => json(200, view()),
  };
}
