/**
 * Reachability of the real services integration tests use.
 * Unreachable → the suite is skipped with a message, except under CI=true where it is a failure.
 */
import { Socket } from 'node:net';

export const POSTGRES_URL =
  process.env.BULWARK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BULWARK_TEST_REDIS ?? 'redis://127.0.0.1:6379';

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

async function service(name: string, url: string): Promise<boolean> {
  const u = new URL(url);
  const ok = await reachable(u.hostname, Number(u.port));
  if (ok) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `${name} at ${u.host} is unreachable; under CI=true this is a failure, not a skip`,
    );
  }
  process.stderr.write(
    `[skip] ${name} at ${u.host} is unreachable: tests that need it are skipped\n`,
  );
  return false;
}

/** True when PostgreSQL answers; throws under CI=true when it does not. */
export const hasPostgres = (): Promise<boolean> => service('PostgreSQL', POSTGRES_URL);
/** True when Redis answers; throws under CI=true when it does not. */
export const hasRedis = (): Promise<boolean> => service('Redis', REDIS_URL);
