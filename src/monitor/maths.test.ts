import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/random.js';
import {
  bernoulliDrift,
  bernoulliLlr,
  bernoulliReference,
  cusumNext,
  exponentialLlr,
} from './cusum.js';
import { jensenShannon } from './divergence.js';
import { decayed, ewmaNext, ewmaSigmaFactor, ewmaUpperLimit } from './ewma.js';

const lambdaArb = fc.double({ min: 0.001, max: 1, noNaN: true });
const prob = fc.double({ min: 0.001, max: 0.999, noNaN: true });

const rng = seededRandom;

describe('EWMA', () => {
  it('stays between the previous value and the observation', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        lambdaArb,
        (prev, x, l) => {
          const z = ewmaNext(prev, x, l);
          expect(z).toBeGreaterThanOrEqual(Math.min(prev, x) - 1e-6);
          expect(z).toBeLessThanOrEqual(Math.max(prev, x) + 1e-6);
        },
      ),
    );
  });

  it('equals the explicit weighted sum λ·Σ(1−λ)^i·x_{t−i} + (1−λ)^t·z0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { maxLength: 50 }),
        lambdaArb,
        fc.double({ min: -100, max: 100, noNaN: true }),
        (xs, l, z0) => {
          let z = z0;
          for (const x of xs) z = ewmaNext(z, x, l);
          let explicit = (1 - l) ** xs.length * z0;
          xs.forEach((x, i) => {
            explicit += l * (1 - l) ** (xs.length - 1 - i) * x;
          });
          expect(z).toBeCloseTo(explicit, 6);
        },
      ),
    );
  });

  it('σ factor is the exact standard deviation of z_t for unit-variance inputs, rising to √(λ/(2−λ))', () => {
    fc.assert(
      fc.property(lambdaArb, fc.integer({ min: 1, max: 500 }), (l, t) => {
        let v = 0;
        for (let i = 0; i < t; i++) v += (l * (1 - l) ** i) ** 2; // Var(Σ w_i x_i) = Σ w_i²
        expect(ewmaSigmaFactor(l, t)).toBeCloseTo(Math.sqrt(v), 9);
        expect(ewmaSigmaFactor(l, t + 1)).toBeGreaterThanOrEqual(ewmaSigmaFactor(l, t));
        expect(ewmaSigmaFactor(l, t)).toBeLessThanOrEqual(Math.sqrt(l / (2 - l)) + 1e-12);
        expect(ewmaUpperLimit(5, 2, l, 3, t)).toBeCloseTo(5 + 6 * ewmaSigmaFactor(l, t), 9);
      }),
    );
  });

  it('time decay halves a count every τ·ln2 and never grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 1e7 }),
        (c, dt) => {
          expect(decayed(c, 1000, 1000 + dt, 60_000)).toBeLessThanOrEqual(c);
          expect(decayed(c, 1000, 900, 60_000)).toBe(c); // clock skew never inflates
        },
      ),
    );
    expect(decayed(8, 0, 60_000 * Math.LN2, 60_000)).toBeCloseTo(4, 9);
  });
});

describe('CUSUM', () => {
  it("Page's recursion equals the largest suffix sum (or 0)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { maxLength: 60 }),
        (ls) => {
          let s = 0;
          for (const l of ls) s = cusumNext(s, l);
          let best = 0;
          for (let j = 0; j < ls.length; j++) {
            let sum = 0;
            for (let i = j; i < ls.length; i++) sum += ls[i]!;
            best = Math.max(best, sum);
          }
          expect(s).toBeCloseTo(best, 6);
          expect(s).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('Bernoulli LLR drifts down under p0 and up under p1 (the two KL divergences)', () => {
    fc.assert(
      fc.property(prob, prob, (a, b) => {
        fc.pre(Math.abs(a - b) > 1e-3);
        const [p0, p1] = a < b ? [a, b] : [b, a];
        expect(bernoulliDrift(p0, p0, p1)).toBeLessThan(0);
        expect(bernoulliDrift(p1, p0, p1)).toBeGreaterThan(0);
        expect(bernoulliLlr(true, p0, p1)).toBeGreaterThan(0);
        expect(bernoulliLlr(false, p0, p1)).toBeLessThan(0);
        const k = bernoulliReference(p0, p1);
        expect(k).toBeGreaterThan(p0);
        expect(k).toBeLessThan(p1);
      }),
    );
  });

  it('exponential LLR: mean ln r − (r − 1) < 0 under the baseline, > 0 once the rate is r× or more', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.01, max: 20, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        (ratio, r0) => {
          // E[gap] = 1/r under rate r; the LLR is linear in the gap.
          const meanAt = (rate: number) => exponentialLlr(1 / rate, r0, ratio);
          expect(meanAt(r0)).toBeLessThan(0);
          expect(meanAt(r0 * ratio)).toBeGreaterThan(0);
        },
      ),
    );
  });

  it("Lorden's bound: mean run to a false alarm under the baseline is at least e^h (Monte Carlo)", () => {
    const random = rng(7);
    const p0 = 0.1;
    const p1 = 0.3;
    const h = Math.log(200);
    const runs: number[] = [];
    for (let r = 0; r < 200; r++) {
      let s = 0;
      let n = 0;
      while (s < h && n < 1e5) {
        s = cusumNext(s, bernoulliLlr(random() < p0, p0, p1));
        n++;
      }
      runs.push(n);
    }
    const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
    expect(mean).toBeGreaterThan(200);
  });
});

describe('Jensen–Shannon divergence', () => {
  const dist = fc.array(fc.double({ min: 0, max: 10, noNaN: true }), {
    minLength: 2,
    maxLength: 17,
  });
  it('is symmetric, within [0, 1], and 0 for equal distributions', () => {
    fc.assert(
      fc.property(dist, dist, (a, b) => {
        const n = Math.min(a.length, b.length);
        const p = a.slice(0, n);
        const q = b.slice(0, n);
        const js = jensenShannon(p, q);
        expect(js).toBeGreaterThanOrEqual(0);
        expect(js).toBeLessThanOrEqual(1);
        expect(js).toBeCloseTo(jensenShannon(q, p), 12);
        expect(jensenShannon(p, p)).toBeCloseTo(0, 12);
        expect(
          jensenShannon(
            p,
            p.map((x) => x * 3),
          ),
        ).toBeCloseTo(0, 12); // scale-free
      }),
    );
  });
  it('is 1 bit for disjoint supports', () => {
    expect(jensenShannon([1, 0, 0], [0, 0.5, 0.5])).toBeCloseTo(1, 12);
  });
});
