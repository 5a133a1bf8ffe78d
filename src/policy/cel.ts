/**
 * CEL conditions: one shared environment declaring the policy variables, compiled once per rule.
 * `matches` (JavaScript's backtracking RegExp in the CEL library) is refused; `safeMatches` runs
 * RE2 (linear time) instead.
 */
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';

/** Variables a CEL condition can read. */
export const CEL_VARIABLES: Readonly<Record<string, string>> = {
  check: 'map',
  principal: 'map',
  params: 'map',
  context: 'map',
  resource: 'string',
  action: 'string',
  phase: 'string',
  session: 'map',
  scan: 'map',
  monitor: 'map',
  time: 'map',
  now: 'google.protobuf.Timestamp',
};

const RE2_CACHE_MAX = 256;
const re2Cache = new Map<string, RE2JS>();

function re2(pattern: string): RE2JS {
  let re = re2Cache.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    if (re2Cache.size >= RE2_CACHE_MAX) re2Cache.clear();
    re2Cache.set(pattern, re);
  }
  return re;
}

let environment: Environment | undefined;

function celEnvironment(): Environment {
  if (environment) return environment;
  let env = new Environment({
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000 },
  });
  for (const [name, type] of Object.entries(CEL_VARIABLES)) env = env.registerVariable(name, type);
  env = env.registerFunction({
    name: 'safeMatches',
    receiverType: 'string',
    returnType: 'bool',
    handler: (s: string, pattern: string) => re2(pattern).matcher(s).find(),
    params: [{ name: 'pattern', type: 'string' }],
  });
  environment = env;
  return env;
}

/** A compiled condition: returns the condition's value; throws on evaluation errors. */
export type CelProgram = (activation: Record<string, unknown>) => unknown;

/** A CEL compile problem with its offset in the expression. */
export interface CelIssue {
  readonly offset: number;
  readonly message: string;
}

/** Compile a condition; returns the program or the problem found. */
export function compileCel(expression: string): CelProgram | CelIssue {
  const env = celEnvironment();
  let parsed: ParseResult;
  try {
    parsed = env.parse(expression);
  } catch (err) {
    return celIssue(err);
  }
  const refused = findCall(parsed.ast, 'matches');
  if (refused !== null) {
    return {
      offset: refused,
      message: '`matches` uses a backtracking regex engine; use `safeMatches` (RE2, linear time)',
    };
  }
  const checked = parsed.check();
  if (!checked.valid) return celIssue(checked.error);
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    return { offset: 0, message: `condition must be a bool, it is ${checked.type}` };
  }
  return (activation) => parsed(activation);
}

function celIssue(err: unknown): CelIssue {
  const e = err as { summary?: string; message?: string; range?: { start: number } } | undefined;
  const message = e?.summary ?? e?.message?.split('\n')[0] ?? String(err);
  return { offset: e?.range?.start ?? 0, message: `CEL: ${message}` };
}

/** Offset of the first call to `name` in a parsed expression, or null. */
function findCall(node: unknown, name: string): number | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const hit = findCall(n, name);
      if (hit !== null) return hit;
    }
    return null;
  }
  if (node === null || typeof node !== 'object' || !('op' in node)) return null;
  const n = node as { op: string; args: unknown; start?: number };
  if ((n.op === 'call' || n.op === 'rcall') && Array.isArray(n.args) && n.args[0] === name) {
    return n.start ?? 0;
  }
  return findCall(n.args, name);
}
