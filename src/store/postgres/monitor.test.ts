import { afterAll, describe, it } from 'vitest';
import { hasPostgres, POSTGRES_URL } from '../../../test/services.js';
import { monitorStoreContract } from '../monitor.contract.js';
import { createPostgresMonitorStore } from './monitor.js';
import { openTestSchema } from './test-schema.js';

const available = await hasPostgres();
const drops: (() => Promise<void>)[] = [];

if (available) {
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  monitorStoreContract('postgres', {
    async open() {
      const { pool, drop } = await openTestSchema(POSTGRES_URL, 'bw_mon');
      drops.push(drop);
      return createPostgresMonitorStore(pool);
    },
  });
} else {
  describe('MonitorStore contract: postgres', () => {
    it.skip('PostgreSQL unreachable', () => undefined);
  });
}
