/** Bulwark's library entry: the guard, the core types and the policy engine. */

export { ApprovalError } from './approvals/errors.js';
export type { ApprovalRequest, ApprovalState } from './approvals/request.js';
export { type ApprovalService, createApprovalService } from './approvals/service.js';
export { type Checkpoint, openCheckpoint, type SignedCheckpoint } from './audit/checkpoint.js';
export { exportLog, exportSource, storeSource } from './audit/export.js';
export { type AuditLog, AuditLogError, type AuditLogOptions, createAuditLog } from './audit/log.js';
export { verifyConsistency, verifyInclusion } from './audit/merkle.js';
export { parseSignerKey, parseVerifierKey } from './audit/note.js';
export { openAuditStore, openEmbeddedAuditLog } from './audit/open.js';
export { type VerifyReport, verifyLog } from './audit/verify.js';
export { checkSchema, parseCheck } from './core/check-schema.js';
export * from './core/index.js';
export type {
  AuditSink,
  CheckMonitor,
  CheckScanner,
  FailModes,
  Guard,
  GuardHealth,
  GuardOptions,
  MonitorView,
  PolicySource,
  ScanOutcome,
  StageHealth,
} from './guard.js';
export { createGuard, DEFAULT_FAIL_MODES, receiptFor, redactionsFor } from './guard.js';
export type { AlertEvent, MonitorAlert } from './monitor/alert.js';
export { BehaviourMonitor, createMonitor, type MonitorOptions } from './monitor/monitor.js';
export type { SessionTrackerOptions, SessionView } from './monitor/session.js';
export { SessionTracker } from './monitor/session.js';
export { createWebhookSender, verifyWebhookSignature } from './notify/webhook.js';
export * from './policy/index.js';
