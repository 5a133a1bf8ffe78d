/** Shared support for the server integration tests: a real server on 127.0.0.1:0 and an HTTP client. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openCheckpoint } from '../src/audit/checkpoint.js';
import { leafHashOfData } from '../src/audit/entry.js';
import { verifyInclusion } from '../src/audit/merkle.js';
import { parseVerifierKey } from '../src/audit/note.js';
import { createLogger } from '../src/server/logger.js';
import { openRuntime, type Runtime, type RuntimeConfig } from '../src/server/runtime.js';
import { type BulwarkServer, createServer } from '../src/server/server.js';
import type { KeyRole } from '../src/store/keys.js';

/** A JSON body as tests read it: explored field by field and checked with expect. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk response bodies freely and assert on them.
export type Json = Record<string, any>;

/** A started server and what tests need around it. */
export interface TestServer {
  readonly url: string;
  readonly adminKey: string;
  readonly runtime: Runtime;
  readonly server: BulwarkServer;
  readonly dataDir: string;
  /** Creates a key directly in the store (any tenant). */
  key(
    role: KeyRole,
    opts?: { tenant?: string; name?: string; principal?: string; roles?: string[] },
  ): Promise<string>;
  stop(): Promise<void>;
}

/** A fresh PostgreSQL database URL (unique schema) and a function dropping that schema. */
export function postgresSchemaUrl(base: string): { url: string; drop(): Promise<void> } {
  const schema = `bw_srv_${randomBytes(5).toString('hex')}`;
  const u = new URL(base);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Starts a server on 127.0.0.1:0 with a temp data dir (SQLite unless `database` is given).
 * `adminKey` is for a second server on a store that already has one.
 */
export async function startTestServer(
  config: Partial<RuntimeConfig> & { adminKey?: string } = {},
): Promise<TestServer> {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'bulwark-server-'));
  const { adminKey: givenAdmin, ...runtimeConfig } = config;
  const runtime = await openRuntime({
    logger: createLogger(process.env.BULWARK_TEST_LOG ?? 'silent'),
    policySyncMs: 200,
    ...runtimeConfig,
    dataDir,
  });
  const server = createServer({ ...runtime, heartbeatMs: 200 });
  const url = await server.listen(0, '127.0.0.1');
  const adminKey = runtime.firstAdminKey ?? givenAdmin;
  if (adminKey === undefined) throw new Error('expected a first admin key');
  return {
    url,
    adminKey,
    runtime,
    server,
    dataDir,
    async key(role, opts = {}) {
      const { key } = await runtime.keys.create({ role, ...opts });
      return key;
    },
    async stop() {
      await server.close();
      if (config.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JSON response. */
export interface Res<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** JSON request helper: `call(url, key)('POST', '/v1/check', body)`. */
export function client(base: string, key?: string) {
  return async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> => {
    const h: Record<string, string> = { ...headers };
    if (key !== undefined) h.authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${base}${path}`, {
      method,
      headers: h,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Non-JSON (metrics): keep the text.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}

/**
 * Verifies a receipt's inclusion the way an outside auditor would: recompute the leaf hash from
 * the receipt data, check the proof against the root, and the root against the signed checkpoint.
 */
export function verifyReceiptProof(
  receipt: { index: number; data: string; leafHash: string },
  proof: {
    index: number;
    size: number;
    leafHash: string;
    root: string;
    proof: string[];
    checkpoint?: { note: string };
  },
  verifierKey: string,
): { leafOk: boolean; inclusionOk: boolean; checkpointOk: boolean } {
  const leaf = leafHashOfData(receipt.data);
  const leafOk = leaf.toString('hex') === receipt.leafHash && proof.leafHash === receipt.leafHash;
  const inclusionOk = verifyInclusion(
    proof.index,
    proof.size,
    leaf,
    proof.proof.map((h) => Buffer.from(h, 'hex')),
    Buffer.from(proof.root, 'hex'),
  );
  let checkpointOk = false;
  if (proof.checkpoint) {
    const cp = openCheckpoint(proof.checkpoint.note, parseVerifierKey(verifierKey));
    checkpointOk = cp.size === proof.size && cp.root.toString('hex') === proof.root;
  }
  return { leafOk, inclusionOk, checkpointOk };
}
