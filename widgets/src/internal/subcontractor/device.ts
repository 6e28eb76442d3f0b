// What the four subcontractor widgets keep on the device besides the outbox (`internal/outbox.ts`): the
// kinds of their writes, the person's name and the last work order seen (for a reload without signal).
import type { WorkOrderView } from '@amage/contracts';

/** What a write of the work-order widgets is (the `kind` of its events), so each shows its own. */
export const OUTBOX_KINDS = [
  'work-log',
  'finding',
  'completion',
  'answer',
  'inspection-submit',
  'loto-step',
  'loto-sign-off',
  'permit-ack',
  'permit-sign-on',
  'permit-sign-off',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

const PREFIX = 'amage-portals:work-order:';

function read<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown) {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or blocked */
  }
}

/** A value remembered per work order (the person's name, the actions of the link, the last view), in localStorage. */
export const remembered = {
  get: <T>(ref: string, name: string, fallback: T): T => read(`${PREFIX}${ref}:${name}`, fallback),
  set: (ref: string, name: string, value: unknown) => write(`${PREFIX}${ref}:${name}`, value),
};

/** The last work order seen, for showing it while offline. */
export const cachedView = (ref: string) => remembered.get<WorkOrderView | undefined>(ref, 'view', undefined);
export const cacheView = (view: WorkOrderView) => remembered.set(view.ref, 'view', view);
