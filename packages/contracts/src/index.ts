export * from './common.js';
export * from './problem.js';
export * from './access.js';
export * from './events.js';
export * from './jobs.js';
export * from './widget-validators.js';
export * from './work-orders.js';
