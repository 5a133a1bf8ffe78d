import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLatin } from './cue.js';

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
