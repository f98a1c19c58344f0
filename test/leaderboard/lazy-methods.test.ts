import { describe, expect, it } from 'vitest';
import { LEADERBOARD_METHODS } from '../../src/leaderboard/methods/index.js';
import { loadMethod, METHOD_LOADERS, METHOD_NAMES } from '../../src/leaderboard/methods/lazy.js';

describe('leaderboard methods loaded on demand', () => {
  it('name the same methods as the registry, in its order, and each loads the method of its name', async () => {
    expect(METHOD_NAMES).toEqual(Object.keys(LEADERBOARD_METHODS));
    for (const name of Object.keys(METHOD_LOADERS)) {
      const m = await loadMethod(name);
      expect(m?.name).toBe(name);
      expect(m).toBe(LEADERBOARD_METHODS[name]); // the same object: one module, whichever way it is reached
    }
    expect(await loadMethod('toString')).toBeUndefined(); // own names only
  });
});
