// What the complaint's forms hold, and the request bodies made of them: pure functions, unit-tested.
import type { AttachmentRef, CreateAcceptanceBody, CreateDisputeBody, CreateStageResponseBody } from '@amage/contracts';

export interface StageValues {
  text: string;
  name: string;
  role: string;
  implementedOn: string;
  verifiedOn: string;
  attachments: AttachmentRef[];
}
export interface DisputeValues {
  reason: string;
}
export interface AcceptValues {
  name: string;
  comment: string;
}

export const emptyStage = (): StageValues => ({
  text: '',
  name: '',
  role: '',
  implementedOn: '',
  verifiedOn: '',
  attachments: [],
});

const trimmed = (s: string) => s.trim() || undefined;

export function stageBody(v: StageValues): CreateStageResponseBody {
  return {
    text: v.text.trim(),
    responsible: { name: v.name.trim(), ...(trimmed(v.role) ? { role: trimmed(v.role) } : {}) },
    ...(v.implementedOn ? { implementedOn: v.implementedOn } : {}),
    ...(v.verifiedOn ? { verifiedOn: v.verifiedOn } : {}),
    ...(v.attachments.length ? { attachments: v.attachments.map((a) => a.id) } : {}),
  };
}

export const disputeBody = (v: DisputeValues): CreateDisputeBody => ({ reason: v.reason.trim() });

export const acceptanceBody = (v: AcceptValues): CreateAcceptanceBody => ({
  name: v.name.trim(),
  ...(trimmed(v.comment) ? { comment: trimmed(v.comment) } : {}),
});

/** Every pointer under `/attachments` is the file field. */
export const attachmentsField = (pointer: string) => (pointer.startsWith('/attachments') ? '/attachments' : pointer);
