import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Check } from '../core/check.js';
import { ApprovalError } from './errors.js';
import {
  type ApprovalActor,
  type ApprovalRequest,
  approve,
  bindingHash,
  bindingOf,
  cancel,
  deny,
  expire,
  openRequest,
  redeem,
  stateAt,
  viewAt,
} from './request.js';

const check: Check = {
  phase: 'action',
  action: 'payments.transfer',
  resource: 'acct:42',
  params: { amount: 5000, to: 'acct:7' },
  principal: { id: 'agent-1', type: 'agent', roles: ['agent'], tenant: 't1' },
  session: 's1',
};
const approver = (id: string, roles = ['approver']): ApprovalActor => ({ id, roles, tenant: 't1' });
const open = (count = 2, expiresInMs = 60_000): ApprovalRequest =>
  openRequest({
    id: 'apr_1',
    check,
    requirement: { role: 'approver', count, expiresInMs },
    reasons: ['large transfer'],
    now: 1_000,
  }).request;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApprovalError) return err.code;
    throw err;
  }
  return undefined;
}

describe('binding', () => {
  it('is the SHA-256 of the canonical action, resource, params and tenant', () => {
    const r = open();
    expect(r.bindingHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.bindingHash).toBe(bindingHash(bindingOf(check)));
    const reordered: Check = { ...check, params: { to: 'acct:7', amount: 5000 } };
    expect(bindingHash(bindingOf(reordered))).toBe(r.bindingHash);
  });

  it('differs when params, action, resource or tenant differ', () => {
    const base = bindingHash(bindingOf(check));
    const variants: Check[] = [
      { ...check, params: { amount: 5001, to: 'acct:7' } },
      { ...check, action: 'payments.refund' },
      { ...check, resource: 'acct:43' },
      { ...check, principal: { ...check.principal, tenant: 't2' } },
    ];
    for (const v of variants) expect(bindingHash(bindingOf(v))).not.toBe(base);
  });

  it('does not depend on who asks within a tenant, nor on the session', () => {
    const other: Check = { ...check, principal: { id: 'agent-2', tenant: 't1' }, session: 's9' };
    expect(bindingHash(bindingOf(other))).toBe(bindingHash(bindingOf(check)));
  });
});

describe('state machine', () => {
  it('opens pending with the requirement, requester and receipt', () => {
    const t = openRequest({
      id: 'apr_1',
      check,
      requirement: { role: 'approver', count: 2, expiresInMs: 60_000 },
      now: 1_000,
    });
    expect(t.request).toMatchObject({
      state: 'pending',
      tenant: 't1',
      requester: 'agent-1',
      role: 'approver',
      quorum: 2,
      expiresAt: 61_000,
      version: 1,
    });
    expect(t.receipt).toMatchObject({
      kind: 'approval',
      event: 'approval.requested',
      tenant: 't1',
    });
    expect(JSON.stringify(t.receipt)).not.toContain('acct:7'); // params stay out of the log
  });

  it('needs a quorum of distinct approvers', () => {
    let r = open(2);
    const first = approve(r, approver('alice'), 2_000);
    r = first.request;
    expect(r.state).toBe('pending');
    expect(first.receipt.event).toBe('approval.vote');
    expect(codeOf(() => approve(r, approver('alice'), 2_500))).toBe('already_voted');
    const second = approve(r, approver('bob'), 3_000);
    expect(second.request.state).toBe('approved');
    expect(second.request.decidedBy).toBe('bob');
    expect(second.receipt.event).toBe('approval.approved');
    expect(second.receipt.data.approvals).toEqual(['alice', 'bob']);
  });

  it('never lets the requester approve, nor an agent, nor someone without the role', () => {
    const r = open(1);
    expect(codeOf(() => approve(r, { id: 'agent-1', roles: ['approver', 'admin'] }, 2_000))).toBe(
      'forbidden_self_approval',
    );
    expect(codeOf(() => approve(r, approver('bot', ['approver', 'agent']), 2_000))).toBe(
      'not_eligible',
    );
    expect(
      codeOf(() => approve(r, { id: 'bot2', type: 'agent', roles: ['approver'] }, 2_000)),
    ).toBe('not_eligible');
    expect(codeOf(() => approve(r, approver('carol', ['auditor']), 2_000))).toBe('not_eligible');
    expect(codeOf(() => deny(r, { id: 'agent-1', roles: ['approver'] }, 2_000))).toBe(
      'forbidden_self_approval',
    );
  });

  it('is denied by one eligible deny, after which nothing else applies', () => {
    let r = approve(open(3), approver('alice'), 2_000).request;
    const d = deny(r, approver('bob'), 3_000, 'wrong account');
    r = d.request;
    expect(r.state).toBe('denied');
    expect(r.cause).toBe('denied by bob: wrong account');
    expect(d.receipt.event).toBe('approval.denied');
    expect(codeOf(() => approve(r, approver('carol'), 4_000))).toBe('already_decided');
    expect(codeOf(() => cancel(r, { id: 'agent-1' }, 4_000))).toBe('already_decided');
  });

  it('expires lazily: expired (with cause), never denied, and no longer approvable', () => {
    const r = approve(open(2, 10_000), approver('alice'), 2_000).request;
    expect(stateAt(r, 10_999)).toBe('pending');
    expect(stateAt(r, 11_000)).toBe('expired');
    const v = viewAt(r, 20_000);
    expect(v.state).toBe('expired');
    expect(v.cause).toContain('1 of 2 approvals');
    expect(v.decidedAt).toBe(11_000);
    expect(codeOf(() => approve(r, approver('bob'), 11_000))).toBe('expired');
    expect(expire(r, 10_000)).toBeUndefined();
    const e = expire(r, 12_000);
    expect(e?.request).toMatchObject({ state: 'expired', version: r.version + 1 });
    expect(e?.receipt.event).toBe('approval.expired');
  });

  it('is cancelled by the requester or an admin only', () => {
    const r = open();
    expect(codeOf(() => cancel(r, approver('alice'), 2_000))).toBe('forbidden');
    expect(cancel(r, { id: 'agent-1' }, 2_000).request.state).toBe('cancelled');
    const byAdmin = cancel(r, { id: 'root', roles: ['admin'] }, 2_000, 'not needed');
    expect(byAdmin.request).toMatchObject({
      state: 'cancelled',
      cause: 'cancelled by root: not needed',
    });
  });

  it('is redeemed once, by the requester, for exactly the approved binding', () => {
    const pending = open(1);
    expect(codeOf(() => redeem(pending, check, 2_000))).toBe('not_approved');
    const approved = approve(pending, approver('alice'), 2_000).request;
    const other: Check = { ...check, params: { amount: 50_000, to: 'acct:7' } };
    expect(codeOf(() => redeem(approved, other, 3_000))).toBe('binding_mismatch');
    const thief: Check = { ...check, principal: { id: 'agent-2', tenant: 't1' } };
    expect(codeOf(() => redeem(approved, thief, 3_000))).toBe('forbidden');
    const used = redeem(approved, check, 3_000);
    expect(used.request).toMatchObject({ state: 'approved', redeemedAt: 3_000 });
    expect(used.receipt.event).toBe('approval.redeemed');
    expect(codeOf(() => redeem(used.request, check, 4_000))).toBe('already_redeemed');
    // An expired request is reported as such, not as a mismatch.
    expect(codeOf(() => redeem(open(1, 10), check, 5_000))).toBe('not_approved');
  });

  it('property: approved iff quorum distinct eligible approvers voted before expiry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.record({
            who: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'agent-1'),
            dt: fc.nat(30_000),
          }),
          {
            maxLength: 12,
          },
        ),
        (quorum, votes) => {
          let r = open(quorum, 60_000);
          let t = 1_000;
          const counted = new Set<string>();
          for (const v of votes) {
            t += v.dt;
            const code = codeOf(() => {
              r = approve(r, approver(v.who), t).request;
            });
            if (code === undefined) counted.add(v.who);
            else if (t >= r.expiresAt)
              expect(code).toBe(r.state === 'pending' ? 'expired' : 'already_decided');
          }
          expect(counted.has('agent-1')).toBe(false);
          expect(r.votes.length).toBe(counted.size);
          expect(new Set(r.votes.map((v) => v.approver)).size).toBe(r.votes.length);
          expect(r.state === 'approved').toBe(counted.size >= quorum);
          expect(r.version).toBe(1 + counted.size);
        },
      ),
    );
  });
});
