/** The remote client against a real Bulwark server (embedded SQLite) on 127.0.0.1. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeniedError } from '../core/errors.js';
import { openRuntime } from '../server/runtime.js';
import { type BulwarkServer, createServer } from '../server/server.js';
import { type BulwarkClient, createClient } from './client.js';
import { wrap } from './wrap.js';

const POLICY = `
name: client-test
version: 1
default: allow
rules:
  - id: no-rm
    effect: deny
    match: { phase: action, action: file.delete }
    reason: deleting files is not allowed
  - id: refunds
    effect: escalate
    match: { phase: action, action: payments.refund }
    reason: refunds need a human
    approvers: { role: approver }
    expires: 1m
`;

const requested = new EventEmitter();
let server: BulwarkServer;
let url: string;
let agent: BulwarkClient;
let approverKey: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-client-'));
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  const runtime = await openRuntime({
    dataDir: dir,
    policyFile: join(dir, 'policy.yaml'),
    logLevel: 'silent',
    onApprovalNotice: (n) => {
      if (n.event === 'approval.requested') requested.emit('id', n.request.id);
    },
  });
  const agentKey = (await runtime.keys.create({ role: 'agent', principal: 'agent-7' })).key;
  approverKey = (
    await runtime.keys.create({ role: 'approver', principal: 'alice', roles: ['approver'] })
  ).key;
  server = createServer(runtime);
  url = await server.listen(0, '127.0.0.1');
  agent = createClient({ url, apiKey: agentKey });
});
afterAll(async () => {
  await server?.close();
});

describe('createClient', () => {
  it('answers check and scan like the in-process guard', async () => {
    const d = await agent.check({ phase: 'action', action: 'file.delete', params: { path: '/x' } });
    expect(d.decision).toBe('deny');
    expect(d.reasons.join()).toContain('deleting files is not allowed');
    const s = await agent.scan('write to jane.doe@example.com', { redact: true });
    expect(s.findings.map((f) => f.category)).toContain('pii');
    expect(s.redacted).toBe('write to [EMAIL]');
  });

  it('wraps a tool: denied → DeniedError; escalated → waits, approved by a second key → runs', async () => {
    const del = wrap(agent, async (_: { path: string }) => 'deleted', { action: 'file.delete' });
    await expect(del({ path: '/x' })).rejects.toBeInstanceOf(DeniedError);

    const refund = wrap(agent, async ({ amount }: { amount: number }) => `refunded ${amount}`, {
      action: 'payments.refund',
      waitForApprovalMs: 20_000,
    });
    const opened = new Promise<string>((resolve) => requested.once('id', resolve));
    const pending = refund({ amount: 30 });
    const approver = { authorization: `Bearer ${approverKey}`, 'content-type': 'application/json' };
    const id = await opened;
    const listed = await fetch(`${url}/v1/approvals?state=pending`, { headers: approver });
    expect(JSON.stringify(await listed.json())).toContain(id);
    const ok = await fetch(`${url}/v1/approvals/${id}/approve`, {
      method: 'POST',
      headers: approver,
      body: '{}',
    });
    expect(ok.status).toBe(200);
    await expect(pending).resolves.toBe('refunded 30');
  });
});
