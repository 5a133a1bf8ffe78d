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

/** Reference to a signed checkpoint of the audit log: tree size and hex root hash. */
export interface CheckpointRef {
  readonly size: number;
  readonly root: string;
}

/** Set by the audit log when it appends: the receipt's own index and the latest checkpoint before it. */
export interface ReceiptPosition {
  readonly index?: number;
  readonly checkpoint?: CheckpointRef;
}

export type ReceiptBody = (DecisionReceipt | EventReceipt) & ReceiptPosition;
