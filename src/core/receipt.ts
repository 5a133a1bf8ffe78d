/** Receipts: the audit log's entries. Canonical JSON of a ReceiptBody is a Merkle leaf. */
import type { Effect, PolicyRef } from './decision.js';
import type { FindingCategory } from './finding.js';

/** Finding summary kept in a receipt: no evidence, no spans. */
export interface ReceiptFinding {
  readonly category: FindingCategory;
  readonly detector: string;
  readonly score: number;
}

/** A decision receipt. */
export interface DecisionReceipt {
  readonly kind: 'decision';
  /** ISO-8601 time of the decision. */
  readonly time: string;
  readonly checkDigest: string;
  readonly phase: string;
  readonly action: string;
  readonly resource?: string;
  readonly decision: Effect;
  readonly rules: readonly string[];
  readonly shadow: readonly string[];
  readonly findings: readonly ReceiptFinding[];
  readonly policy: PolicyRef;
  readonly principal: { readonly id: string; readonly tenant?: string };
  readonly session?: string;
  readonly failures?: readonly string[];
  /** Redacted content, only when the deployment opts in. */
  readonly content?: string;
}

/** Any other auditable event: approval transitions, policy changes, key changes. */
export interface EventReceipt {
  readonly kind: 'approval' | 'policy' | 'key' | 'system';
  readonly time: string;
  readonly tenant?: string;
  readonly actor?: string;
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type ReceiptBody = DecisionReceipt | EventReceipt;
