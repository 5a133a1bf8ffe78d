/** A writer killed with SIGKILL mid-loop loses no acknowledged receipt, and the log still verifies. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeSource } from '../src/audit/export.js';
import { parseVerifierKey } from '../src/audit/note.js';
import { openEmbeddedAuditLog } from '../src/audit/open.js';
import { verifyLog } from '../src/audit/verify.js';

const root = mkdtempSync(join(tmpdir(), 'bulwark-audit-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const writer = new URL('./audit-crash.writer.mjs', import.meta.url);
const built = existsSync(new URL('../dist/src/audit/open.js', import.meta.url));

describe.skipIf(!built)('audit log crash safety (needs `npm run build`)', () => {
  it('every acknowledged index survives SIGKILL and the log verifies', async () => {
    const dir = join(root, 'data');
    const child = spawn(process.execPath, [writer.pathname, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: number[] = [];
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) acked.push(Number(l));
        // Kill in the middle of the loop, once plenty of batches have committed.
        if (acked.length >= 3000 && child.exitCode === null && !child.killed) {
          child.removeAllListeners('exit');
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }
      });
    });
    for (const l of buf.split('\n')) if (l !== '') acked.push(Number(l));
    expect(acked.length).toBeGreaterThanOrEqual(3000);

    const log = await openEmbeddedAuditLog(dir, { checkpointIntervalMs: 0 });
    try {
      const head = await log.store.head();
      expect(head.size).toBeGreaterThan(Math.max(...acked));
      const stored = new Set((await log.store.readEntries(0, head.size)).map((e) => e.index));
      expect(acked.filter((i) => !stored.has(i))).toEqual([]);
      const report = await verifyLog(storeSource(log.store), {
        verifier: parseVerifierKey(log.verifierKey),
      });
      expect(report).toMatchObject({ ok: true, size: head.size, firstBadIndex: null });
      // The reopened writer continues the same tree.
      const next = await log.appendDurable({
        kind: 'system',
        time: new Date(0).toISOString(),
        event: 'after-crash',
        data: {},
      });
      expect(next.index).toBe(head.size);
    } finally {
      await log.close();
    }
  });
});
