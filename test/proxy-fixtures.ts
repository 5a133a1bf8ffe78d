/** Shared set-up for the proxy integration tests: a real guard, scanner, approvals and upstream. */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type FakeUpstream, startFakeUpstream } from '../bench/fake-upstream.js';
import { type ApprovalService, createApprovalService } from '../src/approvals/index.js';
import { createGuard, type Guard } from '../src/guard.js';
import { type RunningProxy, startProxy } from '../src/proxy/index.js';
import { createScanner } from '../src/scan/index.js';
import { createStreamScanner } from '../src/scan/stream.js';
import { serviceApprovalGate } from '../src/sdk/approvals.js';
import { createSqliteApprovalStore } from '../src/store/sqlite/approvals.js';

/** The policy the proxy tests run under. */
export const PROXY_POLICY = `
name: proxy-test
version: 1
default: allow
rules:
  - id: no-repo-delete
    effect: deny
    match: { phase: action, action: tool.delete_repo }
    reason: deleting repositories is not allowed
  - id: refund-needs-approval
    effect: escalate
    match: { phase: action, action: tool.refund }
    reason: refunds need a human
    approvers: { role: approver, count: 1 }
    expires: 1m
  - id: no-injection-in
    effect: deny
    match: { phase: input, scan: { prompt_injection: 0.8 } }
    reason: prompt injection in the request
  - id: no-secrets-out
    effect: deny
    match: { phase: [output, action], scan: { secret: 0.5 } }
    reason: secret in the model output
  - id: redact-pii
    effect: allow
    match: { phase: [input, output, action, tool_result] }
    redact: [pii]
`;

/** A proxy in front of a fake upstream, with an in-process approval service. */
export interface ProxyRig {
  readonly upstream: FakeUpstream;
  readonly proxy: RunningProxy;
  readonly guard: Guard;
  readonly approvals: ApprovalService;
  /** Resolves with the id of the next approval request opened. */
  nextRequest(): Promise<string>;
  close(): Promise<void>;
}

/** Starts the rig (everything on 127.0.0.1). */
export async function startRig(opts: { waitForApprovalMs?: number } = {}): Promise<ProxyRig> {
  const upstream = await startFakeUpstream();
  const scanner = createScanner();
  const guard = createGuard({ policy: { text: PROXY_POLICY }, scanner });
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-proxy-'));
  const db = new Database(join(dir, 'approvals.db'));
  const opened = new EventEmitter();
  const approvals = createApprovalService({
    store: createSqliteApprovalStore(db),
    clock: { now: () => Date.now() },
    notifier: (n) => {
      if (n.event === 'approval.requested') opened.emit('opened', n.request.id);
    },
  });
  const proxy = await startProxy({
    upstream: upstream.url,
    guard,
    streamScanner: () =>
      createStreamScanner({
        scanner,
        holdBack: 64,
        minScore: 0,
        context: { phase: 'output', role: 'assistant' },
      }),
    approvals: serviceApprovalGate(approvals),
    waitForApprovalMs: opts.waitForApprovalMs ?? 10_000,
  });
  return {
    upstream,
    proxy,
    guard,
    approvals,
    nextRequest: () => new Promise<string>((resolve) => opened.once('opened', resolve)),
    async close() {
      await proxy.close();
      await upstream.close();
      await approvals.close();
      db.close();
    },
  };
}

/** An approver, as the approval service expects one. */
export const APPROVER = { id: 'alice', roles: ['approver'], type: 'human', tenant: 'default' };
