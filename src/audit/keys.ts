/** The checkpoint signing key: from `BULWARK_AUDIT_KEY`, from config, or a 0600 file generated on first start. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSignerKey, type NoteSigner, parseSignerKey } from './note.js';

/** Private key file name under the data directory. */
export const KEY_FILE = 'audit-key';
/** Verifier (public) key file name under the data directory. */
export const PUBKEY_FILE = 'audit-key.pub';

/** Where the signing key comes from. */
export interface SignerKeyOptions {
  /** `PRIVATE+KEY+…` string from config; wins over the environment and the file. */
  readonly key?: string;
  /** Key name for a newly generated key (the log origin). */
  readonly name: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Loads the signer: `opts.key`, else `BULWARK_AUDIT_KEY`, else `<dataDir>/audit-key`, generating
 * that file (mode 0600, never overwritten) and `audit-key.pub` when missing.
 */
export function loadOrCreateSigner(dataDir: string, opts: SignerKeyOptions): NoteSigner {
  const supplied = opts.key ?? (opts.env ?? process.env).BULWARK_AUDIT_KEY;
  if (supplied !== undefined && supplied !== '') return parseSignerKey(supplied);
  const file = join(dataDir, KEY_FILE);
  let skey: string;
  try {
    skey = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    skey = generateSignerKey(opts.name);
    try {
      // `wx`: if another process created it first, use theirs.
      writeFileSync(file, `${skey}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      skey = readFileSync(file, 'utf8');
    }
  }
  const signer = parseSignerKey(skey);
  writeFileSync(join(dataDir, PUBKEY_FILE), `${signer.verifierKey}\n`);
  return signer;
}
