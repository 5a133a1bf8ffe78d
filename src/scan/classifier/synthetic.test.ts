import { describe, expect, it } from 'vitest';
import { SYNTHETIC_SOURCE, syntheticNegatives } from './synthetic.js';

describe('syntheticNegatives', () => {
  it('is deterministic, benign, unique and capped per template', () => {
    const a = syntheticNegatives(6);
    expect(a).toEqual(syntheticNegatives(6));
    expect(new Set(a.map((r) => r.id)).size).toBe(a.length);
    expect(a.every((r) => r.label === 'benign' && r.source === SYNTHETIC_SOURCE)).toBe(true);
    expect(a.length).toBeLessThan(syntheticNegatives(12).length);
    // Every slot is filled (code snippets keep their literal braces).
    expect(a.some((r) => /\{\w+\}/.test(r.text))).toBe(false);
  });
});
