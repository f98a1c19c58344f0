import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ArgumentError } from '../../core/errors.js';
import { initFiles } from '../init/template.js';

/** `winrate init [DIR]`: a commented winrate.yaml and a tiny example, as promptfoo's `init` does; never overwrites. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a commented winrate.yaml and a tiny example (three systems, four questions) to start from')
    .argument('[dir]', 'directory to write into', '.')
    .option('--force', 'overwrite files that exist')
    .action((dir: string, o: { force?: boolean }) => {
      const files = Object.entries(initFiles()).map(([rel, text]) => [join(dir, rel), text] as const);
      const existing = files.filter(([path]) => existsSync(path)).map(([path]) => path);
      if (existing.length && !o.force)
        throw new ArgumentError(
          `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: nothing written (--force overwrites)`,
        );
      for (const [path, text] of files) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
        process.stdout.write(`wrote ${path}\n`);
      }
      process.stdout.write(
        `next: set the judge (model, base_url) in ${join(dir, 'winrate.yaml')}, then run: winrate judge -c ${join(dir, 'winrate.yaml')}\n`,
      );
    });
}
