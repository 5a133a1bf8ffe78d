import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { redact, redactText } from './redact.js';

const f = (start: number, end: number, entity = 'EMAIL'): Finding => ({
  category: 'pii',
  detector: 'pii.test',
  score: 0.9,
  severity: 'high',
  entity,
  span: { start, end },
});

describe('redact', () => {
  const text = 'mail bob@example.com or card 4111 1111 1111 1111 now';
  const email = f(5, 20);
  const card = f(29, 48, 'CREDIT_CARD');

  it('masks with the same length', () => {
    const out = redact(text, [email], { style: 'mask' });
    expect(out).toBe(`mail ${'*'.repeat(15)} or card 4111 1111 1111 1111 now`);
    expect(out.length).toBe(text.length);
  });

  it('keeps the last four digits of cards when asked', () => {
    expect(redact(text, [card], { style: 'mask', keepLast: 4 })).toBe(
      'mail bob@example.com or card **** **** **** 1111 now',
    );
  });

  it('replaces with type tags', () => {
    expect(redact(text, [email, card], { style: 'tag' })).toBe(
      'mail [EMAIL] or card [CREDIT_CARD] now',
    );
  });

  it('hashes with a keyed HMAC: stable per key, different across keys', () => {
    const a = redact(text, [email], { style: 'hash', key: 'k1' });
    expect(a).toMatch(/^mail \[EMAIL:[0-9a-f]{12}\] or card/);
    expect(redact(text, [email], { style: 'hash', key: 'k1' })).toBe(a);
    expect(redact(text, [email], { style: 'hash', key: 'k2' })).not.toBe(a);
  });

  it('merges overlapping spans', () => {
    const r = redactText(text, [f(5, 12), f(10, 20, 'SECRET')], { style: 'tag' });
    expect(r.text).toBe('mail [SECRET] or card 4111 1111 1111 1111 now');
    expect(r.redactions).toHaveLength(1);
    expect(r.redactions[0]!.span).toEqual({ start: 5, end: 20 });
  });

  it('preserves non-sensitive text exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(100), fc.nat(20)), { maxLength: 6 }),
        (t, spans) => {
          const findings = spans.map(([s, l]) => f(s, s + l));
          const { text: out, redactions } = redactText(t, findings, { style: 'tag' });
          // Rebuild: every character outside the redacted ranges appears in order, unchanged.
          let rebuilt = '';
          let at = 0;
          for (const r of redactions) {
            expect(r.span.start).toBeGreaterThanOrEqual(at);
            rebuilt += t.slice(at, r.span.start) + r.replacement;
            at = r.span.end;
          }
          rebuilt += t.slice(at);
          expect(out).toBe(rebuilt);
          const masked = redact(t, findings, { style: 'mask' });
          expect(masked.length).toBe(t.length);
          for (let i = 0; i < t.length; i++) {
            const inside = redactions.some((r) => i >= r.span.start && i < r.span.end);
            if (!inside) expect(masked[i]).toBe(t[i]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
