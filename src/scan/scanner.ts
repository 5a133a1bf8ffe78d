/**
 * The scanner: normalise → decode into layers → run every detector on every layer → map spans back
 * to the original text → deduplicate and sort. Pure and synchronous; implements `CheckScanner`.
 */
import { RE2JS } from 're2js';
import type { Check, ContentRole, Phase, Provenance } from '../core/check.js';
import { contentParts } from '../core/check.js';
import { InputError } from '../core/errors.js';
import type { Finding, FindingCategory, Severity, Span } from '../core/finding.js';
import type { CheckScanner, ScanOutcome } from '../guard.js';
import { decodeEscapes, findEncodedRuns, findMorseRuns, findRot13Runs } from './decode.js';
import type { Detector, TextView } from './detector.js';
import { DETECTORS } from './detectors/index.js';
import { excerpt } from './evidence.js';
import { allKeywords } from './keywords.js';
import { lexical } from './lexical.js';
import type { HiddenRun, NormalisedText } from './normalise.js';
import { normalise, toOriginalSpan, unchanged } from './normalise.js';
import { unitsOf } from './units.js';

/** Scores at or above this block under the default policy. Detectors are calibrated against it. */
export const BLOCK_THRESHOLD = 0.5;

/** A user-supplied pattern, compiled with RE2 semantics (linear time, no backreferences). */
export interface CustomPattern {
  readonly id: string;
  /** RE2 syntax. */
  readonly pattern: string;
  readonly caseInsensitive?: boolean;
  readonly category: FindingCategory;
  /** Default 0.9. */
  readonly score?: number;
  /** Default `high`. */
  readonly severity?: Severity;
  readonly entity?: string;
  /** Mask matched text in evidence (default true). */
  readonly sensitive?: boolean;
}

/** Bounds on recursive decoding. */
export interface DecodeLimits {
  /** Nesting depth of decoded layers (base64 inside URL-encoding ...). Default 3. */
  readonly maxDepth?: number;
  /** Decoded layers per scanned text. Default 16. */
  readonly maxLayers?: number;
  /** Total decoded characters per scanned text. Default 262144. */
  readonly maxDecodedChars?: number;
}

/** Scanner configuration. */
export interface ScannerOptions {
  /** Detectors to run; default every registered detector (`src/scan/detectors/index.ts`). */
  readonly detectors?: readonly Detector[];
  /** Extra patterns (RE2 syntax, linear-time), e.g. from policy. */
  readonly customPatterns?: readonly CustomPattern[];
  /** Decoding limits, or `false` to scan only the normalised text. */
  readonly decode?: DecodeLimits | false;
  /** Limits on walking a check's params. */
  readonly maxParamDepth?: number;
  readonly maxParamStrings?: number;
}

/** Context of one scanned text. */
export interface ScanContext {
  /** Where the text sits in a check, e.g. `content[1]`, `params.query`. */
  readonly location?: string;
  readonly phase?: Phase;
  readonly role?: ContentRole;
  readonly provenance?: Provenance;
  /** Param name the text came from, e.g. `password`. */
  readonly field?: string;
}

/** The content scanner. */
export interface Scanner extends CheckScanner {
  /** Findings for one text, spans in the original text, deduplicated and sorted. */
  scanText(text: string, context?: ScanContext): Finding[];
  scanCheck(check: Check): ScanOutcome;
  /** Detectors this scanner runs (custom patterns included). */
  readonly detectors: readonly Detector[];
  /**
   * Compiles every pattern now, by scanning texts that contain every keyword (one-byte and
   * two-byte strings compile separately), so that the first requests of a server do not pay for
   * it. Takes about a second; a long-running process calls it once at start.
   */
  warm(): void;
}

/** A check's params were too deep or too many to scan; the guard applies the scan fail mode. */
export class ScanLimitError extends Error {
  override readonly name = 'ScanLimitError';
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

interface Layer {
  readonly name: string;
  readonly depth: number;
  readonly norm: NormalisedText;
  /** The view of the raw text, when made before normalising (it shares the text's code units). */
  readonly rawView?: LayerView;
  /** Maps a span of this layer's raw (pre-normalisation) text to the original text. */
  readonly toOriginal: (start: number, end: number) => Span;
}

const identity = (start: number, end: number): Span => ({ start, end });

/** Build a scanner. Patterns are compiled here, once; a bad custom pattern throws `InputError`. */
export function createScanner(options: ScannerOptions = {}): Scanner {
  const custom = (options.customPatterns ?? []).map(compileCustomPattern);
  const detectors: readonly Detector[] = [...(options.detectors ?? DETECTORS), ...custom];
  const rawDetectors = detectors.filter((d) => d.raw === true);
  const viewDetectors = detectors.filter((d) => d.raw !== true);
  const decode = options.decode === false ? null : options.decode;
  const maxDepth = decode === null ? 0 : (decode?.maxDepth ?? 3);
  const maxLayers = decode?.maxLayers ?? 16;
  const maxDecoded = decode?.maxDecodedChars ?? 262_144;
  const maxParamDepth = options.maxParamDepth ?? 32;
  const maxParamStrings = options.maxParamStrings ?? 10_000;

  /** Runs the detectors on one layer; returns the view of its normalised text, for decoding. */
  function runLayer(layer: Layer, ctx: ScanContext, out: Finding[]): TextView {
    const base = layer.rawView ?? viewOf(layer.norm.original, layer.name, ctx);
    base.hidden = layer.norm.hidden;
    for (const d of rawDetectors) {
      for (const f of d.detect(base)) out.push(place(f, layer, ctx, f.span, true));
    }
    const view = layer.norm.text === base.text ? base : viewOf(layer.norm.text, layer.name, ctx);
    for (const d of viewDetectors) {
      const found = d.detect(view);
      for (let i = 0; i < found.length; i++) out.push(place(found[i]!, layer, ctx, found[i]!.span));
    }
    return view;
  }

  function place(f: Finding, layer: Layer, ctx: ScanContext, span: Span | undefined, raw = false) {
    let mapped: Span | undefined;
    if (span !== undefined) {
      const rawSpan = raw ? span : toOriginalSpan(layer.norm, span.start, span.end);
      mapped = layer.toOriginal(rawSpan.start, rawSpan.end);
    }
    const evidence =
      layer.depth > 0 && f.evidence !== undefined ? `${f.evidence} [in ${layer.name}]` : f.evidence;
    const placed: Finding = {
      ...f,
      ...(ctx.location !== undefined ? { location: ctx.location } : {}),
      ...(mapped !== undefined ? { span: mapped } : {}),
      ...(evidence !== undefined ? { evidence } : {}),
    };
    return placed;
  }

  function scanText(text: string, ctx: ScanContext = {}): Finding[] {
    if (text.length === 0) return [];
    const out: Finding[] = [];
    const rawView = viewOf(text, 'original', ctx);
    // The lexical pass over the raw text tells whether normalising can change it; when it cannot,
    // the detectors get this same view and reuse the pass.
    const norm = lexical(rawView).stable ? unchanged(text) : normalise(text, unitsOf(rawView));
    const root: Layer = { name: 'original', depth: 0, norm, rawView, toOriginal: identity };
    const rootView = runLayer(root, ctx, out);
    if (maxDepth > 0) {
      const budget = { layers: maxLayers, chars: maxDecoded };
      // Breadth-first over decoded layers, bounded by depth, count and total size.
      let frontier: Array<[Layer, TextView]> = [[root, rootView]];
      for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
        const next: Array<[Layer, TextView]> = [];
        for (const [parent, view] of frontier) {
          for (const child of decodeLayers(parent, view, depth, budget)) {
            next.push([child, runLayer(child, ctx, out)]);
          }
        }
        frontier = next;
      }
    }
    return dedupe(out);
  }

  function scanCheck(check: Check): ScanOutcome {
    const out: Finding[] = [];
    const parts = contentParts(check);
    const single = typeof check.content === 'string';
    parts.forEach((part, i) => {
      const ctx: ScanContext = {
        location: single ? 'content' : `content[${i}]`,
        phase: check.phase,
        ...(part.role !== undefined ? { role: part.role } : {}),
        ...(part.provenance !== undefined ? { provenance: part.provenance } : {}),
      };
      for (const f of scanText(part.text, ctx)) out.push(f);
    });
    if (check.params !== undefined) {
      let strings = 0;
      const seen = new Set<object>();
      const walk = (value: unknown, path: string, field: string | undefined, depth: number) => {
        if (typeof value === 'string') {
          if (++strings > maxParamStrings) {
            throw new ScanLimitError(path, `more than ${maxParamStrings} strings in params`);
          }
          const ctx: ScanContext = {
            location: path,
            phase: check.phase,
            ...(check.provenance !== undefined ? { provenance: check.provenance } : {}),
            ...(field !== undefined ? { field } : {}),
          };
          for (const f of scanText(value, ctx)) out.push(f);
          return;
        }
        if (value === null || typeof value !== 'object') return;
        if (depth > maxParamDepth) {
          throw new ScanLimitError(path, `params nested deeper than ${maxParamDepth}`);
        }
        if (seen.has(value)) return;
        seen.add(value);
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, field, depth + 1);
          return;
        }
        for (const [k, v] of Object.entries(value)) {
          walk(v, `${path}${pathSegment(k)}`, k, depth + 1);
        }
      };
      walk(check.params, 'params', undefined, 0);
    }
    return { findings: sortFindings(out) };
  }

  function decodeLayers(
    parent: Layer,
    view: TextView,
    depth: number,
    budget: { layers: number; chars: number },
  ): Layer[] {
    const out: Layer[] = [];
    const prefix = parent.depth === 0 ? '' : `${parent.name}>`;
    const take = (kind: string, raw: string, toOriginal: Layer['toOriginal']) => {
      if (budget.layers <= 0 || raw.length > budget.chars) return;
      budget.layers--;
      budget.chars -= raw.length;
      out.push({ name: `${prefix}${kind}`, depth, norm: normalise(raw), toOriginal });
    };
    const { norm } = parent;
    const toParentRaw = (s: number, e: number) => {
      const r = toOriginalSpan(norm, s, e);
      return parent.toOriginal(r.start, r.end);
    };
    // Text smuggled in Unicode tag characters.
    for (const h of norm.hidden) {
      if (h.kind === 'tag' && h.decoded !== undefined && h.decoded.length > 0) {
        const span = parent.toOriginal(h.start, h.end);
        take('tag', h.decoded, () => span);
      }
    }
    const text = norm.text;
    // In a short value (a tool argument) one escape is enough: `or%201=1` hides a payload behind one.
    const unescaped = decodeEscapes(text, text.length <= 256 ? 1 : 2);
    if (unescaped !== null) {
      const { starts, ends } = unescaped;
      take(unescaped.kind, unescaped.text, (s, e) => {
        if (unescaped.text.length === 0) return toParentRaw(0, 0);
        const a = Math.min(Math.max(s, 0), starts.length - 1);
        const b = Math.min(Math.max(e - 1, a), ends.length - 1);
        return toParentRaw(starts[a]!, ends[b]!);
      });
    }
    for (const run of findEncodedRuns(view)) {
      const span = toParentRaw(run.start, run.end);
      take(run.kind, run.text, () => span);
    }
    for (const run of findRot13Runs(view, 256)) {
      const offset = run.start;
      take(run.kind, run.text, (s, e) => toParentRaw(offset + s, offset + e));
    }
    for (const run of findMorseRuns(view)) {
      const span = toParentRaw(run.start, run.end);
      take(run.kind, run.text, () => span);
    }
    return out;
  }

  function warm(): void {
    const keywords = allKeywords().join(' . ');
    const sample =
      'Mail jane.doe@example.org or +1 415 555 0132, card 4111 1111 1111 1111, ' +
      'key AKIAIOSFODNN7EXAMPLE, https://example.com/a?b=aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ= ';
    for (const text of [keywords, `${keywords}’`, sample, `${sample}’`]) scanText(text);
  }

  return { scanText, scanCheck, detectors, warm };
}

/**
 * The view the scanner hands to detectors. One object per text, so the passes detectors share
 * (code units, keywords) are computed once; `lower` is computed on first use, since most detectors
 * gate on the keyword pass instead; `hidden` is set once the text is normalised.
 */
class LayerView implements TextView {
  readonly text: string;
  readonly layer: string;
  readonly phase?: Phase;
  readonly role?: ContentRole;
  readonly provenance?: Provenance;
  readonly field?: string;
  hidden?: readonly HiddenRun[];
  #lower: string | undefined;

  constructor(text: string, layer: string, ctx: ScanContext) {
    this.text = text;
    this.layer = layer;
    if (ctx.phase !== undefined) this.phase = ctx.phase;
    if (ctx.role !== undefined) this.role = ctx.role;
    if (ctx.provenance !== undefined) this.provenance = ctx.provenance;
    if (ctx.field !== undefined) this.field = ctx.field;
  }

  get lower(): string {
    this.#lower ??= this.text.toLowerCase();
    return this.#lower;
  }
}

function viewOf(text: string, layer: string, ctx: ScanContext): LayerView {
  return new LayerView(text, layer, ctx);
}

function pathSegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function compileCustomPattern(p: CustomPattern, index: number): Detector {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(p.pattern, p.caseInsensitive === true ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new InputError(`customPatterns[${index}].pattern`, `invalid RE2 pattern: ${msg}`);
  }
  const score = p.score ?? 0.9;
  const severity = p.severity ?? 'high';
  const sensitive = p.sensitive ?? true;
  const id = `custom.${p.id}`;
  return {
    id,
    categories: [p.category],
    detect(view) {
      const out: Finding[] = [];
      const m = compiled.matcher(view.text);
      let guard = 0;
      while (m.find() && guard++ < 1000) {
        const start = m.start();
        const end = m.end();
        if (end === start) continue;
        out.push({
          category: p.category,
          detector: id,
          score,
          severity,
          ...(p.entity !== undefined ? { entity: p.entity } : {}),
          span: { start, end },
          evidence: sensitive
            ? '*'.repeat(Math.min(end - start, 24))
            : excerpt(view.text, start, end),
        });
      }
      return out;
    },
  };
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  low: 0,
  medium: 1,
  high: 2,
  critical: 3,
};

/** Keep the highest-scoring finding per (location, category, detector, span). */
function dedupe(findings: Finding[]): Finding[] {
  if (findings.length <= 1) return findings;
  const best = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.location ?? ''}|${f.category}|${f.detector}|${f.span?.start ?? -1}|${f.span?.end ?? -1}`;
    const prev = best.get(key);
    if (prev === undefined || f.score > prev.score) best.set(key, f);
  }
  return sortFindings([...best.values()]);
}

/** Sort by location, then span start, then score (highest first). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => {
    const la = a.location ?? '';
    const lb = b.location ?? '';
    if (la !== lb) return la < lb ? -1 : 1;
    const sa = a.span?.start ?? -1;
    const sb = b.span?.start ?? -1;
    if (sa !== sb) return sa - sb;
    if (b.score !== a.score) return b.score - a.score;
    if (a.detector !== b.detector) return a.detector < b.detector ? -1 : 1;
    return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  });
}

/** Highest score per category, as the policy reads it (`scan.<category>.score`). */
export function scoresByCategory(
  findings: readonly Finding[],
): Partial<Record<FindingCategory, number>> {
  const out: Partial<Record<FindingCategory, number>> = {};
  for (const f of findings) {
    const prev = out[f.category];
    if (prev === undefined || f.score > prev) out[f.category] = f.score;
  }
  return out;
}
