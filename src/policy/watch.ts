/** Hot reload: watch a policy file and hand over each valid new version; keep the last good one otherwise. */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { PolicyError } from '../core/errors.js';
import { type CompiledPolicy, loadPolicyFile } from './compile.js';

/** Options of watchPolicyFile. */
export interface WatchPolicyOptions {
  /** Called with each new valid policy (content hash changed). */
  readonly onChange: (policy: CompiledPolicy) => void;
  /** Called when the file changed but does not compile; the caller keeps its last good policy. */
  readonly onError: (err: PolicyError) => void;
  /** Quiet time after the last file event before reloading (default 50 ms). */
  readonly debounceMs?: number;
  /** Hash of the policy already in use, so an unchanged save is not reported. */
  readonly currentHash?: string;
}

/** A running watch. */
export interface PolicyWatch {
  close(): void;
}

/**
 * Watch `path` for changes. Watches the directory, not the file, so editors that save by
 * rename (write new file, move over old) are seen too.
 */
export function watchPolicyFile(path: string, options: WatchPolicyOptions): PolicyWatch {
  const file = resolve(path);
  const name = basename(file);
  const debounceMs = options.debounceMs ?? 50;
  let lastHash = options.currentHash;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const reload = (): void => {
    timer = undefined;
    if (closed) return;
    let policy: CompiledPolicy;
    try {
      policy = loadPolicyFile(file);
    } catch (err) {
      options.onError(
        err instanceof PolicyError
          ? err
          : new PolicyError([{ file, line: 1, column: 1, path: '', message: String(err) }]),
      );
      return;
    }
    if (policy.hash === lastHash) return;
    lastHash = policy.hash;
    options.onChange(policy);
  };

  const watcher: FSWatcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
    if (changed !== null && changed !== name) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  });
  watcher.on('error', (err) => {
    options.onError(
      new PolicyError([
        { file, line: 1, column: 1, path: '', message: `watch failed: ${err.message}` },
      ]),
    );
  });
  return {
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
