/**
 * The approval state machine: pure functions over `ApprovalRequest`, time injected as `now`.
 * pending → approved | denied | expired | cancelled; every transition returns the audit receipt to append.
 */
import { digest } from '../core/canonical.js';
import type { Check, Principal } from '../core/check.js';
import type { ApprovalRequirement } from '../core/decision.js';
import type { EventReceipt } from '../core/receipt.js';
import {
  AlreadyDecidedError,
  AlreadyRedeemedError,
  AlreadyVotedError,
  ApprovalExpiredError,
  ApprovalForbiddenError,
  BindingMismatchError,
  NotApprovedError,
  NotEligibleError,
  SelfApprovalError,
} from './errors.js';

/** Lifecycle state of a request. `expired` is never `denied`: nobody said no, time ran out. */
export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled';
export const APPROVAL_STATES: readonly ApprovalState[] = [
  'pending',
  'approved',
  'denied',
  'expired',
  'cancelled',
];

/** Tenant used when a principal carries none. */
export const DEFAULT_TENANT = 'default';

/** Roles that can never approve anything, whatever else they hold. */
export const NEVER_APPROVE_ROLES: readonly string[] = ['agent'];

/** What an approval is bound to: approving approves exactly this, nothing else. */
export interface ApprovalBinding {
  readonly action: string;
  readonly resource?: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly tenant: string;
}

/** One approver's vote. */
export interface ApprovalVote {
  readonly approver: string;
  readonly verdict: 'approve' | 'deny';
  /** ms since epoch. */
  readonly at: number;
  readonly comment?: string;
}

/** A request for people to approve one escalated action. */
export interface ApprovalRequest {
  readonly id: string;
  readonly tenant: string;
  /** Hex SHA-256 of the canonical `ApprovalBinding`. */
  readonly bindingHash: string;
  readonly action: string;
  readonly resource?: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Principal id that made the escalated check. */
  readonly requester: string;
  readonly session?: string;
  /** Role approvers must hold, and how many distinct approvers (quorum). */
  readonly role: string;
  readonly quorum: number;
  /** Why the policy escalated (the decision's reasons). */
  readonly reasons: readonly string[];
  readonly checkDigest?: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly state: ApprovalState;
  readonly votes: readonly ApprovalVote[];
  /** When the state became final (for `expired`, the expiry time). */
  readonly decidedAt?: number;
  /** Who made it final (approver, denier, canceller); absent for `expired`. */
  readonly decidedBy?: string;
  /** Why it is in its final state, in words a user can act on. */
  readonly cause?: string;
  /** When the approved action was redeemed (used) by the requester: approvals are single-use. */
  readonly redeemedAt?: number;
  /** Incremented on every stored change; compare-and-set key. */
  readonly version: number;
}

/** Result of a transition: the new request and the receipt the caller appends to the audit log. */
export interface ApprovalTransition {
  readonly request: ApprovalRequest;
  readonly receipt: EventReceipt;
}

/** Who acts on a request (from the authenticated credential). */
export type ApprovalActor = Pick<Principal, 'id' | 'roles' | 'type' | 'tenant'>;

/** Tenant of a principal, defaulted. */
export function tenantOf(principal: Pick<Principal, 'tenant'>): string {
  return principal.tenant ?? DEFAULT_TENANT;
}

/** The binding of a check: action, resource, params and tenant. */
export function bindingOf(check: Check): ApprovalBinding {
  const binding: { -readonly [K in keyof ApprovalBinding]: ApprovalBinding[K] } = {
    action: check.action,
    params: check.params ?? {},
    tenant: tenantOf(check.principal),
  };
  if (check.resource !== undefined) binding.resource = check.resource;
  return binding;
}

/** Hex SHA-256 of the canonical JSON (RFC 8785) of a binding. */
export function bindingHash(binding: ApprovalBinding): string {
  return digest(binding);
}

/** State as of `now`: a pending request past its expiry reports `expired` (computed lazily). */
export function stateAt(request: ApprovalRequest, now: number): ApprovalState {
  return request.state === 'pending' && now >= request.expiresAt ? 'expired' : request.state;
}

/** The request as of `now`: a lazily expired request gets its final fields filled in (version unchanged). */
export function viewAt(request: ApprovalRequest, now: number): ApprovalRequest {
  if (stateAt(request, now) !== 'expired' || request.state === 'expired') return request;
  return {
    ...request,
    state: 'expired',
    decidedAt: request.expiresAt,
    cause: expiryCause(request),
  };
}

function expiryCause(request: ApprovalRequest): string {
  const approvals = request.votes.filter((v) => v.verdict === 'approve').length;
  return `expired at ${new Date(request.expiresAt).toISOString()} with ${approvals} of ${request.quorum} approvals from role '${request.role}'`;
}

/** Input for opening a request from an escalated check. */
export interface OpenInput {
  readonly id: string;
  readonly check: Check;
  readonly requirement: ApprovalRequirement;
  readonly reasons?: readonly string[];
  readonly checkDigest?: string;
  readonly now: number;
}

/** Opens a pending request for an escalated check. */
export function openRequest(input: OpenInput): ApprovalTransition {
  const { check, requirement, now } = input;
  const binding = bindingOf(check);
  const quorum = Math.max(1, Math.floor(requirement.count));
  const request: ApprovalRequest = {
    id: input.id,
    tenant: binding.tenant,
    bindingHash: bindingHash(binding),
    action: binding.action,
    ...(binding.resource !== undefined ? { resource: binding.resource } : {}),
    params: binding.params,
    requester: check.principal.id,
    ...(check.session !== undefined ? { session: check.session } : {}),
    role: requirement.role,
    quorum,
    reasons: input.reasons ?? [],
    ...(input.checkDigest !== undefined ? { checkDigest: input.checkDigest } : {}),
    createdAt: now,
    expiresAt: now + Math.max(0, requirement.expiresInMs),
    state: 'pending',
    votes: [],
    version: 1,
  };
  return { request, receipt: receiptFor(request, 'approval.requested', request.requester, now) };
}

function assertPending(request: ApprovalRequest, now: number): void {
  const state = stateAt(request, now);
  if (state === 'expired') throw new ApprovalExpiredError(request.id, request.expiresAt);
  if (state !== 'pending') throw new AlreadyDecidedError(request.id, state);
}

function assertEligible(request: ApprovalRequest, actor: ApprovalActor): void {
  // INVARIANT: the requester never decides their own request, whatever roles they hold.
  if (actor.id === request.requester) throw new SelfApprovalError(request.id);
  const roles = actor.roles ?? [];
  if (actor.type === 'agent' || roles.some((r) => NEVER_APPROVE_ROLES.includes(r))) {
    throw new NotEligibleError(request.id, request.role, 'agents can never approve');
  }
  if (!roles.includes(request.role)) {
    throw new NotEligibleError(
      request.id,
      request.role,
      `approvers need the role '${request.role}'`,
    );
  }
}

/** Records an approval vote; the request becomes `approved` once `quorum` distinct eligible approvers agree. */
export function approve(
  request: ApprovalRequest,
  actor: ApprovalActor,
  now: number,
  comment?: string,
): ApprovalTransition {
  assertPending(request, now);
  assertEligible(request, actor);
  if (request.votes.some((v) => v.approver === actor.id)) throw new AlreadyVotedError(request.id);
  const vote: ApprovalVote = {
    approver: actor.id,
    verdict: 'approve',
    at: now,
    ...(comment !== undefined ? { comment } : {}),
  };
  const votes = [...request.votes, vote];
  const approvals = votes.filter((v) => v.verdict === 'approve').length;
  if (approvals >= request.quorum) {
    const approvers = votes.filter((v) => v.verdict === 'approve').map((v) => v.approver);
    const next: ApprovalRequest = {
      ...request,
      votes,
      state: 'approved',
      decidedAt: now,
      decidedBy: actor.id,
      cause: `approved by ${approvers.join(', ')}`,
      version: request.version + 1,
    };
    return { request: next, receipt: receiptFor(next, 'approval.approved', actor.id, now) };
  }
  const next: ApprovalRequest = { ...request, votes, version: request.version + 1 };
  return { request: next, receipt: receiptFor(next, 'approval.vote', actor.id, now) };
}

/** One deny by an eligible approver denies the request. */
export function deny(
  request: ApprovalRequest,
  actor: ApprovalActor,
  now: number,
  comment?: string,
): ApprovalTransition {
  assertPending(request, now);
  assertEligible(request, actor);
  const vote: ApprovalVote = {
    approver: actor.id,
    verdict: 'deny',
    at: now,
    ...(comment !== undefined ? { comment } : {}),
  };
  const next: ApprovalRequest = {
    ...request,
    votes: [...request.votes, vote],
    state: 'denied',
    decidedAt: now,
    decidedBy: actor.id,
    cause: comment ? `denied by ${actor.id}: ${comment}` : `denied by ${actor.id}`,
    version: request.version + 1,
  };
  return { request: next, receipt: receiptFor(next, 'approval.denied', actor.id, now) };
}

/** Cancels a pending request; only the requester or an `admin` may. */
export function cancel(
  request: ApprovalRequest,
  actor: ApprovalActor,
  now: number,
  reason?: string,
): ApprovalTransition {
  assertPending(request, now);
  if (actor.id !== request.requester && !(actor.roles ?? []).includes('admin')) {
    throw new ApprovalForbiddenError(request.id, 'only the requester or an admin can cancel');
  }
  const next: ApprovalRequest = {
    ...request,
    state: 'cancelled',
    decidedAt: now,
    decidedBy: actor.id,
    cause: reason ? `cancelled by ${actor.id}: ${reason}` : `cancelled by ${actor.id}`,
    version: request.version + 1,
  };
  return { request: next, receipt: receiptFor(next, 'approval.cancelled', actor.id, now) };
}

/**
 * Redeems an approved request for the check about to run: only its requester, only for exactly
 * the approved binding, only once (an approved $5,000 transfer is not a licence for a second one).
 */
export function redeem(request: ApprovalRequest, check: Check, now: number): ApprovalTransition {
  const state = stateAt(request, now);
  if (state !== 'approved') throw new NotApprovedError(request.id, state);
  if (bindingHash(bindingOf(check)) !== request.bindingHash) {
    throw new BindingMismatchError(request.id);
  }
  if (check.principal.id !== request.requester) {
    throw new ApprovalForbiddenError(request.id, 'only the requester can use this approval');
  }
  if (request.redeemedAt !== undefined) {
    throw new AlreadyRedeemedError(request.id, request.redeemedAt);
  }
  const next: ApprovalRequest = { ...request, redeemedAt: now, version: request.version + 1 };
  return { request: next, receipt: receiptFor(next, 'approval.redeemed', check.principal.id, now) };
}

/** Materialises a lazy expiry: the stored transition for a pending request past its deadline, else undefined. */
export function expire(request: ApprovalRequest, now: number): ApprovalTransition | undefined {
  if (request.state !== 'pending' || now < request.expiresAt) return undefined;
  const next: ApprovalRequest = { ...viewAt(request, now), version: request.version + 1 };
  return { request: next, receipt: receiptFor(next, 'approval.expired', undefined, now) };
}

/** The audit receipt of a request's event: ids, binding and outcome, never the params themselves. */
export function receiptFor(
  request: ApprovalRequest,
  event: string,
  actor: string | undefined,
  now: number,
): EventReceipt {
  const approvals = request.votes.filter((v) => v.verdict === 'approve').map((v) => v.approver);
  return {
    kind: 'approval',
    time: new Date(now).toISOString(),
    tenant: request.tenant,
    ...(actor !== undefined ? { actor } : {}),
    event,
    data: {
      id: request.id,
      bindingHash: request.bindingHash,
      action: request.action,
      requester: request.requester,
      state: request.state,
      role: request.role,
      quorum: request.quorum,
      approvals,
      expiresAt: new Date(request.expiresAt).toISOString(),
      ...(request.cause !== undefined ? { cause: request.cause } : {}),
      ...(request.checkDigest !== undefined ? { checkDigest: request.checkDigest } : {}),
      ...(request.redeemedAt !== undefined
        ? { redeemedAt: new Date(request.redeemedAt).toISOString() }
        : {}),
    },
  };
}
