/** Where the installed package lives (its `policies/`) and its version, found from this module. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root directory, found by walking up to the `bulwark` package.json (works from src/ and dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name;
      if (name === 'bulwark') return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the bulwark package root');
    dir = up;
  }
}

/** The package version. */
export function packageVersion(): string {
  return (
    JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/** Default base policy shipped with the package. */
export function defaultPolicyFile(): string {
  return join(packageRoot(), 'policies', 'default.yaml');
}
