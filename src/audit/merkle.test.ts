import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assembleProof,
  consistencyPlan,
  EMPTY_ROOT,
  Frontier,
  inclusionPlan,
  leafHash,
  type NodeId,
  rangeNodes,
  rootFromNodes,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

// Naive reference: the recursive definitions of RFC 9162 §2.1.1, 2.1.3.1, 2.1.4.1, written from scratch.
const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const k2 = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.from([0]), d[0]!);
  const k = k2(d.length);
  return sha(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
}
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length === 1) return [];
  const k = k2(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [mth(d)];
  const k = k2(n);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const data = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.from(`leaf-${i}`));

/** Perfect-subtree lookup over an in-memory leaf list. */
const lookupOver =
  (leaves: Buffer[]) =>
  (node: NodeId): Buffer =>
    rootOf(leaves.slice(node.index * 2 ** node.level, (node.index + 1) * 2 ** node.level));

// RFC 6962 / certificate-transparency test inputs and the roots of their prefixes.
const CT_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('known answers', () => {
  it('empty tree hash is SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(Frontier.empty().root()).toEqual(EMPTY_ROOT);
  });

  it('roots of every prefix of the CT test inputs', () => {
    const f = Frontier.empty();
    CT_INPUTS.forEach((input, i) => {
      f.append(leafHash(input));
      expect(f.root().toString('hex')).toBe(CT_ROOTS[i]);
    });
  });

  it('CT inclusion proof of leaf 0 in the 8-leaf tree', () => {
    const leaves = CT_INPUTS.map(leafHash);
    const proof = assembleProof(inclusionPlan(0, 8), lookupOver(leaves));
    expect(proof.map((h) => h.toString('hex'))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(verifyInclusion(0, 8, leaves[0]!, proof, Buffer.from(CT_ROOTS[7]!, 'hex'))).toBe(true);
  });
});

describe('against the naive recursive reference', () => {
  it('root, inclusion and consistency for random sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), (n, a, b) => {
        const d = data(n);
        const leaves = d.map(leafHash);
        const lookup = lookupOver(leaves);
        const root = mth(d);
        const f = Frontier.empty();
        for (const h of leaves) f.append(h);
        expect(f.root()).toEqual(root);
        expect(rootFromNodes(n, lookup)).toEqual(root);

        const m = a % n;
        const proof = assembleProof(inclusionPlan(m, n), lookup);
        expect(proof).toEqual(path(m, d));
        expect(verifyInclusion(m, n, leaves[m]!, proof, root)).toBe(true);

        const first = (b % n) + 1;
        const cproof = assembleProof(consistencyPlan(first, n), lookup);
        const firstRoot = mth(d.slice(0, first));
        expect(cproof).toEqual(first === n ? [] : subproof(first, d, true));
        expect(verifyConsistency(first, n, firstRoot, root, cproof)).toBe(true);
      }),
      { numRuns: 120 },
    );
  });

  it('frontier emits exactly the perfect subtrees, and decode(encode) round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), (n) => {
        const leaves = data(n).map(leafHash);
        const lookup = lookupOver(leaves);
        const f = Frontier.empty();
        let emitted = 0;
        for (const h of leaves) {
          f.append(h, (node) => {
            emitted++;
            expect(node.hash).toEqual(lookup(node));
          });
        }
        // A tree of n leaves has n − popcount(n) completed interior perfect subtrees.
        expect(emitted).toBe(n - f.hashes.length);
        const g = Frontier.decode(n, f.encode());
        expect(g.root()).toEqual(f.root());
        expect(f.nodes().map(lookup)).toEqual([...f.hashes]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('stitching aligned chunks', () => {
  it("frontier + a chunk's own subtree roots = the frontier of the whole prefix", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 200 }), (lv, n) => {
        const leaves = data(n).map(leafHash);
        const width = 2 ** lv;
        const stitched = Frontier.empty();
        for (let a = 0; a < n; a += width) {
          const chunk = Frontier.empty();
          for (const h of leaves.slice(a, a + width)) chunk.append(h);
          const levels = rangeNodes(a, a + chunk.size).map((x) => x.level);
          chunk.hashes.forEach((h, j) => {
            stitched.appendSubtree(h, levels[j]!);
          });
        }
        expect(stitched.size).toBe(n);
        expect(stitched.root()).toEqual(rootOf(leaves));
      }),
      { numRuns: 60 },
    );
    expect(() => Frontier.from(1, [EMPTY_ROOT]).appendSubtree(EMPTY_ROOT, 1)).toThrow(
      /cannot append/,
    );
  });
});

describe('verifiers reject what they must', () => {
  it('any altered proof hash, leaf, index or size fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.nat(), fc.nat(), (n, a, which) => {
        const leaves = data(n).map(leafHash);
        const lookup = lookupOver(leaves);
        const root = rootOf(leaves);
        const m = a % n;
        const proof = assembleProof(inclusionPlan(m, n), lookup);
        expect(verifyInclusion(m, n, leaves[(m + 1) % n]!, proof, root)).toBe(false);
        expect(verifyInclusion(n, n, leaves[m]!, proof, root)).toBe(false);
        if (proof.length > 0) {
          const bad = proof.map((h) => Buffer.from(h));
          bad[which % bad.length]![0]! ^= 1;
          expect(verifyInclusion(m, n, leaves[m]!, bad, root)).toBe(false);
          expect(verifyInclusion(m, n, leaves[m]!, proof.slice(1), root)).toBe(false);
        }
        const first = (a % (n - 1)) + 1;
        const cproof = assembleProof(consistencyPlan(first, n), lookup);
        const firstRoot = rootOf(leaves.slice(0, first));
        const bad = cproof.map((h) => Buffer.from(h));
        bad[which % bad.length]![31]! ^= 0x80;
        expect(verifyConsistency(first, n, firstRoot, root, bad)).toBe(false);
        expect(verifyConsistency(first, n, root, root, cproof)).toBe(false);
        expect(verifyConsistency(first, n, firstRoot, firstRoot, cproof)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('trivial consistency cases', () => {
    const r = rootOf(data(5).map(leafHash));
    expect(verifyConsistency(0, 5, EMPTY_ROOT, r, [])).toBe(true);
    expect(verifyConsistency(5, 5, r, r, [])).toBe(true);
    expect(verifyConsistency(5, 5, r, EMPTY_ROOT, [])).toBe(false);
    expect(verifyConsistency(6, 5, r, r, [])).toBe(false);
    expect(() => Frontier.from(3, [EMPTY_ROOT])).toThrow(/needs 2 hashes/);
  });
});
