/** An ApprovalGate over the in-process approval service (`src/approvals`). */
import type { ApprovalRequest, ApprovalService } from '../approvals/index.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { ApprovalGate, ApprovalOutcome } from './checker.js';

/** Opens the request for an escalated check and waits (event-driven) for a final state. */
export function serviceApprovalGate(
  service: ApprovalService,
  clock: Clock = systemClock,
): ApprovalGate {
  return {
    async await(check, decision, timeoutMs) {
      const { request } = await service.request(check, decision);
      const deadline = clock.now() + timeoutMs;
      let current = request;
      while (current.state === 'pending') {
        const left = deadline - clock.now();
        if (left <= 0) return { status: 'timeout', requestId: current.id };
        current = await service.waitFor(current.tenant, current.id, left);
      }
      return outcomeOf(current);
    },
  };
}

/** The outcome a final request stands for. */
export function outcomeOf(r: ApprovalRequest): ApprovalOutcome {
  switch (r.state) {
    case 'approved':
      return {
        status: 'approved',
        requestId: r.id,
        approvers: r.votes.filter((v) => v.verdict === 'approve').map((v) => v.approver),
      };
    case 'denied':
      return { status: 'denied', requestId: r.id, reasons: r.cause ? [r.cause] : [] };
    case 'expired':
      return { status: 'expired', requestId: r.id };
    case 'cancelled':
      return { status: 'cancelled', requestId: r.id };
    case 'pending':
      return { status: 'timeout', requestId: r.id };
  }
}
