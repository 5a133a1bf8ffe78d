/** `bulwark scan [FILE|-] [--json] [--redact [style]]`: findings for a text; exit 1 when any blocks. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { BLOCK_THRESHOLD, createScanner } from '../scan/index.js';
import type { RedactionStyle } from '../scan/redact.js';
import { redactText } from '../scan/redact.js';

function readInput(file: string | undefined): string {
  if (file === undefined || file === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(
      'FILE',
      `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function styleOf(value: string | boolean | undefined): RedactionStyle | undefined {
  if (value === undefined || value === false) return undefined;
  const name = value === true ? 'tag' : value;
  if (name === 'mask') return { style: 'mask' };
  if (name === 'tag') return { style: 'tag' };
  if (name === 'hash') {
    const key = process.env.BULWARK_REDACT_KEY;
    if (key === undefined || key === '') {
      throw new InputError('--redact', 'hash style needs the HMAC key in BULWARK_REDACT_KEY');
    }
    return { style: 'hash', key };
  }
  throw new InputError('--redact', `unknown style "${name}" (expected mask, tag or hash)`);
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `${line}:${offset - last}`;
}

function human(text: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const rows = findings.map((f) => {
    const where =
      f.span === undefined ? '-' : `${lineCol(text, f.span.start)} [${f.span.start},${f.span.end})`;
    const mark = f.score >= BLOCK_THRESHOLD ? '!' : ' ';
    const entity = f.entity === undefined ? '' : ` ${f.entity}`;
    return `${mark} ${where.padEnd(18)} ${f.category}${entity} ${f.score.toFixed(2)} ${f.detector}  ${f.evidence ?? ''}`;
  });
  const blocking = findings.filter((f) => f.score >= BLOCK_THRESHOLD).length;
  return `${rows.join('\n')}\n${findings.length} finding(s), ${blocking} at or above ${BLOCK_THRESHOLD}`;
}

/** Register the `scan` command. */
export function register(program: Command): void {
  program
    .command('scan')
    .description(
      'scan text (a file or stdin) for injection, secrets, PII, exfiltration, unsafe code',
    )
    .argument('[file]', 'file to scan, or - for stdin (default stdin)')
    .option('--json', 'print findings as JSON')
    .option(
      '--redact [style]',
      'print the text redacted: mask, tag (default) or hash (key in BULWARK_REDACT_KEY)',
    )
    .action((file: string | undefined, opts: { json?: boolean; redact?: string | boolean }) => {
      try {
        const style = styleOf(opts.redact);
        const text = readInput(file);
        const findings = createScanner().scanText(text, { location: 'content' });
        const blocking = findings.some((f) => f.score >= BLOCK_THRESHOLD);
        const redacted =
          style === undefined
            ? undefined
            : redactText(
                text,
                findings.filter((f) => f.score >= BLOCK_THRESHOLD),
                style,
              ).text;
        if (opts.json === true) {
          const out = {
            findings,
            blocked: blocking,
            threshold: BLOCK_THRESHOLD,
            ...(redacted !== undefined ? { redacted } : {}),
          };
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        } else {
          process.stdout.write(`${human(text, findings)}\n`);
          if (redacted !== undefined)
            process.stdout.write(`\n${redacted}${redacted.endsWith('\n') ? '' : '\n'}`);
        }
        process.exitCode = blocking ? 1 : 0;
      } catch (err) {
        process.stderr.write(`bulwark scan: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 2;
      }
    });
}
