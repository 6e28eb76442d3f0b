import {
  AttachmentProblemCode,
  ComplaintStageState,
  ComplaintStatus,
  DeliveryStatus,
  EIGHT_D_STAGES,
  InspectionOutcome,
  JobStatus,
  LineConfirmationState,
  LineHistoryEntry,
  LineHistoryKind,
  LotoExpected,
  OrderStatus,
  PERMIT_TYPES,
  PermitEntryKind,
  PermitSignOffBody,
  PermitState,
  PostJobProgressBody,
  ProblemCode,
  ProgressType,
  PutComplaintBody,
  REASON_CODES,
  SCHEMA_KEYWORDS,
  ServiceRequestStatus,
  StageState,
  SupplierProblem,
  Urgency,
  WorkOrderProblem,
  WorkOrderStatus,
} from '@amage/contracts';
import { expect } from '@open-wc/testing';
import { OUTBOX_KINDS } from '../internal/subcontractor/device.js';
import en from './en.js';
import { languages } from './index.js';

const bundledTranslations = await Promise.all(Object.values(languages).map(async (load) => (await load()).default));

/** The literal values of a TypeBox union (nested unions included). */
function literals(schema: unknown): string[] {
  const s = schema as { const?: unknown; anyOf?: unknown[] };
  if (s.const !== undefined) return [String(s.const)];
  if (s.anyOf) return s.anyOf.flatMap(literals);
  throw new Error(`not a union of literals: ${JSON.stringify(schema)}`);
}
const codes = (table: Record<string, string>, ...namespaces: string[]) =>
  Object.values(table).filter((code) => namespaces.some((n) => code.startsWith(`${n}.`)));
const stepUp = [ProblemCode.stepUpInvalid, ProblemCode.stepUpRequired];

/** Each code table, by its path in a translation, with every code the contracts (or the widgets) define for it. */
const CODE_TABLES: Record<string, readonly string[]> = {
  'form.keywords': SCHEMA_KEYWORDS,
  'form.problems': [
    AttachmentProblemCode.notFound,
    ProblemCode.actionNotGranted,
    ProblemCode.idempotencyInProgress,
    ...stepUp,
    'network',
  ],
  jobStatus: literals(JobStatus),
  stageState: literals(StageState),
  'serviceRequest.urgencies': literals(Urgency),
  'serviceRequest.statuses': literals(ServiceRequestStatus),
  'deliveryForm.orderStatus': literals(OrderStatus),
  'deliveryForm.state': literals(LineConfirmationState),
  'deliveryForm.historyKind': literals(LineHistoryKind),
  'deliveryForm.by': literals(LineHistoryEntry.properties.by),
  'deliveryForm.reasons': REASON_CODES,
  'deliveryForm.deliveryStatus': literals(DeliveryStatus),
  'deliveryForm.errors': [...codes(SupplierProblem, 'order', 'delivery'), AttachmentProblemCode.notFound],
  'complaint.status': literals(ComplaintStatus),
  'complaint.stageNames': EIGHT_D_STAGES,
  'complaint.stageState': literals(ComplaintStageState),
  'complaint.disputeAnswer': literals(PutComplaintBody.properties.disputeDecision.properties.outcome),
  'complaint.errors': [...codes(SupplierProblem, 'complaint'), AttachmentProblemCode.notFound, ...stepUp],
  'workProgress.progressTypes': literals(ProgressType),
  'workProgress.severity': literals(PostJobProgressBody.properties.severity),
  'workProgress.results': literals(InspectionOutcome),
  'workOrder.status': literals(WorkOrderStatus),
  'workOrder.urgencies': literals(Urgency),
  'workOrder.kinds': OUTBOX_KINDS,
  'workOrder.problems': [...Object.values(WorkOrderProblem), ProblemCode.actionNotGranted],
  'lotoProcedure.step': literals(LotoExpected.properties.step),
  'permitLog.type': PERMIT_TYPES,
  'permitLog.state': literals(PermitState),
  'permitLog.reasons': literals(PermitSignOffBody.properties.reason),
  'permitLog.entry': literals(PermitEntryKind),
  'permitLog.notValid': [...literals(PermitState).filter((s) => s !== 'active'), 'not-yet-valid', 'expired'],
};

const at = (translation: object, path: string) =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], translation);

/** Every text and function by its path (JSON, so a code with dots stays one key). */
function leaves(node: object, prefix: string[] = []): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(node)) {
    const path = [...prefix, key];
    if (value && typeof value === 'object') for (const [p, v] of leaves(value, path)) found.set(p, v);
    else found.set(JSON.stringify(path), value);
  }
  return found;
}

describe('translations', () => {
  it('ships English and Polish, each module under its own language', () => {
    expect(Object.keys(languages)).to.include.members(['en', 'pl']);
    expect(bundledTranslations.map((t) => t.$lang)).to.deep.equal(Object.keys(languages));
    expect(new Set(bundledTranslations.map((t) => t.$lang)).size).to.equal(bundledTranslations.length);
  });

  it('every code table of English has exactly the codes of its union', () => {
    for (const [path, expected] of Object.entries(CODE_TABLES)) {
      expect(Object.keys(at(en, path) as object), path).to.have.members([...expected]);
    }
  });

  for (const translation of bundledTranslations) {
    describe(`${translation.$lang}`, () => {
      it('has a text for every code of every code table', () => {
        for (const [path, expected] of Object.entries(CODE_TABLES)) {
          const table = at(translation, path) as Record<string, unknown>;
          expect(table, path).to.be.an('object');
          for (const code of expected) {
            expect(table[code], `${path} "${code}"`).to.be.a('string').and.not.equal('');
          }
          expect(Object.keys(table), `${path}: codes no union has`).to.have.members([...expected]);
        }
      });

      it('has every key English has, of the same kind (text or function), and no other', () => {
        const english = leaves(en);
        const own = leaves(translation);
        const missing = [...english.keys()].filter((p) => !own.has(p));
        const extra = [...own.keys()].filter((p) => !english.has(p));
        const otherKind = [...english]
          .filter(([p, value]) => own.has(p) && typeof own.get(p) !== typeof value)
          .map(([p]) => p);
        expect(missing, 'keys English has and this language has not').to.deep.equal([]);
        expect(extra, 'keys English has not').to.deep.equal([]);
        expect(otherKind, 'a text where English has a function, or the other way round').to.deep.equal([]);
      });

      it('has no empty text', () => {
        const empty = [...leaves(translation)].filter(([, value]) => value === '').map(([path]) => path);
        expect(empty).to.deep.equal([]);
      });
    });
  }
});
