/**
 * The classifier model: one logistic head per category over hashed n-gram features, weights
 * quantised to int8 per head. Scores are calibrated so that 0.5 sits at the threshold chosen on
 * held-out data for the target benign false-positive rate.
 */
import { extractFeatures, MAX_FEATURES } from './features.js';

/** Categories the classifier scores, in weight-layout order. */
export const HEADS = ['prompt_injection', 'jailbreak', 'harmful'] as const;
/** One classifier category. */
export type Head = (typeof HEADS)[number];
/** Calibrated score per category, each in [0, 1]; 0.5 is the calibrated decision threshold. */
export type HeadScores = Record<Head, number>;

/** Serialised format identifier; bump when features or layout change. */
export const MODEL_FORMAT = 'bulwark-classifier/2';

/** The model as stored in `models/classifier.json`. */
export interface SerializedModel {
  readonly format: typeof MODEL_FORMAT;
  readonly dimBits: number;
  readonly heads: readonly Head[];
  /** Per head: weight = int8 × scale. */
  readonly scale: readonly number[];
  readonly bias: readonly number[];
  /** Per head: raw logit at which the calibrated score is 0.5. */
  readonly threshold: readonly number[];
  /** Per head: divides (logit − threshold) so scores spread around 0.5 (temperature). */
  readonly temperature: readonly number[];
  /** base64 of int8 weights laid out `[bucket * heads + head]`. */
  readonly weights: string;
  /** Provenance and validation figures, for humans. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A loaded model, ready for inference. */
export interface ClassifierModel {
  readonly dimBits: number;
  readonly mask: number;
  readonly weights: Int8Array;
  readonly scale: Float64Array;
  readonly bias: Float64Array;
  readonly threshold: Float64Array;
  readonly temperature: Float64Array;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** Raised when a model file does not have the expected shape. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

function numbers(value: unknown, n: number, field: string): Float64Array {
  if (!Array.isArray(value) || value.length !== n || value.some((x) => typeof x !== 'number')) {
    throw new ModelFormatError(`model field "${field}" must be an array of ${n} numbers`);
  }
  return Float64Array.from(value as number[]);
}

/** Parses and validates a serialised model. */
export function loadModel(raw: unknown): ClassifierModel {
  if (typeof raw !== 'object' || raw === null) throw new ModelFormatError('model is not an object');
  const m = raw as Partial<Record<keyof SerializedModel, unknown>>;
  if (m.format !== MODEL_FORMAT) {
    throw new ModelFormatError(`model format must be "${MODEL_FORMAT}", got ${String(m.format)}`);
  }
  const dimBits = m.dimBits;
  if (typeof dimBits !== 'number' || !Number.isInteger(dimBits) || dimBits < 8 || dimBits > 24) {
    throw new ModelFormatError('model field "dimBits" must be an integer in 8..24');
  }
  if (
    !Array.isArray(m.heads) ||
    m.heads.length !== HEADS.length ||
    m.heads.some((h, i) => h !== HEADS[i])
  ) {
    throw new ModelFormatError(`model heads must be ${HEADS.join(',')}`);
  }
  if (typeof m.weights !== 'string') throw new ModelFormatError('model field "weights" missing');
  const buf = Buffer.from(m.weights, 'base64');
  const expected = (1 << dimBits) * HEADS.length;
  if (buf.length !== expected) {
    throw new ModelFormatError(`model weights hold ${buf.length} bytes, expected ${expected}`);
  }
  const weights = new Int8Array(expected);
  weights.set(new Int8Array(buf.buffer, buf.byteOffset, buf.length));
  return {
    dimBits,
    mask: (1 << dimBits) - 1,
    weights,
    scale: numbers(m.scale, HEADS.length, 'scale'),
    bias: numbers(m.bias, HEADS.length, 'bias'),
    threshold: numbers(m.threshold, HEADS.length, 'threshold'),
    temperature: numbers(m.temperature, HEADS.length, 'temperature'),
    meta: typeof m.meta === 'object' && m.meta !== null ? (m.meta as Record<string, unknown>) : {},
  };
}

// Reused across calls: inference is synchronous, so one buffer per process suffices.
const featureBuffer = new Int32Array(MAX_FEATURES);

/** Raw logits per head (before calibration) for `text`. */
export function rawLogits(model: ClassifierModel, text: string): [number, number, number] {
  const n = extractFeatures(text, model.mask, featureBuffer);
  const w = model.weights;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const o = featureBuffer[i]! * 3;
    s0 += w[o]!;
    s1 += w[o + 1]!;
    s2 += w[o + 2]!;
  }
  const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
  return [
    s0 * model.scale[0]! * norm + model.bias[0]!,
    s1 * model.scale[1]! * norm + model.bias[1]!,
    s2 * model.scale[2]! * norm + model.bias[2]!,
  ];
}

function calibrated(model: ClassifierModel, head: number, z: number): number {
  const t = (z - model.threshold[head]!) / model.temperature[head]!;
  return 1 / (1 + Math.exp(-t));
}

/** Calibrated scores for `text`: ≥ 0.5 means "above the validated threshold" for that head. */
export function classify(model: ClassifierModel, text: string): HeadScores {
  const z = rawLogits(model, text);
  return {
    prompt_injection: calibrated(model, 0, z[0]),
    jailbreak: calibrated(model, 1, z[1]),
    harmful: calibrated(model, 2, z[2]),
  };
}
