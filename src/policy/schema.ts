/** The policy document schema (YAML/JSON): the shape checked before compilation, and its JSON Schema. */
import { z } from 'zod';
import { FINDING_CATEGORIES } from '../core/finding.js';

const globList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('A glob pattern or a list of them (any may match).');

const duration = z
  .string()
  .regex(/^[0-9]+(ms|s|m|h|d)$/, 'a duration such as 500ms, 30s, 10m, 1h, 1d')
  .describe('A duration: a whole number and a unit (ms, s, m, h, d).');

const threshold = z
  .union([
    z.number().min(0).max(1),
    z.string().regex(/^(>=|>|<=|<|==) ?[0-9.]+$/, 'a comparison such as ">= 0.8"'),
  ])
  .describe('A score threshold: a number (meaning >=) or a comparison string such as ">= 0.8".');

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const valueMatcher = z
  .union([
    scalar,
    z
      .object({
        equals: scalar.optional(),
        not_equals: scalar.optional(),
        in: z.array(scalar).optional(),
        not_in: z.array(scalar).optional(),
        glob: globList.optional(),
        gt: z.number().optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        lte: z.number().optional(),
        exists: z.boolean().optional(),
      })
      .strict(),
  ])
  .describe('A scalar (equality) or an object of tests that must all hold.');

const pathMatchers = z
  .record(z.string().min(1), valueMatcher)
  .describe('Dotted path (e.g. `to.domain`) → matcher.');

const principalMatch = z
  .object({
    id: globList.optional(),
    type: globList.optional(),
    roles: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Principal has any of these roles.'),
    tenant: globList.optional(),
  })
  .strict();

const scanShape: Record<string, z.ZodOptional<typeof threshold>> = { any: threshold.optional() };
for (const c of FINDING_CATEGORIES) scanShape[c] = threshold.optional();
const scanMatch = z
  .object(scanShape)
  .strict()
  .describe('Category → threshold on the highest finding score; `any` is the highest over all.');

const sessionMatch = z
  .object({
    labels: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Every one of these labels has been seen in the session.'),
    params_tainted: z
      .boolean()
      .optional()
      .describe('A string from untrusted content earlier in the session appears in params.'),
  })
  .strict();

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const timeMatch = z
  .object({
    weekdays: z.array(weekday).min(1).optional(),
    hours: z
      .object({
        from: z.number().int().min(0).max(23),
        to: z.number().int().min(1).max(24),
      })
      .strict()
      .optional()
      .describe('Local hour in [from, to); wraps past midnight when from > to.'),
  })
  .strict();

const phase = z.enum(['input', 'output', 'action', 'tool_result']);

const matchBlock = z
  .object({
    phase: z.union([phase, z.array(phase).min(1)]).optional(),
    action: globList.optional(),
    resource: globList.optional(),
    principal: principalMatch.optional(),
    params: pathMatchers.optional(),
    context: pathMatchers.optional(),
    scan: scanMatch.optional(),
    session: sessionMatch.optional(),
    time: timeMatch.optional(),
  })
  .strict()
  .describe('Structured conditions; all present ones must hold.');

const scope = z.enum(['principal', 'session', 'tenant', 'global']);

const limitBlock = z
  .object({
    rate: z
      .object({ count: z.number().int().min(0), window: duration, per: scope.optional() })
      .strict()
      .optional()
      .describe('The rule matches once more than `count` checks occurred in the window.'),
    budget: z
      .object({
        param: z.string().min(1).describe('Dotted path of a numeric param to sum.'),
        max: z.number().min(0),
        window: duration,
        per: scope.optional(),
      })
      .strict()
      .optional()
      .describe('The rule matches once the summed param would exceed `max` in the window.'),
  })
  .strict();

const effect = z.enum(['allow', 'deny', 'escalate']);
const mode = z.enum(['enforce', 'shadow']);
const category = z.enum(FINDING_CATEGORIES as [string, ...string[]]);

/** Schema of one rule. */
export const ruleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/, 'an id of letters, digits, and . _ : -')
      .max(128),
    description: z.string().optional(),
    effect,
    reason: z.string().optional().describe('Human-readable reason reported when the rule matches.'),
    mode: mode.optional(),
    match: matchBlock.optional(),
    unless: matchBlock.optional().describe('The rule does not apply when all of these hold.'),
    when: z.string().min(1).optional().describe('CEL condition; must evaluate to a bool.'),
    limit: limitBlock.optional(),
    approvers: z
      .object({ role: z.string().min(1), count: z.number().int().min(1).max(100).optional() })
      .strict()
      .optional()
      .describe('For escalate: who must approve and how many distinct approvers.'),
    expires: duration
      .optional()
      .describe('For escalate: how long the approval request stays open.'),
    redact: z.array(category).min(1).optional().describe('Finding categories to redact.'),
    timezone: z.string().min(1).optional().describe('IANA time zone for `time` and CEL `time`.'),
  })
  .strict();

/** Schema of a policy document. */
export const policyDocumentSchema = z
  .object({
    name: z.string().min(1).max(128),
    version: z.union([z.string().min(1), z.number()]).describe('Author-chosen version label.'),
    description: z.string().optional(),
    default: z.enum(['allow', 'deny']).optional().describe('Effect when no rule matches (deny).'),
    fail_mode: z
      .enum(['closed', 'open'])
      .optional()
      .describe('closed (default): a rule that fails to evaluate denies; open: it is skipped.'),
    mode: mode.optional().describe('shadow: record what the policy would decide, always allow.'),
    timezone: z.string().min(1).optional().describe('IANA time zone for time conditions (UTC).'),
    rules: z.array(ruleSchema),
  })
  .strict();

/** A policy document as written (after schema validation). */
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
/** One rule as written. */
export type RuleDocument = z.infer<typeof ruleSchema>;
/** A `match` / `unless` block as written. */
export type MatchDocument = z.infer<typeof matchBlock>;
/** A param/context value matcher as written. */
export type ValueMatcherDocument = z.infer<typeof valueMatcher>;

/** The published JSON Schema of policy documents (also committed as docs/policy.schema.json). */
export const policyJsonSchema: Record<string, unknown> = {
  ...(z.toJSONSchema(policyDocumentSchema, { target: 'draft-2020-12' }) as Record<string, unknown>),
  $id: 'https://bulwark.dev/schemas/policy.schema.json',
  title: 'Bulwark policy',
};
