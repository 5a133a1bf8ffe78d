/** One behavioural contract for every ApprovalStore implementation (and the service on top of it). */
import { describe, expect, it } from 'vitest';
import { ApprovalError } from '../approvals/errors.js';
import { type ApprovalRequest, openRequest } from '../approvals/request.js';
import { createApprovalService } from '../approvals/service.js';
import type { Check } from '../core/check.js';
import { manualClock } from '../core/clock.js';
import type { Decision } from '../core/decision.js';
import type { ReceiptBody } from '../core/receipt.js';
import type { ApprovalStore } from './approvals.js';

/** Hooks an implementation provides: a fresh, empty store per call. */
export interface ApprovalStoreHarness {
  open(): Promise<ApprovalStore>;
  /** Several approvers racing (the PostgreSQL suite uses a multi-connection pool). */
  readonly raceWidth: number;
}

let seq = 0;
const check = (
  tenant: string,
  params: Record<string, unknown> = { n: 1 },
  who = 'agent-1',
): Check => ({
  phase: 'action',
  action: 'db.drop',
  resource: 'orders',
  params,
  principal: { id: who, roles: ['agent'], tenant },
});
const escalation = (count: number, expiresInMs = 60_000): Decision => ({
  decision: 'escalate',
  reasons: ['needs a human'],
  rules: [],
  shadow: [],
  findings: [],
  redactions: [],
  approval: { role: 'approver', count, expiresInMs },
  policy: { name: 'p', version: '1', hash: 'h' },
  checkDigest: 'd'.repeat(64),
  evaluatedInUs: 1,
});
const req = (tenant: string, now: number, params?: Record<string, unknown>, expiresInMs = 1_000) =>
  openRequest({
    id: `apr_c${++seq}`,
    check: check(tenant, params ?? { n: seq }),
    requirement: { role: 'approver', count: 2, expiresInMs },
    now,
  }).request;
const approver = (id: string, tenant: string) => ({ id, roles: ['approver'], tenant });

/** Runs the approval store contract against one implementation. */
export function approvalStoreContract(name: string, harness: ApprovalStoreHarness): void {
  describe(`ApprovalStore contract: ${name}`, () => {
    it('round-trips a request, scoped by tenant', async () => {
      const store = await harness.open();
      const r = req('t1', 1_000);
      expect(await store.insert(r)).toEqual({ inserted: true });
      expect(await store.get('t1', r.id)).toEqual(r);
      expect(await store.get('t2', r.id)).toBeUndefined();
      expect(await store.findPending('t1', r.bindingHash)).toEqual(r);
      expect(await store.findPending('t2', r.bindingHash)).toBeUndefined();
    });

    it('keeps one pending request per binding', async () => {
      const store = await harness.open();
      const a = req('t1', 1_000, { same: true });
      const b = { ...req('t1', 1_000, { same: true }), id: 'apr_other' };
      expect(b.bindingHash).toBe(a.bindingHash);
      await store.insert(a);
      expect(await store.insert(b)).toEqual({ inserted: false, existing: a });
      // Another tenant with the same action and params is a separate binding.
      expect((await store.insert(req('t2', 1_000, { same: true }))).inserted).toBe(true);
      // Once decided, the same binding may be requested again.
      expect(await store.update({ ...a, state: 'denied', version: 2 }, 1)).toBe(true);
      expect(await store.insert(b)).toEqual({ inserted: true });
    });

    it('compare-and-set refuses a stale version', async () => {
      const store = await harness.open();
      const r = req('t1', 1_000);
      await store.insert(r);
      expect(await store.update({ ...r, version: 2, state: 'approved' }, 1)).toBe(true);
      expect(await store.update({ ...r, version: 2, state: 'denied' }, 1)).toBe(false);
      expect((await store.get('t1', r.id))?.state).toBe('approved');
      expect(await store.update({ ...r, version: 2 }, 1)).toBe(false);
      expect(await store.update({ ...r, tenant: 't2', version: 3 }, 2)).toBe(false);
    });

    it('lists with filters, lazy expiry, tenant scope and a limit, newest first', async () => {
      const store = await harness.open();
      const old = req('t1', 1_000, { k: 'old' }, 500); // due at 1_500
      const fresh = req('t1', 2_000, { k: 'fresh' }, 10_000);
      const other = { ...req('t1', 3_000, { k: 'mine' }, 10_000), requester: 'agent-9' };
      const foreign = req('t2', 3_000, { k: 'x' }, 10_000);
      for (const r of [old, fresh, other, foreign]) await store.insert(r);
      const ids = (rs: ApprovalRequest[]) => rs.map((r) => r.id);
      expect(ids(await store.list('t1', {}, 5_000))).toEqual([other.id, fresh.id, old.id]);
      expect(ids(await store.list('t1', { state: 'pending' }, 5_000))).toEqual([
        other.id,
        fresh.id,
      ]);
      expect(ids(await store.list('t1', { state: 'expired' }, 5_000))).toEqual([old.id]);
      expect(ids(await store.list('t1', { requester: 'agent-9' }, 5_000))).toEqual([other.id]);
      expect(ids(await store.list('t1', { action: 'nope' }, 5_000))).toEqual([]);
      expect(ids(await store.list('t1', { limit: 1 }, 5_000))).toEqual([other.id]);
      expect(ids(await store.list('t2', {}, 5_000))).toEqual([foreign.id]);
      expect(ids(await store.listExpired(5_000, 10)).filter((id) => id === old.id)).toEqual([
        old.id,
      ]);
    });

    it('service: the same binding while pending returns the same request, other params a new one', async () => {
      const store = await harness.open();
      const clock = manualClock(10_000);
      const svc = createApprovalService({ store, clock });
      const params = { table: `orders_${++seq}` };
      const opened = await Promise.all(
        Array.from({ length: harness.raceWidth }, () =>
          svc.request(check('t1', params), escalation(1)),
        ),
      );
      expect(new Set(opened.map((o) => o.request.id)).size).toBe(1);
      expect(opened.filter((o) => o.created)).toHaveLength(1);
      const other = await svc.request(check('t1', { ...params, cascade: true }), escalation(1));
      expect(other.created).toBe(true);
      expect(other.request.id).not.toBe(opened[0]?.request.id);
      // After expiry, the same binding opens a fresh request and the old one is stored as expired.
      clock.advance(60_000);
      const again = await svc.request(check('t1', params), escalation(1));
      expect(again.created).toBe(true);
      expect((await store.get('t1', opened[0]!.request.id))?.state).toBe('expired');
      await svc.close();
    });

    it('service: racing approvers count once each and reach the quorum exactly', async () => {
      const store = await harness.open();
      const receipts: ReceiptBody[] = [];
      const audit = {
        append: (r: ReceiptBody) => {
          receipts.push(r);
          return { index: receipts.length - 1, leafHash: '' };
        },
      };
      const svc = createApprovalService({ store, clock: manualClock(10_000), audit });
      const quorum = harness.raceWidth;
      const { request } = await svc.request(check('t1', { race: ++seq }), escalation(quorum));
      const approvers = Array.from({ length: quorum }, (_, i) => approver(`human-${i}`, 't1'));
      // Each approver clicks twice at once: duplicates must fail, never double-count.
      const results = await Promise.allSettled(
        [...approvers, ...approvers].map((a) => svc.approve(request.id, a)),
      );
      const stored = await svc.get('t1', request.id);
      expect(stored.state).toBe('approved');
      expect(stored.votes.map((v) => v.approver).sort()).toEqual(approvers.map((a) => a.id).sort());
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(quorum);
      for (const r of results) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(ApprovalError);
          expect(['already_voted', 'already_decided']).toContain((r.reason as ApprovalError).code);
        }
      }
      expect(
        receipts.filter((r) => r.kind === 'approval' && r.event === 'approval.approved'),
      ).toHaveLength(1);
      expect(receipts).toHaveLength(1 + quorum); // requested + one per counted vote
      await svc.close();
    });

    it('service: a deny racing approvals never ends approved-after-denied', async () => {
      const store = await harness.open();
      const svc = createApprovalService({ store, clock: manualClock(10_000) });
      const { request } = await svc.request(check('t1', { deny: ++seq }), escalation(2));
      const ops = [
        svc.approve(request.id, approver('a', 't1')),
        svc.deny(request.id, approver('b', 't1')),
        svc.approve(request.id, approver('c', 't1')),
      ];
      await Promise.allSettled(ops);
      const final = await svc.get('t1', request.id);
      expect(['approved', 'denied']).toContain(final.state);
      if (final.state === 'denied') {
        expect(final.votes.filter((v) => v.verdict === 'approve').length).toBeLessThan(2);
      } else {
        expect(final.votes.some((v) => v.verdict === 'deny')).toBe(false);
      }
      await svc.close();
    });

    it('service: tenants never see each other and errors are typed', async () => {
      const store = await harness.open();
      const svc = createApprovalService({ store, clock: manualClock(10_000) });
      const { request } = await svc.request(check('t1', { iso: ++seq }), escalation(1));
      await expect(svc.get('t2', request.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(svc.approve(request.id, approver('eve', 't2'))).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(
        svc.approve(request.id, { id: 'agent-1', roles: ['approver'], tenant: 't1' }),
      ).rejects.toMatchObject({
        code: 'forbidden_self_approval',
      });
      expect(await svc.list('t2')).toEqual([]);
      const look = await svc.lookup(check('t1', { iso: seq }), request.id);
      expect(look.matches).toBe(true);
      expect((await svc.lookup(check('t1', { iso: -1 }), request.id)).matches).toBe(false);
      await svc.close();
    });

    it('service: waitFor resolves on the next transition, at expiry, or on timeout', async () => {
      const store = await harness.open();
      const clock = manualClock(Date.now());
      const svc = createApprovalService({ store, clock });
      const { request } = await svc.request(check('t1', { wait: ++seq }), escalation(1));
      const waiting = svc.waitFor('t1', request.id, 10_000);
      setTimeout(() => void svc.approve(request.id, approver('alice', 't1')), 20);
      const t0 = performance.now();
      expect((await waiting).state).toBe('approved');
      expect(performance.now() - t0).toBeLessThan(5_000);
      // Already final: immediate.
      expect((await svc.waitFor('t1', request.id, 10_000)).state).toBe('approved');
      // Timeout while pending: returns the pending request.
      const p2 = await svc.request(check('t1', { wait: ++seq }), escalation(1));
      expect((await svc.waitFor('t1', p2.request.id, 30)).state).toBe('pending');
      // Expiry during the wait: resolves at the deadline with `expired` in-band.
      const p3 = await svc.request(check('t1', { wait: ++seq }), escalation(1, 50));
      const exp = svc.waitFor('t1', p3.request.id, 10_000);
      setTimeout(() => clock.advance(50), 10);
      const ended = await exp;
      expect(ended.state).toBe('expired');
      expect(ended.cause).toContain('0 of 1 approvals');
      // Abort rejects with the signal's reason.
      const ac = new AbortController();
      const aborted = svc.waitFor('t1', p2.request.id, 10_000, ac.signal);
      ac.abort(new Error('client went away'));
      await expect(aborted).rejects.toThrow('client went away');
      await svc.close();
    });

    it('service: an approval is redeemed once, even by racing retries', async () => {
      const store = await harness.open();
      const svc = createApprovalService({ store, clock: manualClock(10_000) });
      const c = check('t1', { redeem: ++seq });
      const { request } = await svc.request(c, escalation(1));
      await expect(svc.redeem(c, request.id)).rejects.toMatchObject({ code: 'not_approved' });
      await svc.approve(request.id, approver('alice', 't1'));
      const results = await Promise.allSettled(
        Array.from({ length: harness.raceWidth }, () => svc.redeem(c, request.id)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'already_redeemed' });
      }
      expect((await svc.get('t1', request.id)).redeemedAt).toBe(10_000);
      await svc.close();
    });

    it('service: sweep stores due expiries with receipts', async () => {
      const store = await harness.open();
      const clock = manualClock(10_000);
      const receipts: ReceiptBody[] = [];
      const audit = {
        append: (r: ReceiptBody) => {
          receipts.push(r);
          return { index: 0, leafHash: '' };
        },
      };
      const svc = createApprovalService({ store, clock, audit });
      const { request } = await svc.request(check('t1', { sweep: ++seq }), escalation(1, 100));
      clock.advance(100);
      expect(await svc.sweep()).toBeGreaterThanOrEqual(1);
      expect((await store.get('t1', request.id))?.state).toBe('expired');
      expect(receipts.map((r) => r.kind === 'approval' && r.event)).toContain('approval.expired');
      await expect(svc.approve(request.id, approver('a', 't1'))).rejects.toMatchObject({
        code: 'expired',
      });
      await svc.close();
    });
  });
}
