/** The guard writes a receipt for every decision into the real audit log, and the receipt is provable. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../src/audit/checkpoint.js';
import { verifyInclusion } from '../src/audit/merkle.js';
import { parseVerifierKey } from '../src/audit/note.js';
import { openEmbeddedAuditLog } from '../src/audit/open.js';
import { inclusionProof } from '../src/audit/proof.js';
import type { Check } from '../src/core/check.js';
import { createGuard } from '../src/guard.js';

const root = mkdtempSync(join(tmpdir(), 'bulwark-audit-guard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const POLICY = 'name: p\nversion: 1\nrules:\n  - { id: a, effect: allow, match: { action: ok } }\n';
const check = (action: string): Check => ({
  phase: 'action',
  action,
  principal: { id: 'agent-1', type: 'agent', roles: [], tenant: 'acme' },
});

describe('guard → audit log', () => {
  it('every decision gets a receipt index and leaf hash that the log can prove', async () => {
    const audit = await openEmbeddedAuditLog(join(root, 'data'), { checkpointIntervalMs: 0 });
    try {
      const guard = createGuard({ policy: { text: POLICY }, audit });
      const decisions = [
        guard.check(check('ok')),
        guard.check(check('rm -rf')),
        guard.check(check('ok')),
      ];
      expect(decisions.map((d) => d.decision)).toEqual(['allow', 'deny', 'allow']);
      expect(decisions.map((d) => d.receipt?.index)).toEqual([0, 1, 2]);
      await audit.flush();
      const cp = openCheckpoint(
        (await audit.checkpoint())!.note,
        parseVerifierKey(audit.verifierKey),
      );
      const rows = await audit.store.readEntries(0, 3);
      for (const [i, d] of decisions.entries()) {
        const stored = JSON.parse(rows[i]!.data) as {
          index: number;
          checkDigest: string;
          decision: string;
        };
        expect(stored).toMatchObject({
          index: i,
          checkDigest: d.checkDigest,
          decision: d.decision,
        });
        const p = await inclusionProof(audit.store, i, cp.size);
        expect(p.leafHash).toBe(d.receipt!.leafHash);
        const proof = p.proof.map((h) => Buffer.from(h, 'hex'));
        expect(verifyInclusion(i, cp.size, Buffer.from(p.leafHash, 'hex'), proof, cp.root)).toBe(
          true,
        );
      }
    } finally {
      await audit.close();
    }
  });
});
