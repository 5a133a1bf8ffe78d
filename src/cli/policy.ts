/** `bulwark policy lint|test`: check policies for errors and run their test cases. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { errorMessage, InputError, PolicyError } from '../core/errors.js';
import type { PolicyTestSuite } from '../policy/test.js';

// The policy engine is loaded on use so other commands start without it.
const engine = async () => ({
  ...(await import('../policy/compile.js')),
  ...(await import('../policy/schema.js')),
  ...(await import('../policy/test.js')),
  ...(await import('../policy/replay.js')),
});

function isTestFile(file: string): boolean {
  return /\.tests?\.ya?ml$/.test(file);
}

/** The policy a test file belongs to: its `policy` field, else `x.yaml` for `x.test.yaml`. */
function policyForTests(suite: PolicyTestSuite): string {
  if (suite.policyFile) return suite.policyFile;
  const name = basename(suite.file).replace(/\.tests?\.(ya?ml)$/, '.$1');
  const candidate = join(dirname(suite.file), name);
  if (!existsSync(candidate)) {
    throw new PolicyError([
      {
        file: suite.file,
        line: 1,
        column: 1,
        path: 'policy',
        message: `no policy named; ${candidate} not found`,
      },
    ]);
  }
  return candidate;
}

function report(err: unknown): number {
  if (err instanceof PolicyError || err instanceof InputError)
    process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`error: ${errorMessage(err)}\n`);
  return 2;
}

/** Adds `policy lint` and `policy test` to the program. */
export function register(program: Command): void {
  const policy = program
    .command('policy')
    .description('work with policies: lint, test, replay, schema');

  policy
    .command('lint')
    .description('validate policy files; exit 2 with file:line:col: path: message lines on errors')
    .argument('<files...>', 'policy files (YAML or JSON)')
    .action(async (files: string[]) => {
      const { loadPolicyFile } = await engine();
      let code = 0;
      for (const file of files) {
        try {
          const p = loadPolicyFile(file);
          process.stdout.write(
            `${file}: ok (${p.name}@${p.version}, ${p.rules.length} rules, ${p.hash.slice(0, 12)})\n`,
          );
        } catch (err) {
          if (err instanceof PolicyError) process.stdout.write(`${err.message}\n`);
          else process.stdout.write(`${file}: ${errorMessage(err)}\n`);
          code = 2;
        }
      }
      process.exitCode = code;
    });

  policy
    .command('schema')
    .description('print the JSON Schema of policy documents (docs/policy.schema.json)')
    .action(async () => {
      const { policyJsonSchema } = await engine();
      process.stdout.write(`${JSON.stringify(policyJsonSchema, null, 2)}\n`);
    });

  policy
    .command('replay')
    .description(
      'decide recorded checks (JSONL) under a policy, optionally against a baseline policy; lists changed decisions',
    )
    .argument('<records>', 'JSONL: a Check per line, or { check, findings?, session?, now? }')
    .option('--policy <file>', 'policy to try (default: the packaged policies/default.yaml)')
    .option('--against <file>', 'baseline policy to compare with')
    .option('--json', 'print the report as JSON')
    .option('--fail-on-change', 'exit 1 when any decision differs from the baseline')
    .action(
      async (
        records: string,
        opts: { policy?: string; against?: string; json?: boolean; failOnChange?: boolean },
      ) => {
        const { loadPolicyFile, parseReplayRecords, replay } = await engine();
        const { defaultPolicyPath } = await import('./check.js');
        try {
          let text: string;
          try {
            text = readFileSync(records, 'utf8');
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
            throw new InputError('', `${records}: cannot read file (${code})`);
          }
          const tried = loadPolicyFile(opts.policy ?? defaultPolicyPath());
          const baseline = opts.against ? loadPolicyFile(opts.against) : undefined;
          const result = replay(parseReplayRecords(text, records, Date.now()), tried, baseline);
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          } else {
            const counts = (c: Record<string, number>) =>
              `allow ${c.allow}, deny ${c.deny}, escalate ${c.escalate}`;
            const lines = [`records: ${result.records}`];
            lines.push(`policy ${tried.name}@${tried.version}: ${counts(result.after)}`);
            if (baseline && result.before) {
              lines.push(`baseline ${baseline.name}@${baseline.version}: ${counts(result.before)}`);
              lines.push(`changes: ${result.changes.length}`);
              for (const c of result.changes) {
                lines.push(
                  `  line ${c.line} ${c.action}: ${c.before} -> ${c.after} (rules: ${c.rulesAfter.join(', ') || 'none'})`,
                );
              }
            }
            process.stdout.write(`${lines.join('\n')}\n`);
          }
          process.exitCode = opts.failOnChange && result.changes.length > 0 ? 1 : 0;
        } catch (err) {
          process.exitCode = report(err);
        }
      },
    );

  policy
    .command('test')
    .description('run the test cases next to a policy (x.test.yaml for x.yaml); exit 1 on failures')
    .argument('<file>', 'a policy file, or a test file')
    .action(async (file: string) => {
      const { findPolicyTests, loadPolicyFile, loadPolicyTests, runPolicyTests } = await engine();
      try {
        let suite: PolicyTestSuite;
        let policyFile: string;
        if (isTestFile(file)) {
          suite = loadPolicyTests(file);
          policyFile = policyForTests(suite);
        } else {
          const testFile = findPolicyTests(file);
          if (!testFile) {
            throw new PolicyError([
              {
                file,
                line: 1,
                column: 1,
                path: '',
                message: 'no test file found next to the policy (expected NAME.test.yaml)',
              },
            ]);
          }
          suite = loadPolicyTests(testFile);
          policyFile = file;
        }
        const compiled = loadPolicyFile(policyFile);
        const results = runPolicyTests(compiled, suite);
        let passed = 0;
        for (const r of results) {
          if (r.passed) passed++;
          process.stdout.write(r.passed ? `PASS ${r.name}\n` : `FAIL ${r.name}: ${r.message}\n`);
        }
        const failed = results.length - passed;
        process.stdout.write(`${passed} passed, ${failed} failed\n`);
        process.exitCode = failed > 0 ? 1 : 0;
      } catch (err) {
        process.exitCode = report(err);
      }
    });
}
