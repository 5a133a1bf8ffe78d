/** Outbound notifications: signed webhooks and the messages Bulwark sends through them. */
export * from './messages.js';
export * from './webhook.js';
