/**
 * The audit log's storage interface. Two implementations (SQLite, PostgreSQL) run one contract
 * suite (`audit.contract.ts`). The store owns sequencing: `append` reads the head under the
 * log's write lock, lets the caller plan the batch against it, and writes the plan atomically.
 */
import type { NodeId, TreeNode } from '../audit/merkle.js';

/** One log entry as stored: the leaf data (canonical JSON receipt) and its RFC 9162 leaf hash. */
export interface StoredEntry {
  readonly index: number;
  readonly leafHash: Buffer;
  readonly data: string;
}

/** A stored signed checkpoint. */
export interface StoredCheckpoint {
  readonly size: number;
  /** Milliseconds since the epoch when it was issued. */
  readonly time: number;
  readonly note: string;
}

/** The log's head: its size, compact-range frontier, and latest checkpoint (if any). */
export interface LogHead {
  readonly size: number;
  /** Frontier subtree roots, largest first (see `Frontier`). */
  readonly frontier: readonly Buffer[];
  readonly checkpoint: {
    readonly size: number;
    readonly root: Buffer;
    readonly time: number;
  } | null;
}

/** What a planned batch writes. Entries start at `head.size` and are contiguous. */
export interface AppendPlan<T> {
  readonly entries: readonly StoredEntry[];
  /** Perfect subtrees (level ≥ 1) completed by the entries. */
  readonly nodes: readonly TreeNode[];
  readonly head: LogHead;
  readonly checkpoint?: StoredCheckpoint;
  /** Handed back to the caller of `append` after the commit. */
  readonly result: T;
}

/** How log positions are assigned: by the one writing process (SQLite) or inside the database (PostgreSQL). */
export type Sequencing = 'process' | 'database';

/** Persistence for one audit log. */
export interface AuditStore {
  /** `process`: a single writer predicts indexes; `database`: indexes are known only after commit. */
  readonly sequencing: Sequencing;
  /** Human-readable location, e.g. the file path or `postgres://host/db#schema`. */
  readonly location: string;
  /**
   * In one transaction holding the log's write lock: read the head, call `plan(head)`, write its
   * entries, nodes, new head and checkpoint. Resolves after the commit is durable. If `plan`
   * throws, nothing is written and the error propagates. `plan` must be pure: a store may run it
   * optimistically and again if the head moved before the write lock was taken (SQLite).
   */
  append<T>(plan: (head: LogHead) => AppendPlan<T>): Promise<T>;
  /** The current head. */
  head(): Promise<LogHead>;
  /** Up to `limit` entries with index ≥ `start`, in index order (gaps are not filled). */
  readEntries(start: number, limit: number): Promise<StoredEntry[]>;
  /** Number of stored entry rows (may differ from the head size only if the store was tampered with). */
  countEntries(): Promise<number>;
  /** Hashes of perfect subtrees (level 0 = leaf hashes); throws if one is missing. */
  readNodes(ids: readonly NodeId[]): Promise<Buffer[]>;
  /** Checkpoints in size order, from `minSize` on. */
  readCheckpoints(minSize?: number): Promise<StoredCheckpoint[]>;
  close(): Promise<void>;
}

/** The store's contents contradict themselves (missing node, head beyond the entries). */
export class AuditStoreCorruptError extends Error {
  override readonly name = 'AuditStoreCorruptError';
}
