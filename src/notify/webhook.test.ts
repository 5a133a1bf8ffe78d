import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  createWebhookSender,
  signWebhook,
  verifyWebhookSignature,
  type WebhookDelivery,
  type WebhookMessage,
} from './webhook.js';

interface Hit {
  body: string;
  signature: string;
  contentType: string;
  at: number;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function receiver(
  respond: (n: number, req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['x-bulwark-signature'] ?? ''),
        contentType: String(req.headers['content-type'] ?? ''),
        at: performance.now(),
      });
      respond(hits.length, req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits };
}

const message: WebhookMessage = {
  text: 'Approval needed: deploy.prod',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*deploy.prod*' } }],
  bulwark: { event: 'approval.requested', id: 'apr_1' },
};
const SECRET = 'whsec_test_secret';

describe('webhook sender', () => {
  it('retries failures with backoff, then delivers a signed Slack-compatible body', async () => {
    const { url, hits } = await receiver((n, _req, res) => {
      res.writeHead(n <= 2 ? 503 : 200).end();
    });
    const deliveries: WebhookDelivery[] = [];
    const sender = createWebhookSender({
      targets: [{ url, secret: SECRET }],
      baseDelayMs: 40,
      random: () => 0.5,
      onDelivery: (d) => deliveries.push(d),
    });
    const t0 = performance.now();
    sender.send(message);
    // `send` returned before anything was delivered: it never blocks the caller.
    expect(hits).toHaveLength(0);
    expect(sender.inFlight).toBe(1);
    await sender.drain();
    expect(hits).toHaveLength(3);
    expect(deliveries).toEqual([
      { url, event: 'approval.requested', ok: true, attempts: 3, status: 200 },
    ]);
    // Delays: retry 1 = 40/2 + 20*0.5 = 30 ms, retry 2 = 80/2 + 40*0.5 = 60 ms.
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(28);
    expect(hits[2]!.at - hits[1]!.at).toBeGreaterThanOrEqual(58);
    expect(performance.now() - t0).toBeLessThan(5_000);
    for (const h of hits) {
      expect(h.contentType).toBe('application/json');
      expect(h.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const t = Number(/t=(\d+)/.exec(h.signature)![1]);
      expect(verifyWebhookSignature(h.signature, h.body, SECRET, t)).toBe(true);
      expect(verifyWebhookSignature(h.signature, h.body, 'wrong', t)).toBe(false);
      expect(verifyWebhookSignature(h.signature, `${h.body} `, SECRET, t)).toBe(false);
      expect(verifyWebhookSignature(h.signature, h.body, SECRET, t + 301)).toBe(false);
    }
    const body = JSON.parse(hits[2]!.body) as WebhookMessage;
    expect(body.text).toBe(message.text);
    expect(body.blocks[0]?.type).toBe('section');
  });

  it('gives up after the bounded number of attempts, and does not retry client errors', async () => {
    const always500 = await receiver((_n, _req, res) => res.writeHead(500).end());
    const reject400 = await receiver((_n, _req, res) => res.writeHead(400).end());
    const deliveries: WebhookDelivery[] = [];
    const sender = createWebhookSender({
      targets: [
        { url: always500.url, secret: SECRET },
        { url: reject400.url, secret: SECRET },
      ],
      maxAttempts: 3,
      baseDelayMs: 5,
      onDelivery: (d) => deliveries.push(d),
    });
    sender.send(message);
    await sender.drain();
    expect(always500.hits).toHaveLength(3);
    expect(reject400.hits).toHaveLength(1);
    expect(deliveries).toContainEqual({
      url: always500.url,
      event: 'approval.requested',
      ok: false,
      attempts: 3,
      status: 500,
      error: 'http 500',
    });
    expect(deliveries).toContainEqual({
      url: reject400.url,
      event: 'approval.requested',
      ok: false,
      attempts: 1,
      status: 400,
      error: 'http 400 (not retried)',
    });
  });

  it('times out a hanging receiver, and close() abandons pending retries', async () => {
    const hang = await receiver(() => undefined); // never answers
    const deliveries: WebhookDelivery[] = [];
    const sender = createWebhookSender({
      targets: [{ url: hang.url, secret: SECRET }],
      maxAttempts: 10,
      timeoutMs: 300,
      baseDelayMs: 10_000,
      onDelivery: (d) => deliveries.push(d),
    });
    sender.send(message);
    // Wait for the first attempt to reach the receiver and time out (event-driven: the machine
    // may be loaded); the sender is then in a 5-10 s backoff.
    for (let i = 0; i < 200 && hang.hits.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 400));
    const t0 = performance.now();
    await sender.close();
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(hang.hits).toHaveLength(1);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ ok: false, error: 'timeout' });
    sender.send(message);
    expect(deliveries[1]).toMatchObject({ ok: false, attempts: 0, error: 'closed' });
  });

  it('drops beyond the in-flight bound instead of growing without limit', async () => {
    const slow = await receiver((_n, _req, res) => setTimeout(() => res.writeHead(200).end(), 20));
    const deliveries: WebhookDelivery[] = [];
    const sender = createWebhookSender({
      targets: [{ url: slow.url, secret: SECRET }],
      maxInFlight: 2,
      onDelivery: (d) => deliveries.push(d),
    });
    for (let i = 0; i < 5; i++) sender.send(message);
    await sender.drain();
    expect(deliveries.filter((d) => d.ok)).toHaveLength(2);
    expect(deliveries.filter((d) => d.error === 'queue full')).toHaveLength(3);
  });
});

describe('signature and backoff maths', () => {
  it('signs Stripe-style and verifies only the exact body, secret and window', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 2e9 }),
        (body, secret, t) => {
          const header = signWebhook(body, secret, t);
          expect(verifyWebhookSignature(header, body, secret, t)).toBe(true);
          expect(verifyWebhookSignature(header, `${body}x`, secret, t)).toBe(false);
          expect(verifyWebhookSignature(header, body, `${secret}x`, t)).toBe(false);
          expect(verifyWebhookSignature('garbage', body, secret, t)).toBe(false);
        },
      ),
    );
  });

  it('backoff is within [d/2, d] for d = min(max, base·2^(n-1)) and never decreases in expectation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, base, max, r) => {
          const d = Math.min(max, base * 2 ** (n - 1));
          const v = backoffDelay(n, base, max, r);
          expect(v).toBeGreaterThanOrEqual(d / 2);
          expect(v).toBeLessThanOrEqual(d);
          expect(backoffDelay(n + 1, base, max, 0)).toBeGreaterThanOrEqual(
            backoffDelay(n, base, max, 0),
          );
        },
      ),
    );
  });
});
