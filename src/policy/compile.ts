/**
 * Policy compilation: YAML text → schema-checked document → compiled rules with precompiled globs,
 * CEL programs, limits and an action index. Every problem is reported with file, line and column.
 */
import { readFileSync } from 'node:fs';
import {
  type Document,
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
} from 'yaml';
import type { z } from 'zod';
import { digest } from '../core/canonical.js';
import type { Phase } from '../core/check.js';
import type { ApprovalRequirement, Effect, PolicyRef, RuleMode } from '../core/decision.js';
import type { FailMode, PolicyIssue } from '../core/errors.js';
import { PolicyError } from '../core/errors.js';
import type { FindingCategory } from '../core/finding.js';
import { type CelProgram, compileCel } from './cel.js';
import { compileGlob, type Glob, GlobSyntaxError } from './glob.js';
import { type EvaluationContext, timeZoneFormatter } from './input.js';
import {
  type MatchDocument,
  type PolicyDocument,
  policyDocumentSchema,
  type RuleDocument,
  ruleSchema,
  type ValueMatcherDocument,
} from './schema.js';

/** A structured condition compiled to a predicate. */
export type Condition = (ctx: EvaluationContext) => boolean;

/** Who a limit counts per. */
export type LimitScope = 'principal' | 'session' | 'tenant' | 'global';

/** A compiled rate limit or budget. */
export interface CompiledLimit {
  readonly kind: 'rate' | 'budget';
  readonly windowMs: number;
  readonly per: LimitScope;
  /** rate: most checks per window; budget: most summed amount per window. */
  readonly max: number;
  /** budget only: dotted param path split into segments. */
  readonly param?: readonly string[];
}

/** A rule ready to evaluate. */
export interface CompiledRule {
  readonly id: string;
  /** Position in the policy (reasons and matches are reported in this order). */
  readonly order: number;
  readonly effect: Effect;
  readonly reason: string;
  /** Effective mode: `shadow` when the rule or the whole policy is in shadow mode. */
  readonly mode: RuleMode;
  /** Action globs, or null for any action. */
  readonly actions: readonly Glob[] | null;
  /** Bit per phase (input 1, output 2, action 4, tool_result 8). */
  readonly phaseMask: number;
  readonly conditions: readonly Condition[];
  readonly unless: readonly Condition[] | null;
  readonly when: CelProgram | null;
  readonly limit: CompiledLimit | null;
  readonly approval?: ApprovalRequirement;
  readonly redact: readonly FindingCategory[];
  readonly timezone: string;
}

/** Finds the rules whose action patterns match an action (the only ones a check visits). */
export interface ActionIndex {
  candidates(action: string): readonly CompiledRule[];
}

/** A policy compiled once and evaluated many times. Immutable. */
export interface CompiledPolicy {
  readonly name: string;
  readonly version: string;
  /** Hex SHA-256 of the canonical JSON of the parsed document. */
  readonly hash: string;
  readonly description?: string;
  readonly defaultEffect: 'allow' | 'deny';
  readonly failMode: FailMode;
  readonly mode: RuleMode;
  readonly timezone: string;
  readonly rules: readonly CompiledRule[];
  readonly index: ActionIndex;
  readonly ref: PolicyRef;
  /** File the policy came from, if any. */
  readonly file?: string;
  readonly document: PolicyDocument;
}

export const PHASE_BITS: Readonly<Record<Phase, number>> = {
  input: 1,
  output: 2,
  action: 4,
  tool_result: 8,
};
const ALL_PHASES = 15;

/** Default approval when an escalate rule names no approvers. */
export const DEFAULT_APPROVAL: ApprovalRequirement = {
  role: 'approver',
  count: 1,
  expiresInMs: 24 * 3_600_000,
};

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration string such as `10m` (already schema-checked). */
export function parseDuration(text: string): number {
  const m = /^([0-9]+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`bad duration ${text}`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

type Path = ReadonlyArray<string | number>;

/** Anything that turns a document path into a located issue. */
interface IssueSource {
  issue(path: Path, message: string, offset?: number): PolicyIssue;
}

/** Resolves document paths to source positions. */
class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly file: string,
    private readonly text: string,
  ) {}

  issue(path: Path, message: string, offsetInValue?: number): PolicyIssue {
    const { line, column } = this.position(path, offsetInValue);
    return { file: this.file, line, column, path: formatPath(path), message };
  }

  /** Position of the value at `path`, or of the nearest existing ancestor. */
  position(path: Path, offsetInValue?: number): { line: number; column: number } {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      const node = (
        sub.length === 0 ? this.doc.contents : this.doc.getIn(sub, true)
      ) as YamlNode | null;
      if (node && typeof node === 'object' && 'range' in node && node.range) {
        if (offsetInValue !== undefined && n === path.length && isScalar(node)) {
          return this.scalarOffset(node, offsetInValue);
        }
        return this.pos(node.range[0]);
      }
    }
    return { line: 1, column: 1 };
  }

  /** Position of an unknown key inside the map at `path`. */
  keyPosition(path: Path, key: string): { line: number; column: number } | null {
    const node = (path.length === 0 ? this.doc.contents : this.doc.getIn(path, true)) as unknown;
    if (!isMap(node)) return null;
    for (const pair of node.items) {
      if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
        return this.pos(pair.key.range[0]);
      }
    }
    return null;
  }

  private pos(offset: number): { line: number; column: number } {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  // Position of a character inside a scalar: exact for single-line and block scalars,
  // approximate when quoted strings contain escapes.
  private scalarOffset(node: YamlNode, offset: number): { line: number; column: number } {
    const start = node.range?.[0] ?? 0;
    const type = (node as { type?: string | undefined }).type;
    if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
      const value = String((node as { value?: unknown }).value ?? '');
      const before = value.slice(0, offset);
      const lineIdx = before.split('\n').length - 1;
      const col = before.length - (before.lastIndexOf('\n') + 1);
      const header = this.pos(start);
      const srcLine = header.line + 1 + lineIdx;
      // Block content indentation is that of its first line; deeper lines keep the extra spaces.
      const firstLine = this.sourceLine(header.line + 1);
      const indent = firstLine.length - firstLine.trimStart().length;
      return { line: srcLine, column: indent + col + 1 };
    }
    const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? 1 : 0;
    return this.pos(start + quoted + offset);
  }

  private sourceLine(line: number): string {
    const starts = this.lines.lineStarts;
    const from = starts[line - 1];
    if (from === undefined) return '';
    const to = starts[line] ?? this.text.length;
    return this.text.slice(from, to).replace(/\n$/, '');
  }
}

function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/** A YAML document checked against a schema, with its source map for later located issues. */
export interface LocatedDocument<T> {
  readonly value: T;
  readonly raw: unknown;
  readonly issues: PolicyIssue[];
  /** Resolves a document path to a located issue. */
  issue(path: ReadonlyArray<string | number>, message: string, offset?: number): PolicyIssue;
}

/**
 * Parse YAML text and check it against `schema`. YAML errors throw PolicyError; schema issues are
 * returned located (value is undefined then) so callers can add their own before throwing.
 */
export function parseLocatedYaml<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
): LocatedDocument<T | undefined> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(doc, lines, file, text);
  if (doc.errors.length > 0) {
    throw new PolicyError(
      doc.errors.map((e) => {
        const p = e.linePos?.[0];
        return {
          file,
          line: p?.line ?? 1,
          column: p?.col ?? 1,
          path: '',
          message: `YAML: ${e.message.split('\n')[0]}`,
        };
      }),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = schema.safeParse(raw);
  const issues: PolicyIssue[] = [];
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (zi.code === 'unrecognized_keys') {
        for (const key of zi.keys) {
          const at = map.keyPosition(path, key) ?? map.position(path);
          issues.push({
            file,
            ...at,
            path: formatPath([...path, key]),
            message: `unknown field '${key}'`,
          });
        }
      } else {
        issues.push(map.issue(path, describeZodIssue(zi)));
      }
    }
  }
  return {
    value: parsed.success ? parsed.data : undefined,
    raw,
    issues,
    issue: (path, message, offset) => map.issue(path, message, offset),
  };
}

/** Compile policy text (YAML or JSON). Throws PolicyError listing every located problem. */
export function compilePolicy(text: string, file = '<policy>'): CompiledPolicy {
  const located = parseLocatedYaml(text, file, policyDocumentSchema);
  const { raw, issues } = located;
  if (located.value === undefined) {
    // Also report semantic problems (globs, CEL, limits) of the rules that are well-formed.
    const rawRules = (raw as { rules?: unknown } | null)?.rules;
    if (Array.isArray(rawRules)) {
      const tz = (raw as { timezone?: unknown }).timezone;
      rawRules.forEach((r, i) => {
        const rule = ruleSchema.safeParse(r);
        if (rule.success) {
          compileRule(
            rule.data,
            i,
            'enforce',
            typeof tz === 'string' ? tz : 'UTC',
            located,
            issues,
          );
        }
      });
    }
    throw new PolicyError(sortIssues(issues));
  }
  return buildPolicy(located.value, located, file);
}

function describeZodIssue(zi: { code: string; message: string; input?: unknown }): string {
  if (zi.code === 'invalid_union') return 'expected one of the allowed forms (see docs/policy.md)';
  if (zi.code === 'invalid_type' && zi.input === undefined) return `required: ${zi.message}`;
  return zi.message;
}

function sortIssues(issues: PolicyIssue[]): PolicyIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Read and compile a policy file. */
export function loadPolicyFile(path: string): CompiledPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new PolicyError([
      { file: path, line: 1, column: 1, path: '', message: `cannot read file (${code})` },
    ]);
  }
  return compilePolicy(text, path);
}

function buildPolicy(docValue: PolicyDocument, map: IssueSource, file: string): CompiledPolicy {
  const issues: PolicyIssue[] = [];
  const policyMode: RuleMode = docValue.mode ?? 'enforce';
  const timezone = docValue.timezone ?? 'UTC';
  if (!validTimeZone(timezone)) {
    issues.push(map.issue(['timezone'], `unknown time zone '${timezone}' (expected an IANA name)`));
  }
  const seen = new Map<string, number>();
  const rules: CompiledRule[] = [];
  docValue.rules.forEach((rule, i) => {
    const prev = seen.get(rule.id);
    if (prev !== undefined) {
      issues.push(
        map.issue(['rules', i, 'id'], `duplicate rule id '${rule.id}' (first at rules[${prev}])`),
      );
    }
    seen.set(rule.id, i);
    const compiled = compileRule(rule, i, policyMode, timezone, map, issues);
    if (compiled) rules.push(compiled);
  });
  if (issues.length > 0) throw new PolicyError(sortIssues(issues));
  const hash = digest(docValue);
  const version = String(docValue.version);
  const ref: PolicyRef = { name: docValue.name, version, hash };
  return {
    name: docValue.name,
    version,
    hash,
    ...(docValue.description !== undefined ? { description: docValue.description } : {}),
    defaultEffect: docValue.default ?? 'deny',
    failMode: docValue.fail_mode ?? 'closed',
    mode: policyMode,
    timezone,
    rules,
    index: buildIndex(rules),
    ref,
    ...(file !== '<policy>' ? { file } : {}),
    document: docValue,
  };
}

function validTimeZone(tz: string): boolean {
  try {
    timeZoneFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

function compileRule(
  rule: RuleDocument,
  i: number,
  policyMode: RuleMode,
  policyTz: string,
  map: IssueSource,
  issues: PolicyIssue[],
): CompiledRule | null {
  const at = (...p: Path): Path => ['rules', i, ...p];
  const before = issues.length;
  const timezone = rule.timezone ?? policyTz;
  if (rule.timezone !== undefined && !validTimeZone(rule.timezone)) {
    issues.push(
      map.issue(at('timezone'), `unknown time zone '${rule.timezone}' (expected an IANA name)`),
    );
  }
  const globs = (value: string | string[] | undefined, path: Path): Glob[] | null => {
    if (value === undefined) return null;
    const list = typeof value === 'string' ? [value] : value;
    const out: Glob[] = [];
    list.forEach((p, j) => {
      try {
        out.push(compileGlob(p));
      } catch (err) {
        const msg = err instanceof GlobSyntaxError ? err.message : String(err);
        issues.push(map.issue(typeof value === 'string' ? path : [...path, j], `bad glob: ${msg}`));
      }
    });
    return out;
  };

  const match = rule.match ?? {};
  const actions = globs(match.action, at('match', 'action'));
  const phases =
    match.phase === undefined
      ? null
      : typeof match.phase === 'string'
        ? [match.phase]
        : match.phase;
  const phaseMask = phases ? phases.reduce((m, p) => m | PHASE_BITS[p], 0) : ALL_PHASES;
  const conditions = compileMatch(match, at('match'), timezone, globs, map, issues);
  let unless: Condition[] | null = null;
  if (rule.unless) {
    const u = rule.unless;
    unless = compileMatch(u, at('unless'), timezone, globs, map, issues);
    const uActions = globs(u.action, at('unless', 'action'));
    if (uActions) unless.push((ctx) => uActions.some((g) => g.match(ctx.check.action)));
    if (u.phase !== undefined) {
      const list = typeof u.phase === 'string' ? [u.phase] : u.phase;
      const mask = list.reduce((m, p) => m | PHASE_BITS[p], 0);
      unless.push((ctx) => (mask & (PHASE_BITS[ctx.check.phase] ?? 0)) !== 0);
    }
  }

  let when: CelProgram | null = null;
  if (rule.when !== undefined) {
    const compiled = compileCel(rule.when);
    if (typeof compiled === 'function') when = compiled;
    else issues.push(map.issue(at('when'), compiled.message, compiled.offset));
  }

  let limit: CompiledLimit | null = null;
  if (rule.limit?.rate && rule.limit.budget) {
    issues.push(map.issue(at('limit'), 'a rule has one limit: rate or budget, not both'));
  } else if (rule.limit?.rate) {
    const r = rule.limit.rate;
    limit = {
      kind: 'rate',
      windowMs: parseDuration(r.window),
      per: r.per ?? 'principal',
      max: r.count,
    };
  } else if (rule.limit?.budget) {
    const b = rule.limit.budget;
    limit = {
      kind: 'budget',
      windowMs: parseDuration(b.window),
      per: b.per ?? 'principal',
      max: b.max,
      param: b.param.split('.'),
    };
  } else if (rule.limit) {
    issues.push(map.issue(at('limit'), 'expected `rate` or `budget`'));
  }

  let approval: ApprovalRequirement | undefined;
  if (rule.effect === 'escalate') {
    approval = {
      role: rule.approvers?.role ?? DEFAULT_APPROVAL.role,
      count: rule.approvers?.count ?? DEFAULT_APPROVAL.count,
      expiresInMs: rule.expires ? parseDuration(rule.expires) : DEFAULT_APPROVAL.expiresInMs,
    };
  } else if (rule.approvers || rule.expires) {
    issues.push(
      map.issue(
        at(rule.approvers ? 'approvers' : 'expires'),
        'only escalate rules take approvers/expires',
      ),
    );
  }

  if (issues.length > before) return null;
  const mode: RuleMode = policyMode === 'shadow' ? 'shadow' : (rule.mode ?? 'enforce');
  return {
    id: rule.id,
    order: i,
    effect: rule.effect,
    reason: rule.reason ?? `rule ${rule.id} (${rule.effect})`,
    mode,
    actions,
    phaseMask,
    conditions,
    unless,
    when,
    limit,
    ...(approval ? { approval } : {}),
    redact: (rule.redact ?? []) as FindingCategory[],
    timezone,
  };
}

function compileMatch(
  match: MatchDocument,
  path: Path,
  timezone: string,
  globs: (value: string | string[] | undefined, path: Path) => Glob[] | null,
  map: IssueSource,
  issues: PolicyIssue[],
): Condition[] {
  const out: Condition[] = [];
  const resource = globs(match.resource, [...path, 'resource']);
  if (resource) {
    out.push((ctx) => {
      const r = ctx.check.resource;
      return typeof r === 'string' && resource.some((g) => g.match(r));
    });
  }
  const p = match.principal;
  if (p) {
    const ids = globs(p.id, [...path, 'principal', 'id']);
    if (ids) out.push((ctx) => anyGlob(ids, ctx.check.principal?.id));
    const types = globs(p.type, [...path, 'principal', 'type']);
    if (types) out.push((ctx) => anyGlob(types, ctx.check.principal?.type));
    const tenants = globs(p.tenant, [...path, 'principal', 'tenant']);
    if (tenants) out.push((ctx) => anyGlob(tenants, ctx.check.principal?.tenant));
    if (p.roles) {
      const wanted = new Set(p.roles);
      out.push((ctx) => {
        const roles = ctx.check.principal?.roles;
        return Array.isArray(roles) && roles.some((r) => wanted.has(r));
      });
    }
  }
  for (const [field, source] of [
    ['params', (ctx: EvaluationContext) => ctx.check.params],
    ['context', (ctx: EvaluationContext) => ctx.check.context],
  ] as const) {
    const block = match[field];
    if (!block) continue;
    for (const [dotted, m] of Object.entries(block)) {
      const segments = dotted.split('.');
      const test = compileValueMatcher(m, [...path, field, dotted], globs);
      out.push((ctx) => test(lookup(source(ctx), segments)));
    }
  }
  if (match.scan) {
    for (const [cat, th] of Object.entries(match.scan)) {
      if (th === undefined) continue;
      const cmp = parseThreshold(th);
      if (!cmp) {
        issues.push(map.issue([...path, 'scan', cat], 'expected a threshold such as ">= 0.8"'));
        continue;
      }
      if (cat === 'any') out.push((ctx) => cmp(ctx.scan.max));
      else {
        const c = cat as FindingCategory;
        out.push((ctx) => cmp(ctx.scan.byCategory[c].score));
      }
    }
  }
  if (match.session) {
    const { labels, params_tainted } = match.session;
    if (labels) out.push((ctx) => labels.every((l) => ctx.session.labels.includes(l)));
    if (params_tainted !== undefined) {
      out.push((ctx) => ctx.session.taintedParams.length > 0 === params_tainted);
    }
  }
  if (match.time) {
    const { weekdays, hours } = match.time;
    if (weekdays) {
      const set = new Set<string>(weekdays);
      out.push((ctx) => set.has(ctx.time(timezone).weekday));
    }
    if (hours) {
      const { from, to } = hours;
      out.push((ctx) => {
        const h = ctx.time(timezone).hour;
        return from <= to ? h >= from && h < to : h >= from || h < to;
      });
    }
  }
  return out;
}

function anyGlob(globs: readonly Glob[], value: unknown): boolean {
  return typeof value === 'string' && globs.some((g) => g.match(value));
}

/** Value at a dotted path inside params/context (own properties only). */
export function lookup(root: unknown, segments: readonly string[]): unknown {
  let cur: unknown = root;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

type ValueTest = (value: unknown) => boolean;

function compileValueMatcher(
  m: ValueMatcherDocument,
  path: Path,
  globs: (value: string | string[] | undefined, path: Path) => Glob[] | null,
): ValueTest {
  if (m === null || typeof m !== 'object') return (v) => v === m;
  const tests: ValueTest[] = [];
  if (m.equals !== undefined) {
    const x = m.equals;
    tests.push((v) => v === x);
  }
  if (m.not_equals !== undefined) {
    const x = m.not_equals;
    tests.push((v) => v !== x);
  }
  if (m.in) {
    const set = new Set<unknown>(m.in);
    tests.push((v) => set.has(v));
  }
  if (m.not_in) {
    const set = new Set<unknown>(m.not_in);
    tests.push((v) => !set.has(v));
  }
  const g = globs(m.glob, [...path, 'glob']);
  if (g) tests.push((v) => anyGlob(g, v));
  const num =
    (f: (x: number) => boolean): ValueTest =>
    (v) =>
      typeof v === 'number' && Number.isFinite(v) && f(v);
  if (m.gt !== undefined) {
    const x = m.gt;
    tests.push(num((v) => v > x));
  }
  if (m.gte !== undefined) {
    const x = m.gte;
    tests.push(num((v) => v >= x));
  }
  if (m.lt !== undefined) {
    const x = m.lt;
    tests.push(num((v) => v < x));
  }
  if (m.lte !== undefined) {
    const x = m.lte;
    tests.push(num((v) => v <= x));
  }
  if (m.exists !== undefined) {
    const x = m.exists;
    tests.push((v) => (v !== undefined) === x);
  }
  return (v) => tests.every((t) => t(v));
}

/** A threshold (number = `>=`, or `">= 0.8"`) as a predicate on a score. */
export function parseThreshold(th: number | string): ((score: number) => boolean) | null {
  if (typeof th === 'number') return (s) => s >= th;
  const m = /^(>=|>|<=|<|==) ?([0-9]+(?:\.[0-9]+)?)$/.exec(th.trim());
  if (!m) return null;
  const x = Number(m[2]);
  switch (m[1]) {
    case '>=':
      return (s) => s >= x;
    case '>':
      return (s) => s > x;
    case '<=':
      return (s) => s <= x;
    case '<':
      return (s) => s < x;
    default:
      return (s) => s === x;
  }
}

const INDEX_CACHE_MAX = 4096;
const INDEX_CACHE_KEY_MAX = 256;

/**
 * Action index: exact actions in a map, globs bucketed by their literal prefix, and a wildcard
 * bucket. The merged, filtered, ordered candidate list per action is memoised (bounded).
 */
function buildIndex(rules: readonly CompiledRule[]): ActionIndex {
  const exact = new Map<string, CompiledRule[]>();
  const prefixed = new Map<string, CompiledRule[]>();
  const prefixLengths = new Set<number>();
  const wildcard: CompiledRule[] = [];
  for (const rule of rules) {
    if (!rule.actions) {
      wildcard.push(rule);
      continue;
    }
    const added = new Set<string>();
    for (const g of rule.actions) {
      if (g.literal) {
        pushTo(exact, g.prefix, rule);
      } else if (g.prefix === '') {
        if (!added.has('*')) wildcard.push(rule);
        added.add('*');
      } else if (!added.has(`p:${g.prefix}`)) {
        added.add(`p:${g.prefix}`);
        pushTo(prefixed, g.prefix, rule);
        prefixLengths.add(g.prefix.length);
      }
    }
  }
  const lengths = [...prefixLengths].sort((a, b) => a - b);
  const cache = new Map<string, readonly CompiledRule[]>();
  const compute = (action: string): readonly CompiledRule[] => {
    const found = new Set<CompiledRule>();
    for (const r of exact.get(action) ?? []) found.add(r);
    for (const len of lengths) {
      if (len > action.length) break;
      for (const r of prefixed.get(action.slice(0, len)) ?? []) found.add(r);
    }
    for (const r of wildcard) found.add(r);
    const out: CompiledRule[] = [];
    for (const r of found) {
      if (!r.actions || r.actions.some((g) => g.match(action))) out.push(r);
    }
    return out.sort((a, b) => a.order - b.order);
  };
  return {
    candidates(action: string): readonly CompiledRule[] {
      let hit = cache.get(action);
      if (hit === undefined) {
        hit = compute(action);
        // Bounded: attacker-chosen action names must not grow memory without limit.
        if (action.length <= INDEX_CACHE_KEY_MAX) {
          if (cache.size >= INDEX_CACHE_MAX) cache.clear();
          cache.set(action, hit);
        }
      }
      return hit;
    },
  };
}

function pushTo(map: Map<string, CompiledRule[]>, key: string, rule: CompiledRule): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== rule) list.push(rule);
  } else map.set(key, [rule]);
}
