/**
 * Turning a decision into go / no-go for a door: allow goes ahead, deny stops, escalate waits for
 * an approval when a gate is configured and is refused otherwise. No safety logic of its own: the
 * checker decides; this only carries the decision out.
 */
import type { Check } from '../core/check.js';
import type { Decision } from '../core/decision.js';
import { errorMessage } from '../core/errors.js';
import type { ApprovalGate, ApprovalOutcome, Checker } from './checker.js';

/** Why a door refused. */
export type RefusalCause =
  | 'denied'
  | 'approval_unavailable'
  | 'approval_denied'
  | 'approval_expired'
  | 'approval_cancelled'
  | 'approval_timeout'
  | 'approval_error';

/** What a door does with a check. */
export type Enforcement =
  | {
      readonly allowed: true;
      readonly decision: Decision;
      readonly approval?: ApprovalOutcome;
    }
  | {
      readonly allowed: false;
      readonly decision: Decision;
      readonly cause: RefusalCause;
      /** One line a client can show: cause and the policy's reasons. */
      readonly message: string;
      readonly reasons: readonly string[];
      readonly approval?: ApprovalOutcome;
    };

/** How escalations are handled. */
export interface EnforceOptions {
  readonly approvals?: ApprovalGate | undefined;
  /** Longest wait for an approval; default 5 minutes. */
  readonly waitForApprovalMs?: number | undefined;
}

export const DEFAULT_APPROVAL_WAIT_MS = 5 * 60_000;

/** Checks and carries the decision out (waiting for approval on escalate when a gate exists). */
export async function enforce(
  checker: Checker,
  check: Check,
  options: EnforceOptions = {},
): Promise<Enforcement> {
  const decision = await checker.check(check);
  return settle(check, decision, options);
}

/** Carries out a decision already made. */
export async function settle(
  check: Check,
  decision: Decision,
  options: EnforceOptions = {},
): Promise<Enforcement> {
  if (decision.decision === 'allow') return { allowed: true, decision };
  const reasons = decision.reasons;
  if (decision.decision === 'deny') {
    return refuse(decision, 'denied', `denied by policy: ${joinReasons(reasons)}`, reasons);
  }
  if (!options.approvals) {
    return refuse(
      decision,
      'approval_unavailable',
      `requires approval (no approval service configured): ${joinReasons(reasons)}`,
      reasons,
    );
  }
  let outcome: ApprovalOutcome;
  try {
    outcome = await options.approvals.await(
      check,
      decision,
      options.waitForApprovalMs ?? DEFAULT_APPROVAL_WAIT_MS,
    );
  } catch (err) {
    // why: an approval service that cannot answer must never turn into an allow.
    return refuse(
      decision,
      'approval_error',
      `approval unavailable: ${errorMessage(err)}`,
      reasons,
    );
  }
  switch (outcome.status) {
    case 'approved':
      return { allowed: true, decision, approval: outcome };
    case 'denied':
      return refuse(
        decision,
        'approval_denied',
        `approval ${outcome.requestId} denied: ${joinReasons(outcome.reasons)}`,
        outcome.reasons.length ? outcome.reasons : reasons,
        outcome,
      );
    case 'expired':
      return refuse(
        decision,
        'approval_expired',
        `approval ${outcome.requestId} expired before a decision`,
        reasons,
        outcome,
      );
    case 'cancelled':
      return refuse(
        decision,
        'approval_cancelled',
        `approval ${outcome.requestId} was cancelled`,
        reasons,
        outcome,
      );
    case 'timeout':
      return refuse(
        decision,
        'approval_timeout',
        `approval ${outcome.requestId} still pending after the wait limit`,
        reasons,
        outcome,
      );
  }
}

function refuse(
  decision: Decision,
  cause: RefusalCause,
  message: string,
  reasons: readonly string[],
  approval?: ApprovalOutcome,
): Enforcement {
  return approval
    ? { allowed: false, decision, cause, message, reasons, approval }
    : { allowed: false, decision, cause, message, reasons };
}

function joinReasons(reasons: readonly string[]): string {
  return reasons.length ? reasons.join('; ') : 'no reason given';
}
