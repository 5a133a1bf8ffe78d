import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApprovalService } from '../approvals/index.js';
import { DeniedError } from '../core/errors.js';
import { createGuard } from '../guard.js';
import { createScanner } from '../scan/index.js';
import { createSqliteApprovalStore } from '../store/sqlite/approvals.js';
import { serviceApprovalGate } from './approvals.js';
import { ApprovalDeniedError, ApprovalExpiredError, ApprovalUnavailableError } from './errors.js';
import { replaceLeaves, stringLeaves, wrap } from './wrap.js';

const POLICY = `
name: wrap-test
version: 1
default: allow
rules:
  - id: no-rm
    effect: deny
    match: { phase: action, action: file.delete, params: { path: { glob: "/etc/**" } } }
    reason: system files are off limits
  - id: refunds
    effect: escalate
    match: { phase: action, action: payments.refund }
    reason: refunds need a human
    approvers: { role: approver }
    expires: 1m
  - id: redact-results
    effect: allow
    match: { phase: tool_result }
    redact: [pii]
  - id: no-secrets-back
    effect: deny
    match: { phase: tool_result, scan: { secret: 0.5 } }
    reason: a tool returned a secret
`;

const guard = createGuard({ policy: { text: POLICY }, scanner: createScanner() });
const db = new Database(join(mkdtempSync(join(tmpdir(), 'bulwark-wrap-')), 'a.db'));
const opened = new EventEmitter();
const service = createApprovalService({
  store: createSqliteApprovalStore(db),
  clock: { now: () => Date.now() },
  notifier: (n) => {
    if (n.event === 'approval.requested') opened.emit('opened', n.request.id);
  },
});
const approvals = serviceApprovalGate(service);
const nextRequest = () => new Promise<string>((resolve) => opened.once('opened', resolve));
const approver = { id: 'bob', roles: ['approver'], type: 'human', tenant: 'default' };

afterAll(async () => {
  await service.close();
  db.close();
});

describe('wrap', () => {
  it('calls an allowed tool and returns its result', async () => {
    const del = wrap(guard, async ({ path }: { path: string }) => `deleted ${path}`, {
      action: 'file.delete',
    });
    await expect(del({ path: '/tmp/x' })).resolves.toBe('deleted /tmp/x');
  });

  it('throws DeniedError with the reasons and never calls a denied tool', async () => {
    let called = false;
    const del = wrap(
      guard,
      async (_: { path: string }) => {
        called = true;
      },
      { action: 'file.delete' },
    );
    const err = await del({ path: '/etc/passwd' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeniedError);
    expect((err as DeniedError).reasons.join()).toContain('system files are off limits');
    expect(called).toBe(false);
  });

  it('redacts PII in a result, keeping its shape', async () => {
    const lookup = wrap(
      guard,
      async (_: { id: string }) => ({ name: 'Jane', email: 'jane.doe@example.com', n: 3 }),
      { action: 'crm.lookup' },
    );
    await expect(lookup({ id: '1' })).resolves.toEqual({ name: 'Jane', email: '[EMAIL]', n: 3 });
  });

  it('waits for approval on escalate and runs once approved', async () => {
    const refund = wrap(guard, async ({ amount }: { amount: number }) => `refunded ${amount}`, {
      action: 'payments.refund',
      approvals,
    });
    const id = nextRequest();
    const pending = refund({ amount: 25 });
    await service.approve(await id, approver);
    await expect(pending).resolves.toBe('refunded 25');
  });

  it('throws ApprovalDeniedError when an approver denies', async () => {
    const refund = wrap(guard, async (_: { amount: number }) => 'never', {
      action: 'payments.refund',
      approvals,
    });
    const id = nextRequest();
    const pending = refund({ amount: 26 }).catch((e: unknown) => e);
    await service.deny(await id, approver, 'no');
    expect(await pending).toBeInstanceOf(ApprovalDeniedError);
  });

  it('throws ApprovalExpiredError when the wait runs out', async () => {
    const refund = wrap(guard, async (_: { amount: number }) => 'never', {
      action: 'payments.refund',
      approvals,
      waitForApprovalMs: 30,
    });
    const err = await refund({ amount: 27 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApprovalExpiredError);
    expect((err as ApprovalExpiredError).reason).toBe('timeout');
  });

  it('refuses an escalation when no approval service is configured', async () => {
    const refund = wrap(guard, async (_: { amount: number }) => 'never', {
      action: 'payments.refund',
    });
    await expect(refund({ amount: 1 })).rejects.toBeInstanceOf(ApprovalUnavailableError);
  });
});

describe('string leaves', () => {
  it('replaceLeaves(v, stringLeaves(v)) is the identity on JSON values', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(replaceLeaves(v, stringLeaves(v))).toEqual(v);
      }),
    );
  });
});
