/**
 * RFC 9162 Merkle tree maths: leaf/node hashes, the compact-range frontier (O(log n) append
 * state), roots at any size, inclusion and consistency proofs and their verifiers. Pure, no I/O.
 */
import { hash } from 'node:crypto';

/** Size of a SHA-256 hash in bytes. */
export const HASH_SIZE = 32;

/** MTH of the empty tree: SHA-256 of the empty string (e3b0c442…). */
export const EMPTY_ROOT: Buffer = hash('sha256', '', 'buffer');

const LEAF_PREFIX = Buffer.from([0x00]);

/** RFC 9162 leaf hash: SHA-256(0x00 || data). */
export function leafHash(data: string | Uint8Array): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return hash('sha256', Buffer.concat([LEAF_PREFIX, bytes]), 'buffer');
}

const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;

/** RFC 9162 interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeScratch, 'buffer');
}

/** A perfect subtree: leaves [index·2^level, (index+1)·2^level). Level 0 is a leaf. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A hash of a perfect subtree, as the frontier emits it when a subtree completes. */
export interface TreeNode extends NodeId {
  readonly hash: Buffer;
}

/** Largest power of two strictly below n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function bitAt(n: number, level: number): number {
  return Math.floor(n / 2 ** level) % 2;
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

/** A tree-state error: malformed frontier, out-of-range proof request. */
export class MerkleError extends Error {
  override readonly name = 'MerkleError';
}

/**
 * Compact range [0, size): the roots of the perfect subtrees that make up the tree, largest
 * first (one per set bit of `size`). Appending is amortised O(1) hashes, state is O(log n).
 */
export class Frontier {
  #size: number;
  readonly #hashes: Buffer[];

  private constructor(size: number, hashes: Buffer[]) {
    this.#size = size;
    this.#hashes = hashes;
  }

  /** The empty tree. */
  static empty(): Frontier {
    return new Frontier(0, []);
  }

  /** Rebuilds a frontier from its size and subtree roots; throws MerkleError if they disagree. */
  static from(size: number, hashes: readonly Uint8Array[]): Frontier {
    if (!Number.isSafeInteger(size) || size < 0) throw new MerkleError(`bad tree size ${size}`);
    if (hashes.length !== popcount(size)) {
      throw new MerkleError(
        `frontier of size ${size} needs ${popcount(size)} hashes, got ${hashes.length}`,
      );
    }
    for (const h of hashes) {
      if (h.length !== HASH_SIZE) throw new MerkleError('frontier hash is not 32 bytes');
    }
    return new Frontier(
      size,
      hashes.map((h) => Buffer.from(h)),
    );
  }

  /** Decodes `size` + concatenated subtree roots (see `encode`). */
  static decode(size: number, bytes: Uint8Array): Frontier {
    if (bytes.length % HASH_SIZE !== 0) throw new MerkleError('frontier bytes not a hash multiple');
    const hashes: Buffer[] = [];
    for (let o = 0; o < bytes.length; o += HASH_SIZE) {
      hashes.push(Buffer.from(bytes.subarray(o, o + HASH_SIZE)));
    }
    return Frontier.from(size, hashes);
  }

  /** Number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** Subtree roots, largest (leftmost) first. */
  get hashes(): readonly Buffer[] {
    return this.#hashes;
  }

  /** The perfect subtrees this frontier holds, largest first. */
  nodes(): NodeId[] {
    return rangeNodes(0, this.#size);
  }

  /** Concatenated subtree roots; with `size` this is the whole state. */
  encode(): Buffer {
    return Buffer.concat(this.#hashes);
  }

  /** Independent copy. */
  clone(): Frontier {
    return new Frontier(this.#size, [...this.#hashes]);
  }

  /** Appends a leaf hash; `onNode` sees every perfect subtree (level ≥ 1) that completes. */
  append(leaf: Buffer, onNode?: (node: TreeNode) => void): void {
    let h = leaf;
    let level = 0;
    const size = this.#size;
    // INVARIANT: a set bit at `level` means the last frontier entry is a perfect subtree of 2^level leaves.
    while (bitAt(size, level) === 1) {
      const left = this.#hashes.pop()!;
      h = nodeHash(left, h);
      level++;
      if (onNode) onNode({ level, index: Math.floor((size + 1) / 2 ** level) - 1, hash: h });
    }
    this.#hashes.push(h);
    this.#size = size + 1;
  }

  /**
   * Appends a perfect subtree of 2^level leaves with root `hash`; the size must be a multiple of
   * 2^level (how independently hashed, aligned chunks are stitched together).
   */
  appendSubtree(hash: Buffer, level: number): void {
    const width = 2 ** level;
    if (this.#size % width !== 0) {
      throw new MerkleError(`cannot append a 2^${level} subtree at size ${this.#size}`);
    }
    let h = hash;
    let lv = level;
    while (bitAt(this.#size, lv) === 1) {
      h = nodeHash(this.#hashes.pop()!, h);
      lv++;
    }
    this.#hashes.push(h);
    this.#size += width;
  }

  /** MTH of the whole tree. */
  root(): Buffer {
    const n = this.#hashes.length;
    if (n === 0) return EMPTY_ROOT;
    let r = this.#hashes[n - 1]!;
    for (let i = n - 2; i >= 0; i--) r = nodeHash(this.#hashes[i]!, r);
    return r;
  }
}

/** MTH over a list of leaf hashes (iterative; equals the RFC 9162 recursive definition). */
export function rootOf(leafHashes: readonly Buffer[]): Buffer {
  const f = Frontier.empty();
  for (const h of leafHashes) f.append(h);
  return f.root();
}

/**
 * The perfect subtrees whose right-fold is MTH(D[start:end]), largest first. `start` must be a
 * multiple of the largest power of two ≥ end − start (true for every subtree RFC 9162 proofs use).
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  let s = start;
  while (s < end) {
    let size = 1;
    let level = 0;
    while (size * 2 <= end - s) {
      size *= 2;
      level++;
    }
    out.push({ level, index: s / size });
    s += size;
  }
  return out;
}

/** One proof element: the perfect subtrees to fold into it (a single node in most cases). */
export type ProofPlan = readonly (readonly NodeId[])[];

/** Which subtrees an inclusion proof of leaf `index` in a tree of `size` leaves consists of. */
export function inclusionPlan(index: number, size: number): ProofPlan {
  if (!(index >= 0 && index < size)) {
    throw new MerkleError(`leaf ${index} is outside a tree of size ${size}`);
  }
  const top: NodeId[][] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      top.push(rangeNodes(start + k, end));
      end = start + k;
    } else {
      top.push(rangeNodes(start, start + k));
      start += k;
    }
  }
  return top.reverse();
}

/** Which subtrees a consistency proof from `first` to `second` leaves consists of (RFC 9162 §2.1.4.1). */
export function consistencyPlan(first: number, second: number): ProofPlan {
  if (!(first >= 0 && first <= second)) {
    throw new MerkleError(`no consistency proof from size ${first} to ${second}`);
  }
  if (first === 0 || first === second) return [];
  const top: NodeId[][] = [];
  let start = 0;
  let end = second;
  let complete = true;
  for (;;) {
    if (first === end) {
      if (!complete) top.push(rangeNodes(start, end));
      break;
    }
    const k = largestPowerOfTwoBelow(end - start);
    if (first - start <= k) {
      top.push(rangeNodes(start + k, end));
      end = start + k;
    } else {
      top.push(rangeNodes(start, start + k));
      start += k;
      complete = false;
    }
  }
  return top.reverse();
}

/** Folds each plan element's subtree hashes (right to left) into the proof hashes. */
export function assembleProof(plan: ProofPlan, lookup: (node: NodeId) => Buffer): Buffer[] {
  return plan.map((group) => {
    let h = lookup(group[group.length - 1]!);
    for (let i = group.length - 2; i >= 0; i--) h = nodeHash(lookup(group[i]!), h);
    return h;
  });
}

/** MTH of the first `size` leaves, from perfect subtree hashes. */
export function rootFromNodes(size: number, lookup: (node: NodeId) => Buffer): Buffer {
  if (size === 0) return EMPTY_ROOT;
  return assembleProof([rangeNodes(0, size)], lookup)[0]!;
}

/** Every distinct node a set of plans needs (for one batched store read). */
export function planNodes(...plans: ProofPlan[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const plan of plans) {
    for (const group of plan) for (const n of group) seen.set(`${n.level}:${n.index}`, n);
  }
  return [...seen.values()];
}

function equalHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalHash(r, root);
}

/** RFC 9162 §2.1.4.2: is the tree (`second`, `secondRoot`) an append-only extension of (`first`, `firstRoot`)? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!(first >= 0 && first <= second)) return false;
  if (first === second) return proof.length === 0 && equalHash(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0 && equalHash(firstRoot, EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path: Uint8Array[] = [...proof];
  // A power-of-two first tree is itself a node of the second: the proof omits it.
  if (isPowerOfTwo(first)) path.unshift(firstRoot);
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalHash(fr, firstRoot) && equalHash(sr, secondRoot);
}
