import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { Budget, holdRule, type BudgetGate, type Reservation, type Usage } from './budget.js';
import { costAt, type ModelPrice } from './prices.js';

/** The store methods a shared budget needs (a queue worker passes them wrapped in database retries). */
export type SpendLedger = Pick<Store, 'holdSpend' | 'settleSpend'>;

/**
 * A judge's `max_cost` held in the store, so that every process judging with it (two `winrate judge` runs, queue
 * workers on many machines) shares one cap. What was spent is the store's (the cost of every stored response); each
 * request in flight holds its estimate there, with a lease. A hold is granted only when spent + held + its estimate ≤
 * cap — the rule of the local {@link Budget}, with this process's learnt estimate — and read, decided and inserted in
 * one step ({@link Store.holdSpend}), so two processes cannot both take the last dollars. A billed request keeps its
 * cost held until the cache row recording it is stored: never counted twice, never missed.
 */
export class StoreBudget implements BudgetGate {
  spent = 0;
  private readonly estimator: Budget;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly ledger: SpendLedger,
    readonly judge: string,
    readonly cap: number,
    readonly price: ModelPrice,
    maxTokens: number,
    /** How long a hold lives if its process dies (longer than a request's deadline). */
    private readonly leaseSeconds: number,
  ) {
    this.estimator = new Budget(undefined, price, 0, maxTokens);
  }

  /** This process's estimate of a request's cost ({@link Budget.estimate}). */
  estimate(promptChars: number): number {
    return this.estimator.estimate(promptChars);
  }

  async reserve(promptChars: number): Promise<Reservation | 'wait' | null> {
    const amount = this.estimator.estimate(promptChars);
    const promptOnly = costAt(this.price, promptChars * 0.5, 0);
    const calibrated = this.estimator.calibratedYet;
    const id = randomUUID();
    const reserve = this.estimator.stallReserve(); // this process's requests in flight may stall too
    const r = await this.ledger.holdSpend(
      { id, judge: this.judge, amount, seconds: this.leaseSeconds },
      (spent, held) => holdRule(this.cap, spent, held + reserve, amount, promptOnly, calibrated),
    );
    this.spent = r.spent;
    if (r.decision !== 'grant') return r.decision === 'wait' ? 'wait' : null;
    const granted = { amount, id, exposure: this.estimator.worst(promptChars) - amount };
    this.estimator.track(granted);
    return granted;
  }

  async settle(r: Reservation, cost: number, usage?: Usage | 'aborted', cacheKey?: string): Promise<void> {
    this.estimator.learn(usage);
    this.estimator.untrack(r);
    try {
      if (r.id) await this.ledger.settleSpend(r.id, cost, cacheKey ?? null, this.leaseSeconds);
      this.spent += cost;
    } finally {
      this.waiters.splice(0).forEach((w) => w());
    }
  }

  /** Resolves when a request of this process ends, or after 200 ms (the request in flight may be another's). */
  calibrated(): Promise<void> {
    return new Promise((r) => {
      const t = setTimeout(r, 200);
      this.waiters.push(() => {
        clearTimeout(t);
        r();
      });
    });
  }
}
