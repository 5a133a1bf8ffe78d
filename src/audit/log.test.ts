import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReceiptBody } from '../core/receipt.js';
import { openSqliteAuditStore } from '../store/sqlite/audit.js';
import { storeSource } from './export.js';
import { KEY_FILE, loadOrCreateSigner } from './keys.js';
import { createAuditLog } from './log.js';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note.js';
import { openEmbeddedAuditLog } from './open.js';
import { verifyLog } from './verify.js';

const root = mkdtempSync(join(tmpdir(), 'bulwark-audit-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dbFile = () => join(root, `log-${n++}.db`);
const body = (i: number): ReceiptBody => ({
  kind: 'system',
  time: new Date(i).toISOString(),
  event: 'test',
  data: { i },
});
const signer = parseSignerKey(generateSignerKey('log.test/audit'));

describe('createAuditLog', () => {
  it('a failed commit rejects flush, keeps the positions, and is retried', async () => {
    const file = dbFile();
    const store = openSqliteAuditStore(file);
    // A real failure: a trigger that aborts inserts while the `block` table has a row.
    const admin = new Database(file);
    admin.exec(`CREATE TABLE block (x); INSERT INTO block VALUES (1);
      CREATE TRIGGER no_insert BEFORE INSERT ON audit_entries WHEN EXISTS (SELECT 1 FROM block)
      BEGIN SELECT RAISE(ABORT, 'disk says no'); END;`);
    const log = await createAuditLog({
      store,
      signer,
      origin: 'log.test/audit',
      checkpointIntervalMs: 0,
    });
    const a = log.append(body(0));
    const b = log.append(body(1));
    expect([a.index, b.index]).toEqual([0, 1]);
    await expect(log.flush()).rejects.toThrow(/disk says no/);
    expect((await store.head()).size).toBe(0);
    admin.exec('DELETE FROM block');
    admin.close();
    const c = await log.appendDurable(body(2));
    expect(c.index).toBe(2);
    const rows = await store.readEntries(0, 10);
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(rows[1]!.leafHash.toString('hex')).toBe(b.leafHash);
    await log.checkpoint();
    expect(
      (await verifyLog(storeSource(store), { verifier: parseVerifierKey(signer.verifierKey) })).ok,
    ).toBe(true);
    await log.close();
    await store.close();
  });

  it('a body with no JSON form throws at append and uses no position', async () => {
    const store = openSqliteAuditStore(dbFile());
    const log = await createAuditLog({
      store,
      signer,
      origin: 'log.test/audit',
      checkpointIntervalMs: 0,
    });
    const bad = { ...body(0), data: { x: Number.NaN } } as ReceiptBody;
    expect(() => log.append(bad)).toThrow();
    expect((await log.appendDurable(body(1))).index).toBe(0);
    await log.close();
    expect(() => log.append(body(2))).toThrow(/closed/);
    await store.close();
  });

  it('refuses to open a store whose head disagrees with its tree', async () => {
    const file = dbFile();
    const store = openSqliteAuditStore(file);
    const log = await createAuditLog({
      store,
      signer,
      origin: 'log.test/audit',
      checkpointIntervalMs: 0,
    });
    for (let i = 0; i < 10; i++) log.append(body(i));
    await log.close();
    const admin = new Database(file);
    admin.exec('DELETE FROM audit_entries WHERE idx = 9');
    admin.close();
    await expect(createAuditLog({ store, signer, origin: 'log.test/audit' })).rejects.toThrow(
      /tail disagrees/,
    );
    await store.close();
  });
});

describe('keys and the embedded log', () => {
  it('generates a 0600 key once, reuses it, and BULWARK_AUDIT_KEY overrides it', async () => {
    const dir = join(root, 'data');
    const log = await openEmbeddedAuditLog(dir, { checkpointIntervalMs: 0 });
    await log.appendDurable(body(0));
    const vkey = log.verifierKey;
    await log.close();
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSigner(dir, { name: 'other', env: {} }).verifierKey).toBe(vkey);
    const envKey = generateSignerKey('env.key/audit');
    const fromEnv = loadOrCreateSigner(join(root, 'elsewhere'), {
      name: 'x',
      env: { BULWARK_AUDIT_KEY: envKey },
    });
    expect(fromEnv.verifierKey).toBe(parseSignerKey(envKey).verifierKey);
  });
});
