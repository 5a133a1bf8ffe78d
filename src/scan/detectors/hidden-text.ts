/**
 * hidden_text: text hidden from a human reader but visible to a model: Unicode tag characters
 * (smuggled ASCII), zero-width characters splitting words, bidi overrides, variation-selector
 * byte smuggling and mixed-script homoglyph words. Reads the normaliser's record of what it removed.
 */
import type { Finding } from '../../core/finding.js';
import type { Detector } from '../detector.js';
import { maskValue } from '../evidence.js';
import type { HiddenRun } from '../normalise.js';
import { normalise } from '../normalise.js';

const MAX_FINDINGS = 32;

function isFlagTagSequence(text: string, run: HiddenRun): boolean {
  // Subdivision flags (England, Scotland, Wales): U+1F3F4, tag letters, U+E007F cancel tag.
  return (
    run.start >= 2 &&
    text.charCodeAt(run.start - 2) === 0xd83c &&
    text.charCodeAt(run.start - 1) === 0xdff4 &&
    /^[a-z0-9]{2,7}$/.test(run.decoded ?? '')
  );
}

/** Findings for the hidden runs the normaliser recorded (spans in the raw text). */
export function hiddenTextFindings(text: string, hidden: readonly HiddenRun[]): Finding[] {
  if (hidden.length === 0) return [];
  let inWord = 0;
  let confusableWords = 0;
  for (const h of hidden) {
    if (h.inWord === true) inWord += h.count;
    if (h.kind === 'confusable') confusableWords++;
  }
  const out: Finding[] = [];
  for (const h of hidden) {
    if (out.length >= MAX_FINDINGS) break;
    const span = { start: h.start, end: h.end };
    let score = 0;
    let evidence = '';
    switch (h.kind) {
      case 'tag': {
        if (isFlagTagSequence(text, h) || (h.decoded ?? '').length === 0) continue;
        score = 0.95;
        evidence = `${h.decoded!.length} ASCII characters in Unicode tag characters: ${maskValue(h.decoded!, 12, 0)}`;
        break;
      }
      case 'bidi': {
        // Overrides, embeddings and isolates reorder what a reader sees (Trojan Source);
        // directional marks are common in right-to-left text.
        const cp = text.codePointAt(h.start)!;
        const reorders = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
        if (!reorders) continue;
        score = 0.6;
        evidence = `${h.count} bidi control character(s)`;
        break;
      }
      case 'zero_width':
      case 'invisible': {
        if (h.count >= 8) score = 0.85;
        else if (h.inWord === true) score = Math.min(0.95, 0.25 + 0.15 * inWord);
        else continue;
        if (h.start === 0 && text.charCodeAt(0) === 0xfeff && h.count === 1) continue;
        evidence = `${h.count} invisible character(s)${h.inWord === true ? ' inside a word' : ''}`;
        break;
      }
      case 'variation_selector': {
        const cp = text.codePointAt(h.start)!;
        // A run of supplementary variation selectors can carry arbitrary bytes.
        if (h.count < 4 || cp < 0xe0100) {
          if (h.count < 8) continue;
        }
        score = 0.85;
        evidence = `${h.count} variation selectors`;
        break;
      }
      case 'confusable': {
        // Folding already lets every other detector read the word; the mix alone is a weak signal.
        score = confusableWords >= 2 ? 0.45 : 0.35;
        evidence = `mixed-script word with ${h.count} look-alike letter(s)`;
        break;
      }
    }
    out.push({
      category: 'hidden_text',
      detector: `hidden_text.${h.kind}`,
      score,
      severity: score >= 0.9 ? 'critical' : score >= 0.7 ? 'high' : score >= 0.5 ? 'medium' : 'low',
      span,
      evidence,
    });
  }
  return out;
}

/** The hidden-text detector; runs on raw text (before normalisation removes what it reports). */
export const hiddenTextDetector: Detector = {
  id: 'hidden_text',
  categories: ['hidden_text'],
  raw: true,
  detect(view) {
    return hiddenTextFindings(view.text, view.hidden ?? normalise(view.text).hidden);
  },
};
