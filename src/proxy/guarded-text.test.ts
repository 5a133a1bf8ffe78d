import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGuard } from '../guard.js';
import { createScanner } from '../scan/index.js';
import { createStreamScanner } from '../scan/stream.js';
import { settle } from '../sdk/enforce.js';
import { GuardedText } from './guarded-text.js';

const POLICY = `
name: t
version: 1
default: allow
rules:
  - id: redact
    effect: allow
    match: { phase: output }
    redact: [pii]
  - id: secrets
    effect: deny
    match: { phase: output, scan: { secret: 0.5 } }
`;
const scanner = createScanner();
const guard = createGuard({ policy: { text: POLICY }, scanner });

function guarded(): GuardedText {
  return new GuardedText(
    createStreamScanner({ scanner, holdBack: 48, minScore: 0, context: { phase: 'output' } }),
    async (text) => {
      const check = {
        phase: 'output' as const,
        action: 'llm.chat',
        principal: { id: 't' },
        content: text,
      };
      return settle(check, guard.check(check));
    },
  );
}

/** Splits `text` at the given cut points. */
function chunks(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of [...at, text.length]) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  return out.filter((c) => c !== '');
}

describe('GuardedText', () => {
  it('releases the same redacted text however the stream is chunked', async () => {
    const text = 'Hello, please write to jane.doe@example.com or bob@corp.example today. Thanks!';
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(200), { maxLength: 12 }), async (cuts) => {
        const g = guarded();
        let out = '';
        for (const c of chunks(text, cuts)) {
          const step = await g.push(c);
          expect(step.ok).toBe(true);
          if (step.ok) out += step.emit;
        }
        const last = await g.end();
        if (last.ok) out += last.emit;
        expect(out).toBe('Hello, please write to [EMAIL] or [EMAIL] today. Thanks!');
        expect(g.released).toBe(out);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses before any character of a secret is released', async () => {
    const secret = 'AKIAZ7Q3KDXW2PLMN4RT';
    const text = `Config follows. aws_access_key_id = ${secret} and that is all of it, really.`;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(200), { maxLength: 12 }), async (cuts) => {
        const g = guarded();
        let out = '';
        let refused = false;
        for (const c of chunks(text, cuts)) {
          const step = await g.push(c);
          if (!step.ok) {
            refused = true;
            break;
          }
          out += step.emit;
        }
        if (!refused) refused = !(await g.end()).ok;
        expect(refused).toBe(true);
        expect(out).not.toContain(secret.slice(0, 4));
      }),
      { numRuns: 40 },
    );
  });
});
