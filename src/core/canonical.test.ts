import canonicalizeReference from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, digest, sha256Hex } from './canonical.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], é: 2, Z: 0 })).toBe(
      '{"Z":0,"a":[true,null,"x"],"b":1,"é":2}',
    );
  });

  it('serialises numbers as ECMAScript does (RFC 8785 §3.2.2.3 samples)', () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.3333333])).toBe(
      '[1e+21,1e-7,0.000001,0,333333333.3333333]',
    );
  });

  it('is independent of key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(digest(reversed)).toBe(digest(obj));
      }),
    );
  });

  it('round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('agrees with the reference implementation (canonicalize) on well-formed JSON', () => {
    const wellFormed = fc.jsonValue().filter((v) => !/[\ud800-\udfff]/.test(JSON.stringify(v)));
    fc.assert(
      fc.property(wellFormed, (v) => {
        expect(canonicalJson(v)).toBe((canonicalizeReference as (x: unknown) => string)(v));
      }),
      { numRuns: 500 },
    );
  });

  it('gives hostile text a stable digest instead of throwing', () => {
    expect(canonicalJson({ t: 'a\ud800b' })).toBe('{"t":"a\\ud800b"}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    let deep: unknown = 0;
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/deeper/);
  });

  it('hashes with SHA-256', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
