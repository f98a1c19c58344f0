import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter } from '../../src/judges/limiter.js';
import { Rng } from '../../src/stats/random.js';

/**
 * A discrete-time provider: each tick every admitted request completes; requests beyond `capacity` in flight
 * are answered 429 at once, and independently a fraction `sporadic` of requests gets a random 429.
 * Returns the limit after every tick.
 */
async function simulate(max: number, capacity: number, sporadic: number, ticks: number, seed = 1): Promise<number[]> {
  const limiter = new AdaptiveLimiter(max);
  const rng = new Rng(seed);
  const limits: number[] = [];
  for (let t = 0; t < ticks; t++) {
    const admitted: { seq: number }[] = [];
    // fill every free slot; each rejected request frees its slot at once and is retried later
    for (let guard = 0; guard < 10 * max && limiter.inFlight < limiter.limit; guard++) {
      const ticket = await limiter.acquire();
      if (admitted.length >= capacity || rng.next() < sporadic) limiter.release(ticket, 'rate_limit');
      else admitted.push(ticket);
    }
    for (const ticket of admitted) limiter.release(ticket, 'ok');
    limits.push(limiter.limit);
  }
  return limits;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('adaptive concurrency (AIMD)', () => {
  it('configured at 64 against a limit of 24 in flight, settles near 24 (not 1, not 64)', async () => {
    const limits = await simulate(64, 24, 0, 400);
    const late = limits.slice(100);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...late)).toBeLessThanOrEqual(25);
    expect(mean(late)).toBeGreaterThan(23.5);
  });

  it('sporadic 3% 429s at concurrency 16 keep the limit at 16 nearly all the time', async () => {
    const limits = await simulate(16, Infinity, 0.03, 500);
    expect(mean(limits)).toBeGreaterThan(15.5);
    expect(limits.filter((l) => l < 16).length).toBeLessThan(limits.length * 0.05);
  });

  it('follows a capacity that shrinks, and recovers within a few windows when it grows back', async () => {
    const limiter = new AdaptiveLimiter(32);
    const run = async (capacity: number, ticks: number) => {
      for (let t = 0; t < ticks; t++) {
        const admitted = [];
        for (let g = 0; g < 320 && limiter.inFlight < limiter.limit; g++) {
          const ticket = await limiter.acquire();
          if (admitted.length >= capacity) limiter.release(ticket, 'rate_limit');
          else admitted.push(ticket);
        }
        for (const ticket of admitted) limiter.release(ticket, 'ok');
      }
      return limiter.limit;
    };
    expect(await run(8, 60)).toBeLessThanOrEqual(9);
    expect(await run(8, 60)).toBeGreaterThanOrEqual(6);
    expect(await run(32, 200)).toBeGreaterThanOrEqual(24);
  });

  it('never lets more than the limit in flight, and queues waiters in order', async () => {
    const limiter = new AdaptiveLimiter(2);
    const a = await limiter.acquire();
    await limiter.acquire();
    const order: number[] = [];
    const c = limiter.acquire().then(() => order.push(3));
    const d = limiter.acquire().then(() => order.push(4));
    expect(limiter.inFlight).toBe(2);
    expect(limiter.waiting).toBe(2);
    limiter.release(a, 'ok');
    await c;
    expect(order).toEqual([3]);
    expect(limiter.inFlight).toBe(2);
    limiter.release({ seq: 1 }, 'ok');
    await d;
    expect(order).toEqual([3, 4]);
  });
});
