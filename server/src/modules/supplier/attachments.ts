import type { AttachmentRef } from '@amage/contracts';

// Files are claimed through the attachments module (a field-pointed 422 `attachment.not_found` for an
// id of another subject); the supplier views show only these fields of each record.
export { claimAttachments } from '../attachments/attachments.service.js';

export const toAttachmentRef = (a: AttachmentRef): AttachmentRef => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size });
