import type { Command } from 'commander';
import { readAlpacaEvalFile } from '../../io/alpaca-eval.js';
import { readComparisonsFile } from '../../io/comparisons.js';
import { openStore } from '../../store/open.js';
import type { ImportBatch } from '../../store/store.js';
import { withOptions } from '../options.js';
import { progressBar } from '../progress.js';

type Reader = (file: string, o: { judge?: string; dataset?: string }) => ImportBatch;

const FORMATS: Record<string, { reader: Reader; help: string }> = {
  'alpaca-eval': { reader: readAlpacaEvalFile, help: 'AlpacaEval annotations.json or model_outputs.json files (.json or .json.gz)' },
  comparisons: { reader: readComparisonsFile, help: 'generic comparisons, JSONL or CSV (see README "Generic comparison format")' },
};

/** `winrate import <format> FILE...`: validates every file first, then writes all of them in one transaction. */
export function registerImport(program: Command): void {
  const cmd = program.command('import').description('import comparisons, outputs or results into the store');
  for (const [name, { reader, help }] of Object.entries(FORMATS)) {
    withOptions(cmd.command(name).description(help).argument('<files...>', 'input files'), ['judge', 'dataset'])
      .action(async (files: string[], opts: { judge?: string; dataset?: string }) => {
        const batch: ImportBatch = { items: [], responses: [], comparisons: [] };
        for (const file of files) {
          const b = reader(file, opts);
          batch.items.push(...b.items);
          batch.responses.push(...b.responses);
          batch.comparisons.push(...b.comparisons);
        }
        const store = openStore(program.opts<{ db?: string }>().db);
        const bar = progressBar('importing');
        try {
          const s = await store.importBatch({ ...batch, onProgress: bar.update });
          bar.stop();
          const i = s.inserted;
          process.stderr.write(`imported ${files.length} file(s): ${i.comparisons} new comparisons, ${i.responses} new responses, ${i.items} new items; ${s.unchanged} records already stored\n`);
        } finally {
          bar.stop();
          await store.close();
        }
      });
  }
}
