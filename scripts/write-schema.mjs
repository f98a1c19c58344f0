// Regenerates schema/winrate.schema.json from the zod config schema (npm run schema).
import { writeFileSync } from 'node:fs';
import { judgeConfigJsonSchema } from '../dist/judges/config.js';

writeFileSync(
  new URL('../schema/winrate.schema.json', import.meta.url),
  `${JSON.stringify(judgeConfigJsonSchema(), null, 2)}\n`,
);
