import { afterAll, describe, it } from 'vitest';
import { hasPostgres, POSTGRES_URL } from '../../../test/services.js';
import { approvalStoreContract } from '../approvals.contract.js';
import { createPostgresApprovalStore } from './approvals.js';
import { openTestSchema } from './test-schema.js';

const available = await hasPostgres();
const drops: (() => Promise<void>)[] = [];

if (available) {
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  approvalStoreContract('postgres', {
    // 6 approvers × 2 clicks racing over 4 pooled connections: real concurrent compare-and-set.
    raceWidth: 6,
    async open() {
      // A fresh schema per store: isolated from other suites sharing the `test` database.
      const { pool, drop } = await openTestSchema(POSTGRES_URL, 'bw_appr');
      drops.push(drop);
      return createPostgresApprovalStore(pool);
    },
  });
} else {
  describe('ApprovalStore contract: postgres', () => {
    it.skip('PostgreSQL unreachable', () => undefined);
  });
}
