/**
 * The guard: the one pipeline every door calls.
 * normalise → scan → monitor view → policy.evaluate → decision → monitor.record → audit.append.
 * `check` is synchronous and never throws: a failing stage applies its fail mode and is noted.
 */

import { digest } from './core/canonical.js';
import type { Check } from './core/check.js';
import type { Clock } from './core/clock.js';
import { systemClock } from './core/clock.js';
import type { Decision, FailureNote, ReceiptRef } from './core/decision.js';
import type { FailMode } from './core/errors.js';
import { errorMessage } from './core/errors.js';
import type { Finding } from './core/finding.js';
import type { ReceiptBody } from './core/receipt.js';

/** What a scanner returns for a check. */
export interface ScanOutcome {
  readonly findings: readonly Finding[];
}

/** Scans a check's content and string params (phase-aware). Synchronous, no I/O. */
export interface CheckScanner {
  scanCheck(check: Check): ScanOutcome;
}

/** Behaviour state a policy can read: alerts and metrics of the principal/session. */
export interface MonitorView {
  readonly alerts: readonly string[];
  readonly metrics: Readonly<Record<string, number>>;
}

/** Watches behaviour over time. `view` before evaluation, `record` after the decision. */
export interface CheckMonitor {
  view(check: Check, now: number): MonitorView;
  record(check: Check, decision: Decision, now: number): void;
}

/** Appends receipts to the audit log; returns the position synchronously, persists asynchronously. */
export interface AuditSink {
  append(receipt: ReceiptBody): ReceiptRef;
  /** Resolves once every receipt appended so far is durable. */
  flush(): Promise<void>;
}

/** Stages whose failure has a configurable mode; policy evaluation failures always fail closed unless the policy says otherwise. */
export interface FailModes {
  readonly scan: FailMode;
  readonly monitor: FailMode;
  readonly audit: FailMode;
}

export const DEFAULT_FAIL_MODES: FailModes = { scan: 'closed', monitor: 'closed', audit: 'closed' };

export type { Check, Clock, Decision, FailureNote };
export { digest, errorMessage, systemClock };
