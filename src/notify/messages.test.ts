import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createApprovalService } from '../approvals/service.js';
import type { Check } from '../core/check.js';
import { manualClock } from '../core/clock.js';
import type { Decision } from '../core/decision.js';
import type { AlertEvent } from '../monitor/alert.js';
import { createSqliteApprovalStore } from '../store/sqlite/approvals.js';
import { openSqliteDatabase } from '../store/sqlite/database.js';
import { alertMessage, alertNotifier, approvalNotifier, escapeMrkdwn } from './messages.js';
import { createWebhookSender, verifyWebhookSignature, type WebhookMessage } from './webhook.js';

const received: { body: string; signature: string }[] = [];
let server: Server;
let url = '';

const ready = new Promise<void>((resolve) => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['x-bulwark-signature']),
      });
      res.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack`;
    resolve();
  });
});
afterAll(() => new Promise((r) => server.close(r)));

const SECRET = 'hook-secret';

describe('approval notifications end to end', () => {
  it('posts signed Slack messages for the request and its approval, without params', async () => {
    await ready;
    received.length = 0;
    const sender = createWebhookSender({ targets: [{ url, secret: SECRET }] });
    const svc = createApprovalService({
      store: createSqliteApprovalStore(openSqliteDatabase(':memory:')),
      clock: manualClock(1_700_000_000_000),
      notifier: approvalNotifier(sender, { baseUrl: 'https://bulwark.example/' }),
    });
    const check: Check = {
      phase: 'action',
      action: 'payments.<transfer>',
      params: { iban: 'DE89370400440532013000', amount: 900 },
      principal: { id: 'agent-7', tenant: 'acme' },
    };
    const decision: Decision = {
      decision: 'escalate',
      reasons: ['amount > 500 & new payee'],
      rules: [],
      shadow: [],
      findings: [],
      redactions: [],
      approval: { role: 'finance', count: 1, expiresInMs: 600_000 },
      policy: { name: 'p', version: '1', hash: 'h' },
      checkDigest: 'x',
      evaluatedInUs: 1,
    };
    const { request } = await svc.request(check, decision);
    await svc.approve(request.id, { id: 'cfo', roles: ['finance'], tenant: 'acme' });
    await sender.drain();
    expect(received).toHaveLength(2);
    const bodies = received.map((r) => JSON.parse(r.body) as WebhookMessage);
    expect(bodies.map((b) => b.bulwark?.event)).toEqual([
      'approval.requested',
      'approval.approved',
    ]);
    for (const r of received) {
      const t = Number(/t=(\d+)/.exec(r.signature)![1]);
      expect(verifyWebhookSignature(r.signature, r.body, SECRET, t)).toBe(true);
      expect(r.body).not.toContain('DE89370400440532013000');
    }
    const first = bodies[0]!;
    expect(first.text).toBe(
      'Approval needed: payments.<transfer> requested by agent-7 (0/1 approvals)',
    );
    const section = first.blocks[0]!;
    expect(section.type === 'section' && section.text.text).toContain('payments.&lt;transfer&gt;');
    expect(section.type === 'section' && section.text.text).toContain(
      'amount &gt; 500 &amp; new payee',
    );
    expect(JSON.stringify(first.blocks[1])).toContain(
      `https://bulwark.example/v1/approvals/${request.id}|open`,
    );
    expect(bodies[1]!.bulwark).toMatchObject({ state: 'approved', cause: 'approved by cfo' });
    await svc.close();
    await sender.close();
  });
});

describe('alert messages', () => {
  const event: AlertEvent = {
    type: 'raised',
    at: 1_700_000_000_000,
    alert: {
      id: 'al-1',
      tenant: 'acme',
      principal: 'agent-<x>',
      session: 's1',
      metric: 'egress_volume',
      detector: 'ewma',
      value: 123456.7,
      baseline: 2000,
      statistic: 9.1,
      threshold: 8.2,
      at: 1_700_000_000_000,
      severity: 'high',
    },
  };

  it('summarises metric, value, baseline and detector, escaped', () => {
    const m = alertMessage(event);
    expect(m.text).toBe('Behaviour alert [high]: egress_volume for agent-<x> (session s1)');
    expect(JSON.stringify(m.blocks)).toContain('agent-&lt;x&gt;');
    expect(JSON.stringify(m.blocks)).toContain('value 123457 vs baseline 2000 (ewma 9.10 ≥ 8.20)');
    expect(m.bulwark).toMatchObject({
      event: 'monitor.alert.raised',
      id: 'al-1',
      metric: 'egress_volume',
    });
  });

  it('sends raised alerts only unless asked for cleared ones', async () => {
    await ready;
    received.length = 0;
    const sender = createWebhookSender({ targets: [{ url, secret: SECRET }] });
    const notify = alertNotifier(sender);
    notify(event);
    notify({ ...event, type: 'cleared' });
    await sender.drain();
    expect(received).toHaveLength(1);
    await sender.close();
  });

  it('escapes Slack control characters', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});
