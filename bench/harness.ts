/** Benchmark harness: timings in µs, medians and percentiles, baselines measured in the same run. */
import { performance } from 'node:perf_hooks';

/** One figure, as DESIGN.md's bench contract names it. */
export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly p50?: number;
  readonly p99?: number;
  readonly value?: number;
  readonly baseline?: {
    readonly name: string;
    readonly p50?: number;
    readonly p99?: number;
    readonly value?: number;
  };
  readonly note?: string;
}

/** A bench suite: a module under bench/ whose name ends in `.bench.ts`, exporting `run`. */
export type BenchSuite = () => Promise<BenchResult[]>;

/** Percentile (0..100) of a sorted array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * Time `fn` per call (µs). Calls are batched so each sample is ≥ ~20 µs of work, which keeps
 * timer resolution out of sub-microsecond figures; the sample is divided by the batch size.
 */
export function timeUs(
  fn: () => void,
  opts: { samples?: number; warmup?: number } = {},
): { p50: number; p99: number } {
  const samples = opts.samples ?? 2000;
  for (let i = 0; i < (opts.warmup ?? 500); i++) fn();
  let batch = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    if ((performance.now() - t0) * 1000 >= 20 || batch >= 1 << 16) break;
    batch *= 2;
  }
  const out: number[] = new Array(samples);
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    out[s] = ((performance.now() - t0) * 1000) / batch;
  }
  out.sort((a, b) => a - b);
  return { p50: round(percentile(out, 50)), p99: round(percentile(out, 99)) };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
