/** The SDK: the in-process guard or a remote client, `wrap` for tools, typed errors, adapters' base. */
export { createGuard, type Guard, type GuardOptions } from '../guard.js';
export { serviceApprovalGate } from './approvals.js';
export type { ApprovalGate, ApprovalOutcome, Checker } from './checker.js';
export {
  BulwarkApiError,
  type BulwarkClient,
  type ClientOptions,
  createClient,
  type RemoteCheck,
  type RemoteDecision,
  type ScanOptions,
  type ScanResult,
} from './client.js';
export { type Enforcement, type EnforceOptions, enforce, type RefusalCause } from './enforce.js';
export {
  ApprovalDeniedError,
  ApprovalExpiredError,
  ApprovalUnavailableError,
  DeniedError,
  refusalError,
} from './errors.js';
export { LOCAL_PRINCIPAL, type WrapOptions, type WrapTarget, wrap } from './wrap.js';
