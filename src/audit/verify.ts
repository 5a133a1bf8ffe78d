/**
 * Full log verification: recompute every leaf hash and the whole tree, check every checkpoint's
 * signature and that its root is the recomputed root at its size (so all checkpoints are
 * consistent with each other and with the entries), and report the first bad index.
 */
import type { StoredEntry } from '../store/audit.js';
import { openCheckpoint, type SignedCheckpoint } from './checkpoint.js';
import { leafHashOfData } from './entry.js';
import { Frontier, nodeHash, rangeNodes } from './merkle.js';
import { NoteError, type NoteVerifier } from './note.js';

/** An entry that could not be read at all (malformed export line). */
export interface UnreadableEntry {
  readonly index: number;
  readonly error: string;
}

/** What to verify: entries in position order, the checkpoint notes, and the size the source claims. */
export interface VerifySource {
  /** Entries with position ≥ `start` (and < `end` if given), in order, in chunks. */
  chunks(start: number, end?: number): AsyncIterable<readonly (StoredEntry | UnreadableEntry)[]>;
  checkpointNotes(): Promise<readonly string[]>;
  /** The size the source's own metadata claims (head row, export manifest), if any. */
  claimedSize(): Promise<number | null>;
  /** Optional parallel reader: `summarizeEntries` over [start, end), e.g. in a worker thread. */
  readonly summarize?: (
    start: number,
    end: number,
    cuts: readonly number[],
  ) => Promise<RangeSummary>;
  /** How many `summarize` calls may run at once. */
  readonly parallelism?: number;
}

/** One thing that is wrong. `index` is the entry position, or null for a bad checkpoint. */
export interface VerifyProblem {
  readonly index: number | null;
  readonly message: string;
}

/** The verdict. */
export interface VerifyReport {
  readonly ok: boolean;
  /** Entries read. */
  readonly size: number;
  /** Root of the entries read (hex). */
  readonly root: string;
  /** Checkpoints whose signature verified. */
  readonly checkpoints: number;
  /** Largest checkpoint size that matched the recomputed tree (entries beyond it are unsigned). */
  readonly signedSize: number;
  readonly firstBadIndex: number | null;
  readonly problems: readonly VerifyProblem[];
}

/** Options for `verifyLog`. */
export interface VerifyOptions {
  readonly verifier: NoteVerifier;
  /** Expected checkpoint origin; defaults to whatever the first checkpoint says. */
  readonly origin?: string;
  /** Called every chunk with entries done and the claimed total. */
  readonly onProgress?: (done: number, total: number | null) => void;
}

function isUnreadable(e: StoredEntry | UnreadableEntry): e is UnreadableEntry {
  return 'error' in e;
}

/** The problem with entry `e` read at position `pos`, if any: unreadable, out of place, or not matching its leaf hash. */
function checkEntry(e: StoredEntry | UnreadableEntry, pos: number): VerifyProblem | null {
  if (isUnreadable(e)) return { index: pos, message: e.error };
  if (e.index !== pos) {
    return e.index > pos
      ? { index: pos, message: `entry ${pos} is missing (next stored entry is ${e.index})` }
      : { index: pos, message: `entry ${e.index} appears again at position ${pos}` };
  }
  if (!leafHashOfData(e.data).equals(e.leafHash)) {
    return { index: pos, message: `entry ${pos} does not match its stored leaf hash` };
  }
  return null;
}

function foldRoot(hashes: readonly Buffer[]): Buffer {
  let r = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) r = nodeHash(hashes[i]!, r);
  return r;
}

/** What a reader reports for the aligned range [start, end) (see `summarizeEntries`). */
export interface RangeSummary {
  /** Entries checked in order from `start`, up to the first problem or the end of the rows. */
  readonly count: number;
  /** Subtree roots of [start, start + count), largest first. */
  readonly tail: readonly Buffer[];
  /** Subtree roots of [start, size) for each requested cut reached. */
  readonly cuts: readonly { readonly size: number; readonly hashes: readonly Buffer[] }[];
  readonly problem: VerifyProblem | null;
}

/**
 * Checks entries of [start, end) (positions, leaf hashes) and hashes them into the range's own
 * subtrees. `start` must be a multiple of a power of two ≥ end − start, so the range's subtree
 * roots appended to the frontier at `start` give the frontier at any cut.
 */
export function summarizeEntries(
  entries: Iterable<StoredEntry | UnreadableEntry>,
  start: number,
  end: number,
  cuts: readonly number[],
): RangeSummary {
  const f = Frontier.empty();
  const out: { size: number; hashes: Buffer[] }[] = [];
  const wanted = [...cuts].sort((x, y) => x - y);
  let c = 0;
  let problem: VerifyProblem | null = null;
  for (const e of entries) {
    const pos = start + f.size;
    if (pos >= end) break;
    problem = checkEntry(e, pos);
    if (problem) break;
    f.append((e as StoredEntry).leafHash);
    while (c < wanted.length && wanted[c] === pos + 1)
      out.push({ size: wanted[c++]!, hashes: [...f.hashes] });
  }
  return { count: f.size, tail: [...f.hashes], cuts: out, problem };
}

/**
 * Re-reads [start, end) parsing each receipt: finds the first whose embedded `index` is not its
 * position (a swap or move that kept leaf hashes intact) or whose checkpoint reference is impossible.
 */
async function locate(
  source: VerifySource,
  start: number,
  end: number,
  roots: ReadonlyMap<number, string>,
): Promise<VerifyProblem | null> {
  let pos = start;
  for await (const chunk of source.chunks(start, end)) {
    for (const e of chunk) {
      if (pos >= end) return null;
      if (isUnreadable(e)) return { index: pos, message: e.error };
      let body: { index?: unknown; checkpoint?: { size?: unknown; root?: unknown } };
      try {
        body = JSON.parse(e.data) as typeof body;
      } catch {
        return { index: pos, message: `entry ${pos} is not JSON` };
      }
      if (body.index !== pos) {
        return { index: pos, message: `entry at position ${pos} is receipt ${String(body.index)}` };
      }
      const ref = body.checkpoint;
      if (ref !== undefined) {
        const known = typeof ref.size === 'number' ? roots.get(ref.size) : undefined;
        if (
          typeof ref.size !== 'number' ||
          ref.size > pos ||
          (known !== undefined && known !== ref.root)
        ) {
          return {
            index: pos,
            message: `entry ${pos} references a checkpoint that does not precede it`,
          };
        }
      }
      pos++;
    }
  }
  return null;
}

/** Verifies a whole log. Never throws for bad data: everything wrong is in the report. */
export async function verifyLog(source: VerifySource, opts: VerifyOptions): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  let origin = opts.origin;
  // The same note may be listed twice (an export's `checkpoint` copy): check each once.
  for (const note of new Set(await source.checkpointNotes())) {
    try {
      const cp = openCheckpoint(note, opts.verifier, origin);
      origin ??= cp.origin;
      checkpoints.push(cp);
    } catch (err) {
      const what = err instanceof NoteError ? err.message : String(err);
      problems.push({ index: null, message: `checkpoint rejected: ${what}` });
    }
  }
  checkpoints.sort((a, b) => a.size - b.size);
  const roots = new Map<number, string>();
  for (const cp of checkpoints) {
    const hex = cp.root.toString('hex');
    const seen = roots.get(cp.size);
    if (seen !== undefined && seen !== hex) {
      problems.push({
        index: null,
        message: `two different signed roots for size ${cp.size}: the log forked`,
      });
    }
    roots.set(cp.size, hex);
  }

  const claimed = await source.claimedSize();
  const frontier = Frontier.empty();
  let cpAt = 0;
  while (cpAt < checkpoints.length && checkpoints[cpAt]!.size === 0) cpAt++;
  let signedSize = 0;
  let bad: VerifyProblem | null = null;
  let rootMismatch = false;

  /** Compares the checkpoints at `size` with `root()`; false (and `bad` set) on a mismatch. */
  const checkCheckpoints = (size: number, root: () => Buffer): boolean => {
    while (cpAt < checkpoints.length && checkpoints[cpAt]!.size === size) {
      const cp = checkpoints[cpAt]!;
      if (!cp.root.equals(root())) {
        rootMismatch = true;
        bad = {
          index: signedSize,
          message: `entries ${signedSize}..${cp.size - 1} do not hash to the root signed in checkpoint ${cp.size}`,
        };
        return false;
      }
      signedSize = cp.size;
      cpAt++;
    }
    return true;
  };

  if (source.summarize && claimed !== null && claimed > 0) {
    // Parallel pass: aligned chunks hashed independently, stitched with their subtree roots.
    const k = Math.max(1, source.parallelism ?? 2);
    let level = 10;
    while (level < 16 && 2 ** (level + 1) * k * 4 <= claimed) level++;
    const width = 2 ** level;
    const ranges: Array<[number, number]> = [];
    for (let a = 0; a < claimed; a += width) ranges.push([a, Math.min(a + width, claimed)]);
    const start = (i: number): Promise<RangeSummary> => {
      const [a, b] = ranges[i]!;
      const cuts = checkpoints.map((c) => c.size).filter((size) => size > a && size < b);
      return source.summarize!(a, b, [...new Set(cuts), b]);
    };
    const running = new Map<number, Promise<RangeSummary>>();
    for (let i = 0; i < Math.min(k, ranges.length); i++) running.set(i, start(i));
    for (let i = 0; i < ranges.length; i++) {
      const res = await running.get(i)!;
      running.delete(i);
      if (i + k < ranges.length && res.problem === null) running.set(i + k, start(i + k));
      const a = ranges[i]![0];
      const base = frontier.hashes;
      let ok = true;
      for (const cut of res.cuts) {
        ok = checkCheckpoints(cut.size, () => foldRoot([...base, ...cut.hashes]));
        if (!ok) break;
      }
      if (!ok) break;
      const pieces = rangeNodes(a, a + res.count);
      pieces.forEach((node, j) => {
        frontier.appendSubtree(res.tail[j]!, node.level);
      });
      opts.onProgress?.(frontier.size, claimed);
      if (res.problem) {
        bad = res.problem;
        break;
      }
      if (res.count < ranges[i]![1] - a) break;
    }
    await Promise.allSettled(running.values());
  }

  // Sequential pass (everything, or what follows the parallel pass: rows beyond the claimed size).
  if (!bad) {
    outer: for await (const chunk of source.chunks(frontier.size)) {
      for (const e of chunk) {
        const problem = checkEntry(e, frontier.size);
        if (problem) {
          bad = problem;
          break outer;
        }
        frontier.append((e as StoredEntry).leafHash);
        if (!checkCheckpoints(frontier.size, () => frontier.root())) break outer;
      }
      opts.onProgress?.(frontier.size, claimed);
    }
  }

  if (bad) {
    // The stream stops at the first inconsistency it sees; a swap earlier in the unsigned stretch
    // (leaf hashes intact) shows only as a wrong embedded index: look for one before `bad`.
    const scanTo = rootMismatch ? checkpoints[cpAt]!.size : (bad.index ?? signedSize);
    problems.push((await locate(source, signedSize, scanTo, roots)) ?? bad);
  } else {
    const n = frontier.size;
    const beyond = checkpoints.find((cp) => cp.size > n);
    if (beyond) {
      problems.push({
        index: n,
        message: `log has ${n} entries but checkpoint ${beyond.size} was signed: entries from ${n} on are missing`,
      });
    } else if (claimed !== null && claimed > n) {
      problems.push({
        index: n,
        message: `log claims ${claimed} entries but only ${n} are stored`,
      });
    } else {
      // Entries after the last checkpoint are not signed yet: at least check their positions.
      const tail = await locate(source, signedSize, n, roots);
      if (tail) problems.push(tail);
    }
  }

  const indexes = problems.map((p) => p.index).filter((i): i is number => i !== null);
  return {
    ok: problems.length === 0,
    size: bad ? (bad.index ?? 0) : frontier.size,
    root: frontier.root().toString('hex'),
    checkpoints: checkpoints.length,
    signedSize,
    firstBadIndex: indexes.length > 0 ? Math.min(...indexes) : null,
    problems,
  };
}
