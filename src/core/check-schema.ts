/** Schema of a Check arriving from outside (JSON file, HTTP body): parse once at the edge. */
import { z } from 'zod';
import type { Check } from './check.js';
import { InputError } from './errors.js';

const provenanceSchema = z
  .object({
    trust: z.enum(['trusted', 'untrusted']).optional(),
    sensitive: z.boolean().optional(),
    source: z.string().max(512).optional(),
  })
  .strict();

const contentPartSchema = z
  .object({
    text: z.string(),
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']).optional(),
    provenance: provenanceSchema.optional(),
  })
  .strict();

const principalSchema = z
  .object({
    id: z.string().min(1).max(256),
    type: z.string().max(128).optional(),
    roles: z.array(z.string().max(128)).max(256).optional(),
    tenant: z.string().max(256).optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** Zod schema of a Check. */
export const checkSchema = z
  .object({
    phase: z.enum(['input', 'output', 'action', 'tool_result']),
    action: z.string().min(1).max(512),
    resource: z.string().max(4096).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    content: z.union([z.string(), z.array(contentPartSchema).max(10_000)]).optional(),
    principal: principalSchema,
    session: z.string().min(1).max(256).optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    provenance: provenanceSchema.optional(),
  })
  .strict();

/** `principal.roles[1]`-style path of a schema issue. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** Parse an outside value into a Check; throws InputError naming the first bad field. */
export function parseCheck(value: unknown): Check {
  const r = checkSchema.safeParse(value);
  if (r.success) return r.data as Check;
  const issue = r.error.issues[0]!;
  const path = issuePath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return fail(path ? `${path}.${key}` : key, 'unknown field');
  }
  return fail(path, issue.message);
}

function fail(path: string, message: string): never {
  throw new InputError(path, message);
}

/** Line and column (1-based) of a character offset in text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Parse JSON text; a syntax error becomes an InputError whose message starts with
 * `file:line:column:`. (Node's own message has no position on every version.)
 */
export function parseJsonLocated(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const at = lineColumn(text, jsonErrorOffset(text));
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new InputError('', `${file}:${at.line}:${at.column}: invalid JSON: ${reason}`);
  }
}

/** Offset of the first JSON syntax error (text.length when the text ends too early). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && ' \t\n\r'.includes(text[i]!)) i++;
  };
  // Stack of open containers: '{' or '['; `expect` says what may come next.
  const stack: string[] = [];
  type Expect = 'value' | 'key' | 'colon' | 'commaOrEnd' | 'valueOrEnd' | 'keyOrEnd';
  let expect: Expect = 'value';
  for (;;) {
    ws();
    if (i >= n) return n;
    const c = text[i]!;
    if (expect === 'commaOrEnd') {
      const top = stack[stack.length - 1];
      if (top === undefined) return i; // trailing data after the value
      if (c === ',') {
        i++;
        expect = top === '{' ? 'key' : 'value';
      } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        i++;
        stack.pop();
        expect = 'commaOrEnd';
      } else return i;
      continue;
    }
    if (expect === 'colon') {
      if (c !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'key' || expect === 'keyOrEnd') {
      if (c === '}' && expect === 'keyOrEnd') {
        i++;
        stack.pop();
        expect = 'commaOrEnd';
        continue;
      }
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return -end;
      i = end;
      expect = 'colon';
      continue;
    }
    // value or valueOrEnd
    if (c === ']' && expect === 'valueOrEnd') {
      i++;
      stack.pop();
      expect = 'commaOrEnd';
    } else if (c === '{') {
      i++;
      stack.push('{');
      expect = 'keyOrEnd';
    } else if (c === '[') {
      i++;
      stack.push('[');
      expect = 'valueOrEnd';
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return -end;
      i = end;
      expect = 'commaOrEnd';
    } else {
      const m = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(
        text.slice(i, i + 400),
      );
      if (!m) return i;
      i += m[0].length;
      expect = 'commaOrEnd';
    }
  }
}

/** Index just past the closing quote of the string at `start`, or minus the error offset. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) return i + 1;
    if (code < 0x20) return -i;
    if (code === 92) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -(i + 1);
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
      else return -(i + 1);
    }
  }
  return -text.length;
}
