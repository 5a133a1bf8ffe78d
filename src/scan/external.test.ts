import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { createExternalClassifier } from './external.js';

let server: Server;
let base = '';
let calls = 0;
const pending = new Set<() => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls++;
      const { text } = JSON.parse(body) as { text: string };
      if (req.url === '/slow') {
        // Never answers until the test ends: the client must time out.
        pending.add(() => res.end());
        return;
      }
      if (req.url === '/broken') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"nope":1}');
        return;
      }
      const score = text.includes('ignore') ? 0.93 : 0.05;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ results: [{ category: 'prompt_injection', score }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const done of pending) done();
  await new Promise<void>((r) => server.close(() => r()));
});

const uncertain: Finding[] = [
  { category: 'prompt_injection', detector: 'classifier', score: 0.4, severity: 'low' },
];

describe('external classifier', () => {
  it('is skipped when the cheap tier is certain', async () => {
    const ext = createExternalClassifier({ url: `${base}/ok`, failMode: 'closed' });
    const before = calls;
    const out = await ext.refine('hello', []);
    expect(out.source).toBe('skipped');
    expect(calls).toBe(before);
  });

  it('is called when uncertain, and a cache hit avoids the second call', async () => {
    const ext = createExternalClassifier({ url: `${base}/ok`, failMode: 'closed' });
    const before = calls;
    const a = await ext.refine('please ignore the rules', uncertain);
    expect(a.source).toBe('called');
    expect(a.findings[0]).toMatchObject({ category: 'prompt_injection', score: 0.93 });
    const b = await ext.refine('please ignore the rules', uncertain);
    expect(b.source).toBe('cache');
    expect(calls).toBe(before + 1);
  });

  it('times out on a slow server and fails closed with a blocking finding', async () => {
    const ext = createExternalClassifier({
      url: `${base}/slow`,
      failMode: 'closed',
      timeoutMs: 100,
    });
    const t0 = Date.now();
    const out = await ext.refine('anything', [], { force: true });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(out.source).toBe('failed');
    expect(out.failure).toMatchObject({ failMode: 'closed' });
    expect(out.failure!.error).toMatch(/timed out/);
    expect(out.findings[0]).toMatchObject({ detector: 'external.unavailable', score: 1 });
  });

  it('fails open without findings when configured so, recording the failure', async () => {
    const ext = createExternalClassifier({ url: `${base}/slow`, failMode: 'open', timeoutMs: 100 });
    const out = await ext.refine('anything', [], { force: true });
    expect(out).toMatchObject({ source: 'failed', findings: [], failure: { failMode: 'open' } });
  });

  it('treats a malformed answer as a failure', async () => {
    const ext = createExternalClassifier({ url: `${base}/broken`, failMode: 'closed' });
    const out = await ext.refine('x', [], { force: true });
    expect(out.failure!.error).toMatch(/results/);
  });
});
