/**
 * `bulwark eval --data FILE.jsonl [--json] [--split all|train|validation] [--by-source]`: runs the
 * full default scanner on every record and reports detection quality and per-record latency. An
 * attack is detected, and a benign record flagged, when any finding scores ≥ `BLOCK_THRESHOLD`.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { Finding } from '../core/finding.js';
import {
  DatasetError,
  type LabelledRecord,
  parseRecords,
  splitOf,
} from '../scan/classifier/train.js';
import { BLOCK_THRESHOLD, createScanner } from '../scan/index.js';

/** Counts for one attack category. */
export interface CategoryFigures {
  count: number;
  detected: number;
  recall: number;
}

/** Counts for benign records. */
export interface BenignFigures {
  count: number;
  flagged: number;
  fpr: number;
}

/** The `--json` object (DESIGN.md, "Machine-readable outputs"). */
export interface EvalReport {
  readonly records: number;
  readonly byCategory: Record<string, CategoryFigures>;
  readonly benign: BenignFigures;
  readonly benignTricky: BenignFigures;
  readonly overall: { recall: number; precision: number; f1: number; fpr: number };
  readonly latencyUs: { p50: number; p99: number };
}

/** One scored record: whether it was flagged and how long the scan took. */
export interface ScoredRecord {
  readonly record: LabelledRecord;
  readonly flagged: boolean;
  readonly us: number;
}

const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Scans each record (after a warm-up pass over up to 200 of them) and times it. */
export function scoreRecords(
  records: readonly LabelledRecord[],
  scanText: (text: string) => readonly Finding[],
): ScoredRecord[] {
  for (const r of records.slice(0, 200)) scanText(r.text);
  return records.map((record) => {
    const t0 = performance.now();
    const findings = scanText(record.text);
    const us = (performance.now() - t0) * 1000;
    return { record, flagged: findings.some((f) => f.score >= BLOCK_THRESHOLD), us };
  });
}

/** Aggregates scored records into the report object. */
export function summarise(scored: readonly ScoredRecord[]): EvalReport {
  const byCategory: Record<string, CategoryFigures> = {};
  const benign: BenignFigures = { count: 0, flagged: 0, fpr: 0 };
  const benignTricky: BenignFigures = { count: 0, flagged: 0, fpr: 0 };
  for (const { record, flagged } of scored) {
    if (record.label === 'benign') {
      const b = record.category === 'benign_tricky' ? benignTricky : benign;
      b.count++;
      if (flagged) b.flagged++;
    } else {
      let c = byCategory[record.category];
      if (c === undefined) {
        c = { count: 0, detected: 0, recall: 0 };
        byCategory[record.category] = c;
      }
      c.count++;
      if (flagged) c.detected++;
    }
  }
  let attacks = 0;
  let detected = 0;
  for (const c of Object.values(byCategory)) {
    c.recall = round(c.count ? c.detected / c.count : 0);
    attacks += c.count;
    detected += c.detected;
  }
  benign.fpr = round(benign.count ? benign.flagged / benign.count : 0);
  benignTricky.fpr = round(benignTricky.count ? benignTricky.flagged / benignTricky.count : 0);
  const falsePositives = benign.flagged + benignTricky.flagged;
  const negatives = benign.count + benignTricky.count;
  const recall = attacks ? detected / attacks : 0;
  const precision = detected + falsePositives ? detected / (detected + falsePositives) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const us = scored.map((s) => s.us).sort((a, b) => a - b);
  return {
    records: scored.length,
    byCategory: Object.fromEntries(Object.entries(byCategory).sort(([a], [b]) => (a < b ? -1 : 1))),
    benign,
    benignTricky,
    overall: {
      recall: round(recall),
      precision: round(precision),
      f1: round(f1),
      fpr: round(negatives ? falsePositives / negatives : 0),
    },
    latencyUs: { p50: round(percentile(us, 50), 1), p99: round(percentile(us, 99), 1) },
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

/** Human-readable table of a report. */
export function formatReport(r: EvalReport): string {
  const lines = [`${r.records} records`, 'category            detected/count   recall'];
  for (const [cat, c] of Object.entries(r.byCategory)) {
    lines.push(`${cat.padEnd(20)}${`${c.detected}/${c.count}`.padStart(14)}  ${pct(c.recall)}`);
  }
  lines.push('                     flagged/count      FPR');
  lines.push(
    `${'benign'.padEnd(20)}${`${r.benign.flagged}/${r.benign.count}`.padStart(14)}  ${pct(r.benign.fpr)}`,
  );
  lines.push(
    `${'benign_tricky'.padEnd(20)}${`${r.benignTricky.flagged}/${r.benignTricky.count}`.padStart(14)}  ${pct(r.benignTricky.fpr)}`,
  );
  const o = r.overall;
  lines.push(
    `overall: recall ${pct(o.recall).trim()}  precision ${pct(o.precision).trim()}  F1 ${o.f1.toFixed(3)}  FPR ${pct(o.fpr).trim()}`,
  );
  lines.push(`latency per record: p50 ${r.latencyUs.p50} µs  p99 ${r.latencyUs.p99} µs`);
  return lines.join('\n');
}

/** Per-source breakdown (recall of attacks, flag rate of benign) for finding weak spots. */
function formatBySource(scored: readonly ScoredRecord[]): string {
  const groups = new Map<string, { n: number; hit: number }>();
  for (const { record, flagged } of scored) {
    const key = `${record.category.padEnd(17)} ${record.source.split(':')[0]}`;
    const g = groups.get(key) ?? { n: 0, hit: 0 };
    g.n++;
    if (flagged) g.hit++;
    groups.set(key, g);
  }
  const lines = ['category          source  flagged/count'];
  for (const [key, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`${key}  ${g.hit}/${g.n}`);
  }
  return lines.join('\n');
}

/** Registers `bulwark eval`. */
export function register(program: Command): void {
  program
    .command('eval')
    .description('detection quality and latency of the default scanner on labelled JSONL')
    .requiredOption('--data <file>', 'labelled JSONL (format of ../shared/eval/README.md)')
    .option('--json', 'print the machine-readable report object')
    .option(
      '--split <split>',
      'all | train | validation (the classifier never trains on validation)',
      'all',
    )
    .option('--by-source', 'also print flagged/count per category and source')
    .action((opts: { data: string; json?: boolean; split: string; bySource?: boolean }) => {
      if (!['all', 'train', 'validation'].includes(opts.split)) {
        process.stderr.write(`bulwark eval: --split must be all, train or validation\n`);
        process.exitCode = 2;
        return;
      }
      let records: LabelledRecord[];
      try {
        records = parseRecords(readFileSync(opts.data, 'utf8'));
      } catch (e) {
        // DatasetError messages carry the line number; I/O errors name the path themselves.
        const msg = e instanceof DatasetError ? `${opts.data}: ${e.message}` : (e as Error).message;
        process.stderr.write(`bulwark eval: ${msg}\n`);
        process.exitCode = 2;
        return;
      }
      if (opts.split !== 'all') records = records.filter((r) => splitOf(r.id) === opts.split);
      const scanner = createScanner();
      // Latency is reported for a running scanner, as a server's: patterns compiled ahead.
      scanner.warm();
      const scored = scoreRecords(records, (text) => scanner.scanText(text));
      const report = summarise(scored);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      process.stdout.write(`${formatReport(report)}\n`);
      if (opts.bySource) process.stdout.write(`${formatBySource(scored)}\n`);
    });
}
