import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { policyStoreContract } from '../policies.contract.js';
import { createSqlitePolicyStore } from './policies.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-policies-'));
let n = 0;
policyStoreContract('sqlite', async () =>
  createSqlitePolicyStore(new Database(join(dir, `p${n++}.db`))),
);
