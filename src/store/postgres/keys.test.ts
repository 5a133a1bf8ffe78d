import { afterAll } from 'vitest';
import { hasPostgres, POSTGRES_URL } from '../../../test/services.js';
import { keyStoreContract } from '../keys.contract.js';
import { createPostgresKeyStore } from './keys.js';
import { openTestSchema } from './test-schema.js';

const up = await hasPostgres();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

keyStoreContract(
  'postgres',
  async () => {
    const t = await openTestSchema(POSTGRES_URL, 'bulwark_keys');
    cleanups.push(t.drop);
    return createPostgresKeyStore(t.pool);
  },
  { skip: !up },
);
