export { createClient, portalApiUrl, type ClientOptions } from './client.js';
export { ApiError, NetworkError, isNetworkError, readProblem } from './errors.js';
export { session, type CreateSessionOptions, type TokenOptions } from './resources/session.js';
export { linkRenewals } from './resources/link-renewals.js';
export { jobs } from './resources/jobs.js';
export { purchaseOrders } from './resources/purchase-orders.js';
export { complaints, stepUp, type StepUpOptions } from './resources/complaints.js';
export {
  attachments,
  dispositionFilename,
  type UploadOptions,
  type UploadProgress,
  type DownloadedFile,
} from './resources/attachments.js';
export type { RequestOptions, PostOptions } from './resources/request-options.js';
export type { KyInstance } from 'ky';
export { workOrders } from './resources/work-orders.js';
export { serviceRequests } from './resources/service-requests.js';
export { writes, type WriteMethod } from './resources/writes.js';
