import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/cli.js';

// Registered before any hook of a test file; vitest runs `afterAll` hooks in reverse order, so this one runs last.
afterAll(removeTempDirs);
