export { createClient, portalApiUrl, type ClientOptions } from './client.js';
export { ApiError, NetworkError, isNetworkError, readProblem } from './errors.js';
export { session, type CreateSessionOptions, type TokenOptions } from './resources/session.js';
export { linkRenewals } from './resources/link-renewals.js';
export { jobs } from './resources/jobs.js';
export type { RequestOptions, PostOptions } from './resources/request-options.js';
export type { KyInstance } from 'ky';
export { workOrders } from './resources/work-orders.js';
