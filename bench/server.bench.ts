/**
 * server.check: HTTP checks per second through a real `bulwark serve` (child process, embedded
 * SQLite, default policy, scanner, sessions and monitor on, 256 rotating sessions, every answer sent only once its receipt is
 * durable), driven by autocannon over loopback for a bounded time. Baseline: the same server
 * answering its no-op route (GET /healthz) in the same run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchResult, round } from './harness.js';

const CONNECTIONS = 16;
const SECONDS = Number(process.env.BULWARK_BENCH_SERVER_SECONDS ?? 5);

/** Distinct sessions the requests rotate through (agents run many sessions at once). */
const SESSIONS = 256;

/** The check every request sends: a prompt of ~300 characters to scan, in one of the sessions. */
const CHECK = {
  phase: 'input',
  action: 'llm.chat',
  content:
    'Please summarise the attached quarterly report for the team meeting tomorrow. Focus on revenue ' +
    'by region, the hiring plan and the three biggest risks the finance team raised. Keep it under ' +
    'two hundred words and use bullet points so it reads well on a projector.',
};

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly adminKey: string;
}

/** Spawns `bulwark serve --port 0` and waits for its URL and admin key on stdout. */
function startServer(dataDir: string): Promise<Started> {
  const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [main, 'serve', '--port', '0', '--data', dataDir, '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /Admin API key[^:]*: (bwk_\S+)/.exec(out)?.[1];
      if (url && key) {
        clearTimeout(timer);
        resolve({ child, url, adminKey: key });
      }
    });
  });
}

async function load(opts: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });
}

async function json(url: string, init: RequestInit): Promise<Record<string, unknown>> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Runs the scenario. */
export async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-bench-server-'));
  const { child, url, adminKey } = await startServer(dataDir);
  try {
    const made = await json(`${url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'agent', name: 'bench-agent' }),
    });
    const agentKey = made.key as string;
    let n = 0;
    const bodies = Array.from({ length: SESSIONS }, (_, i) =>
      JSON.stringify({ ...CHECK, session: `bench-session-${i}` }),
    );
    const checkRequest = {
      url: `${url}/v1/check`,
      requests: [
        {
          method: 'POST' as const,
          headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json' },
          setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[n++ % SESSIONS]! }),
        },
      ],
    };
    const auditor = { authorization: `Bearer ${adminKey}` };
    const sizeBefore = (await json(`${url}/v1/audit/checkpoint`, { headers: auditor }))
      .size as number;

    // Warm up the JIT and the scanner, then measure the no-op baseline and the checks.
    await autocannon({ ...checkRequest, connections: CONNECTIONS, duration: 1 });
    const baseline = await load({ url: `${url}/healthz` });
    const warmed = (await json(`${url}/v1/audit/checkpoint`, { headers: auditor })).size as number;
    const checks = await load(checkRequest);
    const sizeAfter = (await json(`${url}/v1/audit/checkpoint`, { headers: auditor }))
      .size as number;

    const ok = checks['2xx'];
    // Every acknowledged check must have a durable receipt (the checkpoint call flushes first).
    const durable = sizeAfter - warmed;
    const note =
      `${CONNECTIONS} connections, ${SECONDS}s, ${ok} checks answered 2xx, ` +
      `${checks.non2xx} non-2xx, ${checks.errors} errors; receipts +${durable} (≥ answered: ${durable >= ok}); ` +
      `log size ${sizeBefore}→${sizeAfter}`;
    return [
      {
        name: 'server.check',
        unit: 'checks/s',
        value: round(ok / (checks.duration || SECONDS), 0),
        p50: checks.latency.p50,
        p99: checks.latency.p99,
        baseline: {
          name: 'server.noop (GET /healthz)',
          value: round(baseline['2xx'] / (baseline.duration || SECONDS), 0),
          p50: baseline.latency.p50,
          p99: baseline.latency.p99,
        },
        note,
      },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
