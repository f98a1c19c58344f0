import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { WinrateError } from '../../core/errors.js';
import { importFiles } from '../../io/import-files.js';
import { openStore } from '../../store/open.js';

interface GenerateFlags {
  system: string;
  model: string;
  provider: 'openai' | 'anthropic';
  baseUrl?: string;
  apiKeyEnv?: string;
  dataset?: string;
  systemPrompt?: string;
  concurrency: string;
  maxTokens?: string;
  temperature?: string;
  items?: string[];
}

/** `winrate generate`: a system's responses to the items in the store, through any provider. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      "produce a system's responses to the store's items through an OpenAI-compatible or Anthropic endpoint (resumable)",
    )
    .requiredOption('--system <name>', 'name to store the responses under')
    .requiredOption('--model <model>', 'model to call')
    .option('--provider <name>', 'openai (any compatible endpoint) or anthropic', 'openai')
    .option('--base-url <url>', 'endpoint base URL')
    .option('--api-key-env <var>', 'environment variable holding the key')
    .option('--dataset <name>', 'dataset of the items')
    .option('--items <files...>', 'AlpacaEval-format files whose instructions to import as items first')
    .option('--system-prompt <text>', 'system message')
    .option('--concurrency <n>', 'parallel requests', '8')
    .option('--max-tokens <n>', 'response length cap')
    .option('--temperature <t>', 'sampling temperature')
    .action(async (f: GenerateFlags) => {
      const [{ buildProvider }, { generateResponses }] = await Promise.all([
        import('../../judges/build.js'),
        import('../../judges/generate.js'),
      ]);
      const store = openStore(program.opts<{ db?: string }>().db);
      try {
        if (f.items) await importFiles(store, 'alpaca-eval', f.items, { dataset: f.dataset });
        const bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${f.system} [{bar}] {value}/{total} | ETA {eta_formatted} | failures {failed}`,
          },
          cliProgress.Presets.shades_classic,
        );
        let started = false;
        const r = await generateResponses(store, {
          provider: buildProvider({
            provider: f.provider,
            base_url: f.baseUrl,
            api_key_env: f.apiKeyEnv,
            timeout_ms: 120_000,
          }),
          model: f.model,
          system: f.system,
          dataset: f.dataset,
          systemPrompt: f.systemPrompt,
          concurrency: Number(f.concurrency),
          maxTokens: f.maxTokens ? Number(f.maxTokens) : undefined,
          temperature: f.temperature ? Number(f.temperature) : undefined,
          onProgress: (done, total, failed) => {
            if (!started) bar.start(total, 0, { failed: 0 });
            started = true;
            bar.update(done, { failed });
          },
        });
        bar.stop();
        process.stderr.write(
          `${f.system}: ${r.generated} responses generated, ${r.skipped} already stored, ${r.failed} failed\n`,
        );
        if (r.failed)
          throw new WinrateError(
            'JUDGING_INCOMPLETE',
            `${r.failed} responses could not be generated (last error: ${r.lastError}); run again to resume`,
          );
      } finally {
        await store.close();
      }
    });
}
