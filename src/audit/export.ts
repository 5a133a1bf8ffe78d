/**
 * The export directory: everything an auditor needs to verify the log with no database.
 *
 *   receipts.jsonl            line i: {"index":i,"leafHash":"<hex>","receipt":<leaf data, verbatim>}
 *   checkpoints/<size>.note   every signed checkpoint (C2SP signed note), size zero-padded to 16 digits
 *   checkpoint                the latest checkpoint
 *   pubkey.txt                the signer's verifier key (<name>+<hash>+<base64 key>)
 *   log.json                  {"format":"bulwark-audit-export/1","origin":…,"size":…}
 *
 * The leaf hash of entry i is SHA-256(0x00 || the bytes of `receipt` exactly as written).
 */

import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AuditStore, StoredEntry } from '../store/audit.js';
import type { UnreadableEntry, VerifySource } from './verify.js';

/** Format tag in log.json. */
export const EXPORT_FORMAT = 'bulwark-audit-export/1';

const CHUNK = 10_000;
// Bounded, anchored, no nested quantifiers: linear on any input.
const LINE_PREFIX = /^\{"index":(0|[1-9][0-9]{0,15}),"leafHash":"([0-9a-f]{64})","receipt":/;

/** What an export wrote. */
export interface ExportSummary {
  readonly dir: string;
  readonly size: number;
  readonly checkpoints: number;
}

/** Writes the export directory from a store (entries, checkpoints) and the verifier key. */
export async function exportLog(
  store: AuditStore,
  dir: string,
  verifierKey: string,
  origin: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ExportSummary> {
  mkdirSync(join(dir, 'checkpoints'), { recursive: true });
  const head = await store.head();
  const out = createWriteStream(join(dir, 'receipts.jsonl'));
  let done = 0;
  for (let start = 0; start < head.size; ) {
    const rows = await store.readEntries(start, Math.min(CHUNK, head.size - start));
    if (rows.length === 0) break;
    let text = '';
    for (const e of rows) {
      text += `{"index":${e.index},"leafHash":"${e.leafHash.toString('hex')}","receipt":${e.data}}\n`;
    }
    if (!out.write(text)) await once(out, 'drain');
    done += rows.length;
    start = rows[rows.length - 1]!.index + 1;
    onProgress?.(done, head.size);
  }
  out.end();
  await once(out, 'finish');
  const cps = (await store.readCheckpoints()).filter((c) => c.size <= head.size);
  for (const cp of cps)
    writeFileSync(join(dir, 'checkpoints', `${String(cp.size).padStart(16, '0')}.note`), cp.note);
  const last = cps[cps.length - 1];
  if (last) writeFileSync(join(dir, 'checkpoint'), last.note);
  writeFileSync(join(dir, 'pubkey.txt'), `${verifierKey}\n`);
  writeFileSync(
    join(dir, 'log.json'),
    `${JSON.stringify({ format: EXPORT_FORMAT, origin, size: head.size })}\n`,
  );
  return { dir, size: head.size, checkpoints: cps.length };
}

/** Parses one receipts.jsonl line; `position` is its 0-based line number. */
export function parseExportLine(line: string, position: number): StoredEntry | UnreadableEntry {
  const m = LINE_PREFIX.exec(line);
  if (!m || !line.endsWith('}'))
    return { index: position, error: `line ${position + 1} of receipts.jsonl is malformed` };
  return {
    index: Number(m[1]),
    leafHash: Buffer.from(m[2]!, 'hex'),
    data: line.slice(m[0].length, -1),
  };
}

async function* lines(file: string): AsyncIterable<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop()!;
    yield parts;
  }
  if (rest.length > 0) yield [rest];
}

/** The export directory as a verification source. */
export function exportSource(dir: string): VerifySource {
  const receipts = join(dir, 'receipts.jsonl');
  return {
    async *chunks(start, end = Number.POSITIVE_INFINITY) {
      let pos = 0;
      for await (const batch of lines(receipts)) {
        const out: (StoredEntry | UnreadableEntry)[] = [];
        for (const line of batch) {
          if (pos >= start && pos < end) out.push(parseExportLine(line, pos));
          pos++;
        }
        if (out.length > 0) yield out;
        if (pos >= end) return;
      }
    },
    async checkpointNotes() {
      const cdir = join(dir, 'checkpoints');
      const names = readdirSync(cdir)
        .filter((n) => n.endsWith('.note'))
        .sort();
      const notes = names.map((n) => readFileSync(join(cdir, n), 'utf8'));
      try {
        notes.push(readFileSync(join(dir, 'checkpoint'), 'utf8'));
      } catch {
        // No latest-checkpoint file: the checkpoints/ directory is authoritative.
      }
      return notes;
    },
    async claimedSize() {
      try {
        const meta = JSON.parse(readFileSync(join(dir, 'log.json'), 'utf8')) as { size?: unknown };
        return typeof meta.size === 'number' ? meta.size : null;
      } catch {
        return null;
      }
    },
  };
}

/** A store as a verification source. */
export function storeSource(store: AuditStore): VerifySource {
  return {
    async *chunks(start, end = Number.POSITIVE_INFINITY) {
      let next = start;
      for (;;) {
        const rows = await store.readEntries(next, CHUNK);
        const inRange = rows.filter((r) => r.index < end);
        if (inRange.length > 0) yield inRange;
        if (rows.length < CHUNK || inRange.length < rows.length) return;
        next = rows[rows.length - 1]!.index + 1;
      }
    },
    async checkpointNotes() {
      return (await store.readCheckpoints()).map((c) => c.note);
    },
    async claimedSize() {
      return (await store.head()).size;
    },
  };
}

/** The verifier key stored in an export directory. */
export function exportedVerifierKey(dir: string): string {
  return readFileSync(join(dir, 'pubkey.txt'), 'utf8').trim();
}
