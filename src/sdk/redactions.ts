/**
 * Carrying out a decision's redactions: the guard chose spans and replacements, a door splices
 * them into the content it forwards. Locations: `content`, `content[i]`, `params.a.b`.
 */
import type { Redaction } from '../core/finding.js';

/** Redactions of one location, sorted by start. */
export function redactionsAt(redactions: readonly Redaction[], location: string): Redaction[] {
  return redactions
    .filter((r) => r.location === location)
    .sort((a, b) => a.span.start - b.span.start);
}

/** Index of a `content[i]` location (`content` alone is part 0), or undefined. */
export function contentIndex(location: string): number | undefined {
  if (location === 'content') return 0;
  const m = /^content\[(\d{1,9})\]$/.exec(location);
  return m ? Number(m[1]) : undefined;
}

/** Text with the given spans replaced; overlapping or out-of-range spans are clamped, never duplicated. */
export function spliceRedactions(text: string, sorted: readonly Redaction[]): string {
  if (sorted.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const r of sorted) {
    if (r.span.end <= pos) continue;
    const start = Math.min(Math.max(r.span.start, pos), text.length);
    const end = Math.min(Math.max(r.span.end, start), text.length);
    out += text.slice(pos, start) + r.replacement;
    pos = end;
  }
  return out + text.slice(pos);
}

/** Parts with every `content[i]` redaction applied. */
export function redactParts(texts: readonly string[], redactions: readonly Redaction[]): string[] {
  const byIndex = new Map<number, Redaction[]>();
  for (const r of redactions) {
    const i = contentIndex(r.location);
    if (i === undefined) continue;
    const list = byIndex.get(i) ?? [];
    list.push(r);
    byIndex.set(i, list);
  }
  return texts.map((t, i) => {
    const list = byIndex.get(i);
    return list
      ? spliceRedactions(
          t,
          list.sort((a, b) => a.span.start - b.span.start),
        )
      : t;
  });
}

/**
 * A copy of `params` with every `params…` redaction applied to the string at that location.
 * Locations are written as the scanner writes them: `params.a`, `params.items[0]`, `params["a b"]`.
 */
export function redactParams<T>(params: T, redactions: readonly Redaction[]): T {
  const byPath = new Map<string, Redaction[]>();
  for (const r of redactions) {
    if (!r.location.startsWith('params')) continue;
    const list = byPath.get(r.location) ?? [];
    list.push(r);
    byPath.set(r.location, list);
  }
  if (byPath.size === 0) return params;
  const walk = (value: unknown, path: string, depth: number): unknown => {
    if (typeof value === 'string') {
      const list = byPath.get(path);
      return list
        ? spliceRedactions(
            value,
            list.sort((a, b) => a.span.start - b.span.start),
          )
        : value;
    }
    if (depth > 64 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, walk(v, path + pathSegment(k), depth + 1)]),
    );
  };
  return walk(params, 'params', 0) as T;
}

/** One path step as locations spell it (the scanner's convention). */
function pathSegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
