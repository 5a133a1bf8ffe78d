/** `bulwark audit verify|proof|consistency|export|tail|checkpoint|pubkey`: offline tools for the audit log. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { exportedVerifierKey, exportLog, exportSource, storeSource } from '../audit/export.js';
import { KEY_FILE, loadOrCreateSigner, PUBKEY_FILE } from '../audit/keys.js';
import { parseVerifierKey } from '../audit/note.js';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_ORIGIN,
  openAuditStore,
  openEmbeddedAuditLog,
} from '../audit/open.js';
import { consistencyProof, inclusionProof } from '../audit/proof.js';
import { type VerifyReport, type VerifySource, verifyLog } from '../audit/verify.js';
import { errorMessage } from '../core/errors.js';
import type { AuditStore } from '../store/audit.js';
import { sqliteVerifySource } from '../store/sqlite/audit-verify.js';

interface StoreOpts {
  readonly db?: string;
  readonly dataDir: string;
}

/** A failure the user can act on: message to stderr, exit code 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

function location(o: StoreOpts): string {
  return o.db ?? join(o.dataDir, 'bulwark.db');
}

async function withStore<T>(o: StoreOpts, fn: (store: AuditStore) => Promise<T>): Promise<T> {
  const loc = location(o);
  if (!/^postgres(ql)?:\/\//.test(loc) && !existsSync(loc)) {
    throw new UsageError(`no audit log at ${loc} (use --db FILE|URL or --data-dir DIR)`);
  }
  const store = await openAuditStore(loc, { readonly: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function parseCount(name: string, raw: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** A progress bar on stderr, only when stderr is a terminal. */
function progressBar(label: string): {
  update(done: number, total: number | null): void;
  end(): void;
} {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(done, total) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = 30;
      const frac = total ? Math.min(1, done / total) : 0;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      process.stderr.write(
        `\r${label} [${bar}] ${total ? `${Math.floor(frac * 100)}% ` : ''}${done}${total ? `/${total}` : ''}`,
      );
    },
    end() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

function readKeyArg(raw: string): string {
  return existsSync(raw) ? readFileSync(raw, 'utf8').trim() : raw.trim();
}

/** The verifier key: --pubkey, else the export's pubkey.txt, else the data dir's public key file. */
function resolveVerifierKey(o: StoreOpts & { pubkey?: string; dir?: string }): string {
  if (o.pubkey) return readKeyArg(o.pubkey);
  if (o.dir) {
    process.stderr.write(
      'note: using the public key from the export directory; pass --pubkey to pin the one you trust\n',
    );
    return exportedVerifierKey(o.dir);
  }
  const pub = join(o.dataDir, PUBKEY_FILE);
  if (existsSync(pub)) return readFileSync(pub, 'utf8').trim();
  if (existsSync(join(o.dataDir, KEY_FILE)) || process.env.BULWARK_AUDIT_KEY) {
    return loadOrCreateSigner(o.dataDir, { name: DEFAULT_ORIGIN }).verifierKey;
  }
  throw new UsageError('no public key: pass --pubkey KEY|FILE');
}

function printReport(r: VerifyReport): void {
  if (r.ok) {
    process.stdout.write(
      `OK: ${r.size} entries, root ${r.root}, ${r.checkpoints} checkpoint signatures verified, signed through entry ${r.signedSize}` +
        `${r.signedSize < r.size ? ` (${r.size - r.signedSize} newer entries not yet signed)` : ''}\n`,
    );
    return;
  }
  process.stdout.write(`FAIL: first bad index ${r.firstBadIndex ?? 'n/a (checkpoint problem)'}\n`);
  for (const p of r.problems)
    process.stdout.write(`  ${p.index === null ? '-' : p.index}: ${p.message}\n`);
}

async function run(fn: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await fn()) ?? 0;
  } catch (err) {
    process.stderr.write(`bulwark audit: ${errorMessage(err)}\n`);
    process.exitCode = 2;
  }
}

/** Registers `bulwark audit …`. */
export function register(program: Command): void {
  const audit = program
    .command('audit')
    .description('verify, prove and export the audit log (Merkle tree with signed checkpoints)');
  const storeOptions = (c: Command) =>
    c
      .option('--db <FILE|URL>', 'SQLite file or postgres:// URL (default: <data-dir>/bulwark.db)')
      .option('--data-dir <DIR>', 'data directory', DEFAULT_DATA_DIR);

  storeOptions(audit.command('verify'))
    .description(
      'recompute the whole tree, check every checkpoint; exit 0 if intact, 1 with the first bad index',
    )
    .option('--dir <EXPORT_DIR>', 'verify an exported directory instead of a database')
    .option('--pubkey <KEY|FILE>', 'verifier key to trust (<name>+<hash>+<key>)')
    .option('--origin <ORIGIN>', 'expected checkpoint origin')
    .option(
      '--checkpoint <FILE>',
      'also check a checkpoint you saved earlier (detects a log rewound with its checkpoints)',
    )
    .option('--json', 'print the report as JSON')
    .action(
      (
        o: StoreOpts & {
          dir?: string;
          pubkey?: string;
          origin?: string;
          checkpoint?: string;
          json?: boolean;
        },
      ) =>
        run(async () => {
          const verifier = parseVerifierKey(resolveVerifierKey(o));
          const bar = progressBar('verify');
          const opts = {
            verifier,
            onProgress: bar.update,
            ...(o.origin === undefined ? {} : { origin: o.origin }),
          };
          const pinned =
            o.checkpoint === undefined ? undefined : readFileSync(o.checkpoint, 'utf8');
          const pin = (source: VerifySource): VerifySource =>
            pinned === undefined
              ? source
              : {
                  ...source,
                  checkpointNotes: async () => [...(await source.checkpointNotes()), pinned],
                };
          let report: VerifyReport;
          if (o.dir) {
            if (!existsSync(join(o.dir, 'receipts.jsonl')))
              throw new UsageError(`${o.dir} has no receipts.jsonl`);
            report = await verifyLog(pin(exportSource(o.dir)), opts);
          } else {
            report = await withStore(o, async (store) => {
              const loc = location(o);
              if (/^postgres(ql)?:\/\//.test(loc)) return verifyLog(pin(storeSource(store)), opts);
              const source = sqliteVerifySource(loc, store);
              try {
                return await verifyLog(pin(source), opts);
              } finally {
                await source.close();
              }
            });
          }
          bar.end();
          if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          else printReport(report);
          return report.ok ? 0 : 1;
        }),
    );

  storeOptions(audit.command('proof <INDEX>'))
    .description(
      'inclusion proof of entry INDEX as JSON (default size: the latest checkpoint covering it)',
    )
    .option('--size <N>', 'tree size to prove against')
    .action((rawIndex: string, o: StoreOpts & { size?: string }) =>
      run(async () => {
        const index = parseCount('INDEX', rawIndex);
        await withStore(o, async (store) => {
          const head = await store.head();
          let size = o.size === undefined ? head.size : parseCount('--size', o.size);
          let checkpoint: string | undefined;
          if (o.size === undefined && head.checkpoint && head.checkpoint.size > index) {
            size = head.checkpoint.size;
            checkpoint = (await store.readCheckpoints(size))[0]?.note;
          }
          if (index >= size)
            throw new UsageError(`entry ${index} is not in a tree of size ${size}`);
          const proof = await inclusionProof(store, index, size);
          process.stdout.write(
            `${JSON.stringify({ ...proof, ...(checkpoint ? { checkpoint } : {}) }, null, 2)}\n`,
          );
        });
        return 0;
      }),
    );

  storeOptions(audit.command('consistency <OLD> <NEW>'))
    .description('consistency proof between tree sizes OLD and NEW as JSON')
    .action((rawOld: string, rawNew: string, o: StoreOpts) =>
      run(async () => {
        const first = parseCount('OLD', rawOld);
        const second = parseCount('NEW', rawNew);
        if (first > second) throw new UsageError('OLD must not exceed NEW');
        await withStore(o, async (store) => {
          process.stdout.write(
            `${JSON.stringify(await consistencyProof(store, first, second), null, 2)}\n`,
          );
        });
        return 0;
      }),
    );

  storeOptions(audit.command('export <DIR>'))
    .description('write receipts.jsonl, checkpoints/, checkpoint, pubkey.txt and log.json to DIR')
    .option('--no-checkpoint', 'do not sign a fresh checkpoint for the current size first')
    .action((dir: string, o: StoreOpts & { checkpoint: boolean }) =>
      run(async () => {
        let verifierKey: string;
        let origin = DEFAULT_ORIGIN;
        const canSign = existsSync(join(o.dataDir, KEY_FILE)) || !!process.env.BULWARK_AUDIT_KEY;
        if (o.checkpoint && canSign) {
          // Sign the tail so the export is covered end to end.
          const log = await openEmbeddedAuditLog(o.dataDir, {
            checkpointIntervalMs: 0,
            ...(o.db === undefined ? {} : { database: o.db }),
          });
          try {
            await log.checkpoint();
            verifierKey = log.verifierKey;
            origin = log.origin;
          } finally {
            await log.close();
          }
        } else {
          verifierKey = resolveVerifierKey(o);
        }
        const bar = progressBar('export');
        const summary = await withStore(o, (store) =>
          exportLog(store, dir, verifierKey, origin, bar.update),
        );
        bar.end();
        process.stdout.write(
          `exported ${summary.size} entries and ${summary.checkpoints} checkpoints to ${summary.dir}\n`,
        );
        return 0;
      }),
    );

  storeOptions(audit.command('tail'))
    .description('print the latest entries (JSON lines, the export format); -f follows new ones')
    .option('-n, --lines <N>', 'entries to show', '10')
    .option('-f, --follow', 'keep printing new entries')
    .action((o: StoreOpts & { lines: string; follow?: boolean }) =>
      run(async () => {
        const n = parseCount('--lines', o.lines);
        await withStore(o, async (store) => {
          let next = Math.max(0, (await store.head()).size - n);
          for (;;) {
            const rows = await store.readEntries(next, 1000);
            for (const e of rows) {
              process.stdout.write(
                `{"index":${e.index},"leafHash":"${e.leafHash.toString('hex')}","receipt":${e.data}}\n`,
              );
              next = e.index + 1;
            }
            if (!o.follow) break;
            if (rows.length < 1000) await new Promise((r) => setTimeout(r, 500));
          }
        });
        return 0;
      }),
    );

  storeOptions(audit.command('checkpoint'))
    .description('print the latest signed checkpoint')
    .action((o: StoreOpts) =>
      run(async () =>
        withStore(o, async (store) => {
          const head = await store.head();
          const note = head.checkpoint
            ? (await store.readCheckpoints(head.checkpoint.size))[0]?.note
            : undefined;
          if (!note) {
            process.stderr.write('no checkpoint yet\n');
            return 1;
          }
          process.stdout.write(note);
          return 0;
        }),
      ),
    );

  audit
    .command('pubkey')
    .description('print the checkpoint verifier key (generating the signing key on first use)')
    .option('--data-dir <DIR>', 'data directory', DEFAULT_DATA_DIR)
    .option('--origin <ORIGIN>', 'key name for a new key', DEFAULT_ORIGIN)
    .action((o: { dataDir: string; origin: string }) =>
      run(async () => {
        process.stdout.write(`${loadOrCreateSigner(o.dataDir, { name: o.origin }).verifierKey}\n`);
        return 0;
      }),
    );
}
