import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { keyStoreContract } from '../keys.contract.js';
import { createSqliteKeyStore } from './keys.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-keys-'));
let n = 0;
keyStoreContract('sqlite', async () => createSqliteKeyStore(new Database(join(dir, `k${n++}.db`))));
