/**
 * Lexical cue detectors: short, high-precision phrases (instruction overrides, fake chat
 * delimiters, persona set-ups, explicit harmful asks). Matching is two-stage and linear:
 * 1. the shared keyword pass (`../keywords.ts`, one Aho–Corasick automaton over case-folded
 *    characters) finds *anchor* words: every rule names the literal words it cannot match without;
 * 2. only around anchor hits, the rule's pattern verifies the phrase inside a bounded window.
 * Patterns use bounded repeats only, and windows are bounded, so benign text costs one
 * table-driven pass and an attack costs a few regex runs over a few hundred characters.
 */
import type { Finding, FindingCategory } from '../../core/finding.js';
import type { Detector, TextView } from '../detector.js';
import { excerpt } from '../evidence.js';
import { foldLatin, keywordLength, registerKeywords } from '../keywords.js';
import { foldedText, lexical } from '../lexical.js';
import { severityOf } from '../severity.js';

/** One cue: a case-insensitive pattern, the anchors that gate it and the score a match earns. */
export interface CueRule {
  /** Stable rule id; findings carry `<detector>.<id>`. */
  readonly id: string;
  /** Case-insensitive pattern with bounded repeats only; must contain one of `anchors`. */
  readonly pattern: string;
  readonly score: number;
  /**
   * Lowercase literals (ASCII letters, Cyrillic, space and `<|[]/#>`); a leading `^` requires a
   * word start. A space matches one whitespace character.
   */
  readonly anchors: readonly string[];
  /** Characters before / after an anchor hit that the pattern may span (defaults 80 / 160). */
  readonly back?: number;
  readonly ahead?: number;
}

/** Score of a cue that is quoted inside meta-discussion (a test fixture, documentation). */
export const MENTION_SCORE = 0.3;

// ---- mention vs use ------------------------------------------------------------------------
// A cue quoted (a quote mark just before it and one just after) inside a passage that talks
// *about* text — "example", "fixture", "the detector should flag", "documentation", a research
// or definition question ("what does '…' mean in prompt injection research?") — is a mention,
// not a use. Its score drops below the blocking threshold; the classifier still votes.
const QUOTES = '\'"`“”‘’«»„‹›「」';
const META =
  /\b(?:examples?|e\.g\.|for instance|such as|phrases?|paraphrases?|fixtures?|tests?|detect(?:or|ors|ion|s|ed)?|flag(?:s|ged)?|documentation|documented|docs|quot(?:e|ed|es|ing)|samples?|strings?|snippets?|classif(?:y|ier|ied)|patterns?|payloads?|mentions?|readme|signatures?|training|red[- ]team|benchmarks?|rules?|literal|treat(?:s|ed)?|saying|says|warns?|warning|attack (?:phrase|string|sample|example)s?|untrusted|like|explain(?:s|ed)?|why|risk(?:y|s)?|dangerous|malicious|suspicious|means?|meaning|defin(?:e|es|ed|ition)|terms?|concept|refers?|research(?:ers?)?|papers?|stud(?:y|ies)|(?:prompt )?injections?|jailbreaks?|attackers?|attacks?)\b/i;
const META_REACH = 160;

function isMention(text: string, start: number, end: number): boolean {
  let open = false;
  for (let i = start - 1; i >= 0 && i >= start - 3; i--) {
    if (QUOTES.includes(text[i]!)) {
      open = true;
      break;
    }
  }
  if (!open) return false;
  // The quote must close soon after the cue (the quoted phrase is short), on the same line.
  let close = -1;
  for (let i = end; i < text.length && i < end + 120; i++) {
    const ch = text[i]!;
    if (ch === '\n') break;
    if (QUOTES.includes(ch)) {
      close = i;
      break;
    }
  }
  if (close < 0) return false;
  const before = text.slice(Math.max(0, start - META_REACH), start);
  const after = text.slice(close + 1, close + 1 + META_REACH);
  return META.test(before) || META.test(after);
}

const MAX_FINDINGS = 32;

// Windows per rule are merged and capped, so a flood of anchors costs bounded verification.
const MAX_WINDOWS_PER_RULE = 16;

interface CompiledRule {
  readonly rule: CueRule;
  readonly verify: RegExp;
}

/**
 * Builds a detector from cue rules. Roles `system` and `developer` are the application's own
 * instructions and are not inspected.
 */
export function cueDetector(
  id: string,
  category: FindingCategory,
  rules: readonly CueRule[],
): Detector {
  // Anchors and patterns are matched against NFKC-normalised, Latin-folded text.
  const norm = (x: string): string => foldLatin(x.normalize('NFKC'));
  const compiled: CompiledRule[] = rules.map((rule) => {
    if (rule.anchors.length === 0) throw new Error(`cue rule ${id}.${rule.id} has no anchors`);
    const pattern = norm(rule.pattern);
    return { rule: { ...rule, pattern }, verify: new RegExp(pattern, 'gi') };
  });
  // One keyword per distinct anchor; each names the rules it gates.
  const anchorIndex = new Map<string, number>();
  const rulesOf: number[][] = [];
  compiled.forEach(({ rule }, r) => {
    for (const anchor of rule.anchors) {
      const key = norm(anchor).toLowerCase();
      let k = anchorIndex.get(key);
      if (k === undefined) {
        k = rulesOf.length;
        anchorIndex.set(key, k);
        rulesOf.push([]);
      }
      if (!rulesOf[k]!.includes(r)) rulesOf[k]!.push(r);
    }
  });
  const group = registerKeywords([...anchorIndex.keys()]);
  const size = rulesOf.length;

  /** Per rule: merged `[start, end)` windows around its anchor hits, flattened pairs. */
  function windowsOf(view: TextView): Array<number[] | undefined> {
    const { text } = view;
    const hits = lexical(view);
    const windows: Array<number[] | undefined> = new Array(compiled.length);
    const len = text.length;
    for (let h = 0; h < hits.count; h++) {
      const k = hits.ids[h]! - group.base;
      if (k < 0 || k >= size) continue;
      const end = hits.ends[h]!;
      const start = end - keywordLength(group.base + k);
      for (const r of rulesOf[k]!) {
        const rule = compiled[r]!.rule;
        const from = Math.max(0, start - (rule.back ?? 80));
        const to = Math.min(len, end + (rule.ahead ?? 160));
        let w = windows[r];
        if (w === undefined) {
          w = [];
          windows[r] = w;
        }
        const last = w.length - 1;
        if (last > 0 && from <= w[last]!) w[last] = Math.max(w[last]!, to);
        else if (w.length < MAX_WINDOWS_PER_RULE * 2) w.push(from, to);
      }
    }
    return windows;
  }

  return {
    id,
    categories: [category],
    detect(view: TextView): Finding[] {
      if (view.role === 'system' || view.role === 'developer') return [];
      const text = view.text;
      const windows = windowsOf(view);
      const out: Finding[] = [];
      let folded: string | undefined;
      for (let r = 0; r < compiled.length; r++) {
        const w = windows[r];
        if (w === undefined) continue;
        const { rule, verify } = compiled[r]!;
        let covered = -1;
        for (let j = 0; j < w.length && out.length < MAX_FINDINGS; j += 2) {
          const from = w[j]!;
          folded ??= foldedText(view);
          const part = folded.slice(from, w[j + 1]!);
          verify.lastIndex = 0;
          for (let m = verify.exec(part); m !== null; m = verify.exec(part)) {
            if (m[0].length === 0) {
              verify.lastIndex++;
              continue;
            }
            const start = from + m.index;
            const end = start + m[0].length;
            if (start < covered) continue;
            covered = end;
            const score = isMention(text, start, end)
              ? Math.min(rule.score, MENTION_SCORE)
              : rule.score;
            out.push({
              category,
              detector: `${id}.${rule.id}`,
              score,
              severity: severityOf('cue', score),
              span: { start, end },
              evidence: excerpt(text, start, end),
            });
            if (out.length >= MAX_FINDINGS) break;
          }
        }
      }
      return out;
    },
  };
}
