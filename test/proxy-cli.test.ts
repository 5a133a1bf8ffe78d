/** `bulwark proxy` as a real process in front of the fake upstream, plus wire-level edge cases. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../bench/fake-upstream.js';

const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const POLICY = fileURLToPath(new URL('../examples/policy.yaml', import.meta.url));

let upstream: FakeUpstream;
let child: ChildProcess;
let url: string;
const auditDir = mkdtempSync(join(tmpdir(), 'bulwark-proxy-audit-'));

beforeAll(async () => {
  if (!existsSync(CLI)) return;
  upstream = await startFakeUpstream();
  child = spawn(
    process.execPath,
    [
      CLI,
      'proxy',
      '--upstream',
      upstream.url,
      '--port',
      '0',
      '--policy',
      POLICY,
      '--hold-back',
      '32',
      '--audit',
      auditDir,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (c: string) => {
      err += c;
      const m = /bulwark proxy: (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`proxy exited ${code}: ${err}`)));
  });
});
afterAll(async () => {
  child?.kill('SIGTERM');
  await upstream?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe.skipIf(!existsSync(CLI))('bulwark proxy (built CLI)', () => {
  const chat = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

  it('redacts a streamed answer end to end', async () => {
    upstream.reply({ chunks: ['Mail jane', '.doe@example.com', ' please.'] });
    const res = await post('/v1/chat/completions', { ...chat, stream: true });
    const body = await res.text();
    const text = body
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map(
        (l) =>
          (JSON.parse(l.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0]
            ?.delta.content ?? '',
      )
      .join('');
    expect(text).toBe('Mail [EMAIL] please.');
  });

  it('answers bad input and unknown routes in the provider format', async () => {
    const bad = await post('/v1/chat/completions', '{not json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const unknown = await post('/v1/completions', chat);
    expect(unknown.status).toBe(404);
    const anthropic = await post('/v1/messages/batches', {});
    expect(((await anthropic.json()) as { type: string }).type).toBe('error');
  });

  it('returns the upstream error as it came', async () => {
    upstream.reply({
      status: 429,
      errorBody: { error: { message: 'slow down', type: 'rate_limit' } },
    });
    const res = await post('/v1/chat/completions', chat);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: { message: 'slow down', type: 'rate_limit' } });
  });
  it('records its decisions in the signed audit log', async () => {
    upstream.reply({ text: 'ok' });
    await post('/v1/chat/completions', chat);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    const tail = spawnSync(
      process.execPath,
      [CLI, 'audit', 'tail', '--data-dir', auditDir, '-n', '50'],
      {
        encoding: 'utf8',
      },
    );
    expect(tail.status).toBe(0);
    expect(tail.stdout).toContain('"action":"llm.chat"');
    const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--data-dir', auditDir], {
      encoding: 'utf8',
    });
    expect(verify.status).toBe(0);
  });
});
