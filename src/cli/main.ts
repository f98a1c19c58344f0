#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { WinrateError } from '../core/errors.js';
import { registerImport } from './commands/import.js';
import { registerLeaderboard } from './commands/leaderboard.js';
import { registerStatus } from './commands/status.js';
import { registerCorrelate } from './commands/correlate.js';
import { registerJudge } from './commands/judge.js';
import { registerJudges } from './commands/judges.js';
import { registerGenerate } from './commands/generate.js';
import { registerServe } from './commands/serve.js';
import { registerStudy } from './commands/study.js';
import { registerSprt } from './commands/sprt.js';
import { registerPlan } from './commands/plan.js';
import { registerGames } from './commands/games.js';
import { registerAudit } from './commands/audit.js';
import { registerCompare } from './commands/compare.js';
import { registerPreferences } from './commands/preferences.js';
import { registerCopy } from './commands/copy.js';
import { registerWorker } from './commands/worker.js';
import { registerInit } from './commands/init.js';
import { withOptions } from './options.js';
import { onStoreUpgrade } from '../store/upgrade-notice.js';

const program = new Command('winrate')
  .description('Measure, check and reproduce win rates.')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError();
withOptions(program, ['db']);
onStoreUpgrade((store, u) => process.stderr.write(`winrate: upgraded store ${store} from schema version ${u.from}${u.legacy ? ' (an early release\'s)' : ''} to ${u.to}\n`));
registerInit(program);
registerImport(program);
registerLeaderboard(program);
registerStatus(program);
registerCorrelate(program);
registerJudge(program);
registerJudges(program);
registerGenerate(program);
registerServe(program);
registerStudy(program);
registerSprt(program);
registerPlan(program);
registerGames(program);
registerAudit(program);
registerCompare(program);
registerPreferences(program);
registerCopy(program);
registerWorker(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode;
  else if (e instanceof WinrateError) {
    process.stderr.write(`winrate: error [${e.code}]: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else {
    process.stderr.write(`winrate: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
