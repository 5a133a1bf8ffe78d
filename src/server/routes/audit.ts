/**
 * /v1/audit: receipts by index or range, inclusion and consistency proofs, the latest signed
 * checkpoint and the checkpoint public key. Receipts of other tenants are never returned; tree
 * hashes, roots and checkpoints are shared by all tenants and reveal no receipt content.
 */
import { z } from 'zod';
import type { AuditLog } from '../../audit/log.js';
import { MerkleError } from '../../audit/merkle.js';
import { consistencyProof, inclusionProof } from '../../audit/proof.js';
import type { AuditStore, StoredEntry } from '../../store/audit.js';
import type { Caller } from '../auth.js';
import { HttpError } from '../errors.js';
import { route } from '../route.js';
import { ErrorSchema } from '../schemas.js';

/** Largest range one receipts request reads. */
export const MAX_RANGE = 1000;

const ReceiptSchema = z.object({
  index: z.number().int(),
  leafHash: z.string().describe('Hex RFC 9162 leaf hash: SHA-256(0x00 || data).'),
  data: z.string().describe('The leaf data exactly as hashed: canonical JSON (RFC 8785).'),
  receipt: z.record(z.string(), z.unknown()).describe('`data`, parsed.'),
});
const CheckpointSchema = z.object({
  origin: z.string(),
  size: z.number().int(),
  root: z.string().describe('Hex root hash of the tree of `size` entries.'),
  note: z.string().describe('C2SP signed note (tlog-checkpoint), verifiable with the public key.'),
});
const InclusionSchema = z.object({
  index: z.number().int(),
  size: z.number().int(),
  leafHash: z.string(),
  root: z.string(),
  proof: z.array(z.string()),
  checkpoint: CheckpointSchema.optional().describe('Signed checkpoint of `size`, when one exists.'),
});
const ConsistencySchema = z.object({
  first: z.number().int(),
  second: z.number().int(),
  firstRoot: z.string(),
  secondRoot: z.string(),
  proof: z.array(z.string()),
});
const index = z.coerce.number().int().min(0);

/** Tenant a stored receipt belongs to, if any (decision receipts: the principal's). */
export function receiptTenant(receipt: Record<string, unknown>): string | undefined {
  const principal = receipt.principal as { tenant?: unknown } | undefined;
  const t = principal?.tenant ?? receipt.tenant;
  return typeof t === 'string' ? t : undefined;
}

function view(entry: StoredEntry): z.infer<typeof ReceiptSchema> {
  return {
    index: entry.index,
    leafHash: entry.leafHash.toString('hex'),
    data: entry.data,
    receipt: JSON.parse(entry.data) as Record<string, unknown>,
  };
}

// Receipts without a tenant are system events, readable by every auditor.
const visibleTo = (caller: Caller, r: Record<string, unknown>) => {
  const t = receiptTenant(r);
  return t === undefined || t === caller.tenant;
};

/** The audit routes over the server's log and its store. */
export function auditRoutes(log: AuditLog, store: AuditStore) {
  const entry = async (caller: Caller, i: number) => {
    const [e] = await store.readEntries(i, 1);
    if (!e || e.index !== i) throw new HttpError(404, 'not_found', `no receipt ${i}`);
    const v = view(e);
    if (!visibleTo(caller, v.receipt)) throw new HttpError(404, 'not_found', `no receipt ${i}`);
    return v;
  };
  const checkpointView = () => {
    const cp = log.latestCheckpoint();
    return cp
      ? { origin: cp.origin, size: cp.size, root: cp.root.toString('hex'), note: cp.note }
      : undefined;
  };
  const proofError = (err: unknown): never => {
    if (err instanceof MerkleError) throw new HttpError(400, 'invalid_request', err.message);
    throw err;
  };

  return [
    route({
      method: 'GET',
      path: '/v1/audit/receipts',
      operationId: 'listReceipts',
      summary: `Receipts with from ≤ index < to (at most ${MAX_RANGE}), the caller's tenant only.`,
      tag: 'audit',
      permission: 'audit:read',
      query: z.object({
        from: index.default(0),
        to: index.optional().describe(`Exclusive end (default from + ${MAX_RANGE}).`),
      }),
      responses: {
        200: {
          description: 'Receipts of the tenant in the range, and the log size',
          schema: z.object({ size: z.number().int(), receipts: z.array(ReceiptSchema) }),
        },
      },
      async handler({ caller, query }) {
        const to = Math.min(query.to ?? query.from + MAX_RANGE, query.from + MAX_RANGE);
        const [head, entries] = await Promise.all([
          store.head(),
          to > query.from ? store.readEntries(query.from, to - query.from) : Promise.resolve([]),
        ]);
        const receipts = entries
          .filter((e) => e.index < to)
          .map(view)
          .filter((v) => visibleTo(caller, v.receipt));
        return { size: head.size, receipts };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/audit/receipts/:index',
      operationId: 'getReceipt',
      summary: 'One receipt, with the exact leaf data that was hashed.',
      tag: 'audit',
      permission: 'audit:read',
      params: z.object({ index }),
      responses: {
        200: { description: 'The receipt', schema: ReceiptSchema },
        404: { description: 'No such receipt in the tenant', schema: ErrorSchema },
      },
      async handler({ caller, params }) {
        return entry(caller, params.index);
      },
    }),
    route({
      method: 'GET',
      path: '/v1/audit/proof/inclusion',
      operationId: 'inclusionProof',
      summary:
        'Inclusion proof of a receipt in the tree of `size` entries (default: a signed checkpoint covering it).',
      tag: 'audit',
      permission: 'audit:read',
      query: z.object({ index, size: z.coerce.number().int().min(1).optional() }),
      responses: {
        200: { description: 'The proof', schema: InclusionSchema },
        400: { description: 'Index or size outside the log', schema: ErrorSchema },
        404: { description: 'No such receipt in the tenant', schema: ErrorSchema },
      },
      async handler({ caller, query }) {
        await entry(caller, query.index);
        let size = query.size;
        if (size === undefined) {
          // Prove against a signed tree head: the latest checkpoint, or a new one if it is older.
          const latest = log.latestCheckpoint();
          size =
            latest && latest.size > query.index
              ? latest.size
              : ((await log.checkpoint())?.size ?? query.index + 1);
        }
        if (query.index >= size) {
          throw new HttpError(
            400,
            'invalid_request',
            `index ${query.index} is not below size ${size}`,
          );
        }
        const proof = await inclusionProof(store, query.index, size).catch(proofError);
        const cp = checkpointView();
        return { ...proof, ...(cp && cp.size === size ? { checkpoint: cp } : {}) };
      },
    }),
    route({
      method: 'GET',
      path: '/v1/audit/proof/consistency',
      operationId: 'consistencyProof',
      summary: 'Proof that the tree of `to` entries extends the tree of `from` entries.',
      tag: 'audit',
      permission: 'audit:read',
      query: z.object({ from: index, to: index }),
      responses: {
        200: { description: 'The proof', schema: ConsistencySchema },
        400: { description: 'Sizes outside the log or from > to', schema: ErrorSchema },
      },
      async handler({ query }) {
        if (query.from > query.to) {
          throw new HttpError(400, 'invalid_request', 'from must not exceed to');
        }
        return consistencyProof(store, query.from, query.to).catch(proofError);
      },
    }),
    route({
      method: 'GET',
      path: '/v1/audit/checkpoint',
      operationId: 'checkpoint',
      summary: 'The latest signed checkpoint (one is signed now if the log has grown past it).',
      tag: 'audit',
      permission: 'audit:read',
      responses: {
        200: { description: 'Signed checkpoint', schema: CheckpointSchema },
        404: { description: 'The log is empty', schema: ErrorSchema },
      },
      async handler() {
        await log.checkpoint();
        const cp = checkpointView();
        if (!cp) throw new HttpError(404, 'not_found', 'the log is empty');
        return cp;
      },
    }),
    route({
      method: 'GET',
      path: '/v1/audit/pubkey',
      operationId: 'publicKey',
      summary: 'The checkpoint verifier key (C2SP note verifier key) and the log origin.',
      tag: 'audit',
      permission: 'audit:read',
      responses: {
        200: {
          description: 'Verifier key',
          schema: z.object({ origin: z.string(), verifierKey: z.string() }),
        },
      },
      async handler() {
        return { origin: log.origin, verifierKey: log.verifierKey };
      },
    }),
  ];
}
