import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { describe, it } from 'vitest';
import { hasPostgres, POSTGRES_URL } from '../../../test/services.js';
import { auditStoreContract } from '../audit.contract.js';
import { createPostgresAuditStore } from './audit.js';
import { createPgPool } from './pool.js';

if (await hasPostgres()) {
  auditStoreContract('postgres', async () => {
    const schema = `audit_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const pools: pg.Pool[] = [];
    return {
      async connect() {
        const pool = await createPgPool(POSTGRES_URL, { schema, max: 4 });
        pools.push(pool);
        const store = await createPostgresAuditStore(pool, `test#${schema}`);
        return { ...store, close: async () => undefined };
      },
      async cleanup() {
        await pools[0]?.query(`DROP SCHEMA "${schema}" CASCADE`);
        for (const p of pools) await p.end();
      },
    };
  });
} else {
  describe.skip('AuditStore contract: postgres (PostgreSQL unreachable)', () => {
    it('skipped', () => undefined);
  });
}
