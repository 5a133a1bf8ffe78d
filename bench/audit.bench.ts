/**
 * Audit log benchmarks (SQLite, WAL, synchronous=FULL, real fsyncs in a temp dir):
 * - audit.append.durable: acknowledged appends/s with group commit (256 concurrent appenders),
 *   beside a baseline of one transaction per append;
 * - audit.verify: entries/s for a full verification of a 1,000,000-entry log;
 * - audit.proof.size1m: inclusion-proof generation at 1,000,000 entries (µs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { signCheckpoint } from '../src/audit/checkpoint.js';
import { leafHashOfData } from '../src/audit/entry.js';
import { Frontier, type TreeNode } from '../src/audit/merkle.js';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from '../src/audit/note.js';
import { openEmbeddedAuditLog } from '../src/audit/open.js';
import { inclusionProof } from '../src/audit/proof.js';
import { verifyLog } from '../src/audit/verify.js';
import type { DecisionReceipt } from '../src/core/receipt.js';
import type { StoredEntry } from '../src/store/audit.js';
import { openSqliteAuditStore } from '../src/store/sqlite/audit.js';
import { sqliteVerifySource } from '../src/store/sqlite/audit-verify.js';
import { type BenchResult, percentile, round } from './harness.js';

const receipt = (i: number): DecisionReceipt => ({
  kind: 'decision',
  time: new Date(1_700_000_000_000 + i).toISOString(),
  checkDigest: i.toString(16).padStart(64, '0'),
  phase: 'action',
  action: 'mcp.github.create_issue',
  resource: `repo/acme/app#${i}`,
  decision: i % 7 ? 'allow' : 'deny',
  rules: ['allow-github-writes'],
  shadow: [],
  findings: [{ category: 'secret', detector: 'aws-access-key', score: 0.42 }],
  policy: { name: 'default', version: '3', hash: 'ab'.repeat(32) },
  principal: { id: `agent-${i % 13}`, tenant: 'acme' },
  session: `sess-${i % 101}`,
});

async function appendDurable(dir: string): Promise<BenchResult> {
  const log = await openEmbeddedAuditLog(join(dir, 'append'), { checkpointEvery: 1000 });
  let n = 0;
  // Baseline: one transaction (one fsync) per acknowledged append.
  const t0 = performance.now();
  while (performance.now() - t0 < 1500) await log.appendDurable(receipt(n++));
  const baseline = n / ((performance.now() - t0) / 1000);
  // Group commit: 256 appenders each awaiting durability; each tick commits what is queued.
  let m = 0;
  const c0 = process.cpuUsage();
  // How long the event loop is busy (and how late it runs) while commits are in flight.
  const elu0 = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const t1 = performance.now();
  const deadline = t1 + 3000;
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (performance.now() < deadline) {
        await log.appendDurable(receipt(n + m++));
      }
    }),
  );
  const grouped = m / ((performance.now() - t1) / 1000);
  const c1 = process.cpuUsage(c0);
  delay.disable();
  const loopUs = (performance.eventLoopUtilization(elu0).active * 1000) / m;
  const cpuUs = (c1.user + c1.system) / m;
  await log.close();
  return {
    name: 'audit.append.durable',
    unit: 'appends/s',
    value: Math.round(grouped),
    baseline: { name: 'one transaction per append', value: Math.round(baseline) },
    note: `SQLite WAL synchronous=FULL, 256 concurrent appenders, acknowledged = committed; ${round(cpuUs, 1)} µs process CPU per append (≈ ${Math.round(1e6 / cpuUs)}/s per free core); event loop busy ${round(loopUs, 1)} µs per append, loop delay p50 ${round(delay.percentile(50) / 1e6, 1)} ms p99 ${round(delay.percentile(99) / 1e6, 1)} ms max ${round(delay.max / 1e6, 1)} ms`,
  };
}

/** Writes `size` realistic entries straight through the store (same plan the writer uses). */
async function buildLog(file: string, size: number): Promise<string> {
  const store = openSqliteAuditStore(file);
  const signer = parseSignerKey(generateSignerKey('bench.local/audit'));
  const template = JSON.stringify({ ...receipt(0), index: 0 });
  const batch = 50_000;
  for (let start = 0; start < size; start += batch) {
    await store.append((head) => {
      const f = Frontier.from(head.size, head.frontier);
      const entries: StoredEntry[] = [];
      const nodes: TreeNode[] = [];
      for (let i = head.size; i < Math.min(size, head.size + batch); i++) {
        const data = template.replace('"index":0', `"index":${i}`);
        const leafHash = leafHashOfData(data);
        entries.push({ index: i, leafHash, data });
        f.append(leafHash, (n) => nodes.push(n));
      }
      const cp = signCheckpoint(
        { origin: 'bench.local/audit', size: f.size, root: f.root() },
        signer,
      );
      return {
        entries,
        nodes,
        head: {
          size: f.size,
          frontier: f.hashes,
          checkpoint: { size: f.size, root: cp.root, time: 0 },
        },
        checkpoint: { size: f.size, time: 0, note: cp.note },
        result: undefined,
      };
    });
  }
  await store.close();
  return signer.verifierKey;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-bench-'));
  try {
    const results: BenchResult[] = [await appendDurable(dir)];

    const size = 1_000_000;
    const file = join(dir, 'big.db');
    const vkey = await buildLog(file, size);
    const store = openSqliteAuditStore(file, { readonly: true });

    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const source = sqliteVerifySource(file, store);
    const report = await verifyLog(source, { verifier: parseVerifierKey(vkey) });
    await source.close();
    const c1 = process.cpuUsage(c0);
    const secs = (performance.now() - t0) / 1000;
    if (!report.ok)
      throw new Error(`bench log failed verification: ${report.problems[0]?.message}`);
    results.push({
      name: 'audit.verify',
      unit: 'entries/s',
      value: Math.round(size / secs),
      note: `${size} entries (~${template().length} B each) from SQLite, ${source.parallelism ?? 1} threads, leaf + tree recomputed, ${report.checkpoints} checkpoints; ${round((c1.user + c1.system) / size, 2)} µs process CPU per entry (all threads)`,
    });

    const samples: number[] = [];
    let seed = 12345;
    for (let s = 0; s < 3000; s++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const index = seed % size;
      const t = performance.now();
      await inclusionProof(store, index, size);
      samples.push((performance.now() - t) * 1000);
    }
    samples.sort((a, b) => a - b);
    results.push({
      name: 'audit.proof.size1m',
      unit: 'µs',
      p50: round(percentile(samples, 50), 1),
      p99: round(percentile(samples, 99), 1),
      note: 'inclusion proof at size 1,000,000 from stored subtree hashes (SQLite)',
    });
    await store.close();
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function template(): string {
  return JSON.stringify({ ...receipt(0), index: 0 });
}
