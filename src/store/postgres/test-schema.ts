/** Test support: a pg Pool on a fresh, uniquely named schema of the shared test database. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A pool whose search_path is a new schema; `drop` removes the schema and ends the pool. */
export async function openTestSchema(
  url: string,
  prefix = 'bulwark_test',
): Promise<{ pool: pg.Pool; schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
  return {
    pool,
    schema,
    async drop() {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
