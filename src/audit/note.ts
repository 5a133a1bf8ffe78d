/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys via Node `crypto`:
 * key hashes, the `PRIVATE+KEY+…` signer and `<name>+<hash>+<key>` verifier encodings, sign/open.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hash,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

const ALG_ED25519 = 0x01;
const SIG_PREFIX = '\u2014 ';
// PKCS#8 / SPKI DER headers for a raw 32-byte Ed25519 seed / public key (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** A note, key or signature that does not parse or verify. */
export class NoteError extends Error {
  override readonly name = 'NoteError';
}

/** Signs note text under a key name. */
export interface NoteSigner {
  readonly name: string;
  /** First 4 bytes of SHA-256(name || 0x0A || 0x01 || public key). */
  readonly keyHash: Buffer;
  /** `<name>+<hex keyhash>+<base64(0x01 || public key)>`, what auditors pin. */
  readonly verifierKey: string;
  sign(message: Uint8Array): Buffer;
}

/** Checks signatures by one key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: Buffer;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

function checkKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) {
    throw new NoteError(
      `key name ${JSON.stringify(name)} must be non-empty, without spaces or '+'`,
    );
  }
}

/** Key hash per the signed-note spec. */
export function keyHash(name: string, publicKey: Uint8Array): Buffer {
  const encoded = Buffer.concat([
    Buffer.from(`${name}\n`, 'utf8'),
    Buffer.from([ALG_ED25519]),
    publicKey,
  ]);
  return hash('sha256', encoded, 'buffer').subarray(0, 4);
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
}

function verifierKeyString(name: string, pub: Buffer): string {
  return `${name}+${keyHash(name, pub).toString('hex')}+${Buffer.concat([Buffer.from([ALG_ED25519]), pub]).toString('base64')}`;
}

function signerFromSeed(name: string, seed: Buffer): NoteSigner {
  checkKeyName(name);
  if (seed.length !== 32) throw new NoteError('Ed25519 seed must be 32 bytes');
  const priv = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const pub = rawPublicKey(createPublicKey(priv));
  return {
    name,
    keyHash: keyHash(name, pub),
    verifierKey: verifierKeyString(name, pub),
    sign: (message) => sign(null, message, priv),
  };
}

/** Parses `PRIVATE+KEY+<name>+<hex hash>+<base64(0x01 || seed)>` (the Go sumdb/note encoding). */
export function parseSignerKey(skey: string): NoteSigner {
  const parts = skey.trim().split('+');
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new NoteError('signer key must look like PRIVATE+KEY+<name>+<hash>+<key>');
  }
  const name = parts[2]!;
  const hashHex = parts[3]!;
  const key = Buffer.from(parts.slice(4).join('+'), 'base64');
  if (key.length !== 33 || key[0] !== ALG_ED25519) {
    throw new NoteError('signer key is not an Ed25519 key');
  }
  const signer = signerFromSeed(name, key.subarray(1));
  if (signer.keyHash.toString('hex') !== hashHex) {
    throw new NoteError('signer key hash does not match its name and key');
  }
  return signer;
}

/** A new Ed25519 key in the `PRIVATE+KEY+…` encoding. Keep it secret. */
export function generateSignerKey(name: string): string {
  checkKeyName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length);
  const signer = signerFromSeed(name, seed);
  const encoded = Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString('base64');
  return `PRIVATE+KEY+${name}+${signer.keyHash.toString('hex')}+${encoded}`;
}

/** Parses a verifier key `<name>+<hex hash>+<base64(0x01 || public key)>`. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const parts = vkey.trim().split('+');
  if (parts.length < 3) throw new NoteError('verifier key must look like <name>+<hash>+<key>');
  const name = parts[0]!;
  checkKeyName(name);
  const hashHex = parts[1]!;
  const key = Buffer.from(parts.slice(2).join('+'), 'base64');
  if (!/^[0-9a-f]{8}$/.test(hashHex)) throw new NoteError('verifier key hash must be 8 hex digits');
  if (key.length !== 33 || key[0] !== ALG_ED25519) {
    throw new NoteError('verifier key is not an Ed25519 key');
  }
  const pub = key.subarray(1);
  const kh = keyHash(name, pub);
  if (kh.toString('hex') !== hashHex) {
    throw new NoteError('verifier key hash does not match its name and key');
  }
  const keyObject = createPublicKey({
    key: Buffer.concat([SPKI_ED25519, pub]),
    format: 'der',
    type: 'spki',
  });
  return {
    name,
    keyHash: kh,
    verify: (message, signature) =>
      signature.length === 64 && verify(null, message, keyObject, signature),
  };
}

/** Signs `text` (which must end in a newline) and returns the whole note. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n')) throw new NoteError('note text must end with a newline');
  const sig = signer.sign(Buffer.from(text, 'utf8'));
  const blob = Buffer.concat([signer.keyHash, sig]).toString('base64');
  return `${text}\n${SIG_PREFIX}${signer.name} ${blob}\n`;
}

/** A note whose signature by a known key verified. */
export interface OpenedNote {
  readonly text: string;
  /** Names of the given verifiers whose signature verified. */
  readonly signedBy: readonly string[];
}

/**
 * Splits a note into text and signatures and checks them against `verifiers`. Throws NoteError
 * when malformed or when no known key signed it; unknown keys' signatures are ignored, as the spec says.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('malformed note: no signature block');
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  const message = Buffer.from(text, 'utf8');
  const signedBy: string[] = [];
  for (const line of sigLines) {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError('malformed note: bad signature line');
    const [name, blob, extra] = line.slice(SIG_PREFIX.length).split(' ');
    if (!name || !blob || extra !== undefined) {
      throw new NoteError('malformed note: bad signature line');
    }
    const raw = Buffer.from(blob, 'base64');
    if (raw.length < 5) throw new NoteError('malformed note: short signature');
    for (const v of verifiers) {
      if (v.name !== name || !raw.subarray(0, 4).equals(v.keyHash)) continue;
      if (!v.verify(message, raw.subarray(4))) {
        throw new NoteError(`invalid signature by ${name}`);
      }
      signedBy.push(name);
    }
  }
  if (signedBy.length === 0) throw new NoteError('note has no signature by a known key');
  return { text, signedBy };
}
