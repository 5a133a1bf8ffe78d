import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Redaction } from '../core/finding.js';
import { contentIndex, redactParams, redactParts, spliceRedactions } from './redactions.js';

const r = (location: string, start: number, end: number, replacement = '[X]'): Redaction => ({
  location,
  span: { start, end },
  entity: 'X',
  replacement,
});

describe('redactions', () => {
  it('splices spans, clamping overlaps without duplicating text', () => {
    expect(spliceRedactions('hello world', [r('content', 0, 5)])).toBe('[X] world');
    expect(spliceRedactions('abcdef', [r('c', 1, 4), r('c', 2, 5)])).toBe('a[X][X]f');
    expect(spliceRedactions('abc', [r('c', 1, 99)])).toBe('a[X]');
  });

  it('keeps every character outside the spans, in order', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.tuple(fc.nat(40), fc.nat(10)), { maxLength: 5 }),
        (text, raw) => {
          const spans = raw
            .map(([s, n]) => r('content', s, s + n, '\u0000'))
            .sort((a, b) => a.span.start - b.span.start);
          const out = spliceRedactions(text, spans);
          const kept = out.split('\u0000').join('');
          // Every kept character comes from the original, in order (a subsequence).
          let i = 0;
          for (const ch of kept) {
            i = text.indexOf(ch, i);
            expect(i).toBeGreaterThanOrEqual(0);
            i++;
          }
        },
      ),
    );
  });

  it('maps content locations to parts', () => {
    expect(contentIndex('content')).toBe(0);
    expect(contentIndex('content[3]')).toBe(3);
    expect(contentIndex('params.a')).toBeUndefined();
    expect(redactParts(['a b', 'c d'], [r('content[1]', 0, 1)])).toEqual(['a b', '[X] d']);
  });

  it('redacts params at scanner-style paths', () => {
    const params = { to: 'x@y.z', list: ['keep', 'secret'], 'odd key': 'abc', n: 1 };
    const out = redactParams(params, [
      r('params.to', 0, 5),
      r('params.list[1]', 0, 6),
      r('params["odd key"]', 1, 2),
    ]);
    expect(out).toEqual({ to: '[X]', list: ['keep', '[X]'], 'odd key': 'a[X]c', n: 1 });
    expect(params.to).toBe('x@y.z');
  });
});
