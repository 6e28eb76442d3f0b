// npm entry: classes and event types only; registering is left to the define files.
export { default as AmagePortal } from './components/portal/portal.component.js';
export { default as AmageWorkProgress } from './components/work-progress/work-progress.component.js';
export { default as AmageDeliveryForm } from './components/delivery-form/delivery-form.component.js';
export { default as AmageComplaint } from './components/complaint/complaint.component.js';
export { default as AmageFilePicker } from './components/file-picker/file-picker.component.js';
export { uploadAttachment, downscaleImage, type UploadAttachmentOptions } from './internal/attachments.js';
export { default as AmageWorkOrder } from './components/work-order/work-order.component.js';
export { default as AmageInspection } from './components/inspection/inspection.component.js';
export { default as AmageLotoProcedure } from './components/loto-procedure/loto-procedure.component.js';
export { default as AmagePermitLog } from './components/permit-log/permit-log.component.js';
export { widgetsBySubject, type WidgetInputs } from './components/portal/widget-registry.js';
export { AmageElement, VERSION } from './internal/amage-element.js';
export { LocalizeController, registerTranslation } from './internal/localize.js';
export type { Translation } from './translations/en.js';
export * from './events/events.js';
export { default as AmageServiceRequest } from './components/service-request/service-request.component.js';
