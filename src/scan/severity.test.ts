import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../core/finding.js';
import { BLOCK_THRESHOLD } from './scanner.js';
import { type SeverityScale, severityOf } from './severity.js';

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const SCALES: SeverityScale[] = [
  'secret',
  'unsafe_code',
  'pii',
  'exfiltration',
  'cue',
  'classifier',
];

describe('severityOf', () => {
  it('is monotonic in the score and blocking scores are at least medium', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCALES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (scale, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(RANK[severityOf(scale, lo)]).toBeLessThanOrEqual(RANK[severityOf(scale, hi)]);
          expect(severityOf(scale, hi) === 'low').toBe(hi < BLOCK_THRESHOLD);
        },
      ),
    );
  });

  it('keeps critical for credentials and destructive code only', () => {
    expect(severityOf('secret', 0.95)).toBe('critical');
    expect(severityOf('unsafe_code', 0.86)).toBe('critical');
    expect(severityOf('pii', 1)).toBe('high');
    expect(severityOf('classifier', 0.89)).toBe('medium');
    expect(severityOf('classifier', 0.9)).toBe('high');
  });
});
