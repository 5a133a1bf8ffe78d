/**
 * `proxy.overhead`: latency the LLM proxy adds, against calling the same fake upstream directly in
 * the same run (requests interleaved). Non-streamed: full response time. Streamed: time to the
 * first content token. Everything on 127.0.0.1 with keep-alive connections.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createGuard } from '../src/guard.js';
import { startProxy } from '../src/proxy/index.js';
import { createScanner } from '../src/scan/index.js';
import { createStreamScanner } from '../src/scan/stream.js';
import { startFakeUpstream } from './fake-upstream.js';
import { type BenchResult, percentile, round } from './harness.js';

const POLICY = `
name: bench
version: 1
default: allow
rules:
  - id: no-secrets-out
    effect: deny
    match: { phase: output, scan: { secret: 0.5 } }
  - id: redact-pii
    effect: allow
    match: { phase: [output, action] }
    redact: [pii]
  - id: no-injection-in
    effect: deny
    match: { phase: input, scan: { prompt_injection: 0.8 } }
`;

const ANSWER =
  'The capital of France is Paris. It has been the capital since the tenth century and is home to about two million people.';

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Sends one chat request; resolves with [ms to first content token, ms to end]. */
function timeRequest(base: string, stream: boolean): Promise<[number, number]> {
  const body = JSON.stringify({
    model: 'bench',
    stream,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'What is the capital of France? Answer in two sentences.' },
    ],
  });
  const url = new URL('/v1/chat/completions', base);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let first = 0;
    let seen = '';
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: 'Bearer bench',
        },
      },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (first === 0) {
            seen += c;
            if (/"content":"[^"]/.test(seen)) first = performance.now() - t0;
          }
        });
        res.on('end', () => resolve([first || performance.now() - t0, performance.now() - t0]));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function measure(direct: string, proxied: string, stream: boolean, n: number) {
  const d: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < 30; i++) {
    await timeRequest(direct, stream);
    await timeRequest(proxied, stream);
  }
  for (let i = 0; i < n; i++) {
    const pick = stream ? 0 : 1;
    // Interleave, alternating which goes first, so drift hits both equally.
    if (i % 2 === 0) {
      d.push((await timeRequest(direct, stream))[pick]);
      p.push((await timeRequest(proxied, stream))[pick]);
    } else {
      p.push((await timeRequest(proxied, stream))[pick]);
      d.push((await timeRequest(direct, stream))[pick]);
    }
  }
  d.sort((a, b) => a - b);
  p.sort((a, b) => a - b);
  return {
    direct: { p50: percentile(d, 50), p99: percentile(d, 99) },
    proxied: { p50: percentile(p, 50), p99: percentile(p, 99) },
  };
}

/** Runs the proxy overhead bench. */
export async function run(): Promise<BenchResult[]> {
  const upstream = await startFakeUpstream();
  upstream.reply({ text: ANSWER, chunkSize: 6 });
  const scanner = createScanner();
  const guard = createGuard({ policy: { text: POLICY }, scanner });
  // Time inside the guard (scan + policy), to tell it apart from the proxy's own plumbing.
  let guardUs = 0;
  let guardChecks = 0;
  const timed = {
    check: (c: Parameters<typeof guard.check>[0]) => {
      const d = guard.check(c);
      guardUs += d.evaluatedInUs;
      guardChecks++;
      return d;
    },
  };
  const proxy = await startProxy({
    upstream: upstream.url,
    guard: timed,
    streamScanner: () =>
      createStreamScanner({
        scanner,
        holdBack: 64,
        minScore: 0,
        context: { phase: 'output', role: 'assistant' },
      }),
  });
  try {
    const plain = await measure(upstream.url, proxy.url, false, 400);
    const plainGuardMs = guardUs / 1000 / 430;
    const plainChecks = guardChecks / 430;
    const streamed = await measure(upstream.url, proxy.url, true, 300);
    const added = (m: typeof plain) => ({
      p50: round(m.proxied.p50 - m.direct.p50),
      p99: round(m.proxied.p99 - m.direct.p99),
    });
    return [
      {
        name: 'proxy.overhead',
        unit: 'ms',
        ...added(plain),
        baseline: {
          name: 'upstream.direct',
          p50: round(plain.direct.p50),
          p99: round(plain.direct.p99),
        },
        note: `non-streamed chat completion; proxied p50 ${round(plain.proxied.p50)} ms, p99 ${round(plain.proxied.p99)} ms; mean time in the guard ${round(plainGuardMs)} ms over ${round(plainChecks, 1)} checks per request`,
      },
      {
        name: 'proxy.overhead.ttft',
        unit: 'ms',
        ...added(streamed),
        baseline: {
          name: 'upstream.direct.ttft',
          p50: round(streamed.direct.p50),
          p99: round(streamed.direct.p99),
        },
        note: `streamed: time to first content token; proxied p50 ${round(streamed.proxied.p50)} ms`,
      },
    ];
  } finally {
    agent.destroy();
    await proxy.close();
    await upstream.close();
    await guard.close();
  }
}
