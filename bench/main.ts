/** `npm run bench [-- --json] [-- --only PREFIX]`: runs every bench/*.bench.js suite. */
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchResult, BenchSuite } from './harness.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.js'))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  if (only && !file.startsWith(only)) continue;
  const mod = (await import(new URL(file, import.meta.url).href)) as { run: BenchSuite };
  const got = await mod.run();
  results.push(...got);
  if (!json) for (const r of got) process.stderr.write(`${formatResult(r)}\n`);
}

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(totalmem() / 2 ** 30),
  platform: process.platform,
};
if (json) process.stdout.write(`${JSON.stringify({ machine, results }, null, 2)}\n`);

function formatResult(r: BenchResult): string {
  const own =
    r.value !== undefined ? `${r.value} ${r.unit}` : `p50 ${r.p50} p99 ${r.p99} ${r.unit}`;
  const base = r.baseline
    ? `  (baseline ${r.baseline.name}: ${r.baseline.value !== undefined ? r.baseline.value : `p50 ${r.baseline.p50}`})`
    : '';
  return `${r.name.padEnd(32)} ${own}${base}`;
}
