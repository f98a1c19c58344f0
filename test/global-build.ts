import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of any file under `dir`, 0 when it does not exist. */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * Vitest global setup: CLI tests run the built `dist/`, so a `dist/` older than `src/` would test stale code. Rebuild
 * (tsc, then the command manifest, which is written last) whenever any source is newer than the manifest.
 */
export default function setup(): void {
  const manifest = 'dist/cli/commands.json';
  const built = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  if (newest('src') < built) return;
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
