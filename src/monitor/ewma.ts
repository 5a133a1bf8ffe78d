/**
 * EWMA (exponentially weighted moving average) and its control chart (Roberts 1959):
 * z_t = λ·x_t + (1 − λ)·z_{t−1}, z_0 = μ0; alarm when z_t > μ0 + L·σ0·√(λ/(2 − λ)·(1 − (1 − λ)^{2t})).
 */

/** One EWMA step. */
export function ewmaNext(previous: number, x: number, lambda: number): number {
  return lambda * x + (1 - lambda) * previous;
}

/** Standard deviation of z_t in units of σ0 after `t` observations (exact, not only asymptotic). */
export function ewmaSigmaFactor(lambda: number, t: number): number {
  return Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * t)));
}

/** Upper control limit of the chart after `t` observations. */
export function ewmaUpperLimit(
  mu0: number,
  sigma0: number,
  lambda: number,
  L: number,
  t: number,
): number {
  return mu0 + L * sigma0 * ewmaSigmaFactor(lambda, t);
}

/** Decays a time-weighted count to `now`: c·exp(−Δt/τ). A rate in events per τ. */
export function decayed(count: number, lastAt: number, now: number, tauMs: number): number {
  const dt = now - lastAt;
  return dt <= 0 ? count : count * Math.exp(-dt / tauMs);
}
