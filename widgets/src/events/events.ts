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
  }
}

// Customer portal events.
export * from './submit.js';
export * from './submitted.js';
export * from './request-updated.js';
export * from './job-decided.js';
export * from './job-updated.js';
declare global {
  interface GlobalEventHandlersEventMap {
    'amage-submit': import('./submit.js').AmageSubmitEvent;
    'amage-submitted': import('./submitted.js').AmageSubmittedEvent;
    'amage-request-updated': import('./request-updated.js').AmageRequestUpdatedEvent;
    'amage-job-decided': import('./job-decided.js').AmageJobDecidedEvent;
    'amage-job-updated': import('./job-updated.js').AmageJobUpdatedEvent;
  }
}
