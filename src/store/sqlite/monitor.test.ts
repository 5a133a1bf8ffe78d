import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { monitorStoreContract } from '../monitor.contract.js';
import { openSqliteDatabase, type SqliteDatabase } from './database.js';
import { createSqliteMonitorStore } from './monitor.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-monitor-'));
const handles: SqliteDatabase[] = [];
let n = 0;

monitorStoreContract('sqlite', {
  async open() {
    const db = openSqliteDatabase(join(dir, `monitor-${++n}.db`));
    handles.push(db);
    return createSqliteMonitorStore(db);
  },
});

afterAll(() => {
  for (const db of handles) db.close();
  rmSync(dir, { recursive: true, force: true });
});
