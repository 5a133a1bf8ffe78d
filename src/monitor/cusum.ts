/**
 * One-sided CUSUM (Page 1954) on log-likelihood ratios: S_t = max(0, S_{t−1} + ℓ_t), alarm when
 * S_t ≥ h, where ℓ_t = ln f1(x_t)/f0(x_t) compares a shifted model with the baseline. By Lorden's
 * bound the mean run between false alarms under the baseline is at least e^h observations.
 */

/** One CUSUM step. */
export function cusumNext(s: number, llr: number): number {
  const next = s + llr;
  return Math.max(next, 0);
}

/** Log-likelihood ratio of a Bernoulli observation (x ∈ {0,1}) under p1 versus p0. */
export function bernoulliLlr(x: boolean, p0: number, p1: number): number {
  return x ? Math.log(p1 / p0) : Math.log((1 - p1) / (1 - p0));
}

/** Precomputed Bernoulli increments: [ℓ(0), ℓ(1)]; the hot path only adds. */
export function bernoulliSteps(p0: number, p1: number): readonly [number, number] {
  return [bernoulliLlr(false, p0, p1), bernoulliLlr(true, p0, p1)];
}

/**
 * Tabular reference value k of a Bernoulli CUSUM (increments x − k, in counts): the
 * LLR rescaled by ln(p1(1−p0)/(p0(1−p1))). Useful to read h in "excess events".
 */
export function bernoulliReference(p0: number, p1: number): number {
  return Math.log((1 - p0) / (1 - p1)) / Math.log((p1 * (1 - p0)) / (p0 * (1 - p1)));
}

/**
 * Log-likelihood ratio of an inter-arrival gap under a Poisson process of rate `ratio`·r0
 * versus r0 (events per ms): ln(ratio) − (ratio − 1)·r0·gap.
 */
export function exponentialLlr(gapMs: number, r0: number, ratio: number): number {
  return Math.log(ratio) - (ratio - 1) * r0 * gapMs;
}

/** Expected increment E[ℓ] of a Bernoulli CUSUM when the true rate is p. */
export function bernoulliDrift(p: number, p0: number, p1: number): number {
  return p * Math.log(p1 / p0) + (1 - p) * Math.log((1 - p1) / (1 - p0));
}
