/**
 * The end-to-end flow against a real server, on SQLite and on PostgreSQL: a check, an
 * escalation, approval by a second (approver) key, the retried check, and the receipt's
 * inclusion proof verified with the audit module's verifier. Plus tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  type Json,
  postgresSchemaUrl,
  startTestServer,
  type TestServer,
  verifyReceiptProof,
} from './server-support.js';
import { hasPostgres, POSTGRES_URL } from './services.js';

const pgUp = await hasPostgres();

const backends: Array<{
  name: string;
  skip: boolean;
  open: () => Promise<[TestServer, () => Promise<void>]>;
}> = [
  {
    name: 'sqlite',
    skip: false,
    async open() {
      const s = await startTestServer();
      return [s, async () => undefined];
    },
  },
  {
    name: 'postgres',
    skip: !pgUp,
    async open() {
      const db = postgresSchemaUrl(POSTGRES_URL);
      const s = await startTestServer({ database: db.url });
      return [s, db.drop];
    },
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`server flow (${backend.name})`, () => {
    let srv: TestServer;
    let drop: () => Promise<void>;
    let agentKey: string;
    let approverKey: string;
    let auditorKey: string;

    beforeAll(async () => {
      [srv, drop] = await backend.open();
      const admin = client(srv.url, srv.adminKey);
      // Keys through the API (admin) and straight in the store (CLI path): both authenticate.
      const made = await admin<Json>('POST', '/v1/keys', { role: 'agent', name: 'bot' });
      expect(made.status).toBe(201);
      agentKey = made.body.key;
      approverKey = await srv.key('approver', { name: 'alice', roles: ['operator'] });
      auditorKey = await srv.key('auditor', { name: 'carol' });
    });
    afterAll(async () => {
      await srv?.stop();
      await drop?.();
    });

    it('checks with the key’s principal, ignoring one in the body', async () => {
      const agent = client(srv.url, agentKey);
      const res = await agent<Json>('POST', '/v1/check', {
        phase: 'action',
        action: 'file.read',
        resource: '/tmp/notes.txt',
        principal: { id: 'root', tenant: 'other', roles: ['admin'] },
      });
      expect(res.status).toBe(200);
      expect(res.body.decision).toBe('allow');
      expect(res.body.policy.name).toBe('default');
      const { index } = res.body.receipt;
      expect(index).toBeGreaterThanOrEqual(0);
      const receipt = await client(srv.url, auditorKey)<Json>('GET', `/v1/audit/receipts/${index}`);
      expect(receipt.status).toBe(200);
      expect(receipt.body.receipt.principal).toEqual({ id: 'bot', tenant: 'default' });
      expect(receipt.body.receipt.checkDigest).toBe(res.body.checkDigest);
    });

    it('escalates, is approved by a second key, and the retry is allowed', async () => {
      const agent = client(srv.url, agentKey);
      const approver = client(srv.url, approverKey);
      const check = { phase: 'action', action: 'shell.exec', params: { command: 'ls -la' } };
      const first = await agent<Json>('POST', '/v1/check', check);
      expect(first.status).toBe(200);
      expect(first.body.decision).toBe('escalate');
      const approval = first.body.approval;
      expect(approval).toMatchObject({ role: 'operator', count: 1, state: 'pending' });
      expect(approval.id).toMatch(/^apr_/);

      // The same escalation again finds the same pending request.
      const again = await agent<Json>('POST', '/v1/check', check);
      expect(again.body.approval.id).toBe(approval.id);

      // The agent cannot approve (its role lacks the permission).
      const byAgent = await agent<Json>('POST', `/v1/approvals/${approval.id}/approve`, {});
      expect(byAgent.status).toBe(403);

      // Long-poll started before the approval wakes up with it.
      const waiting = agent<Json>('GET', `/v1/approvals/${approval.id}/wait?timeoutMs=10000`);
      const approved = await approver<Json>('POST', `/v1/approvals/${approval.id}/approve`, {
        comment: 'looks fine',
      });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 'alice' });
      const waited = await waiting;
      expect(waited.status).toBe(200);
      expect(waited.body.state).toBe('approved');

      // Retry with the id: the stored outcome.
      const retry = await agent<Json>('POST', '/v1/check', { ...check, approvalId: approval.id });
      expect(retry.body.decision).toBe('allow');
      expect(retry.body.approval).toMatchObject({
        id: approval.id,
        state: 'approved',
        approvers: ['alice'],
      });
      // Single use: the same approval does not allow a second run; that needs a new request.
      const reuse = await agent<Json>('POST', '/v1/check', { ...check, approvalId: approval.id });
      expect(reuse.body.decision).toBe('escalate');
      expect(reuse.body.approval.id).not.toBe(approval.id);
      expect(reuse.body.reasons[0]).toMatch(/not usable/);

      // Other params are a different action: a new request, not covered by the approval.
      const other = await agent<Json>('POST', '/v1/check', {
        ...check,
        params: { command: 'ls /var/tmp' },
        approvalId: approval.id,
      });
      expect(other.body.decision).toBe('escalate');
      expect(other.body.approval.id).not.toBe(approval.id);
      expect(other.body.approval.state).toBe('pending');

      // The decision receipt of the escalation is provably in the signed log.
      const auditor = client(srv.url, auditorKey);
      const index = first.body.receipt.index as number;
      const receipt = await auditor<Json>('GET', `/v1/audit/receipts/${index}`);
      expect(receipt.body.receipt).toMatchObject({ decision: 'escalate', action: 'shell.exec' });
      const proof = await auditor<Json>('GET', `/v1/audit/proof/inclusion?index=${index}`);
      expect(proof.status).toBe(200);
      const pub = await auditor<Json>('GET', '/v1/audit/pubkey');
      const verdict = verifyReceiptProof(
        receipt.body as { index: number; data: string; leafHash: string },
        proof.body as never,
        pub.body.verifierKey,
      );
      expect(verdict).toEqual({ leafOk: true, inclusionOk: true, checkpointOk: true });

      // The approval's transitions are receipts too.
      const list = await auditor<Json>('GET', '/v1/audit/receipts?from=0');
      const events = list.body.receipts
        .map((r: Json) => r.receipt)
        .filter((r: Json) => r.kind === 'approval' && r.data.id === approval.id)
        .map((r: Json) => r.event);
      expect(events).toEqual(['approval.requested', 'approval.approved', 'approval.redeemed']);

      // Consistency between an old and the current tree size.
      const cp = await auditor<Json>('GET', '/v1/audit/checkpoint');
      const cons = await auditor<Json>(
        'GET',
        `/v1/audit/proof/consistency?from=1&to=${cp.body.size}`,
      );
      expect(cons.status).toBe(200);
      expect(cons.body.secondRoot).toBe(cp.body.root);
    });

    it('never shows one tenant’s data to another tenant', async () => {
      const agent = client(srv.url, agentKey);
      const pending = await agent<Json>('POST', '/v1/check', {
        phase: 'action',
        action: 'db.drop',
        resource: 'customers',
      });
      expect(pending.body.decision).toBe('escalate');
      const id = pending.body.approval.id;

      const acmeApprover = client(
        srv.url,
        await srv.key('approver', { tenant: 'acme', roles: ['operator'] }),
      );
      const acmeAuditor = client(srv.url, await srv.key('auditor', { tenant: 'acme' }));
      expect((await acmeApprover('GET', `/v1/approvals/${id}`)).status).toBe(404);
      expect((await acmeApprover('POST', `/v1/approvals/${id}/approve`, {})).status).toBe(404);
      const listed = await acmeApprover<Json>('GET', '/v1/approvals');
      expect(listed.body.approvals).toEqual([]);
      expect(
        (await acmeAuditor('GET', `/v1/audit/receipts/${pending.body.receipt.index}`)).status,
      ).toBe(404);
      const range = await acmeAuditor<Json>('GET', '/v1/audit/receipts?from=0');
      expect(
        range.body.receipts.every(
          (r: Json) => (r.receipt.principal?.tenant ?? r.receipt.tenant) !== 'default',
        ),
      ).toBe(true);
      expect(
        (await acmeAuditor('GET', `/v1/audit/proof/inclusion?index=${pending.body.receipt.index}`))
          .status,
      ).toBe(404);

      // The right tenant's approver sees and cancels nothing it should not: the requester cancels.
      const cancelled = await agent<Json>('POST', `/v1/approvals/${id}/cancel`, {
        reason: 'not needed',
      });
      expect(cancelled.body.state).toBe('cancelled');
    });
  });
}
