import { afterAll } from 'vitest';
import { hasPostgres, POSTGRES_URL } from '../../../test/services.js';
import { policyStoreContract } from '../policies.contract.js';
import { createPostgresPolicyStore } from './policies.js';
import { openTestSchema } from './test-schema.js';

const up = await hasPostgres();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

policyStoreContract(
  'postgres',
  async () => {
    const t = await openTestSchema(POSTGRES_URL, 'bulwark_policies');
    cleanups.push(t.drop);
    return createPostgresPolicyStore(t.pool);
  },
  { skip: !up },
);
