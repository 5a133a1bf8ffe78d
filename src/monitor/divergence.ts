/** Jensen–Shannon divergence (base 2, in [0, 1]) between discrete distributions over the same buckets. */

/** JS(p‖q) = ½·KL(p‖m) + ½·KL(q‖m), m = (p + q)/2; in bits, so 0 ≤ JS ≤ 1. Inputs need not be normalised. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i]!;
    sq += q[i]!;
  }
  if (sp <= 0 || sq <= 0) return 0;
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const m = (a + b) / 2;
    if (a > 0) js += a * Math.log2(a / m);
    if (b > 0) js += b * Math.log2(b / m);
  }
  const v = js / 2;
  return v < 0 ? 0 : Math.min(v, 1);
}
