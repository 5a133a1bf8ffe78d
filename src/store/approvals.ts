/** Storage of approval requests: one interface, SQLite and PostgreSQL implementations, one contract suite. */
import type { ApprovalRequest, ApprovalState } from '../approvals/request.js';

/** Filters for listing a tenant's requests. `state` is evaluated as of `now` (lazy expiry). */
export interface ApprovalFilter {
  readonly state?: ApprovalState;
  readonly action?: string;
  readonly requester?: string;
  /** Newest first; at most this many (default 100, capped at 1000). */
  readonly limit?: number;
}

/** Outcome of inserting a request: a pending request with the same binding may already exist. */
export type ApprovalInsertResult =
  | { readonly inserted: true }
  | { readonly inserted: false; readonly existing: ApprovalRequest };

/** Persistent approval requests. Every read and write is scoped by tenant. */
export interface ApprovalStore {
  /**
   * Inserts a new pending request unless a stored request with the same tenant and binding is
   * still in state `pending` (then returns it; the caller decides whether it has expired).
   */
  insert(request: ApprovalRequest): Promise<ApprovalInsertResult>;
  get(tenant: string, id: string): Promise<ApprovalRequest | undefined>;
  /** The stored `pending` request with this binding, if any. */
  findPending(tenant: string, bindingHash: string): Promise<ApprovalRequest | undefined>;
  list(tenant: string, filter: ApprovalFilter, now: number): Promise<ApprovalRequest[]>;
  /** Pending requests whose deadline is at or before `now`, across tenants (for sweeping). */
  listExpired(now: number, limit: number): Promise<ApprovalRequest[]>;
  /**
   * Compare-and-set: stores `next` only if the stored version is still `expectedVersion`.
   * False when another writer got there first (reload and retry).
   */
  update(next: ApprovalRequest, expectedVersion: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Default and maximum page size of `list`. */
export const APPROVAL_LIST_DEFAULT = 100;
export const APPROVAL_LIST_MAX = 1000;

/** Page size of a filter, clamped. */
export function listLimit(filter: ApprovalFilter): number {
  const n = filter.limit ?? APPROVAL_LIST_DEFAULT;
  return Math.max(1, Math.min(APPROVAL_LIST_MAX, Math.floor(n)));
}
