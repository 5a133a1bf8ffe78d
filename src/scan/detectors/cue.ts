/**
 * Lexical cue detectors: short, high-precision phrases (instruction overrides, fake chat
 * delimiters, persona set-ups, explicit harmful asks). Matching is two-stage and linear:
 * 1. one pass of an Aho–Corasick automaton over case-folded characters finds *anchor* words
 *    (every rule names the literal words it cannot match without), shared by all cue detectors;
 * 2. only around anchor hits, the rule's pattern verifies the phrase inside a bounded window.
 * Patterns use bounded repeats only, and windows are bounded, so benign text costs one
 * table-driven pass and an attack costs a few regex runs over a few hundred characters.
 */
import type { Finding, FindingCategory } from '../../core/finding.js';
import type { Detector, TextView } from '../detector.js';
import { excerpt } from '../evidence.js';
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

// ---- character classes -------------------------------------------------------------------
const PUNCT = '<|[/';
// Static classes: other, space, a-z, а-я, punctuation (exactly 64). Characters of other scripts
// that anchors use (CJK, Devanagari, Arabic, Thai, Hangul, ...) get classes 64..255 on demand,
// so a state's row starts at `state << 8`.
const STATIC_CLASSES = 2 + 26 + 32 + PUNCT.length;
const NC = 256;
const SHIFT = 8;

/**
 * Per UTF-16 unit: the unit itself, or for accented Latin letters (Latin-1, Extended-A/B,
 * Extended Additional) the base ASCII letter. One unit maps to one unit, so offsets survive:
 * "Ígnóré áll prévíóús" reads as "Ignore all previous" to anchors and patterns alike.
 */
const FOLD = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) FOLD[c] = c;
for (const [lo, hi] of [
  [0xc0, 0x24f],
  [0x1e00, 0x1eff],
] as const) {
  for (let c = lo; c <= hi; c++) {
    const base = String.fromCharCode(c).normalize('NFD').charCodeAt(0);
    if ((base >= 65 && base <= 90) || (base >= 97 && base <= 122)) FOLD[c] = base;
  }
}
// Letters NFD leaves alone.
for (const [from, to] of [
  ['đ', 'd'],
  ['Đ', 'D'],
  ['ı', 'i'],
  ['ł', 'l'],
  ['Ł', 'L'],
  ['ø', 'o'],
  ['Ø', 'O'],
] as const) {
  FOLD[from.charCodeAt(0)] = to.charCodeAt(0);
}

/** Folds accented Latin letters to ASCII, unit for unit (same length, same offsets). */
export function foldLatin(text: string): string {
  let i = 0;
  const n = text.length;
  while (i < n && FOLD[text.charCodeAt(i)] === text.charCodeAt(i)) i++;
  if (i === n) return text;
  const units = new Array<string>(n);
  for (let j = 0; j < n; j++) units[j] = String.fromCharCode(FOLD[text.charCodeAt(j)]!);
  return units.join('');
}

const CLASS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  let k = 0;
  const f = FOLD[c]!;
  if (c <= 32 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a)) k = 1;
  else if (f >= 97 && f <= 122) k = 2 + f - 97;
  else if (f >= 65 && f <= 90) k = 2 + f - 65;
  else if (c >= 0x430 && c <= 0x44f) k = 28 + c - 0x430;
  else if (c >= 0x410 && c <= 0x42f) k = 28 + c - 0x410;
  else if (c < 128 && PUNCT.includes(String.fromCharCode(c)))
    k = 60 + PUNCT.indexOf(String.fromCharCode(c));
  CLASS[c] = k;
}
let nextClass = STATIC_CLASSES;
/** Class of an anchor character, allocating one for a character of another script. */
function anchorClass(code: number): number {
  const k = CLASS[code]!;
  if (k !== 0) return k;
  if (code < 0x80) return 0;
  if (nextClass >= NC) throw new Error('cue anchors use too many distinct non-Latin characters');
  CLASS[code] = nextClass;
  return nextClass++;
}
const isLetterClass = (k: number): boolean => (k >= 2 && k < 60) || k >= STATIC_CLASSES;

// ---- anchor automaton over every registered rule -------------------------------------------
interface Anchor {
  readonly length: number;
  readonly wordStart: boolean;
  /** Global rule indices this anchor gates. */
  readonly rules: number[];
}

interface Registered {
  readonly rule: CueRule;
  readonly verify: RegExp;
}

const registry: Registered[] = [];

interface Automaton {
  readonly delta: Int32Array;
  readonly hasOut: Uint8Array;
  readonly out: number[][];
  readonly anchors: Anchor[];
  readonly version: number;
}

let automaton: Automaton | undefined;

function build(): Automaton {
  const byText = new Map<string, number>();
  const anchors: Anchor[] = [];
  registry.forEach(({ rule }, ruleIndex) => {
    for (const spec of rule.anchors) {
      let a = byText.get(spec);
      if (a === undefined) {
        const wordStart = spec.startsWith('^');
        a = anchors.length;
        anchors.push({ length: spec.length - (wordStart ? 1 : 0), wordStart, rules: [] });
        byText.set(spec, a);
      }
      const rules = anchors[a]!.rules;
      if (!rules.includes(ruleIndex)) rules.push(ruleIndex);
    }
  });
  // Trie.
  const next: number[][] = [new Array<number>(NC).fill(-1)];
  const outs: number[][] = [[]];
  for (const [spec, a] of byText) {
    let s = 0;
    for (const ch of spec.replace(/^\^/, '')) {
      const k = anchorClass(ch.charCodeAt(0));
      if (k === 0)
        throw new Error(`cue anchor ${JSON.stringify(spec)} has an unsupported character`);
      let t = next[s]![k]!;
      if (t < 0) {
        t = next.length;
        next.push(new Array<number>(NC).fill(-1));
        outs.push([]);
        next[s]![k] = t;
      }
      s = t;
    }
    outs[s]!.push(a);
  }
  // Failure links (BFS) turn the trie into a complete DFA.
  const n = next.length;
  const delta = new Int32Array(n * NC);
  const fail = new Int32Array(n);
  const queue: number[] = [];
  for (let k = 0; k < NC; k++) {
    const t = next[0]![k]!;
    delta[k] = Math.max(t, 0);
    if (t > 0) queue.push(t);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    outs[s]!.push(...outs[fail[s]!]!);
    for (let k = 0; k < NC; k++) {
      const t = next[s]![k]!;
      if (t < 0) delta[s * NC + k] = delta[fail[s]! * NC + k]!;
      else {
        fail[t] = delta[fail[s]! * NC + k]!;
        delta[s * NC + k] = t;
        queue.push(t);
      }
    }
  }
  // Rows hold the next state's row offset, so the scan loop needs no multiplication.
  for (let i = 0; i < delta.length; i++) delta[i] = delta[i]! << SHIFT;
  const hasOut = Uint8Array.from(outs, (o) => (o.length > 0 ? 1 : 0));
  return { delta, hasOut, out: outs, anchors, version: registry.length };
}

// ---- per-text anchor hits, shared by the cue detectors ---------------------------------------
const MAX_WINDOWS_PER_RULE = 16;

/** Per rule index: merged [start, end) windows to verify, flattened pairs. */
type Windows = Map<number, number[]>;

// The scanner hands the same view object to every detector of a layer: the anchor pass runs once
// per view. Keyed by identity, not content, so a re-scan of equal text is measured and run afresh.
let lastView: TextView | undefined;
let lastWindows: Windows = new Map();

function windowsFor(view: TextView): Windows {
  if (view === lastView) return lastWindows;
  const text = view.text;
  if (automaton === undefined || automaton.version !== registry.length) automaton = build();
  const { delta, hasOut, out, anchors } = automaton;
  const windows: Windows = new Map();
  const len = text.length;
  let s = 0;
  for (let i = 0; i < len; i++) {
    s = delta[s + CLASS[text.charCodeAt(i)]!]!;
    if (hasOut[s >> SHIFT] === 0) continue;
    for (const a of out[s >> SHIFT]!) {
      const anchor = anchors[a]!;
      const start = i + 1 - anchor.length;
      if (anchor.wordStart && start > 0 && isLetterClass(CLASS[text.charCodeAt(start - 1)]!)) {
        continue;
      }
      for (const r of anchor.rules) {
        const rule = registry[r]!.rule;
        const from = Math.max(0, start - (rule.back ?? 80));
        const to = Math.min(len, i + 1 + (rule.ahead ?? 160));
        let w = windows.get(r);
        if (w === undefined) {
          w = [];
          windows.set(r, w);
        }
        const last = w.length - 1;
        if (last > 0 && from <= w[last]!) w[last] = Math.max(w[last]!, to);
        else if (w.length < MAX_WINDOWS_PER_RULE * 2) w.push(from, to);
      }
    }
  }
  lastView = view;
  lastWindows = windows;
  return windows;
}

// ---- mention vs use ------------------------------------------------------------------------
// A cue quoted (a quote mark just before it and one just after) inside a passage that talks
// *about* text — "example", "fixture", "the detector should flag", "documentation" — is a
// mention, not a use. Its score drops below the blocking threshold; the classifier still votes.
const QUOTES = '\'"`“”‘’«»„‹›「」';
const META =
  /\b(?:examples?|e\.g\.|for instance|such as|phrases?|paraphrases?|fixtures?|tests?|detect(?:or|ors|ion|s|ed)?|flag(?:s|ged)?|documentation|documented|docs|quot(?:e|ed|es|ing)|samples?|strings?|snippets?|classif(?:y|ier|ied)|patterns?|payloads?|mentions?|readme|signatures?|training|red[- ]team|benchmarks?|rules?|literal|treat(?:s|ed)?|saying|says|warns?|warning|attack (?:phrase|string|sample|example)s?|untrusted|like|explain(?:s|ed)?|why|risk(?:y|s)?|dangerous|malicious|suspicious)\b/i;
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

/**
 * Builds a detector from cue rules. Roles `system` and `developer` are the application's own
 * instructions and are not inspected.
 */
export function cueDetector(
  id: string,
  category: FindingCategory,
  rules: readonly CueRule[],
): Detector {
  const indices = rules.map((rule) => {
    if (rule.anchors.length === 0) throw new Error(`cue rule ${id}.${rule.id} has no anchors`);
    // Anchors and patterns are matched against NFKC-normalised, Latin-folded text.
    const norm = (x: string): string => foldLatin(x.normalize('NFKC'));
    const pattern = norm(rule.pattern);
    registry.push({
      rule: { ...rule, pattern, anchors: rule.anchors.map(norm) },
      verify: new RegExp(pattern, 'gi'),
    });
    return registry.length - 1;
  });
  return {
    id,
    categories: [category],
    detect(view: TextView): Finding[] {
      if (view.role === 'system' || view.role === 'developer') return [];
      const text = view.text;
      const windows = windowsFor(view);
      if (windows.size === 0) return [];
      const out: Finding[] = [];
      for (const r of indices) {
        const w = windows.get(r);
        if (w === undefined) continue;
        const { rule, verify } = registry[r]!;
        let covered = -1;
        for (let j = 0; j < w.length && out.length < MAX_FINDINGS; j += 2) {
          const from = w[j]!;
          const part = foldLatin(text.slice(from, w[j + 1]!));
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
