import { describe, expect, it } from 'vitest';
import { openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.js';
import { EMPTY_ROOT } from './merkle.js';
import {
  generateSignerKey,
  keyHash,
  NoteError,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './note.js';

// The example key and note of the Go reference implementation (golang.org/x/mod/sumdb/note).
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes', () => {
  it('reproduces the reference note byte for byte (Ed25519 is deterministic)', () => {
    const signer = parseSignerKey(SKEY);
    expect(signer.verifierKey).toBe(VKEY);
    expect(signer.keyHash.toString('hex')).toBe('c74f20a3');
    expect(signNote(TEXT, signer)).toBe(NOTE);
    expect(openNote(NOTE, [parseVerifierKey(VKEY)])).toEqual({
      text: TEXT,
      signedBy: ['PeterNeumann'],
    });
  });

  it('rejects altered text, signatures, unknown keys and mangled key strings', () => {
    const v = parseVerifierKey(VKEY);
    expect(() => openNote(NOTE.replace('cryptography', 'cryptographY'), [v])).toThrow(
      /invalid signature/,
    );
    expect(() => openNote(NOTE.replace('x08go', 'x08gO'), [v])).toThrow(NoteError);
    const other = parseVerifierKey(parseSignerKey(generateSignerKey('PeterNeumann')).verifierKey);
    expect(() => openNote(NOTE, [other])).toThrow(/no signature by a known key/);
    expect(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/hash/);
    expect(() => parseSignerKey(SKEY.replace('AYEK', 'AYEL'))).toThrow(NoteError);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3')).toThrow(NoteError);
    expect(() => signNote('no newline', parseSignerKey(SKEY))).toThrow(/newline/);
  });

  it('generated keys round-trip and key hashes follow the spec formula', () => {
    const signer = parseSignerKey(generateSignerKey('example.com/log'));
    const pub = Buffer.from(signer.verifierKey.split('+').slice(2).join('+'), 'base64').subarray(1);
    expect(keyHash('example.com/log', pub)).toEqual(signer.keyHash);
    const note = signNote('hello\n', signer);
    expect(openNote(note, [parseVerifierKey(signer.verifierKey)]).text).toBe('hello\n');
  });
});

describe('checkpoints', () => {
  it('formats, signs and opens the tlog-checkpoint body', () => {
    const signer = parseSignerKey(SKEY);
    const cp = signCheckpoint({ origin: 'example.com/log', size: 0, root: EMPTY_ROOT }, signer);
    expect(
      cp.note.startsWith(
        'example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n\u2014 PeterNeumann ',
      ),
    ).toBe(true);
    const opened = openCheckpoint(cp.note, parseVerifierKey(VKEY), 'example.com/log');
    expect(opened.size).toBe(0);
    expect(opened.root).toEqual(EMPTY_ROOT);
    expect(() => openCheckpoint(cp.note, parseVerifierKey(VKEY), 'other')).toThrow(/origin/);
  });

  it('rejects malformed bodies', () => {
    expect(() => parseCheckpoint('o\n01\nAAAA\n')).toThrow(/decimal/);
    expect(() => parseCheckpoint('o\n1\nAAAA\n')).toThrow(/base64/);
    expect(() => parseCheckpoint('o\n1\n')).toThrow(/origin, size and root/);
    expect(parseCheckpoint(`o\n7\n${EMPTY_ROOT.toString('base64')}\nextension\n`).size).toBe(7);
  });
});
