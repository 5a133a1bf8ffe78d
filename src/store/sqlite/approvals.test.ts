import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { approvalStoreContract } from '../approvals.contract.js';
import { createSqliteApprovalStore } from './approvals.js';
import { openSqliteDatabase, type SqliteDatabase } from './database.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-approvals-'));
const handles: SqliteDatabase[] = [];
let n = 0;

approvalStoreContract('sqlite', {
  raceWidth: 4,
  async open() {
    const db = openSqliteDatabase(join(dir, `approvals-${++n}.db`));
    handles.push(db);
    return createSqliteApprovalStore(db);
  },
});

afterAll(() => {
  for (const db of handles) db.close();
  rmSync(dir, { recursive: true, force: true });
});
