/**
 * Linear-time glob matching for policy patterns (actions, resources, params).
 * Patterns compile once to a small NFA; matching simulates it in O(pattern × text), never backtracks.
 *
 * Syntax (picomatch-compatible with `dot: true` for these forms):
 * `*` any run of characters except `/`; `?` one character except `/`; `**` as a whole path segment
 * any number of segments; `[abc]`, `[a-z]`, `[!a]` one character from a set; `{a,b}` alternatives
 * (not nested); `\x` a literal `x`.
 */

/** A compiled glob. */
export interface Glob {
  readonly pattern: string;
  /** Literal text every match starts with (used by the action index). */
  readonly prefix: string;
  /** True when the pattern has no special characters (matching is string equality). */
  readonly literal: boolean;
  match(text: string): boolean;
}

/** A glob pattern that cannot be compiled. */
export class GlobSyntaxError extends Error {
  override readonly name = 'GlobSyntaxError';
}

const MAX_ALTERNATIVES = 64;
const MAX_PATTERN_LENGTH = 1024;

// One NFA state: consumes a character matching `test` and moves to `next`;
// `eps` lists states reachable without consuming.
interface State {
  test: ((c: number) => boolean) | null;
  next: number;
  eps: number[];
}

const SLASH = 47;

/** Compile a glob pattern; throws GlobSyntaxError on malformed patterns. */
export function compileGlob(pattern: string): Glob {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new GlobSyntaxError(`pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  const literalText = unescapeLiteral(pattern);
  if (literalText !== null) {
    return { pattern, prefix: literalText, literal: true, match: (t) => t === literalText };
  }
  const alternatives = expandBraces(pattern);
  const machines = alternatives.map((alt) => fastPath(alt) ?? buildNfa(alt));
  const prefix = commonPrefix(alternatives.map(literalPrefix));
  const match =
    machines.length === 1
      ? machines[0]!
      : (text: string) => {
          for (const m of machines) if (m(text)) return true;
          return false;
        };
  return { pattern, prefix, literal: false, match };
}

/** Matcher for a brace-free pattern, without the fast paths (exported for tests). */
export function compileGlobNfa(pattern: string): (text: string) => boolean {
  return buildNfa(pattern);
}

// Direct string tests for the shapes policies use most: `dir/**`, `**` + `/name`, `prefix*`,
// `*suffix` (literal parts only). Same results as the NFA, a fraction of the work.
function fastPath(pattern: string): ((text: string) => boolean) | null {
  if (pattern.endsWith('/**')) {
    const base = unescapeLiteral(pattern.slice(0, -3));
    if (base !== null && base !== '' && !base.endsWith('/')) {
      const below = `${base}/`;
      return (t) => t === base || t.startsWith(below);
    }
  }
  if (pattern.startsWith('**/')) {
    const name = unescapeLiteral(pattern.slice(3));
    if (name !== null && name !== '' && !name.includes('/')) {
      const tail = `/${name}`;
      return (t) => t === name || t.endsWith(tail);
    }
  }
  if (pattern.endsWith('*') && !pattern.endsWith('**') && !pattern.endsWith('\\*')) {
    const prefix = unescapeLiteral(pattern.slice(0, -1));
    if (prefix !== null) {
      // A segment that is only `*` needs at least one character.
      const min = prefix === '' || prefix.endsWith('/') ? 1 : 0;
      return (t) =>
        t.length - prefix.length >= min &&
        t.startsWith(prefix) &&
        t.indexOf('/', prefix.length) < 0;
    }
  }
  if (pattern.startsWith('*') && !pattern.startsWith('**')) {
    const suffix = unescapeLiteral(pattern.slice(1));
    if (suffix !== null && suffix !== '' && !suffix.includes('/')) {
      return (t) => {
        const cut = t.length - suffix.length;
        if (cut < 0 || !t.endsWith(suffix)) return false;
        const slash = t.indexOf('/');
        return slash < 0 || slash >= cut;
      };
    }
  }
  return null;
}

/** The pattern's text when it has no special characters (escapes resolved), else null. */
function unescapeLiteral(pattern: string): string | null {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      if (i + 1 >= pattern.length) throw new GlobSyntaxError('pattern ends with an escape');
      out += pattern[++i]!;
    } else if ('*?[]{}'.includes(ch)) {
      return null;
    } else out += ch;
  }
  return out;
}

/** Literal text at the start of a brace-free pattern. */
function literalPrefix(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') out += pattern[++i] ?? '';
    else if ('*?['.includes(ch)) break;
    else out += ch;
  }
  return out;
}

function commonPrefix(items: readonly string[]): string {
  let p = items[0] ?? '';
  for (const s of items) {
    let i = 0;
    while (i < p.length && i < s.length && p[i] === s[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}

/** Expand `{a,b}` groups (one level, no nesting) into alternative patterns. */
function expandBraces(pattern: string): string[] {
  let results = [''];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const pair = pattern.slice(i, i + 2);
      results = results.map((r) => r + pair);
      i++;
    } else if (ch === '{') {
      const close = findBraceEnd(pattern, i);
      const options = splitTopLevel(pattern.slice(i + 1, close));
      if (options.length < 2) {
        // picomatch treats `{a}` as the literal text "{a}"
        results = results.map((r) => `${r}\\{${pattern.slice(i + 1, close)}\\}`);
      } else {
        const next: string[] = [];
        for (const r of results) for (const o of options) next.push(r + o);
        if (next.length > MAX_ALTERNATIVES) {
          throw new GlobSyntaxError(`more than ${MAX_ALTERNATIVES} brace alternatives`);
        }
        results = next;
      }
      i = close;
    } else if (ch === '}') {
      throw new GlobSyntaxError(`unmatched '}' at ${i}`);
    } else {
      results = results.map((r) => r + ch);
    }
  }
  return results;
}

function findBraceEnd(pattern: string, open: number): number {
  for (let j = open + 1; j < pattern.length; j++) {
    const c = pattern[j];
    if (c === '\\') j++;
    else if (c === '{') throw new GlobSyntaxError(`nested '{' at ${j} is not supported`);
    else if (c === '}') return j;
  }
  throw new GlobSyntaxError(`unclosed '{' at ${open}`);
}

function splitTopLevel(body: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let j = 0; j < body.length; j++) {
    const c = body[j]!;
    if (c === '\\') {
      cur += body.slice(j, j + 2);
      j++;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Parse a `[...]` class starting at `open`; returns the predicate and the index of `]`. */
function parseClass(pattern: string, open: number): { test: (c: number) => boolean; end: number } {
  let i = open + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  const ranges: Array<[number, number]> = [];
  let first = true;
  for (; i < pattern.length; i++) {
    let c = pattern[i]!;
    if (c === ']' && !first) {
      const rs = ranges;
      const test = (code: number): boolean => {
        if (code === SLASH) return false;
        let inSet = false;
        for (const [lo, hi] of rs) {
          if (code >= lo && code <= hi) {
            inSet = true;
            break;
          }
        }
        return inSet !== negate;
      };
      return { test, end: i };
    }
    first = false;
    if (c === '\\') {
      i++;
      c = pattern[i] ?? '';
      if (c === '') break;
    }
    const lo = c.charCodeAt(0);
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      let hiCh = pattern[i + 2]!;
      let skip = 2;
      if (hiCh === '\\') {
        hiCh = pattern[i + 3] ?? '';
        skip = 3;
      }
      const hi = hiCh.charCodeAt(0);
      if (hi < lo) throw new GlobSyntaxError(`bad range in class at ${i}`);
      ranges.push([lo, hi]);
      i += skip;
    } else ranges.push([lo, lo]);
  }
  throw new GlobSyntaxError(`unclosed '[' at ${open}`);
}

const notSlash = (c: number): boolean => c !== SLASH;
const anyChar = (): boolean => true;

/** Build an NFA for a brace-free pattern and return its matcher. */
function buildNfa(pattern: string): (text: string) => boolean {
  const states: State[] = [];
  const add = (test: State['test']): number => {
    states.push({ test, next: -1, eps: [] });
    return states.length - 1;
  };
  // `cur` is the state the next piece attaches to.
  let cur = add(null);
  // Consecutive `**` segments mean the same as one.
  const segments = pattern
    .split('/')
    .filter((seg, i, all) => !(seg === '**' && all[i - 1] === '**'));
  // `**` handling per picomatch: a `**` segment matches zero or more whole segments.
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    const isLast = s === segments.length - 1;
    if (seg === '**') {
      if (segments.length === 1) {
        // `**` alone: anything.
        const loop = add(anyChar);
        states[loop]!.next = loop;
        states[cur]!.eps.push(loop);
        const end = add(null);
        states[cur]!.eps.push(end);
        states[loop]!.eps.push(end);
        cur = end;
      } else if (isLast) {
        // `a/**`: `a`, or `a/` followed by anything.
        const end = add(null);
        states[cur]!.eps.push(end);
        const slash = add((c) => c === SLASH);
        states[cur]!.eps.push(slash);
        const loop = add(anyChar);
        states[slash]!.next = loop;
        states[loop]!.next = loop;
        states[loop]!.eps.push(end);
        cur = end;
      } else {
        // `**/b` or `a/**/b`: zero or more segments, each followed by `/`.
        // Leading: (anything '/')?  Middle: after the preceding '/', (anything '/')?
        const after = add(null);
        states[cur]!.eps.push(after);
        const loop = add(anyChar);
        states[cur]!.eps.push(loop);
        states[loop]!.next = loop;
        const slash = add((c) => c === SLASH);
        states[loop]!.eps.push(slash);
        states[cur]!.eps.push(slash);
        states[slash]!.next = after;
        cur = after;
        continue; // the `/` after this segment is already consumed by the group
      }
    } else {
      for (let i = 0; i < seg.length; i++) {
        const ch = seg[i]!;
        if (ch === '*') {
          while (seg[i + 1] === '*') i++;
          const loop = add(notSlash);
          states[loop]!.next = loop;
          const end = add(null);
          states[loop]!.eps.push(end);
          if (/^\*+$/.test(seg)) {
            // A segment that is only `*` needs at least one character (picomatch: `a/*` ≠ `a/`).
            const one = add(notSlash);
            const after = add(null);
            states[cur]!.eps.push(one);
            states[one]!.next = after;
            states[after]!.eps.push(loop, end);
          } else states[cur]!.eps.push(loop, end);
          cur = end;
        } else {
          let test: (c: number) => boolean;
          if (ch === '?') test = notSlash;
          else if (ch === '[') {
            const cls = parseClass(seg, i);
            test = cls.test;
            i = cls.end;
          } else {
            let lit = ch;
            if (ch === '\\') {
              i++;
              lit = seg[i] ?? '';
              if (lit === '') throw new GlobSyntaxError('pattern ends with an escape');
            } else if (ch === ']') {
              throw new GlobSyntaxError(`unmatched ']' at ${i}`);
            }
            const code = lit.charCodeAt(0);
            test = (c) => c === code;
          }
          const st = add(test);
          states[cur]!.eps.push(st);
          const end = add(null);
          states[st]!.next = end;
          cur = end;
        }
      }
    }
    // Before a final `**` the separator is optional (`a/**` matches `a`); the `**` adds it.
    if (!isLast && !(s === segments.length - 2 && segments[s + 1] === '**')) {
      const st = add((c) => c === SLASH);
      states[cur]!.eps.push(st);
      const end = add(null);
      states[st]!.next = end;
      cur = end;
    }
  }
  const accept = cur;
  // Simulate over consuming states only: epsilon moves are folded into precomputed closures.
  const consuming: number[] = [];
  const slot = new Map<number, number>();
  states.forEach((st, i) => {
    if (st.test !== null) {
      slot.set(i, consuming.length);
      consuming.push(i);
    }
  });
  const words = Math.max(1, Math.ceil(consuming.length / 32));
  const toMask = (set: readonly number[]): Int32Array => {
    const m = new Int32Array(words);
    for (const s of set) {
      const k = slot.get(s);
      if (k !== undefined) m[k >>> 5]! |= 1 << (k & 31);
    }
    return m;
  };
  const tests = consuming.map((s) => states[s]!.test!);
  const startSet = closure(states, 0);
  const startMask = toMask(startSet);
  const startAccepts = startSet.includes(accept);
  const nextMasks = consuming.map((s) => toMask(closure(states, states[s]!.next)));
  const acceptsAfter = consuming.map((s) => closure(states, states[s]!.next).includes(accept));
  if (words === 1) {
    const start = startMask[0]!;
    const next1 = nextMasks.map((m) => m[0]!);
    return (text: string): boolean => {
      if (text.length === 0) return startAccepts;
      let active = start;
      let accepted = false;
      for (let p = 0; p < text.length; p++) {
        const code = text.charCodeAt(p);
        let next = 0;
        accepted = false;
        for (let m = active; m !== 0; m &= m - 1) {
          const k = 31 - Math.clz32(m & -m);
          if (tests[k]!(code)) {
            next |= next1[k]!;
            if (acceptsAfter[k]) accepted = true;
          }
        }
        if (next === 0) return accepted && p === text.length - 1;
        active = next;
      }
      return accepted;
    };
  }
  return (text: string): boolean => {
    if (text.length === 0) return startAccepts;
    let active = Int32Array.from(startMask);
    let next = new Int32Array(words);
    let accepted = false;
    for (let p = 0; p < text.length; p++) {
      const code = text.charCodeAt(p);
      next.fill(0);
      accepted = false;
      let any = 0;
      for (let w = 0; w < words; w++) {
        for (let m = active[w]!; m !== 0; m &= m - 1) {
          const k = (w << 5) + 31 - Math.clz32(m & -m);
          if (tests[k]!(code)) {
            const nm = nextMasks[k]!;
            for (let v = 0; v < words; v++) {
              next[v]! |= nm[v]!;
              any |= nm[v]!;
            }
            if (acceptsAfter[k]) accepted = true;
          }
        }
      }
      if (any === 0) return accepted && p === text.length - 1;
      const tmp = active;
      active = next;
      next = tmp;
    }
    return accepted;
  };
}

function closure(states: readonly State[], start: number): number[] {
  const seen = new Set<number>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (const t of states[s]!.eps) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return [...seen];
}
