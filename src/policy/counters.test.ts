import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from './counters.js';

describe('MemoryCounterStore', () => {
  it('sums amounts inside the sliding window only', () => {
    const s = new MemoryCounterStore();
    s.add('k', 5, 1000, 0);
    s.add('k', 7, 1000, 500);
    expect(s.sum('k', 1000, 900)).toBe(12);
    expect(s.sum('k', 1000, 1000)).toBe(7);
    expect(s.sum('k', 1000, 1500)).toBe(0);
    expect(s.sum('other', 1000, 0)).toBe(0);
  });

  it('agrees with a brute-force sum for arbitrary add/sum sequences', () => {
    const op = fc.record({
      dt: fc.integer({ min: 0, max: 400 }),
      amount: fc.integer({ min: 0, max: 9 }),
      key: fc.constantFrom('a', 'b'),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new MemoryCounterStore();
        const log: Array<{ t: number; amount: number; key: string }> = [];
        let t = 0;
        for (const o of ops) {
          t += o.dt;
          s.add(o.key, o.amount, 1000, t);
          log.push({ t, amount: o.amount, key: o.key });
          for (const key of ['a', 'b']) {
            const want = log
              .filter((e) => e.key === key && e.t > t - 1000)
              .reduce((x, e) => x + e.amount, 0);
            expect(s.sum(key, 1000, t)).toBe(want);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('bounds keys and entries, erring on the side of counting longer', () => {
    const s = new MemoryCounterStore({ maxKeys: 10, maxEntriesPerKey: 4 });
    for (let i = 0; i < 50; i++) s.add(`k${i}`, 1, 1000, i);
    expect(s.size).toBeLessThanOrEqual(10);
    for (let i = 0; i < 10; i++) s.add('hot', 1, 10_000, 100 + i);
    expect(s.sum('hot', 10_000, 200)).toBe(10);
  });
});
