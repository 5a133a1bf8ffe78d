/** Inclusion and consistency proofs served from a store's perfect-subtree hashes (O(log n) reads, no rehashing). */
import type { AuditStore } from '../store/audit.js';
import {
  assembleProof,
  consistencyPlan,
  EMPTY_ROOT,
  inclusionPlan,
  MerkleError,
  type NodeId,
  type ProofPlan,
  planNodes,
  rangeNodes,
} from './merkle.js';

/** An inclusion proof as the CLI prints it (hex hashes). */
export interface InclusionProof {
  readonly index: number;
  readonly size: number;
  readonly leafHash: string;
  readonly root: string;
  readonly proof: readonly string[];
}

/** A consistency proof as the CLI prints it (hex hashes). */
export interface ConsistencyProof {
  readonly first: number;
  readonly second: number;
  readonly firstRoot: string;
  readonly secondRoot: string;
  readonly proof: readonly string[];
}

async function resolve(store: AuditStore, plans: ProofPlan[]): Promise<(n: NodeId) => Buffer> {
  const nodes = planNodes(...plans);
  const hashes = await store.readNodes(nodes);
  const byKey = new Map(nodes.map((n, i) => [`${n.level}:${n.index}`, hashes[i]!]));
  return (n) => byKey.get(`${n.level}:${n.index}`)!;
}

async function checkSize(store: AuditStore, size: number): Promise<void> {
  const head = await store.head();
  if (!Number.isSafeInteger(size) || size < 0 || size > head.size) {
    throw new MerkleError(`tree size ${size} is outside the log (0..${head.size})`);
  }
}

/** Root hash of the first `size` entries. */
export async function rootAt(store: AuditStore, size: number): Promise<Buffer> {
  await checkSize(store, size);
  if (size === 0) return EMPTY_ROOT;
  const plan = [rangeNodes(0, size)];
  return assembleProof(plan, await resolve(store, [plan]))[0]!;
}

/** Proof that entry `index` is in the tree of `size` entries. */
export async function inclusionProof(
  store: AuditStore,
  index: number,
  size: number,
): Promise<InclusionProof> {
  await checkSize(store, size);
  const plan = inclusionPlan(index, size);
  const rootPlan = [rangeNodes(0, size)];
  const leafPlan = [[{ level: 0, index }]];
  const lookup = await resolve(store, [plan, rootPlan, leafPlan]);
  return {
    index,
    size,
    leafHash: lookup({ level: 0, index }).toString('hex'),
    root: assembleProof(rootPlan, lookup)[0]!.toString('hex'),
    proof: assembleProof(plan, lookup).map((h) => h.toString('hex')),
  };
}

/** Proof that the tree of `second` entries extends the tree of `first` entries. */
export async function consistencyProof(
  store: AuditStore,
  first: number,
  second: number,
): Promise<ConsistencyProof> {
  await checkSize(store, second);
  const plan = consistencyPlan(first, second);
  const p1 = first === 0 ? [] : [rangeNodes(0, first)];
  const p2 = second === 0 ? [] : [rangeNodes(0, second)];
  const lookup = await resolve(store, [plan, p1, p2]);
  const root = (p: ProofPlan) => (p.length === 0 ? EMPTY_ROOT : assembleProof(p, lookup)[0]!);
  return {
    first,
    second,
    firstRoot: root(p1).toString('hex'),
    secondRoot: root(p2).toString('hex'),
    proof: assembleProof(plan, lookup).map((h) => h.toString('hex')),
  };
}
