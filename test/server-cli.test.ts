/**
 * `bulwark serve` and `bulwark keys` as a user runs them (the built CLI in child processes):
 * first start prints an admin key once, keys made by the CLI work against the running server,
 * SIGTERM drains and exits 0, a restart keeps the keys and the log.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { client, type Json } from './server-support.js';

const MAIN = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
const built = existsSync(MAIN);
if (!built && process.env.CI === 'true') throw new Error(`${MAIN} is missing: run npm run build`);

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-cli-serve-'));
const children: ChildProcess[] = [];

interface Serving {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  readonly exited: Promise<number | null>;
}

function serve(): Promise<Serving> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${out}\n${err}`)), 20_000);
    const poll = setInterval(() => {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, url, stdout: () => out, exited });
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}\n${err}`));
    });
  });
}

const cli = (...args: string[]) =>
  execFileSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!built)('bulwark serve / keys (CLI)', () => {
  it('prints an admin key once, serves CLI-made keys, drains on SIGTERM, keeps state on restart', async () => {
    const first = await serve();
    const adminKey = /Admin API key[^:]*: (bwk_\S+)/.exec(first.stdout())?.[1];
    expect(adminKey).toBeDefined();
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // A key made by the CLI while the server runs authenticates at once.
    const agentKey = cli(
      'keys',
      'create',
      '--role',
      'agent',
      '--name',
      'cli-bot',
      '--data',
      dataDir,
    ).trim();
    expect(agentKey).toMatch(/^bwk_/);
    const agent = client(first.url, agentKey);
    const res = await agent<Json>('POST', '/v1/check', {
      phase: 'input',
      action: 'llm.chat',
      content: 'hello',
    });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('allow');

    const listed = cli('keys', 'list', '--data', dataDir, '--json');
    const records = JSON.parse(listed) as Json[];
    expect(records.map((r) => r.role).sort()).toEqual(['admin', 'agent']);
    expect(listed).not.toContain(agentKey);
    expect(listed).not.toContain(adminKey!);

    // A long-poll in flight when SIGTERM arrives is answered, then the process exits 0.
    const pending = await agent<Json>('POST', '/v1/check', {
      phase: 'action',
      action: 'shell.exec',
      params: { command: 'uptime' },
    });
    expect(pending.body.decision).toBe('escalate');
    const waiting = agent<Json>(
      'GET',
      `/v1/approvals/${pending.body.approval.id}/wait?timeoutMs=60000`,
    );
    await new Promise((r) => setTimeout(r, 100));
    first.child.kill('SIGTERM');
    const waited = await waiting;
    expect(waited.status).toBe(200);
    expect(waited.body.state).toBe('pending');
    expect(await first.exited).toBe(0);

    // Restart: no new admin key, the old keys and the log are still there.
    const second = await serve();
    expect(second.stdout()).not.toContain('Admin API key');
    const admin = client(second.url, adminKey);
    const cp = await admin<Json>('GET', '/v1/audit/checkpoint');
    expect(cp.body.size).toBeGreaterThanOrEqual(3);
    const id = records.find((r) => r.role === 'agent')!.id as string;
    expect(cli('keys', 'revoke', id, '--data', dataDir)).toContain(`revoked ${id}`);
    expect(
      (await client(second.url, agentKey)('POST', '/v1/check', { phase: 'input', action: 'x' }))
        .status,
    ).toBe(401);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);
});
