export * from './load.js';
export * from './load-error.js';
export * from './session-expired.js';
export * from './link-renewal-requested.js';
export * from './submit.js';
export * from './submitted.js';
export * from './step-up-requested.js';
export * from './files-change.js';
export * from './action-queued.js';
export * from './action-sent.js';
export * from './action-refused.js';
export * from './request-updated.js';
export * from './job-decided.js';
export * from './job-updated.js';

import type { AmageLoadEvent } from './load.js';
import type { AmageLoadErrorEvent } from './load-error.js';
import type { AmageSessionExpiredEvent } from './session-expired.js';
import type { AmageLinkRenewalRequestedEvent } from './link-renewal-requested.js';
import type { AmageSubmitEvent } from './submit.js';
import type { AmageSubmittedEvent } from './submitted.js';
import type { AmageStepUpRequestedEvent } from './step-up-requested.js';
import type { AmageFilesChangeEvent } from './files-change.js';
import type { AmageActionQueuedEvent } from './action-queued.js';
import type { AmageActionSentEvent } from './action-sent.js';
import type { AmageActionRefusedEvent } from './action-refused.js';
import type { AmageRequestUpdatedEvent } from './request-updated.js';
import type { AmageJobDecidedEvent } from './job-decided.js';
import type { AmageJobUpdatedEvent } from './job-updated.js';

declare global {
  interface GlobalEventHandlersEventMap {
    'amage-load': AmageLoadEvent;
    'amage-load-error': AmageLoadErrorEvent;
    'amage-session-expired': AmageSessionExpiredEvent;
    'amage-link-renewal-requested': AmageLinkRenewalRequestedEvent;
    'amage-submit': AmageSubmitEvent;
    'amage-submitted': AmageSubmittedEvent;
    'amage-step-up-requested': AmageStepUpRequestedEvent;
    'amage-files-change': AmageFilesChangeEvent;
    'amage-action-queued': AmageActionQueuedEvent;
    'amage-action-sent': AmageActionSentEvent;
    'amage-action-refused': AmageActionRefusedEvent;
    'amage-request-updated': AmageRequestUpdatedEvent;
    'amage-job-decided': AmageJobDecidedEvent;
    'amage-job-updated': AmageJobUpdatedEvent;
  }
}
