import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI as a child process. */
function bulwark(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Inputs, then every command started at once (each test awaits its own child process).
const bad = file(
  'bad.yaml',
  'name: x\nversion: 1\nrules:\n  - { id: a, effect: deny, when: "params.x +" }\n  - { id: b, effect: perhaps }\n',
);
file(
  'p.yaml',
  'name: p\nversion: 1\nrules:\n  - { id: a, effect: allow, match: { action: ok } }\n',
);
const tests = file(
  'p.test.yaml',
  'cases:\n  - { name: good, check: { phase: action, action: ok, principal: { id: u } }, expect: allow }\n  - { name: bad, check: { phase: action, action: no, principal: { id: u } }, expect: allow }\n',
);
const deny = file(
  'deny.json',
  JSON.stringify({
    phase: 'action',
    action: 'file.read',
    resource: '/home/u/.ssh/id_rsa',
    principal: { id: 'u' },
  }),
);
const esc = file(
  'esc.json',
  JSON.stringify({ phase: 'action', action: 'shell.run', principal: { id: 'u' } }),
);
const small = file(
  'small.json',
  JSON.stringify({
    phase: 'action',
    action: 'payment.create',
    principal: { id: 'b', roles: ['payments-agent'] },
    params: { amount: 20, currency: 'EUR' },
  }),
);
const syntax = file('syntax.json', '{"phase": "action",\n  "action": }');
const shape = file(
  'shape.json',
  JSON.stringify({ phase: 'action', action: 'a', principal: { id: 'u', roles: ['x', 1] } }),
);

const v1 = file(
  'mail-v1.yaml',
  'name: mail\nversion: 1\nrules:\n  - { id: send, effect: allow, match: { action: email.send } }\n',
);
const v2 = file(
  'mail-v2.yaml',
  'name: mail\nversion: 2\nrules:\n  - { id: internal, effect: allow, match: { action: email.send, params: { to: { glob: "*@example.com" } } } }\n',
);
const records = file(
  'mail.jsonl',
  [
    JSON.stringify({
      phase: 'action',
      action: 'email.send',
      principal: { id: 'a' },
      params: { to: 'b@example.com' },
    }),
    JSON.stringify({
      phase: 'action',
      action: 'email.send',
      principal: { id: 'a' },
      params: { to: 'x@other.org' },
    }),
  ].join('\n'),
);

const runs = {
  replay: bulwark('policy', 'replay', records, '--policy', v2, '--against', v1, '--fail-on-change'),
  lint: bulwark('policy', 'lint', 'policies/default.yaml', bad),
  testPass: bulwark('policy', 'test', 'policies/examples/email.yaml'),
  testFail: bulwark('policy', 'test', tests),
  deny: bulwark('check', deny),
  escalate: bulwark('check', esc, '--json'),
  allow: bulwark('check', small, '--policy', 'policies/examples/payments.yaml', '--json'),
  syntax: bulwark('check', syntax),
  shape: bulwark('check', shape, '--policy', 'policies/examples/email.yaml'),
};

describe('bulwark policy lint', () => {
  it('prints ok for valid files and file:line:col: path: message lines, exit 2, for bad ones', async () => {
    const r = await runs.lint;
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^policies\/default\.yaml: ok \(default@1\.0\.0, \d+ rules, [0-9a-f]{12}\)$/,
      ),
      `${bad}:4:45: rules[0].when: CEL: Unexpected token: EOF`,
      `${bad}:5:22: rules[1].effect: Invalid option: expected one of "allow"|"deny"|"escalate"`,
    ]);
  });
});

describe('bulwark policy test', () => {
  it('runs the cases next to a policy', async () => {
    const r = await runs.testPass;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS internal mail goes ahead$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it('accepts the test file itself and exits 1 on failures', async () => {
    const r = await runs.testFail;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'PASS good\nFAIL bad: expected allow, got deny (no rule matched: default deny)\n1 passed, 1 failed\n',
    );
  });
});

describe('bulwark policy replay', () => {
  it('lists the decisions a new policy version changes', async () => {
    const r = await runs.replay;
    expect(r.stdout).toBe(
      'records: 2\npolicy mail@2: allow 1, deny 1, escalate 0\nbaseline mail@1: allow 2, deny 0, escalate 0\n' +
        'changes: 1\n  line 2 email.send: allow -> deny (rules: none)\n',
    );
    expect(r.code).toBe(1);
  });
});

describe('bulwark check', () => {
  it('exits 1 on deny with the deciding reason first (default policy)', async () => {
    const r = await runs.deny;
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      'decision: deny',
      '  reason: credential and key files are off limits',
    ]);
  });

  it('exits 3 on escalate and prints the decision as JSON', async () => {
    const r = await runs.escalate;
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({
      decision: 'escalate',
      approval: { role: 'operator', count: 1 },
      policy: { name: 'default' },
    });
  });

  it('exits 0 on allow with --policy', async () => {
    const r = await runs.allow;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rules.map((x: { id: string }) => x.id)).toEqual(['small-payment']);
  });

  it('exits 2 with a located error on bad input', async () => {
    expect(await runs.syntax).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(new RegExp(`^${syntax}:2:13: invalid JSON`)),
    });
    expect(await runs.shape).toMatchObject({
      code: 2,
      stderr: `${shape}: principal.roles[1]: Invalid input: expected string, received number\n`,
    });
  });
});
