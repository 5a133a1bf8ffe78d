/**
 * Quick detection check of the deterministic detectors on labelled JSONL (../shared/eval format):
 * per-category recall and false-positive rate on benign records, counting only findings of the
 * chosen categories at or above BLOCK_THRESHOLD. Not the official `bulwark eval`.
 *
 * Run (scripts are not part of the build; bundle with the rolldown that vitest ships):
 *   npx rolldown scripts/scan-dev.ts -o scripts/.scan-dev.mjs -p node -f esm -e libphonenumber-js/max,re2js
 *   node scripts/.scan-dev.mjs ../shared/eval/dev.jsonl [--categories pii,secret] [--misses CATEGORY] [--fp]
 */
import { readFileSync } from 'node:fs';
import type { FindingCategory } from '../src/core/finding.js';
import { BLOCK_THRESHOLD, createScanner } from '../src/scan/index.js';

interface Record {
  readonly id: string;
  readonly text: string;
  readonly category: string;
  readonly source: string;
}

const args = process.argv.slice(2);
const file = args[0] ?? '../shared/eval/dev.jsonl';
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const categories = new Set(
  (opt('--categories') ?? 'pii,secret,exfiltration,unsafe_code,hidden_text').split(','),
) as Set<FindingCategory>;
const showMisses = opt('--misses');
const showFp = args.includes('--fp');

const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record);
const scanner = createScanner();
const stats = new Map<string, { count: number; hit: number }>();
const fpBy = new Map<string, number>();
const t0 = process.hrtime.bigint();
for (const r of records) {
  const findings = scanner
    .scanText(r.text)
    .filter((f) => categories.has(f.category) && f.score >= BLOCK_THRESHOLD);
  const s = stats.get(r.category) ?? { count: 0, hit: 0 };
  s.count++;
  if (findings.length > 0) s.hit++;
  stats.set(r.category, s);
  const benign = r.category === 'benign' || r.category === 'benign_tricky';
  if (benign && findings.length > 0) {
    for (const f of findings) fpBy.set(f.detector, (fpBy.get(f.detector) ?? 0) + 1);
    if (showFp) {
      const f = findings[0]!;
      console.log(
        `FP ${r.category} ${f.detector} ${f.score} ${JSON.stringify(r.text.slice(0, 160))}`,
      );
    }
  }
  if (showMisses === r.category && findings.length === 0) {
    console.log(`MISS ${r.source.split('/').pop()} ${JSON.stringify(r.text.slice(0, 160))}`);
  }
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
for (const [cat, s] of [...stats].sort()) {
  const rate = ((100 * s.hit) / s.count).toFixed(1);
  const label = cat === 'benign' || cat === 'benign_tricky' ? 'flagged' : 'recall';
  console.log(`${cat.padEnd(18)} ${String(s.count).padStart(5)}  ${label} ${rate}%`);
}
console.log('false positives by detector:', Object.fromEntries(fpBy));
console.log(`${records.length} records in ${ms.toFixed(0)} ms`);
