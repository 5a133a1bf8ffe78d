import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { piiDetector } from './detectors/pii.js';
import { secretDetector } from './detectors/secret.js';
import { createScanner } from './scanner.js';
import { createStreamScanner } from './stream.js';

const scanner = createScanner({ detectors: [piiDetector, secretDetector] });
const HOLD = 96;

const piece = fc.constantFrom(
  'hello there, ',
  'the weather is fine today. ',
  'mail alice.smith@mailhost.net please ',
  'card 4111 1111 1111 1111 ok ',
  'token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 ',
  'call +44 20 7946 0958 now ',
  'numbers 12 and 345 ',
  '\n',
);

function key(f: Finding): string {
  return `${f.category}|${f.detector}|${f.span!.start}|${f.span!.end}`;
}

function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let at = 0;
  for (const p of points) {
    out.push(text.slice(at, p));
    at = p;
  }
  out.push(text.slice(at));
  return out;
}

describe('createStreamScanner', () => {
  it('finds a secret split across chunks and holds it back until seen', () => {
    const s = createStreamScanner({ scanner, holdBack: HOLD });
    const a = s.push('my token is ghp_aBcDeFgHiJkLm');
    expect(a.findings).toHaveLength(0);
    expect(a.release).not.toContain('ghp_');
    const b = s.push('NoPqRsTuVwXyZ0123456789 and more');
    const c = s.end();
    const all = [...a.findings, ...b.findings, ...c.findings];
    expect(all.map((f) => f.entity)).toContain('GITHUB_TOKEN');
    expect(a.release + b.release + c.release).toBe(
      'my token is ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 and more',
    );
  });

  it('redacts released text when asked', () => {
    const s = createStreamScanner({ scanner, holdBack: HOLD, redact: { style: 'tag' } });
    const out = [s.push('write to bob@mailh'), s.push('ost.net today'), s.end()];
    expect(out.map((r) => r.release).join('')).toBe('write to [EMAIL] today');
  });

  it('chunking yields the same findings as a whole scan; nothing leaks before detection (property)', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 14 }),
        fc.array(fc.nat(2000), { maxLength: 12 }),
        (pieces, cuts) => {
          const text = pieces.join('');
          const whole = scanner
            .scanText(text)
            .filter((f) => f.span!.end - f.span!.start <= HOLD)
            .map(key)
            .sort();
          const s = createStreamScanner({ scanner, holdBack: HOLD });
          const seen: string[] = [];
          let released = '';
          const spansSeen: Finding[] = [];
          const check = (r: { release: string; findings: readonly Finding[] }) => {
            for (const f of r.findings) {
              seen.push(key(f));
              spansSeen.push(f);
            }
            released += r.release;
            // No finding of `whole` may have a character released before it is reported.
            for (const k of whole) {
              const [, , st] = k.split('|');
              if (released.length > Number(st) && !seen.includes(k)) {
                throw new Error(`leaked ${k} at ${released.length}`);
              }
            }
          };
          for (const c of chunked(text, cuts)) check(s.push(c));
          check(s.end());
          expect(released).toBe(text);
          expect([...new Set(seen)].filter((k) => whole.includes(k)).sort()).toEqual(whole);
        },
      ),
      { numRuns: 150 },
    );
  });
});
