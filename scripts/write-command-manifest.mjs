// Writes dist/cli/commands.json: each command's name, help term and description, read off the built CLI with every
// command loaded. The CLI's top-level help prints from it without loading the commands' modules (~0.3 s of start-up).
// Run by `npm run build`, after tsc; test/cli/help.test.ts checks the help it gives equals the fully loaded one.
import { writeFileSync } from 'node:fs';

const dist = new URL('../dist/cli/', import.meta.url);
const { baseProgram, COMMANDS, commandManifest, registerCommands } = await import(new URL('registry.js', dist).href);
const program = baseProgram();
await registerCommands(program, Object.values(COMMANDS));
writeFileSync(new URL('commands.json', dist), `${JSON.stringify(commandManifest(program), null, 1)}\n`);
