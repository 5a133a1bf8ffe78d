/**
 * What every door needs from the guard: an in-process guard and the remote client both satisfy
 * `Checker`; approvals are reached through an `ApprovalGate`.
 */
import type { Check } from '../core/check.js';
import type { Decision } from '../core/decision.js';

/** Anything that answers a Check with a Decision: `createGuard()` in-process or `createClient()` remote. */
export interface Checker {
  check(check: Check): Decision | Promise<Decision>;
}

/** How an escalation ended. `expired` is not `denied`: both are returned with their cause. */
export type ApprovalOutcome =
  | {
      readonly status: 'approved';
      readonly requestId: string;
      readonly approvers: readonly string[];
    }
  | { readonly status: 'denied'; readonly requestId: string; readonly reasons: readonly string[] }
  | { readonly status: 'expired'; readonly requestId: string }
  | { readonly status: 'cancelled'; readonly requestId: string }
  /** Still pending when the caller's wait ran out; the request stays open. */
  | { readonly status: 'timeout'; readonly requestId: string };

/** Opens (or finds) the approval request for an escalated check and waits for its outcome. */
export interface ApprovalGate {
  await(check: Check, decision: Decision, timeoutMs: number): Promise<ApprovalOutcome>;
}
