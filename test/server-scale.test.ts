/**
 * Scale-out: two servers sharing one PostgreSQL schema and Redis behave as one service —
 * keys, policies, approvals (a waiter on one server wakes on the other's approval), rate limits
 * and a single audit log — and approval transitions reach a webhook, signed.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/notify/webhook.js';
import { openRedisExtras } from '../src/server/runtime.js';
import {
  client,
  type Json,
  postgresSchemaUrl,
  startTestServer,
  type TestServer,
  verifyReceiptProof,
} from './server-support.js';
import { hasPostgres, hasRedis, POSTGRES_URL, REDIS_URL } from './services.js';

const up = (await hasPostgres()) && (await hasRedis());
const SECRET = 'whsec_test_only';

const LIMITED = `name: shared
version: "1"
default: allow
rules:
  - id: five-mails
    effect: deny
    reason: at most 5 mails a minute per principal
    match: { phase: action, action: email.send }
    limit: { rate: { count: 5, window: 1m, per: principal } }
  - id: wire
    effect: escalate
    reason: wires need an operator
    approvers: { role: operator, count: 1 }
    expires: 10m
    match: { phase: action, action: wire.send }
`;

describe.skipIf(!up)('two servers on one PostgreSQL + Redis', () => {
  const hooks: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      hooks.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  let a: TestServer;
  let b: TestServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const db = postgresSchemaUrl(POSTGRES_URL);
    drop = db.drop;
    // Counters and approval channel of this run only (Redis is shared by every test run).
    const ns = `bulwark-test-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    // One signing key for the one log: both servers read it from the same data dir.
    a = await startTestServer({
      database: db.url,
      webhooks: [{ url: hookUrl, secret: SECRET }],
      ...(await openRedisExtras(REDIS_URL, ns)),
    });
    b = await startTestServer({
      database: db.url,
      dataDir: a.dataDir,
      adminKey: a.adminKey,
      ...(await openRedisExtras(REDIS_URL, ns)),
    });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await drop?.();
    receiver.close();
  });

  it('shares keys, policies, approvals, limits and the audit log', async () => {
    const agentKey = await a.key('agent', { name: 'bot' });
    const onA = client(a.url, agentKey);
    const onB = client(b.url, agentKey);
    const approverB = client(b.url, await a.key('approver', { name: 'olga', roles: ['operator'] }));

    const put = await client(a.url, a.adminKey)<Json>('PUT', '/v1/policies', { source: LIMITED });
    expect(put.status).toBe(201);
    // Server B picks the new version up from the store.
    const deadline = Date.now() + 5_000;
    let current: Json = {};
    while (Date.now() < deadline) {
      current = (await client(b.url, a.adminKey)<Json>('GET', '/v1/policies/current')).body;
      if (current.name === 'shared') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(current).toMatchObject({ name: 'shared', seq: 1 });

    // A waiter on B wakes when the approval is made on A (through Redis), long before its timeout.
    const esc = await onA<Json>('POST', '/v1/check', {
      phase: 'action',
      action: 'wire.send',
      params: { amount: 100 },
    });
    expect(esc.body.decision).toBe('escalate');
    const id = esc.body.approval.id;
    const t0 = Date.now();
    const waiting = onB<Json>('GET', `/v1/approvals/${id}/wait?timeoutMs=20000`);
    await new Promise((r) => setTimeout(r, 100));
    const approverA = client(a.url, await a.key('approver', { name: 'piet', roles: ['operator'] }));
    expect((await approverA<Json>('POST', `/v1/approvals/${id}/approve`, {})).body.state).toBe(
      'approved',
    );
    const waited = await waiting;
    expect(waited.body.state).toBe('approved');
    expect(Date.now() - t0).toBeLessThan(5_000);
    // The approved wire runs once, on the other server.
    const run = await onB<Json>('POST', '/v1/check', {
      phase: 'action',
      action: 'wire.send',
      params: { amount: 100 },
      approvalId: id,
    });
    expect(run.body.decision).toBe('allow');
    expect((await approverB<Json>('GET', `/v1/approvals/${id}`)).body.redeemedAt).toBeGreaterThan(
      0,
    );

    // The rate limit counts across both servers.
    const mail = { phase: 'action', action: 'email.send', params: { to: 'x@example.com' } };
    // (A server learns other servers' totals for a counter from its first use of it on.)
    expect((await onB<Json>('POST', '/v1/check', mail)).body.decision).toBe('allow');
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 4; i++) {
      expect((await onA<Json>('POST', '/v1/check', mail)).body.decision).toBe('allow');
    }
    await new Promise((r) => setTimeout(r, 300));
    const sixth = await onB<Json>('POST', '/v1/check', mail);
    expect(sixth.body.decision).toBe('deny');
    expect(sixth.body.rules.map((r: Json) => r.id)).toContain('five-mails');

    // One log: a receipt written by A is proven by B.
    const index = esc.body.receipt.index as number;
    const auditor = client(b.url, a.adminKey);
    const receipt = await auditor<Json>('GET', `/v1/audit/receipts/${index}`);
    const proof = await auditor<Json>('GET', `/v1/audit/proof/inclusion?index=${index}`);
    const pub = await auditor<Json>('GET', '/v1/audit/pubkey');
    expect(
      verifyReceiptProof(receipt.body as never, proof.body as never, pub.body.verifierKey),
    ).toEqual({
      leafOk: true,
      inclusionOk: true,
      checkpointOk: true,
    });

    // The webhook got the request and the approval, signed.
    const until = Date.now() + 5_000;
    while (hooks.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const events = hooks.map((h) => (JSON.parse(h.body) as Json).bulwark?.event);
    expect(events).toEqual(expect.arrayContaining(['approval.requested', 'approval.approved']));
    for (const h of hooks) {
      const sig = h.headers['x-bulwark-signature'] as string;
      expect(verifyWebhookSignature(sig, h.body, SECRET, Math.floor(Date.now() / 1000))).toBe(true);
    }
    expect((await client(a.url)<Json>('GET', '/readyz')).body.checks.counters).toEqual({
      ok: true,
      detail: 'redis',
    });
  }, 30_000);
});
