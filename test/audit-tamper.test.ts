/**
 * Tampering with a log of thousands of receipts — a changed byte, a deleted row, two swapped rows,
 * a truncated log — is caught by `bulwark audit verify` with the first bad index, on the database
 * and on an exported directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafHashOfData } from '../src/audit/entry.js';
import { exportLog, exportSource } from '../src/audit/export.js';
import { parseVerifierKey } from '../src/audit/note.js';
import { openEmbeddedAuditLog } from '../src/audit/open.js';
import { verifyLog } from '../src/audit/verify.js';

const N = 3000;
const EVERY = 250;
const root = mkdtempSync(join(tmpdir(), 'bulwark-audit-tamper-'));
const dataDir = join(root, 'data');
const pristineDb = join(dataDir, 'bulwark.db');
const pristineExport = join(root, 'export');
const cli = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
let vkey = '';
let lines: string[] = [];

beforeAll(async () => {
  const log = await openEmbeddedAuditLog(dataDir, {
    checkpointEvery: EVERY,
    checkpointIntervalMs: 0,
    maxBatch: 100,
  });
  for (let i = 0; i < N; i++) {
    log.append({
      kind: 'decision',
      time: new Date(1_700_000_000_000 + i).toISOString(),
      checkDigest: `${i.toString(16).padStart(64, '0')}`,
      phase: 'action',
      action: i % 3 ? 'file.read' : 'mcp.github.create_issue',
      decision: i % 7 ? 'allow' : 'deny',
      rules: [`rule-${i % 5}`],
      shadow: [],
      findings: i % 11 ? [] : [{ category: 'secret', detector: 'aws-key', score: 0.99 }],
      policy: { name: 'default', version: '1', hash: 'ab'.repeat(32) },
      principal: { id: `agent-${i % 13}`, tenant: 'acme' },
      session: `s-${i % 17}`,
    });
  }
  await log.checkpoint();
  vkey = log.verifierKey;
  await exportLog(log.store, pristineExport, log.verifierKey, log.origin);
  await log.close();
  lines = readFileSync(join(pristineExport, 'receipts.jsonl'), 'utf8').split('\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let copies = 0;
/** A copy of the pristine database, tampered with by `sql`. */
function tamperedDb(...sql: string[]): string {
  const file = join(root, `db-${copies++}.db`);
  copyFileSync(pristineDb, file);
  const db = new Database(file);
  for (const s of sql) db.exec(s);
  db.close();
  return file;
}

/** A copy of the pristine export whose receipts.jsonl is `text`. */
function tamperedExport(text: string): string {
  const dir = join(root, `export-${copies++}`);
  spawnSync('cp', ['-r', pristineExport, dir]);
  writeFileSync(join(dir, 'receipts.jsonl'), text);
  return dir;
}

function verifyCli(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'audit', 'verify', '--pubkey', vkey, ...args]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out }));
  });
}

const built = existsSync(cli);

describe.skipIf(!built)('bulwark audit verify (CLI, needs `npm run build`)', () => {
  it('accepts the intact log, in the database and exported', async () => {
    const [db, dir] = await Promise.all([
      verifyCli('--db', pristineDb),
      verifyCli('--dir', pristineExport),
    ]);
    expect(db.out).toContain(`OK: ${N} entries`);
    expect(db.code).toBe(0);
    expect(dir.out).toContain(`OK: ${N} entries`);
    expect(dir.code).toBe(0);
  });

  it('database: a changed byte, a deleted row, swapped rows, truncation → exit 1 with the index', async () => {
    const cases: Array<[string[], number]> = [
      [
        [`UPDATE audit_entries SET data = replace(data, '"allow"', '"alloW"') WHERE idx = 1234`],
        1234,
      ],
      [['DELETE FROM audit_entries WHERE idx = 777'], 777],
      [
        [
          'CREATE TEMP TABLE t AS SELECT * FROM audit_entries WHERE idx IN (1500, 2900)',
          'UPDATE audit_entries SET data = (SELECT data FROM t WHERE idx = 2900), leaf_hash = (SELECT leaf_hash FROM t WHERE idx = 2900) WHERE idx = 1500',
          'UPDATE audit_entries SET data = (SELECT data FROM t WHERE idx = 1500), leaf_hash = (SELECT leaf_hash FROM t WHERE idx = 1500) WHERE idx = 2900',
        ],
        1500,
      ],
      [['DELETE FROM audit_entries WHERE idx >= 2500'], 2500],
    ];
    const runs = await Promise.all(cases.map(([sql]) => verifyCli('--db', tamperedDb(...sql))));
    runs.forEach((r, i) => {
      expect(r.out).toContain(`FAIL: first bad index ${cases[i]![1]}\n`);
      expect(r.code).toBe(1);
    });
  });

  it('export: a changed byte, a deleted line, swapped lines, truncation → exit 1 with the index', async () => {
    const body = lines.slice(0, N);
    const swapped = [...body];
    [swapped[10], swapped[20]] = [swapped[20]!, swapped[10]!];
    const cases: Array<[string[], number]> = [
      [body.map((l, i) => (i === 42 ? l.replace('"session":"s-', '"session":"S-') : l)), 42],
      [body.filter((_, i) => i !== 1999), 1999],
      [swapped, 10],
      [body.slice(0, 2100), 2100],
    ];
    const runs = await Promise.all(
      cases.map(([ls]) => verifyCli('--dir', tamperedExport(`${ls.join('\n')}\n`))),
    );
    runs.forEach((r, i) => {
      expect(r.out).toContain(`FAIL: first bad index ${cases[i]![1]}\n`);
      expect(r.code).toBe(1);
    });
  });

  it('a log rewound together with its checkpoints is caught by a checkpoint the auditor kept', async () => {
    const db = tamperedDb(
      'DELETE FROM audit_entries WHERE idx >= 2500',
      'DELETE FROM audit_checkpoints WHERE size > 2400',
      'UPDATE audit_head SET size = 2500',
    );
    const r = await verifyCli('--db', db, '--checkpoint', join(pristineExport, 'checkpoint'));
    expect(r.out).toContain('FAIL: first bad index 2500\n');
    expect(r.code).toBe(1);
  });

  it('a forged checkpoint signature fails verification', async () => {
    const dir = tamperedExport(readFileSync(join(pristineExport, 'receipts.jsonl'), 'utf8'));
    const cp = join(dir, 'checkpoint');
    writeFileSync(cp, readFileSync(cp, 'utf8').replace(`\n${N}\n`, `\n${N - 1}\n`));
    const r = await verifyCli('--dir', dir);
    expect(r.out).toContain('checkpoint rejected');
    expect(r.code).toBe(1);
  });
});

describe('verifyLog on the export (in process)', () => {
  it('any single changed byte of any receipt line is reported at that line', async () => {
    const text = Buffer.from(readFileSync(join(pristineExport, 'receipts.jsonl')));
    const starts: number[] = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === 0x0a) starts.push(i + 1);
    const verifier = parseVerifierKey(vkey);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(text.length - 1),
        fc.integer({ min: 1, max: 255 }),
        async (at, delta) => {
          const copy = Buffer.from(text);
          copy[at] = (copy[at]! + delta) % 256;
          let line = 0;
          while (starts[line + 1] !== undefined && starts[line + 1]! <= at) line++;
          const dir = tamperedExport(copy.toString('latin1'));
          writeFileSync(join(dir, 'receipts.jsonl'), copy);
          const report = await verifyLog(exportSource(dir), { verifier });
          expect(report.ok).toBe(false);
          expect(report.firstBadIndex).toBe(line);
          rmSync(dir, { recursive: true });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('an attacker who also rewrites the leaf hash is caught by the signed root, within its checkpoint interval', async () => {
    const k = 1777;
    const lineK = lines[k]!;
    const prefix = `{"index":${k},"leafHash":"`;
    const data = lineK
      .slice(lineK.indexOf('"receipt":') + 10, -1)
      .replace('"file.read"', '"file.wipe"');
    const forged = `${prefix}${leafHashOfData(data).toString('hex')}","receipt":${data}}`;
    const dir = tamperedExport(
      `${lines
        .slice(0, N)
        .map((l, i) => (i === k ? forged : l))
        .join('\n')}\n`,
    );
    const report = await verifyLog(exportSource(dir), { verifier: parseVerifierKey(vkey) });
    expect(report.ok).toBe(false);
    // Batches of 100 with a checkpoint once ≥ 250 are unsigned: checkpoints at 300, 600, … 1500, 1800.
    expect(report.firstBadIndex).toBe(1500);
    expect(report.problems[0]!.message).toContain(
      'do not hash to the root signed in checkpoint 1800',
    );
  });
});
