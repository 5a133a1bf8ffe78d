/** Core types shared by every module: Check, Decision, Finding, Receipt, errors, canonical JSON, clock. */
export * from './canonical.js';
export * from './check.js';
export * from './clock.js';
export * from './decision.js';
export * from './errors.js';
export * from './finding.js';
export * from './receipt.js';
