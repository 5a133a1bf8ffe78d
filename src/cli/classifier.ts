/**
 * `bulwark classifier train --data FILE.jsonl [--out models/classifier.json] [--loso] [--json]`:
 * trains the classifier on the `train` split of a labelled JSONL file (deterministic split by id
 * hash), reports classifier-only figures on the held-out `validation` split and, with `--loso`,
 * leave-one-source-out figures, and writes the model.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { classifierDetector } from '../scan/classifier/detector.js';
import type { ClassifierModel } from '../scan/classifier/model.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  type DetectionReport,
  detectionReport,
  leaveOneSourceOut,
  parseRecords,
  splitOf,
  trainModel,
} from '../scan/classifier/train.js';
import { BLOCK_THRESHOLD } from '../scan/scanner.js';

// Judged as the scanner runs the model: through the detector, so the harmful head's harm-lexicon
// gate applies (an ungated head would report false positives the scanner never raises).
function flagsWith(model: ClassifierModel): (text: string) => boolean {
  const detector = classifierDetector(model);
  return (text) =>
    detector.detect({ text, layer: 'original' }).some((f) => f.score >= BLOCK_THRESHOLD);
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function describe(title: string, r: DetectionReport): string {
  const lines = [title];
  for (const [cat, c] of Object.entries(r.byCategory).sort()) {
    lines.push(
      `  ${cat.padEnd(18)} ${String(c.detected).padStart(5)}/${String(c.count).padEnd(5)} recall ${pct(c.recall)}`,
    );
  }
  if (r.benign.count) {
    lines.push(
      `  ${'benign'.padEnd(18)} ${String(r.benign.flagged).padStart(5)}/${String(r.benign.count).padEnd(5)} FPR    ${pct(r.benign.fpr)}`,
    );
  }
  if (r.benignTricky.count) {
    lines.push(
      `  ${'benign_tricky'.padEnd(18)} ${String(r.benignTricky.flagged).padStart(5)}/${String(r.benignTricky.count).padEnd(5)} FPR    ${pct(r.benignTricky.fpr)}`,
    );
  }
  return lines.join('\n');
}

/** Registers `bulwark classifier`. */
export function register(program: Command): void {
  const cmd = program
    .command('classifier')
    .description('train and validate the content classifier');
  cmd
    .command('train')
    .description('train on the train split, report on the validation split, write the model')
    .requiredOption('--data <file>', 'labelled JSONL (format of ../shared/eval/README.md)')
    .option('--out <file>', 'where to write the model', 'models/classifier.json')
    .option('--loso', 'also run the leave-one-source-out check (slower)')
    .option('--json', 'print the report as JSON')
    .action((opts: { data: string; out: string; loso?: boolean; json?: boolean }) => {
      const raw = readFileSync(opts.data, 'utf8');
      const records = parseRecords(raw);
      const train = records.filter((r) => splitOf(r.id) === 'train');
      const validation = records.filter((r) => splitOf(r.id) === 'validation');
      const t0 = performance.now();
      const { serialized, model } = trainModel(train, DEFAULT_TRAIN_OPTIONS);
      const seconds = (performance.now() - t0) / 1000;
      const val = detectionReport(validation, flagsWith(model));
      const meta = {
        data: { sha256: createHash('sha256').update(raw).digest('hex'), records: records.length },
        split: {
          train: train.length,
          validation: validation.length,
          rule: 'fnv1a("split:"+id) % 5 == 0 is validation',
        },
        options: DEFAULT_TRAIN_OPTIONS,
        validation: val,
      };
      const out = { ...serialized, meta };
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, `${JSON.stringify(out)}\n`);
      // Written first: the leave-one-source-out check below retrains many times.
      const loso = opts.loso
        ? leaveOneSourceOut(train, DEFAULT_TRAIN_OPTIONS, flagsWith)
        : undefined;
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ trainSeconds: seconds, ...meta, loso }, null, 2)}\n`,
        );
        return;
      }
      const lines = [
        `trained on ${train.length} records in ${seconds.toFixed(1)} s; model written to ${opts.out}`,
        describe(`validation split (${validation.length} records, classifier only):`, val),
      ];
      for (const l of loso ?? []) lines.push(describe(`held-out source ${l.group}:`, l.report));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
