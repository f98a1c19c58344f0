import type { Command } from 'commander';
import { IMPORT_FORMATS, importFiles, type ImportFormat, type ReadOptions } from '../../io/import-files.js';
import { openStore } from '../../store/open.js';
import { withOptions } from '../options.js';
import { progressBar } from '../progress.js';

/** `winrate import <format> FILE...`: validates every file first, then writes all of them in one transaction. */
export function registerImport(program: Command): void {
  const cmd = program.command('import').description('import comparisons, outputs or results into the store');
  for (const [name, format] of Object.entries(IMPORT_FORMATS)) {
    withOptions(cmd.command(name).description(format.help).argument('<files...>', 'input files'), [
      ...format.options,
    ]).action(async (files: string[], opts: ReadOptions) => {
      const store = openStore(program.opts<{ db?: string }>().db);
      const bar = progressBar('importing');
      try {
        const s = await importFiles(store, name as ImportFormat, files, { ...opts, onProgress: bar.update });
        bar.stop();
        const i = s.inserted;
        const extra = `${i.grades ? `, ${i.grades} new grades` : ''}${i.matches ? `, ${i.matches} new match results` : ''}`;
        for (const note of s.notes) process.stderr.write(`note: ${note}\n`);
        process.stderr.write(
          `imported ${files.length} file(s): ${i.comparisons} new comparisons, ${i.responses} new responses, ${i.items} new items${extra}; ${s.unchanged} records already stored${s.repeated ? ` (and ${s.repeated} repeated across the files)` : ''}\n`,
        );
      } finally {
        bar.stop();
        await store.close();
      }
    });
  }
}
