import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditStore } from '../store/audit.js';
import { openSqliteAuditStore } from '../store/sqlite/audit.js';
import { storeSource } from './export.js';
import { createAuditLog } from './log.js';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note.js';
import { summarizeEntries, type VerifySource, verifyLog } from './verify.js';

const root = mkdtempSync(join(tmpdir(), 'bulwark-audit-verify-'));
const pristine = join(root, 'log.db');
const signer = parseSignerKey(generateSignerKey('verify.test/audit'));
const verifier = parseVerifierKey(signer.verifierKey);
const N = 5000;

beforeAll(async () => {
  const store = openSqliteAuditStore(pristine);
  // Odd batch and checkpoint spacing so checkpoints fall inside and across parallel chunks.
  const log = await createAuditLog({
    store,
    signer,
    origin: 'verify.test/audit',
    checkpointEvery: 333,
    checkpointIntervalMs: 0,
    maxBatch: 111,
  });
  for (let i = 0; i < N; i++) {
    log.append({ kind: 'system', time: new Date(i).toISOString(), event: 'v', data: { i } });
  }
  await log.close();
  await store.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let copies = 0;
function tampered(...sql: string[]): AuditStore {
  const file = join(root, `t-${copies++}.db`);
  copyFileSync(pristine, file);
  const db = new Database(file);
  for (const s of sql) db.exec(s);
  db.close();
  return openSqliteAuditStore(file, { readonly: true });
}

/** The same store, read through the chunked `summarize` path (in process instead of in workers). */
function chunked(store: AuditStore): VerifySource {
  return {
    ...storeSource(store),
    parallelism: 3,
    summarize: async (a, b, cuts) =>
      summarizeEntries(await store.readEntries(a, b - a), a, b, cuts),
  };
}

describe('verifyLog: sequential and chunked passes agree', () => {
  const cases: Array<[string, string[], number | null]> = [
    ['intact', [], null],
    [
      'changed byte',
      [`UPDATE audit_entries SET data = replace(data, '"v"', '"w"') WHERE idx = 2100`],
      2100,
    ],
    ['deleted row', ['DELETE FROM audit_entries WHERE idx = 1025'], 1025],
    [
      'swapped rows (leaf hashes moved too)',
      [
        'CREATE TEMP TABLE t AS SELECT * FROM audit_entries WHERE idx IN (3000, 4000)',
        'UPDATE audit_entries SET data = (SELECT data FROM t WHERE idx = 4000), leaf_hash = (SELECT leaf_hash FROM t WHERE idx = 4000) WHERE idx = 3000',
        'UPDATE audit_entries SET data = (SELECT data FROM t WHERE idx = 3000), leaf_hash = (SELECT leaf_hash FROM t WHERE idx = 3000) WHERE idx = 4000',
      ],
      3000,
    ],
    ['truncated', ['DELETE FROM audit_entries WHERE idx >= 4321'], 4321],
    ['extra row beyond the head', [`INSERT INTO audit_entries VALUES (${N + 5}, x'00', '{}')`], N],
  ];
  for (const [name, sql, bad] of cases) {
    it(name, async () => {
      const store = tampered(...sql);
      const seq = await verifyLog(storeSource(store), { verifier });
      const par = await verifyLog(chunked(store), { verifier });
      expect(seq.firstBadIndex).toBe(bad);
      expect(par.firstBadIndex).toBe(bad);
      expect(par.ok).toBe(bad === null);
      if (bad === null) {
        expect(par).toEqual(seq);
        expect(seq.size).toBe(N);
      }
      await store.close();
    });
  }
});
