/** Approvals: state machine, binding, service, change channels. */
export * from './channel.js';
export * from './errors.js';
export * from './request.js';
export * from './service.js';
