/**
 * Checkpoints in the C2SP tlog-checkpoint format (https://c2sp.org/tlog-checkpoint): origin line,
 * decimal tree size, base64 root hash, carried in a signed note.
 */
import { HASH_SIZE } from './merkle.js';
import { NoteError, type NoteSigner, type NoteVerifier, openNote, signNote } from './note.js';

/** A signed tree head: the log `origin` had `size` leaves with MTH `root`. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

/** A checkpoint with its signed note text. */
export interface SignedCheckpoint extends Checkpoint {
  readonly note: string;
}

/** The checkpoint body (the note text). */
export function formatCheckpoint(cp: Checkpoint): string {
  return `${cp.origin}\n${cp.size}\n${cp.root.toString('base64')}\n`;
}

/** Parses a checkpoint body; extension lines after the root are allowed and ignored. */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') {
    throw new NoteError('checkpoint must have origin, size and root lines');
  }
  const [origin, sizeLine, rootLine] = lines as [string, string, string];
  if (origin.length === 0) throw new NoteError('checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    throw new NoteError(`checkpoint size ${JSON.stringify(sizeLine)} is not a decimal integer`);
  }
  const root = Buffer.from(rootLine, 'base64');
  if (root.length !== HASH_SIZE || root.toString('base64') !== rootLine) {
    throw new NoteError('checkpoint root is not a base64 SHA-256 hash');
  }
  return { origin, size: Number(sizeLine), root };
}

/** Signs a checkpoint. */
export function signCheckpoint(cp: Checkpoint, signer: NoteSigner): SignedCheckpoint {
  return { ...cp, note: signNote(formatCheckpoint(cp), signer) };
}

/** Verifies a checkpoint note's signature and, if given, its origin; throws NoteError otherwise. */
export function openCheckpoint(
  note: string,
  verifier: NoteVerifier,
  origin?: string,
): SignedCheckpoint {
  const opened = openNote(note, [verifier]);
  const cp = parseCheckpoint(opened.text);
  if (origin !== undefined && cp.origin !== origin) {
    throw new NoteError(`checkpoint origin ${cp.origin} is not the expected ${origin}`);
  }
  return { ...cp, note };
}
