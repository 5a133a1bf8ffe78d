import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLatin, registerKeywords } from './keywords.js';
import { lexical } from './lexical.js';

describe('foldLatin', () => {
  it('folds accented Latin letters to ASCII unit for unit', () => {
    expect(foldLatin('Ígnóré áll prévíóús')).toBe('Ignore all previous');
    expect(foldLatin('Quên những hướng dẫn')).toBe('Quen nhung huong dan');
    expect(foldLatin('ÖNCEKİ TALİMATLARI')).toBe('ONCEKI TALIMATLARI');
    expect(foldLatin('忽略 игнорируй')).toBe('忽略 игнорируй');
  });

  it('preserves length and leaves ASCII alone (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const f = foldLatin(s);
        expect(f.length).toBe(s.length);
        for (let i = 0; i < s.length; i++) {
          if (s.charCodeAt(i) < 128) expect(f.charCodeAt(i)).toBe(s.charCodeAt(i));
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Keywords of a private group: a leading `^` needs a word start, a space matches any whitespace.
const GROUP = ['^ignor', 'previous', 'ous in', 'сист', '忽略', '<|', ';', '^a'];
const group = registerKeywords(GROUP);
const presence = registerKeywords(['zz', '^q'], { presenceOnly: true });

/** Reference: every occurrence by brute force over the folded text. */
function naive(text: string): string[] {
  const out: string[] = [];
  const unit = (i: number) => {
    const f = foldLatin(text[i]!).toLowerCase();
    return /\s/.test(f) || f === '\u00a0' ? ' ' : f;
  };
  GROUP.forEach((k, g) => {
    const wordStart = k.startsWith('^');
    const units = wordStart ? k.slice(1) : k;
    for (let end = units.length; end <= text.length; end++) {
      const start = end - units.length;
      let ok = true;
      for (let j = 0; j < units.length && ok; j++) ok = unit(start + j) === units[j];
      if (ok && wordStart && start > 0) ok = !/\w/.test(text[start - 1]!);
      if (ok) out.push(`${g}@${end}`);
    }
  });
  return out.sort();
}

function found(text: string): string[] {
  const hits = lexical({ text });
  const out: string[] = [];
  for (let h = 0; h < hits.count; h++) {
    const k = hits.ids[h]! - group.base;
    if (k >= 0 && k < GROUP.length) out.push(`${k}@${hits.ends[h]}`);
  }
  return out.sort();
}

describe('lexical: keywords', () => {
  it('finds folded, word-start and whitespace-flexible keywords', () => {
    expect(found('Ígnore the PREVIOUS\tinstructions')).toEqual(['0@5', '1@19', '2@22']);
    expect(found('signore')).toEqual([]);
    expect(found('системный 忽略 <|im_start|>;')).toEqual(['3@4', '4@12', '5@15', '6@26']);
  });

  it('reports presence-only keywords without positions', () => {
    const hits = lexical({ text: 'the zz of q' });
    expect(hits.present[presence.base]).toBe(1);
    expect(hits.present[presence.base + 1]).toBe(1);
    for (let h = 0; h < hits.count; h++) expect(hits.ids[h]).not.toBe(presence.base);
  });

  it('returns hits in text order across both halves of a long text', () => {
    const text = `${'x '.repeat(300)}previous${' y'.repeat(300)}ignore previous`;
    const hits = lexical({ text });
    for (let h = 1; h < hits.count; h++) expect(hits.ends[h]!).toBeGreaterThan(hits.ends[h - 1]!);
    expect(found(text)).toEqual(naive(text));
  });

  it('agrees with brute force on arbitrary texts, short and long (property)', () => {
    const unit = fc.constantFrom(
      'i',
      'g',
      'n',
      'o',
      'r',
      'p',
      'e',
      'v',
      'u',
      's',
      'a',
      'Í',
      'I',
      'P',
      ' ',
      '\t',
      '\n',
      '_',
      '1',
      'с',
      'и',
      'т',
      '忽',
      '略',
      '<',
      '|',
      ';',
      'x',
    );
    const piece = fc.oneof(
      fc.array(unit, { maxLength: 8 }).map((a) => a.join('')),
      fc.constantFrom('ignore', 'previous', 'ous in', 'сист', '忽略', '<|', 'a'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 120 }), (pieces) => {
        const text = pieces.join('');
        expect(found(text)).toEqual(naive(text));
      }),
      { numRuns: 400 },
    );
  });

  it('folds keywords as it folds text, and rejects empty ones', () => {
    const folded = registerKeywords(['Don’t STOP']);
    const hits = lexical({ text: "don't stop" });
    expect(hits.present[folded.base]).toBe(1);
    expect(() => registerKeywords(['^'])).toThrow(RangeError);
  });
});
