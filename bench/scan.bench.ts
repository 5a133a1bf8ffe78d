/**
 * Scanner benchmarks: `scan.message4k` (µs per 4 KB realistic message, full default scanner) and
 * `scan.throughput` (MB/s on benign prose). Each is reported beside a same-run baseline: one naive
 * case-insensitive alternation regex of the cue keywords, the "regex-only scanner" approach.
 */
import { performance } from 'node:perf_hooks';
import { HARMFUL_RULES } from '../src/scan/detectors/harmful.js';
import { INJECTION_RULES } from '../src/scan/detectors/injection.js';
import { JAILBREAK_RULES } from '../src/scan/detectors/jailbreak.js';
import { createScanner } from '../src/scan/index.js';
import { type BenchResult, round, timeUs } from './harness.js';

// A realistic 4 KB message: an e-mail thread pasted into a chat, with a URL, numbers, code.
const PARAGRAPHS = [
  'Hi team, following up on yesterday’s call about the quarterly billing migration. ',
  'The finance group asked whether we can move the invoice run from the 28th to the 1st, ',
  'so that late card payments settle before statements are generated. I checked the scheduler ',
  'config and the job is defined in billing/cron.yaml; the relevant entry is `invoice-run: "0 2 28 * *"`. ',
  'Changing it is easy, but the downstream reconciliation report reads the previous month’s ledger ',
  'and would need an extra day of buffer. Could someone from data engineering confirm? ',
  'Also, the customer in ticket 48213 says their statement shows two charges of 19.99 for the same ',
  'subscription. Support refunded one, but the dashboard at https://status.example.com/billing still ',
  'lists both. My guess is that the retry logic fired after a timeout from the payment provider. ',
  'If you have a moment, please review the draft runbook below and leave comments inline. ',
  'Step 1: pause the scheduler. Step 2: export pending invoices to CSV. Step 3: run the migration ',
  'script with --dry-run and compare totals against the ledger. Step 4: resume the scheduler. ',
  'For the summary to leadership, I would keep it short: what changes, when, who is affected, ',
  'and how we roll back. Thanks again for the quick turnaround on this, and have a good weekend! ',
];

function prose(bytes: number): string {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += PARAGRAPHS[(i * 7) % PARAGRAPHS.length];
  return s.slice(0, bytes);
}

/** The naive baseline: every cue keyword in one case-insensitive alternation. */
function naiveRegex(): RegExp {
  const words = new Set<string>();
  for (const r of [...INJECTION_RULES, ...JAILBREAK_RULES, ...HARMFUL_RULES]) {
    for (const a of r.anchors) words.add(a.replace(/^\^/, '').replace(/[|[\]/<]/g, '\\$&'));
  }
  return new RegExp([...words].join('|'), 'gi');
}

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

/** MB/s of `fn` over `text`, from the median of repeated timed runs. */
function throughput(fn: () => void, bytes: number, runs = 5): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)]!;
  return round(bytes / 1e6 / (ms / 1000), 1);
}

/** Runs the scanner benchmarks. */
export async function run(): Promise<BenchResult[]> {
  const scanner = createScanner();
  const re = naiveRegex();
  const msg = prose(4096);
  // Distinct copies so no detector can reuse work between iterations.
  const copies = Array.from({ length: 8 }, (_, i) => `${msg.slice(0, 4095)}${i}`);
  let k = 0;
  const full = timeUs(() => {
    scanner.scanText(copies[k++ & 7]!);
  });
  const naive = timeUs(() => {
    countMatches(re, copies[k++ & 7]!);
  });

  // 1 MiB dwarfs every per-call constant and exposes any superlinear path.
  const doc = prose(1 << 20);
  // Two distinct documents, alternated, so that no per-text cache carries work between runs.
  const docs = [doc, `${doc.slice(0, -1)}!`];
  const bytes = Buffer.byteLength(doc);
  let d = 0;
  const mbps = throughput(() => scanner.scanText(docs[d++ & 1]!), bytes);
  const naiveMbps = throughput(() => countMatches(re, doc), bytes);

  return [
    {
      name: 'scan.message4k',
      unit: 'µs',
      p50: full.p50,
      p99: full.p99,
      baseline: { name: 'naive keyword alternation regex', p50: naive.p50, p99: naive.p99 },
      note: 'full default scanner (normalise, decode, all detectors, classifier) on a 4 KB message',
    },
    {
      name: 'scan.throughput',
      unit: 'MB/s',
      value: mbps,
      baseline: { name: 'naive keyword alternation regex', value: naiveMbps },
      note: '1 MiB benign prose, full default scanner',
    },
  ];
}
