import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../core/errors.js';
import { compilePolicy, loadPolicyFile } from './compile.js';
import { policyJsonSchema } from './schema.js';

const root = join(import.meta.dirname, '..', '..');

function issues(text: string): string[] {
  try {
    compilePolicy(text, 'p.yaml');
  } catch (err) {
    if (err instanceof PolicyError)
      return err.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error('compiled without errors');
}

describe('compilePolicy', () => {
  it('compiles a policy and exposes name, version, hash, defaults', () => {
    const p = compilePolicy('name: a\nversion: 3\nrules:\n  - { id: r1, effect: allow }\n');
    expect(p).toMatchObject({
      name: 'a',
      version: '3',
      defaultEffect: 'deny',
      failMode: 'closed',
      mode: 'enforce',
    });
    expect(p.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(p.ref).toEqual({ name: 'a', version: '3', hash: p.hash });
    expect(p.rules.map((r) => r.id)).toEqual(['r1']);
  });

  it('hashes the parsed document: comments and formatting do not change the hash', () => {
    const a = compilePolicy('name: a\nversion: 1\nrules: [{ id: r, effect: deny }]\n');
    const b = compilePolicy('# c\nversion: 1\nname: "a"\nrules:\n  - effect: deny\n    id: r\n');
    const c = compilePolicy('name: a\nversion: 1\nrules: [{ id: r, effect: allow }]\n');
    expect(a.hash).toBe(b.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('locates YAML syntax errors', () => {
    expect(issues('name: a\nrules: [\n')[0]).toMatch(/^\d+:\d+ : YAML: /);
  });

  it('reports every schema problem with line, column and path', () => {
    const text = [
      'name: a', //
      'version: 1',
      'rules:',
      '  - id: r1',
      '    effect: alow',
      '    match: { action: "x", bogus: 1 }',
      '  - id: r2',
      '    effect: deny',
      '    mode: loud',
    ].join('\n');
    expect(issues(text)).toEqual([
      '5:13 rules[0].effect: Invalid option: expected one of "allow"|"deny"|"escalate"',
      "6:27 rules[0].match.bogus: unknown field 'bogus'",
      '9:11 rules[1].mode: Invalid option: expected one of "enforce"|"shadow"',
    ]);
  });

  it('names missing required fields', () => {
    expect(issues('version: 1\nrules: []\n')).toEqual([
      '1:1 name: required: Invalid input: expected string, received undefined',
    ]);
  });

  it('locates CEL errors inside the expression, in quoted and block scalars', () => {
    const quoted = issues(
      'name: a\nversion: 1\nrules:\n  - id: r\n    effect: deny\n    when: \'params.x + 1 == "a"\'\n',
    );
    expect(quoted[0]).toMatch(/^6:12 rules\[0\]\.when: CEL: /);
    const block = issues(
      'name: a\nversion: 1\nrules:\n  - id: r\n    effect: deny\n    when: |\n      params.a == 1 &&\n        params.b.matches("x")\n',
    );
    expect(block).toEqual([
      '8:9 rules[0].when: `matches` uses a backtracking regex engine; use `safeMatches` (RE2, linear time)',
    ]);
  });

  it('rejects non-bool conditions, bad globs, duplicate ids, bad time zones and misplaced approvers', () => {
    const text = [
      'name: a',
      'version: 1',
      'timezone: Mars/Olympus',
      'rules:',
      '  - { id: r, effect: deny, when: "params.x" }',
      '  - { id: s, effect: deny, when: "1 + 2" }',
      '  - { id: s, effect: deny, match: { action: "a{b" } }',
      '  - { id: t, effect: allow, approvers: { role: x } }',
    ].join('\n');
    const got = issues(text);
    expect(got).toContainEqual(
      "3:11 timezone: unknown time zone 'Mars/Olympus' (expected an IANA name)",
    );
    expect(got.some((i) => i.startsWith('6:') && i.includes('must be a bool'))).toBe(true);
    expect(got.some((i) => i.startsWith('7:') && i.includes("duplicate rule id 's'"))).toBe(true);
    expect(got.some((i) => i.startsWith('7:') && i.includes('bad glob'))).toBe(true);
    expect(got.some((i) => i.startsWith('8:') && i.includes('only escalate rules'))).toBe(true);
    // `params.x` is dyn: allowed at compile time, checked to be a bool at evaluation.
    expect(got.some((i) => i.startsWith('5:'))).toBe(false);
  });

  it('reports semantic problems of well-formed rules alongside schema problems', () => {
    const got = issues(
      'name: a\nversion: 1\nrules:\n  - { id: r, effect: nope }\n  - { id: s, effect: deny, when: "params.x +" }\n',
    );
    expect(got.map((i) => i.split(' ')[0])).toEqual(['4:22', '5:45']);
  });

  it('loads files and names unreadable ones', () => {
    expect(loadPolicyFile(join(root, 'policies', 'default.yaml')).name).toBe('default');
    expect(() => loadPolicyFile('/nonexistent/p.yaml')).toThrow(
      /p\.yaml:1:1: cannot read file \(ENOENT\)/,
    );
  });

  it('compiles every shipped policy', () => {
    const dir = join(root, 'policies', 'examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.includes('.test.'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(loadPolicyFile(join(dir, f)).rules.length).toBeGreaterThan(0);
  });
});

describe('policyJsonSchema', () => {
  it('is committed unchanged as docs/policy.schema.json', () => {
    // Regenerate with: node dist/src/cli/main.js policy schema > docs/policy.schema.json
    const committed = JSON.parse(readFileSync(join(root, 'docs', 'policy.schema.json'), 'utf8'));
    expect(committed).toEqual(policyJsonSchema);
  });
});
