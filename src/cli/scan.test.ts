import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/src/cli/main.js');
const run = (args: string[], input?: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, 'scan', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('bulwark scan', () => {
  it('exits 0 and says so when nothing blocks', () => {
    const r = run(['-'], 'hello there, how are you?');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no findings');
  });

  it('lists findings (masked) and exits 1 when something blocks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-scan-'));
    const file = join(dir, 'in.txt');
    writeFileSync(file, 'mail bob@mailhost.net\nkey ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789');
    const r = run([file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/2:5 .*secret GITHUB_TOKEN 0\.95/);
    expect(r.stdout).not.toContain('aBcDeFgHiJkLm');
  });

  it('prints JSON and redacted text', () => {
    const r = run(['--json', '--redact', 'tag'], 'write to bob@mailhost.net today');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: unknown[]; blocked: boolean; redacted: string };
    expect(out.blocked).toBe(true);
    expect(out.redacted).toBe('write to [EMAIL] today');
    const h = run(['--redact', 'hash'], 'bob@mailhost.net', { BULWARK_REDACT_KEY: 'k' });
    expect(h.stdout).toMatch(/\[EMAIL:[0-9a-f]{12}\]/);
  });

  it('reports bad input with exit 2', () => {
    expect(run(['/nonexistent/file']).status).toBe(2);
    expect(run(['--redact', 'rot'], 'x').stderr).toContain('unknown style');
  });
});
