/**
 * The classifier as a detector: one finding per head whose calibrated score reaches the report
 * floor, spanning the whole view. Cascade: texts too short or without letters are skipped, and
 * only a bounded head/tail window of long texts is featurised (see `features.ts`).
 */
import type { Finding, Severity } from '../../core/finding.js';
import type { Detector, TextView } from '../detector.js';
import { type ClassifierModel, classify, HEADS } from './model.js';

/** Scores below this are not reported (they would only add noise to `scan.findings`). */
export const REPORT_FLOOR = 0.3;
const MIN_CHARS = 8;

function severityOf(score: number): Severity {
  if (score >= 0.9) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

/** Whether the first 256 code units hold a letter (ASCII or any non-ASCII unit). */
function hasLetters(text: string): boolean {
  const n = Math.min(text.length, 256);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) | 32;
    if ((c >= 97 && c <= 122) || c >= 0xc0) return true;
  }
  return false;
}

/** A detector that reports the classifier's prompt-injection, jailbreak and harmful scores. */
export function classifierDetector(model: ClassifierModel): Detector {
  return {
    id: 'classifier',
    categories: HEADS,
    detect(view: TextView): Finding[] {
      const text = view.text;
      // The application's own instructions are trusted; they routinely say "never reveal ...".
      if (view.role === 'system' || view.role === 'developer') return [];
      if (text.length < MIN_CHARS || !hasLetters(text)) return [];
      const scores = classify(model, text);
      const out: Finding[] = [];
      for (const head of HEADS) {
        const score = Math.round(scores[head] * 1000) / 1000;
        if (score < REPORT_FLOOR) continue;
        out.push({
          category: head,
          detector: `classifier.${head}`,
          score,
          severity: severityOf(score),
          span: { start: 0, end: text.length },
        });
      }
      return out;
    },
  };
}
