import type { Attachment, AttachmentSummary } from '@amage/contracts';

/** Files come from the shared attachment module; the customer portal shows them in short. */
export { claimAttachments } from '../attachments/attachments.service.js';

export const toSummary = ({ id, filename, contentType, size }: Attachment): AttachmentSummary => ({ id, filename, contentType, size });
