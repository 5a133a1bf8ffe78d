/** `bulwark check CHECK.json [--policy FILE] [--json]`: the decision for one check. Exit 0 allow, 1 deny, 3 escalate, 2 bad input. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { Decision } from '../core/decision.js';
import { exitCodeFor } from '../core/decision.js';
import { errorMessage, InputError, PolicyError } from '../core/errors.js';

/** Root of the installed package (the folder holding its package.json). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'policies'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** The packaged safe default policy. */
export function defaultPolicyPath(): string {
  return join(packageRoot(), 'policies', 'default.yaml');
}

function readInput(file: string): string {
  if (file === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(
      '',
      `${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? 'EIO'})`,
    );
  }
}

/** Human-readable decision. */
export function formatDecision(d: Decision): string {
  const lines = [`decision: ${d.decision}`];
  for (const r of d.reasons) lines.push(`  reason: ${r}`);
  if (d.rules.length > 0) lines.push(`  rules: ${d.rules.map((r) => r.id).join(', ')}`);
  if (d.shadow.length > 0)
    lines.push(`  shadow: ${d.shadow.map((r) => `${r.id} (${r.effect})`).join(', ')}`);
  if (d.approval) {
    lines.push(
      `  approval: ${d.approval.count} × ${d.approval.role}, expires in ${d.approval.expiresInMs / 1000}s`,
    );
  }
  for (const f of d.findings) lines.push(`  finding: ${f.category} ${f.detector} ${f.score}`);
  for (const r of d.redactions)
    lines.push(`  redact: ${r.location} [${r.span.start},${r.span.end}) → ${r.replacement}`);
  for (const f of d.failures ?? [])
    lines.push(`  failure: ${f.stage} (fail ${f.failMode}): ${f.error}`);
  lines.push(`  policy: ${d.policy.name}@${d.policy.version} ${d.policy.hash.slice(0, 12)}`);
  return lines.join('\n');
}

/** Adds `check` to the program. */
export function register(program: Command): void {
  program
    .command('check')
    .description('decide one check (JSON file, or - for stdin); exit 0 allow, 1 deny, 3 escalate')
    .argument('<file>', 'check JSON file, or - for stdin')
    .option('--policy <file>', 'policy file (default: the packaged policies/default.yaml)')
    .option('--json', 'print the decision as JSON')
    .action(async (file: string, opts: { policy?: string; json?: boolean }) => {
      let code: number;
      try {
        // Loaded on use so other commands start without the policy engine.
        const { parseCheck, parseJsonLocated } = await import('../core/check-schema.js');
        const { createGuard } = await import('../guard.js');
        const check = parseCheck(parseJsonLocated(readInput(file), file));
        const guard = createGuard({ policy: opts.policy ?? defaultPolicyPath() });
        const decision = guard.check(check);
        await guard.close();
        process.stdout.write(
          `${opts.json ? JSON.stringify(decision, null, 2) : formatDecision(decision)}\n`,
        );
        code = exitCodeFor(decision.decision);
      } catch (err) {
        if (err instanceof InputError) {
          const where = err.path && !err.message.startsWith(file) ? `${file}: ` : '';
          process.stderr.write(`${where}${err.message}\n`);
        } else if (err instanceof PolicyError) {
          process.stderr.write(`${err.message}\n`);
        } else {
          process.stderr.write(`error: ${errorMessage(err)}\n`);
        }
        code = 2;
      }
      process.exitCode = code;
    });
}
