/**
 * /v1/approvals: list, get, approve, deny, cancel, long-poll wait and Server-Sent Events.
 * Tenant and actor come from the key; agents see and cancel only their own requests.
 */
import { z } from 'zod';
import { ApprovalNotFoundError } from '../../approvals/errors.js';
import { APPROVAL_STATES, type ApprovalRequest } from '../../approvals/request.js';
import type { ApprovalService } from '../../approvals/service.js';
import { allows, type Caller } from '../auth.js';
import { route } from '../route.js';
import { ErrorSchema } from '../schemas.js';

/** An approval request as the API returns it (times in ms since the epoch). */
export const ApprovalSchema = z
  .object({
    id: z.string(),
    tenant: z.string(),
    bindingHash: z
      .string()
      .describe('SHA-256 of the canonical action + resource + params + tenant.'),
    action: z.string(),
    resource: z.string().optional(),
    params: z.record(z.string(), z.unknown()),
    requester: z.string(),
    session: z.string().optional(),
    role: z.string().describe('Role every approver must hold.'),
    quorum: z.number().int().describe('Distinct approvers needed.'),
    reasons: z.array(z.string()),
    checkDigest: z.string().optional(),
    createdAt: z.number(),
    expiresAt: z.number(),
    state: z.enum(APPROVAL_STATES),
    votes: z.array(
      z.object({
        approver: z.string(),
        verdict: z.enum(['approve', 'deny']),
        at: z.number(),
        comment: z.string().optional(),
      }),
    ),
    decidedAt: z.number().optional(),
    decidedBy: z.string().optional(),
    cause: z.string().optional().describe('Why it is final, e.g. who approved or when it expired.'),
    redeemedAt: z
      .number()
      .optional()
      .describe('When the requester used the approval (single use).'),
    version: z.number().int(),
  })
  .meta({ description: 'An approval request.' });

const IdParams = z.object({ id: z.string().min(1).max(100) });
const CommentBody = z
  .object({ comment: z.string().max(2000).optional() })
  .strict()
  .default({});
const CancelBody = z
  .object({ reason: z.string().max(2000).optional() })
  .strict()
  .default({});
const ListQuery = z.object({
  state: z.enum(APPROVAL_STATES).optional(),
  action: z.string().max(200).optional(),
  requester: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
/** Longest a single long-poll may hold a connection. */
export const MAX_WAIT_MS = 120_000;
const WaitQuery = z.object({
  timeoutMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_WAIT_MS)
    .default(30_000)
    .describe('How long to wait for a change (ms); the request is returned as it is then.'),
});

/** What an approval route needs beyond the service. */
export interface ApprovalRouteOptions {
  /** Aborted when the server shuts down: long-polls and event streams end. */
  readonly shutdown: AbortSignal;
  /** Interval of SSE heartbeat comments (ms); default 15 s. */
  readonly heartbeatMs?: number;
}

/** Agents only ever see requests they made: another's is reported as not found. */
function visible(caller: Caller, request: ApprovalRequest): ApprovalRequest {
  if (caller.key && !allows(caller.key.role, 'approvals:read')) {
    if (request.requester !== caller.principal.id) throw new ApprovalNotFoundError(request.id);
  }
  return request;
}

/** The approval routes. */
export function approvalRoutes(approvals: ApprovalService, opts: ApprovalRouteOptions) {
  const get = async (caller: Caller, id: string) =>
    visible(caller, await approvals.get(caller.tenant, id));

  return [
    route({
      method: 'GET',
      path: '/v1/approvals',
      operationId: 'listApprovals',
      summary: 'List approval requests of the tenant (agents: their own), newest first.',
      tag: 'approvals',
      permission: 'approvals:own',
      query: ListQuery,
      responses: {
        200: { description: 'Requests', schema: z.object({ approvals: z.array(ApprovalSchema) }) },
      },
      async handler({ caller, query }) {
        const own = caller.key !== undefined && !allows(caller.key.role, 'approvals:read');
        const filter = {
          ...(query.state !== undefined ? { state: query.state } : {}),
          ...(query.action !== undefined ? { action: query.action } : {}),
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
          ...(own
            ? { requester: caller.principal.id }
            : query.requester !== undefined
              ? { requester: query.requester }
              : {}),
        };
        return { approvals: await approvals.list(caller.tenant, filter) };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/approvals/:id',
      operationId: 'getApproval',
      summary: 'One approval request.',
      tag: 'approvals',
      permission: 'approvals:own',
      params: IdParams,
      responses: {
        200: { description: 'The request', schema: ApprovalSchema },
        404: { description: 'Not in this tenant', schema: ErrorSchema },
      },
      async handler({ caller, params }) {
        return get(caller, params.id);
      },
    }),
    route({
      method: 'POST',
      path: '/v1/approvals/:id/approve',
      operationId: 'approve',
      summary: 'Approve (one vote toward the quorum). Never by the requester, never by an agent.',
      tag: 'approvals',
      permission: 'approvals:decide',
      params: IdParams,
      body: CommentBody,
      responses: {
        200: { description: 'The request after the vote', schema: ApprovalSchema },
        403: { description: 'Self-approval or missing role', schema: ErrorSchema },
        404: { description: 'Not in this tenant', schema: ErrorSchema },
        409: { description: 'Already voted, decided or expired', schema: ErrorSchema },
      },
      async handler({ caller, params, body }) {
        return approvals.approve(params.id, caller.principal, body.comment);
      },
    }),
    route({
      method: 'POST',
      path: '/v1/approvals/:id/deny',
      operationId: 'deny',
      summary: 'Deny: one eligible approver’s deny ends the request.',
      tag: 'approvals',
      permission: 'approvals:decide',
      params: IdParams,
      body: CommentBody,
      responses: {
        200: { description: 'The denied request', schema: ApprovalSchema },
        403: { description: 'Self-denial or missing role', schema: ErrorSchema },
        404: { description: 'Not in this tenant', schema: ErrorSchema },
        409: { description: 'Already decided or expired', schema: ErrorSchema },
      },
      async handler({ caller, params, body }) {
        return approvals.deny(params.id, caller.principal, body.comment);
      },
    }),
    route({
      method: 'POST',
      path: '/v1/approvals/:id/cancel',
      operationId: 'cancelApproval',
      summary: 'Cancel a pending request (its requester or an admin).',
      tag: 'approvals',
      permission: 'approvals:own',
      params: IdParams,
      body: CancelBody,
      responses: {
        200: { description: 'The cancelled request', schema: ApprovalSchema },
        403: { description: 'Not the requester', schema: ErrorSchema },
        404: { description: 'Not in this tenant', schema: ErrorSchema },
        409: { description: 'Already final', schema: ErrorSchema },
      },
      async handler({ caller, params, body }) {
        await get(caller, params.id);
        return approvals.cancel(params.id, caller.principal, body.reason);
      },
    }),
    route({
      method: 'GET',
      path: '/v1/approvals/:id/wait',
      operationId: 'waitApproval',
      summary: 'Long-poll: returns at the next change, at expiry, or after timeoutMs.',
      tag: 'approvals',
      permission: 'approvals:own',
      params: IdParams,
      query: WaitQuery,
      responses: {
        200: { description: 'The request (possibly still pending)', schema: ApprovalSchema },
        404: { description: 'Not in this tenant', schema: ErrorSchema },
      },
      async handler({ caller, params, query, reply }) {
        const first = await get(caller, params.id);
        if (first.state !== 'pending') return first;
        const ac = new AbortController();
        const stop = () => ac.abort(new Error('wait ended'));
        // The response's 'close' fires when the client goes away (the request's does not).
        reply.raw.once('close', stop);
        opts.shutdown.addEventListener('abort', stop, { once: true });
        try {
          return await approvals.waitFor(caller.tenant, params.id, query.timeoutMs, ac.signal);
        } catch (err) {
          if (ac.signal.aborted) return approvals.get(caller.tenant, params.id);
          throw err;
        } finally {
          reply.raw.off('close', stop);
          opts.shutdown.removeEventListener('abort', stop);
        }
      },
    }),
    route({
      method: 'GET',
      path: '/v1/approvals/:id/events',
      operationId: 'approvalEvents',
      summary:
        'Server-Sent Events: an `approval` event with the request now and after every change; ends when final.',
      tag: 'approvals',
      permission: 'approvals:own',
      params: IdParams,
      responses: {
        200: {
          description: 'text/event-stream of `approval` events',
          mediaType: 'text/event-stream',
        },
        404: { description: 'Not in this tenant', schema: ErrorSchema },
      },
      async handler({ caller, params, reply, request }) {
        let current = await get(caller, params.id);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        const send = (r: ApprovalRequest) =>
          res.write(`id: ${r.version}\nevent: approval\ndata: ${JSON.stringify(r)}\n\n`);
        const ac = new AbortController();
        const stop = () => ac.abort(new Error('stream ended'));
        res.once('close', stop);
        opts.shutdown.addEventListener('abort', stop, { once: true });
        const heartbeat = opts.heartbeatMs ?? 15_000;
        try {
          send(current);
          while (current.state === 'pending' && !ac.signal.aborted) {
            const next = await approvals.waitFor(caller.tenant, params.id, heartbeat, ac.signal);
            if (next.version !== current.version || next.state !== current.state) send(next);
            else res.write(': keep-alive\n\n');
            current = next;
          }
        } catch (err) {
          if (!ac.signal.aborted) {
            res.write(`event: error\ndata: ${JSON.stringify({ message: 'stream failed' })}\n\n`);
            request.log.warn({ err: { message: (err as Error).message } }, 'sse failed');
          }
        } finally {
          res.off('close', stop);
          opts.shutdown.removeEventListener('abort', stop);
          res.end();
        }
        return undefined;
      },
    }),
  ];
}
