/**
 * Quick timing of the scanner and of each registered detector on a 4 KB realistic message and on
 * benign prose (for tuning; the official figures come from `npm run bench`).
 * Run: npx rolldown scripts/scan-perf.ts -o scripts/.scan-perf.mjs -p node -f esm -e libphonenumber-js/max,re2js
 *      node scripts/.scan-perf.mjs ../shared/eval/dev.jsonl   (ONLY_4K=1 for the 4 KB figures only)
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createScanner, DETECTORS } from '../src/scan/index.js';

const file = process.argv[2] ?? '../shared/eval/dev.jsonl';
const benign = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.includes('"label": "benign"') || l.includes('"label":"benign"'))
  .map((l) => (JSON.parse(l) as { text: string }).text);
let prose = '';
for (const t of benign) {
  if (prose.length > 4000) break;
  prose += `${t}\n\n`;
}
const message4k = prose.slice(0, 4096);

function time(fn: () => void, iters: number): number {
  for (let i = 0; i < Math.min(200, iters); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    fn();
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const scanner = createScanner();
console.log(`message4k p50: ${time(() => scanner.scanText(message4k), 3000).toFixed(1)} µs`);
for (const d of DETECTORS) {
  const view = { text: message4k, layer: 'original' };
  console.log(`  ${d.id.padEnd(16)} ${time(() => d.detect(view), 2000).toFixed(1)} µs`);
}
if (process.env.ONLY_4K === '1') process.exit(0);
const big = benign.join('\n\n');
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 2000) {
  for (let i = 0; i < big.length; i += 4096) scanner.scanText(big.slice(i, i + 4096));
  n += big.length;
}
const chunks: string[] = [];
for (let i = 0; i < big.length; i += 4096) chunks.push(big.slice(i, i + 4096));
for (const d of DETECTORS) {
  const t1 = performance.now();
  for (const c of chunks) d.detect({ text: c, layer: 'original' });
  console.log(
    `  all-benign ${d.id.padEnd(14)} ${(big.length / 1e6 / ((performance.now() - t1) / 1000)).toFixed(1)} MB/s`,
  );
}
const plain = createScanner({ decode: false });
const t2 = performance.now();
for (const c of chunks) plain.scanText(c);
console.log(
  `  no-decode scanner ${(big.length / 1e6 / ((performance.now() - t2) / 1000)).toFixed(1)} MB/s`,
);
console.log(`throughput: ${(n / 1e6 / ((performance.now() - t0) / 1000)).toFixed(1)} MB/s`);
