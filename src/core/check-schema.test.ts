import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineColumn, parseCheck, parseJsonLocated } from './check-schema.js';
import { InputError } from './errors.js';

describe('parseCheck', () => {
  it('accepts a full check', () => {
    const c = {
      phase: 'action',
      action: 'file.read',
      resource: '/a',
      params: { x: [1, { y: null }] },
      content: [
        { text: 'hi', role: 'tool', provenance: { trust: 'untrusted', source: 'tool:web' } },
      ],
      principal: { id: 'a', type: 'agent', roles: ['r'], tenant: 't', attributes: { k: 1 } },
      session: 's',
      context: { env: 'dev' },
      provenance: { sensitive: true },
    };
    expect(parseCheck(c)).toEqual(c);
  });

  it('names the first bad field by path', () => {
    const bad = (v: unknown): string => {
      try {
        parseCheck(v);
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return `${(err as InputError).path} | ${(err as InputError).message}`;
      }
      return 'accepted';
    };
    expect(bad({ phase: 'action', action: 'a', principal: { id: 'x', roles: ['r', 3] } })).toMatch(
      /^principal\.roles\[1\] \| /,
    );
    expect(bad({ phase: 'later', action: 'a', principal: { id: 'x' } })).toMatch(/^phase \| /);
    expect(bad({ phase: 'action', action: 'a', principal: { id: 'x' }, extra: 1 })).toBe(
      'extra | extra: unknown field',
    );
    expect(bad({ phase: 'action', action: 'a' })).toMatch(/^principal \| /);
    expect(bad([])).toMatch(/^ \| /);
  });
});

describe('parseJsonLocated', () => {
  it('reports line and column of syntax errors', () => {
    const at = (text: string): string => {
      try {
        parseJsonLocated(text, 'c.json');
      } catch (err) {
        return (err as Error).message.split(' ')[0]!;
      }
      return 'ok';
    };
    expect(at('{"a": 1}')).toBe('ok');
    expect(at('{"a":\n  }')).toBe('c.json:2:3:');
    expect(at('{"a": 1,}')).toBe('c.json:1:9:');
    expect(at('[1, 2')).toBe('c.json:1:6:');
    expect(at('{"a": tru}')).toBe('c.json:1:7:');
    expect(at('"\\x"')).toBe('c.json:1:3:');
    expect(at('{} {}')).toBe('c.json:1:4:');
  });

  it('finds no error before the end of valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : 0);
        expect(jsonErrorOffset(text)).toBe(text.length);
      }),
    );
  });

  it('points inside the text for every invalid input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        if (!valid) expect(jsonErrorOffset(text)).toBeLessThanOrEqual(text.length);
      }),
    );
    expect(lineColumn('a\nbc', 3)).toEqual({ line: 2, column: 2 });
  });
});
