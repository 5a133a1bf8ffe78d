/** The Decision: what the guard answers for one Check. */
import type { Finding, Redaction } from './finding.js';

/** Outcome of a check. Combination is deny-wins, then escalate, then allow, then the default. */
export type Effect = 'allow' | 'deny' | 'escalate';

export const EFFECTS: readonly Effect[] = ['allow', 'deny', 'escalate'];

/** Whether a rule (or policy) enforces its effect or only records it. */
export type RuleMode = 'enforce' | 'shadow';

/** A policy rule that matched the check. */
export interface RuleMatch {
  readonly id: string;
  readonly effect: Effect;
  readonly reason: string;
  readonly mode: RuleMode;
}

/** Who must approve an escalation. */
export interface ApprovalRequirement {
  /** Approvers need this role. */
  readonly role: string;
  /** Distinct approvers needed (quorum). */
  readonly count: number;
  /** Time an approval request stays open. */
  readonly expiresInMs: number;
}

/** Where the decision's receipt sits in the audit log. */
export interface ReceiptRef {
  readonly index: number;
  /** Hex SHA-256 leaf hash (RFC 9162, 0x00 prefix). */
  readonly leafHash: string;
}

/** Identity of the policy that decided. */
export interface PolicyRef {
  readonly name: string;
  readonly version: string;
  /** Hex SHA-256 of the policy's canonical content. */
  readonly hash: string;
}

/** Set when the decision was not a normal evaluation: a component failed and a fail mode applied. */
export interface FailureNote {
  /** Which stage failed: `policy`, `scan`, `monitor`, `counters`, `audit`, ... */
  readonly stage: string;
  readonly error: string;
  /** `closed` → the decision is deny; `open` → evaluation went on without the stage, recorded here. */
  readonly failMode: 'closed' | 'open';
}

/** The guard's answer. */
export interface Decision {
  readonly decision: Effect;
  /** One line per matching enforced rule (or the default / failure that decided). */
  readonly reasons: readonly string[];
  /** Enforced rules that matched. */
  readonly rules: readonly RuleMatch[];
  /** Shadow rules that matched: recorded, never enforced. */
  readonly shadow: readonly RuleMatch[];
  readonly findings: readonly Finding[];
  readonly redactions: readonly Redaction[];
  readonly approval?: ApprovalRequirement;
  readonly receipt?: ReceiptRef;
  readonly policy: PolicyRef;
  readonly failures?: readonly FailureNote[];
  /** Hex SHA-256 of the canonical check (RFC 8785). */
  readonly checkDigest: string;
  readonly evaluatedInUs: number;
}

/** Process exit code for a decision, as the CLI uses it: 0 allow, 1 deny, 3 escalate. */
export function exitCodeFor(effect: Effect): number {
  return effect === 'allow' ? 0 : effect === 'deny' ? 1 : 3;
}
