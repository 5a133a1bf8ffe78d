/**
 * POST /v1/check: the guard's decision for one Check, answered once its receipt is durable.
 * The principal (and so the tenant) is the API key's; a `principal` in the body is ignored.
 * An `escalate` opens (or finds) an approval request; retrying with `approvalId` returns its
 * stored outcome: approved → allow, denied/expired/cancelled → deny with the cause.
 */
import { z } from 'zod';
import { ApprovalError } from '../../approvals/errors.js';
import type { ApprovalRequest } from '../../approvals/request.js';
import type { ApprovalService } from '../../approvals/service.js';
import type { Check } from '../../core/check.js';
import { checkSchema } from '../../core/check-schema.js';
import type { ApprovalRequirement, Decision } from '../../core/decision.js';
import { EFFECTS } from '../../core/decision.js';
import { errorMessage, StoreUnavailableError } from '../../core/errors.js';
import { FINDING_CATEGORIES } from '../../core/finding.js';
import type { AuditSink } from '../../guard.js';
import type { Caller } from '../auth.js';
import type { ServerMetrics } from '../metrics.js';
import { route } from '../route.js';
import { ErrorSchema } from '../schemas.js';
import type { TenantPolicies } from '../tenant-policies.js';

/** Body of POST /v1/check: a Check whose principal comes from the key. */
export const CheckBodySchema = checkSchema
  .extend({
    principal: z
      .unknown()
      .optional()
      .describe('Ignored: the principal and tenant are those of the API key.'),
    approvalId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Retry of an escalated check: the approval request id it got.'),
  })
  .meta({ description: 'A Check (see DESIGN.md); `principal` is taken from the API key.' });

const RuleMatchSchema = z.object({
  id: z.string(),
  effect: z.enum(EFFECTS),
  reason: z.string(),
  mode: z.enum(['enforce', 'shadow']),
});

/** The decision as the API returns it. */
export const DecisionSchema = z
  .object({
    decision: z.enum(EFFECTS),
    reasons: z.array(z.string()),
    rules: z.array(RuleMatchSchema),
    shadow: z.array(RuleMatchSchema),
    findings: z.array(
      z.looseObject({
        category: z.enum(FINDING_CATEGORIES),
        detector: z.string(),
        score: z.number(),
        severity: z.enum(['low', 'medium', 'high', 'critical']),
      }),
    ),
    redactions: z.array(
      z.object({
        location: z.string(),
        span: z.object({ start: z.number(), end: z.number() }),
        entity: z.string(),
        replacement: z.string(),
      }),
    ),
    approval: z
      .object({
        role: z.string(),
        count: z.number(),
        expiresInMs: z.number(),
        id: z.string().describe('Approval request id: wait on it, or retry the check with it.'),
        state: z.enum(['pending', 'approved', 'denied', 'expired', 'cancelled']),
        expiresAt: z.number(),
        cause: z.string().optional(),
        approvers: z.array(z.string()).optional(),
      })
      .optional(),
    receipt: z.object({ index: z.number().int(), leafHash: z.string() }).optional(),
    policy: z.object({ name: z.string(), version: z.string(), hash: z.string() }),
    failures: z
      .array(
        z.object({ stage: z.string(), error: z.string(), failMode: z.enum(['closed', 'open']) }),
      )
      .optional(),
    checkDigest: z.string(),
    evaluatedInUs: z.number(),
  })
  .meta({
    description: 'The guard’s decision (DESIGN.md), with the approval request if escalated.',
  });

/** 503 body: a deny decision (so clients that only read `decision` fail closed) plus the error. */
const UnavailableSchema = DecisionSchema.partial().extend({
  decision: z.literal('deny'),
  reasons: z.array(z.string()),
  error: z.object({ code: z.literal('store_unavailable'), message: z.string() }),
});

/** What the check route needs. */
export interface CheckRouteOptions {
  readonly policies: TenantPolicies;
  readonly approvals: ApprovalService;
  /** The audit log: decisions are acknowledged once `flush` resolves. */
  readonly audit: Pick<AuditSink, 'append' | 'flush'>;
  readonly metrics: ServerMetrics;
  /** Longest wait for durability before failing closed (default 5 s). */
  readonly durabilityTimeoutMs?: number;
}

/** The approval requirement of an escalation plus the request that carries it. */
export interface DecisionApproval extends ApprovalRequirement {
  readonly id: string;
  readonly state: ApprovalRequest['state'];
  readonly expiresAt: number;
  readonly cause?: string;
  readonly approvers?: readonly string[];
}

type MutableDecision = { -readonly [K in keyof Decision]: Decision[K] } & {
  approval?: DecisionApproval;
};

/** Approval fields returned with a decision. */
function approvalView(decision: Decision, r: ApprovalRequest): DecisionApproval {
  const approvers = r.votes.filter((v) => v.verdict === 'approve').map((v) => v.approver);
  return {
    role: decision.approval?.role ?? r.role,
    count: decision.approval?.count ?? r.quorum,
    expiresInMs: decision.approval?.expiresInMs ?? r.expiresAt - r.createdAt,
    id: r.id,
    state: r.state,
    expiresAt: r.expiresAt,
    ...(r.cause !== undefined ? { cause: r.cause } : {}),
    ...(approvers.length > 0 ? { approvers } : {}),
  };
}

/** Fails with StoreUnavailableError when `p` does not settle in time. */
async function within<T>(p: Promise<T>, ms: number, store: string): Promise<T> {
  // If the timeout wins, a later rejection of `p` is expected, not unhandled.
  p.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(store, 'closed', new Error('timed out'))),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Applies an escalation's approval workflow to the decision (mutates it). A retry carrying the
 * id of a request bound to exactly this check gets its stored outcome: approved → allow (the
 * approval is redeemed: single use, by its requester only), denied/expired/cancelled → deny with
 * the cause, pending → still escalate. Any other id (unknown, another binding, spent) opens or
 * finds a request for this check, as a first attempt would.
 */
async function settleEscalation(
  approvals: ApprovalService,
  check: Check,
  decision: MutableDecision,
  approvalId: string | undefined,
): Promise<void> {
  if (approvalId !== undefined) {
    const found = await approvals.lookup(check, approvalId).catch((err: unknown) => {
      if (err instanceof ApprovalError) return undefined;
      throw err;
    });
    const r = found?.matches ? found.request : undefined;
    if (r?.state === 'approved') {
      try {
        const redeemed = await approvals.redeem(check, r.id);
        decision.approval = approvalView(decision, redeemed);
        decision.decision = 'allow';
        decision.reasons = [`approved (${r.id}): ${r.cause ?? 'approved'}`, ...decision.reasons];
        return;
      } catch (err) {
        if (!(err instanceof ApprovalError)) throw err;
        decision.reasons = [`approval ${r.id} not usable: ${err.message}`, ...decision.reasons];
      }
    } else if (r && r.state !== 'pending') {
      decision.approval = approvalView(decision, r);
      decision.decision = 'deny';
      decision.redactions = [];
      decision.reasons = [`${r.state} (${r.id}): ${r.cause ?? r.state}`, ...decision.reasons];
      return;
    } else if (r) {
      decision.approval = approvalView(decision, r);
      return;
    }
  }
  const opened = await approvals.request(check, decision);
  decision.approval = approvalView(decision, opened.request);
}

/**
 * The decision's receipt stays queued and reaches the log once the store is back, but the caller
 * got a fail-closed deny instead. A follow-up receipt says so, so the log never shows an allow as
 * if it had been delivered.
 */
function recordUndelivered(
  audit: Pick<AuditSink, 'append'>,
  tenant: string,
  decision: Decision,
  reason: string,
): void {
  try {
    audit.append({
      kind: 'system',
      time: new Date().toISOString(),
      tenant,
      event: 'decision.undelivered',
      data: {
        checkDigest: decision.checkDigest,
        decided: decision.decision,
        delivered: 'deny',
        reason,
        ...(decision.receipt && decision.receipt.index >= 0
          ? { index: decision.receipt.index }
          : {}),
      },
    });
  } catch {
    // The log refuses appends altogether: its health already reports it, and nothing of this
    // decision can reach the log either.
  }
}

/** The check route. */
export function checkRoutes(opts: CheckRouteOptions) {
  const timeoutMs = opts.durabilityTimeoutMs ?? 5_000;
  /** Evaluate (synchronously), then settle any escalation and wait for durability. */
  const decide = async (caller: Caller, body: z.infer<typeof CheckBodySchema>) => {
    const { principal: _ignored, approvalId, ...rest } = body;
    // INVARIANT: the principal and tenant come from the authenticated key, never from the body.
    const check = { ...rest, principal: caller.principal } as Check;
    const decision = opts.policies.guardFor(caller.tenant).check(check) as MutableDecision;
    try {
      if (decision.decision === 'escalate' && decision.approval) {
        await within(
          settleEscalation(opts.approvals, check, decision, approvalId),
          timeoutMs,
          'approvals',
        );
      }
      // Acknowledge only once the receipt (and any approval receipt) is durable.
      await within(opts.audit.flush(), timeoutMs, 'audit');
      return { decision, unavailable: undefined };
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      const reason = `${err.store} unavailable: decision not recorded (fail closed)`;
      recordUndelivered(opts.audit, caller.tenant, decision, reason);
      decision.decision = 'deny';
      decision.reasons = [reason, ...decision.reasons];
      decision.redactions = [];
      delete decision.approval;
      delete decision.receipt;
      decision.failures = [
        ...(decision.failures ?? []),
        { stage: err.store, error: errorMessage(err), failMode: 'closed' },
      ];
      return { decision, unavailable: reason };
    }
  };

  return [
    route({
      method: 'POST',
      path: '/v1/check',
      operationId: 'check',
      summary: 'Decide one Check; answered once its receipt is durable.',
      tag: 'check',
      permission: 'check',
      body: CheckBodySchema,
      // Failing before a decision exists (e.g. the key store is down) still answers with a deny.
      errorBody: (err) =>
        err.status === 503
          ? {
              decision: 'deny',
              reasons: [`${err.message}: no decision made`],
              rules: [],
              shadow: [],
              findings: [],
              redactions: [],
              failures: [{ stage: 'store', error: err.message, failMode: 'closed' }],
            }
          : {},
      responses: {
        200: { description: 'The decision', schema: DecisionSchema },
        400: { description: 'Invalid Check: `issues[].path` names the field', schema: ErrorSchema },
        401: { description: 'Missing or invalid key', schema: ErrorSchema },
        403: { description: 'The key may not check', schema: ErrorSchema },
        503: {
          description: 'A store is unavailable: the answer is a deny (fail closed) with the reason',
          schema: UnavailableSchema,
        },
      },
      async handler({ caller, body, reply, request }) {
        const t0 = performance.now();
        const { decision, unavailable } = await decide(caller, body);
        opts.metrics.observeDecision(decision, (performance.now() - t0) / 1000);
        if (unavailable === undefined) return decision;
        request.log.warn({ reason: unavailable }, 'check failed closed');
        reply.status(503);
        return { ...decision, error: { code: 'store_unavailable', message: unavailable } };
      },
    }),
  ];
}
