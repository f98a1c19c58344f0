import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** Runs the built `winrate` CLI; returns exit status and output. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.env?.WINRATE_DB === undefined) delete env.WINRATE_DB;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** A fresh temporary directory; `removeTempDirs` deletes it once the test file is done. */
export function tempDir(prefix = 'winrate-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Deletes every directory `tempDir` made in this test file. `test/setup.ts` registers it as the first `afterAll`, so
 * it runs after the file's own hooks have stopped the servers and closed the stores that used them.
 */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      process.stderr.write(`could not remove ${dir}: ${(e as Error).message}\n`);
    }
  }
}

/** Every row of every table of a SQLite store, for asserting that a failed import changed nothing. */
export function dumpStore(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).raw().all()]));
  } finally {
    db.close();
  }
}

/** Runs the CLI without blocking the event loop (needed when the test process also serves the fake provider). */
export function startCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.env?.WINRATE_DB === undefined) delete env.WINRATE_DB;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => {
      child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    },
  );
  return { child, done };
}

/** Runs the CLI to completion asynchronously. */
export function runCliAsync(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return startCli(args, options).done;
}

/** Resolves with the port a started `winrate serve` (`startCli`) prints once it listens; rejects after 15 s. */
export function servePort(server: ReturnType<typeof startCli>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve did not start')), 15_000);
    server.child.stdout.on('data', (d: Buffer) => {
      const m = /127\.0\.0\.1:(\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
}
