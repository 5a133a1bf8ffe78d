import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatPath, openApiDocument, route } from './route.js';

describe('formatPath', () => {
  it('writes dotted keys and bracketed indexes', () => {
    expect(formatPath(['content', 1, 'role'])).toBe('content[1].role');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('');
  });

  it('round-trips any path of identifiers and indexes', () => {
    const seg = fc.oneof(fc.nat(1000), fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/));
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 8 }), (path) => {
        const text = formatPath(path);
        const back: Array<string | number> = [];
        for (const m of text.matchAll(/\[(\d+)\]|\.?([a-z_][a-z0-9_]*)/g)) {
          back.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
        }
        expect(back).toEqual(path);
      }),
    );
  });
});

describe('openApiDocument', () => {
  it('turns the route table into OpenAPI 3.1 paths, parameters and bodies', () => {
    const doc = openApiDocument(
      [
        route({
          method: 'POST',
          path: '/v1/things/:id/poke',
          operationId: 'poke',
          summary: 'Poke a thing.',
          tag: 'things',
          permission: 'check',
          params: z.object({ id: z.string() }),
          query: z.object({ hard: z.coerce.boolean().optional().describe('Poke hard.') }),
          body: z.object({ times: z.number().int().min(1) }),
          responses: { 200: { description: 'Poked', schema: z.object({ ok: z.boolean() }) } },
          async handler() {
            return { ok: true };
          },
        }),
      ],
      { title: 't', version: '0', description: 'd' },
    );
    expect(doc.openapi).toBe('3.1.0');
    const op = (doc.paths as Record<string, Record<string, Record<string, unknown>>>)[
      '/v1/things/{id}/poke'
    ]!.post!;
    expect(op.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'hard',
        in: 'query',
        required: false,
        schema: { type: 'boolean' },
        description: 'Poke hard.',
      },
    ]);
    expect(op.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { type: 'object', required: ['times'] } } },
    });
    expect(op['x-bulwark-permission']).toBe('check');
    expect(JSON.stringify(doc)).not.toContain('$schema');
  });
});
