/** Typed approval errors: each carries a stable `code` a door can map to a status, and the request id. */

/** Why an approval operation was refused. */
export type ApprovalErrorCode =
  | 'not_found'
  | 'forbidden_self_approval'
  | 'not_eligible'
  | 'already_voted'
  | 'already_decided'
  | 'expired'
  | 'forbidden'
  | 'not_approved'
  | 'binding_mismatch'
  | 'already_redeemed'
  | 'conflict';

/** Base class of every approval error. */
export class ApprovalError extends Error {
  override readonly name: string = 'ApprovalError';
  readonly code: ApprovalErrorCode;
  /** The request the operation was about. */
  readonly requestId: string;
  constructor(code: ApprovalErrorCode, requestId: string, message: string) {
    super(message);
    this.code = code;
    this.requestId = requestId;
  }
}

/** No such request in the caller's tenant (another tenant's request is reported the same way). */
export class ApprovalNotFoundError extends ApprovalError {
  override readonly name = 'ApprovalNotFoundError';
  constructor(requestId: string) {
    super('not_found', requestId, `approval request ${requestId} not found`);
  }
}

/** The requester tried to approve (or deny) their own request. */
export class SelfApprovalError extends ApprovalError {
  override readonly name = 'SelfApprovalError';
  constructor(requestId: string) {
    super(
      'forbidden_self_approval',
      requestId,
      `approval request ${requestId}: the requester cannot decide their own request`,
    );
  }
}

/** The approver lacks the required role, or is an agent. */
export class NotEligibleError extends ApprovalError {
  override readonly name = 'NotEligibleError';
  readonly requiredRole: string;
  constructor(requestId: string, requiredRole: string, why: string) {
    super('not_eligible', requestId, `approval request ${requestId}: ${why}`);
    this.requiredRole = requiredRole;
  }
}

/** The approver already voted on this request; a quorum counts distinct principals. */
export class AlreadyVotedError extends ApprovalError {
  override readonly name = 'AlreadyVotedError';
  constructor(requestId: string) {
    super('already_voted', requestId, `approval request ${requestId}: already approved by you`);
  }
}

/** The request already reached a final state; `state` says which. */
export class AlreadyDecidedError extends ApprovalError {
  override readonly name = 'AlreadyDecidedError';
  readonly state: string;
  constructor(requestId: string, state: string) {
    super('already_decided', requestId, `approval request ${requestId} is already ${state}`);
    this.state = state;
  }
}

/** The request expired before the operation; `expiredAt` is when (ms since epoch). */
export class ApprovalExpiredError extends ApprovalError {
  override readonly name = 'ApprovalExpiredError';
  readonly expiredAt: number;
  constructor(requestId: string, expiredAt: number) {
    super(
      'expired',
      requestId,
      `approval request ${requestId} expired at ${new Date(expiredAt).toISOString()}`,
    );
    this.expiredAt = expiredAt;
  }
}

/** The actor may not perform this operation (e.g. cancel someone else's request without admin). */
export class ApprovalForbiddenError extends ApprovalError {
  override readonly name = 'ApprovalForbiddenError';
  constructor(requestId: string, why: string) {
    super('forbidden', requestId, `approval request ${requestId}: ${why}`);
  }
}

/** Redeeming a request that is not (or not yet) approved; `state` says what it is. */
export class NotApprovedError extends ApprovalError {
  override readonly name = 'NotApprovedError';
  readonly state: string;
  constructor(requestId: string, state: string) {
    super('not_approved', requestId, `approval request ${requestId} is ${state}, not approved`);
    this.state = state;
  }
}

/** The check differs from what was approved (action, resource, params or tenant). */
export class BindingMismatchError extends ApprovalError {
  override readonly name = 'BindingMismatchError';
  constructor(requestId: string) {
    super(
      'binding_mismatch',
      requestId,
      `approval request ${requestId} covers a different action or params: request a new approval`,
    );
  }
}

/** An approval is single-use once redeemed; `redeemedAt` is when (ms since epoch). */
export class AlreadyRedeemedError extends ApprovalError {
  override readonly name = 'AlreadyRedeemedError';
  readonly redeemedAt: number;
  constructor(requestId: string, redeemedAt: number) {
    super(
      'already_redeemed',
      requestId,
      `approval request ${requestId} was already used at ${new Date(redeemedAt).toISOString()}`,
    );
    this.redeemedAt = redeemedAt;
  }
}

/** Concurrent writers kept winning the compare-and-set; the caller may retry. */
export class ApprovalConflictError extends ApprovalError {
  override readonly name = 'ApprovalConflictError';
  constructor(requestId: string) {
    super('conflict', requestId, `approval request ${requestId}: concurrent update, retry`);
  }
}
