/** Log entries: the leaf data of a receipt is the RFC 8785 canonical JSON of the body plus its position. */
import { hash } from 'node:crypto';
import { canonicalJson } from '../core/canonical.js';
import type { CheckpointRef, ReceiptBody } from '../core/receipt.js';

/** Canonical leaf data for `body` at `index`, referencing the latest checkpoint before it. */
export function leafData(body: ReceiptBody, index: number, checkpoint?: CheckpointRef): string {
  const positioned: ReceiptBody =
    checkpoint === undefined ? { ...body, index } : { ...body, index, checkpoint };
  return canonicalJson(positioned);
}

/** RFC 9162 leaf hash of leaf data given as a string (UTF-8), without an intermediate copy. */
export function leafHashOfData(data: string): Buffer {
  // U+0000 encodes as the single byte 0x00: the RFC 9162 leaf prefix.
  return hash('sha256', `\u0000${data}`, 'buffer');
}
