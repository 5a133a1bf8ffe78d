/**
 * `wrap`: guard a tool function. The call is checked as an `action` (params = its argument object)
 * before it runs, escalations wait for approval, and what it returns is checked as a
 * `tool_result` (untrusted) before the caller sees it. Refusals throw typed errors.
 */
import type { Check, ContentPart, Principal } from '../core/check.js';
import { InputError } from '../core/errors.js';
import type { ApprovalGate, Checker } from './checker.js';
import { enforce } from './enforce.js';
import { refusalError } from './errors.js';
import { redactParams, redactParts } from './redactions.js';

/** How a wrapped tool is checked. */
export interface WrapOptions {
  /** Dotted action name, e.g. `payments.refund`. */
  readonly action: string;
  readonly resource?: string;
  /** Who acts (in-process); a remote server takes the principal from the API key instead. */
  readonly principal?: Principal;
  readonly session?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  /** Where escalations wait; default: the checker's own gate when it has one (the remote client). */
  readonly approvals?: ApprovalGate;
  /** Longest wait for an approval (default 5 minutes); then `ApprovalExpiredError`. */
  readonly waitForApprovalMs?: number;
  /** Check the result as `tool_result` (default true). */
  readonly checkResult?: boolean;
}

/** A checker that may bring its own approval gate (as the remote client does). */
export type WrapTarget = Checker & { readonly approvals?: ApprovalGate };

/** Principal used in-process when none is given. */
export const LOCAL_PRINCIPAL: Principal = { id: 'local', type: 'sdk' };

/** Wraps `fn` so every call is checked before it runs and its result after. */
export function wrap<A extends Record<string, unknown>, R>(
  guard: WrapTarget,
  fn: (args: A) => R | Promise<R>,
  options: WrapOptions,
): (args: A) => Promise<R> {
  const approvals = options.approvals ?? guard.approvals;
  const enforceOptions = { approvals, waitForApprovalMs: options.waitForApprovalMs };
  const principal = options.principal ?? LOCAL_PRINCIPAL;
  const common = {
    principal,
    ...(options.resource === undefined ? {} : { resource: options.resource }),
    ...(options.session === undefined ? {} : { session: options.session }),
    ...(options.context === undefined ? {} : { context: options.context }),
  };
  return async (args: A): Promise<R> => {
    const check: Check = { ...common, phase: 'action', action: options.action, params: args };
    const before = await enforce(guard, check, enforceOptions);
    if (!before.allowed) throw refusalError(before);
    const callArgs =
      before.decision.redactions.length > 0 ? redactParams(args, before.decision.redactions) : args;
    const result = await fn(callArgs);
    if (options.checkResult === false) return result;
    const leaves = stringLeaves(result);
    if (leaves.length === 0) return result;
    const after = await enforce(
      guard,
      {
        ...common,
        phase: 'tool_result',
        action: options.action,
        content: leaves.map((text): ContentPart => ({ text, role: 'tool' })),
        provenance: { trust: 'untrusted', source: `tool:${options.action}` },
      },
      // why: a result is not something to wait on a human for; escalate refuses like deny.
      { approvals: undefined },
    );
    if (!after.allowed) throw refusalError(after);
    if (after.decision.redactions.length === 0) return result;
    return replaceLeaves(result, redactParts(leaves, after.decision.redactions));
  };
}

const MAX_DEPTH = 64;

/** String leaves of a value in a fixed (depth-first, key) order. */
export function stringLeaves(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    // why: what cannot be walked cannot be checked; refuse rather than pass it unchecked.
    if (depth > MAX_DEPTH) throw new InputError('result', `nested deeper than ${MAX_DEPTH} levels`);
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (v !== null && typeof v === 'object') {
      for (const x of Object.values(v)) walk(x, depth + 1);
    }
  };
  walk(value, 0);
  return out;
}

/** A copy of `value` whose string leaves (in `stringLeaves` order) are replaced by `texts`. */
export function replaceLeaves<T>(value: T, texts: readonly string[]): T {
  let i = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) return v;
    if (typeof v === 'string') return texts[i++] ?? v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v !== null && typeof v === 'object') {
      // why: fromEntries defines own properties, so a `__proto__` key stays data, not a prototype.
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
    }
    return v;
  };
  return walk(value, 0) as T;
}
