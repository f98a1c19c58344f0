import { costAt, type ModelPrice } from './prices.js';

/** Money set aside for one request in flight, released or settled when it ends. */
export interface Reservation {
  amount: number;
  /** Set by budgets shared through a database: the reservation's row. */
  id?: string;
  /** What it would cost beyond `amount` if it stalled and were billed its worst case (prompt + `max_tokens`). */
  exposure?: number;
}

/** Token usage of an answered request, from which a budget learns its estimates. */
export interface Usage {
  promptChars: number;
  promptTokens: number;
  completionTokens: number;
}

/** What sending needs of a budget: one process's {@link Budget}, or one shared by workers through the database. */
export interface BudgetGate {
  readonly spent: number;
  reserve(promptChars: number): Reservation | 'wait' | null | Promise<Reservation | 'wait' | null>;
  /** Ends a reservation at what was billed; `cacheKey` names the cache row that will record the cost in the store. */
  settle(r: Reservation, cost: number, usage?: Usage | 'aborted', cacheKey?: string): void | Promise<void>;
  calibrated(): Promise<void>;
}

/** How many requests after an aborted one hold their worst case (stalls come in bursts: an overloaded endpoint). */
export const ABORT_WINDOW = 100;

/**
 * A hard spending cap for one judge in one store. `spentBefore` is what earlier runs already paid (stored with
 * each cached response), so a resumed run does not get a fresh budget. Before a request is sent its cost is
 * reserved: prompt tokens estimated from the prompt's characters (2 characters a token until responses calibrate
 * the ratio, then the observed ratio + 5%), completion tokens as `max_tokens` until this run has seen answers, then
 * their mean + 2 standard deviations (at most `max_tokens`). A request is sent only when
 * spent + reserved + its estimate ≤ cap, so the bill exceeds the cap only by estimation error of what is in flight
 * (and, before any answer has calibrated the estimate, by at most one request sent alone). A request aborted at its
 * deadline is counted at its worst case (prompt at 2 characters a token + `max_tokens`); for the next
 * {@link ABORT_WINDOW} requests after one, each holds that worst case, and room is kept for the requests still in
 * flight to stall too ({@link stallReserve}), so that stalls carry the bill past the cap by no more than the requests
 * in flight when the first of them was seen.
 */
export class Budget implements BudgetGate {
  spent: number;
  private reserved = 0;
  private chars = 0;
  private promptTokens = 0;
  private completions = 0;
  private completionSum = 0;
  private completionSq = 0;
  /** Requests left to hold at their worst case since the last aborted one. */
  private abortWindow = 0;
  /** Sum of the {@link Reservation.exposure} of this process's requests in flight. */
  private exposure = 0;

  constructor(
    readonly cap: number | undefined,
    readonly price: ModelPrice | undefined,
    spentBefore: number,
    readonly maxTokens: number,
  ) {
    this.spent = spentBefore;
  }

  /** True when nothing more can be sent (the cap is reached). */
  get exhausted(): boolean {
    return this.cap !== undefined && this.spent >= this.cap;
  }

  /** The most one request can be billed: its prompt at 2 characters a token and `max_tokens` of output. */
  worst(promptChars: number): number {
    return this.price ? costAt(this.price, promptChars * 0.5, this.maxTokens) : 0;
  }

  /**
   * Money to keep free beyond the holds while requests stall: what this process's requests in flight would cost beyond
   * their holds at their worst case; nothing while no request has stalled lately.
   */
  stallReserve(): number {
    return this.abortWindow > 0 ? this.exposure : 0;
  }

  /** Starts counting a granted reservation's exposure ({@link stallReserve}). */
  track(r: Reservation): void {
    this.exposure += r.exposure ?? 0;
  }

  /** Stops counting a settled reservation's exposure. */
  untrack(r: Reservation): void {
    this.exposure = Math.max(0, this.exposure - (r.exposure ?? 0));
  }

  /** Estimated cost of one request whose prompt has `promptChars` characters. */
  estimate(promptChars: number): number {
    if (!this.price) return 0;
    if (this.abortWindow > 0) return this.worst(promptChars);
    const perChar = this.chars > 0 ? (this.promptTokens / this.chars) * 1.05 : 0.5;
    let completion = this.maxTokens;
    if (this.completions > 0) {
      const mean = this.completionSum / this.completions;
      const variance = Math.max(0, this.completionSq / this.completions - mean * mean);
      completion = Math.min(this.maxTokens, mean + 2 * Math.sqrt(variance));
    }
    return costAt(this.price, promptChars * perChar, completion);
  }

  /**
   * Reserves the cost of a request; `wait` when it does not fit only because a first request is still
   * calibrating the estimate ({@link calibrated}); null when it would pass the cap.
   */
  reserve(promptChars: number): Reservation | 'wait' | null {
    const amount = this.estimate(promptChars);
    if (this.cap !== undefined) {
      const promptOnly = this.price ? costAt(this.price, promptChars * 0.5, 0) : 0;
      const held = this.reserved + this.stallReserve();
      const d = holdRule(this.cap, this.spent, held, amount, promptOnly, this.completions > 0);
      if (d !== 'grant') return d === 'wait' ? 'wait' : null;
    }
    this.reserved += amount;
    const r = { amount, exposure: this.worst(promptChars) - amount };
    this.track(r);
    return r;
  }

  /** Resolves when the next reservation ends (a calibrating request answered or failed). */
  calibrated(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  private waiters: (() => void)[] = [];

  /** Ends a reservation: adds what the provider billed (0 for a failed request) and learns from the usage. */
  settle(r: Reservation, cost: number, usage?: Usage | 'aborted'): void {
    this.reserved -= r.amount;
    this.untrack(r);
    this.spent += cost;
    this.learn(usage);
    this.waiters.splice(0).forEach((w) => w());
  }

  /** Whether an answer has calibrated the estimates yet. */
  get calibratedYet(): boolean {
    return this.completions > 0;
  }

  /**
   * Learns the characters-per-token ratio and the completion sizes from an answered request; an aborted one makes the
   * next {@link ABORT_WINDOW} estimates the worst case.
   */
  learn(usage?: Usage | 'aborted'): void {
    if (usage === 'aborted') this.abortWindow = ABORT_WINDOW;
    else if (usage && usage.promptTokens > 0) {
      this.abortWindow = Math.max(0, this.abortWindow - 1);
      this.chars += usage.promptChars;
      this.promptTokens += usage.promptTokens;
      this.completions++;
      this.completionSum += usage.completionTokens;
      this.completionSq += usage.completionTokens ** 2;
    }
  }
}

/**
 * Whether a request may go out: yes when spent + held + its estimate fits under the cap. When it fits only without the
 * requests in flight, it waits for them: they may cost less than held (estimates are high), and stopping while they
 * are in flight would leave up to their number of calls unspent (three workers stopped $0.007 short of $0.50). It is
 * refused only when it cannot fit even then, so a run ends less than one call's estimate below the cap. Before this
 * process has seen an answer, its estimate assumes `max_tokens` of output and may not fit although a real answer
 * would: then one request may go alone (none held) if its prompt fits, to learn real sizes — the "one call" a cap
 * may be passed by; with others in flight it waits for them.
 */
export function holdRule(
  cap: number,
  spent: number,
  held: number,
  amount: number,
  promptOnly: number,
  calibrated: boolean,
): 'grant' | 'wait' | 'refuse' {
  if (spent + held + amount <= cap) return 'grant';
  if (held > 0 && spent + amount <= cap) return 'wait';
  if (calibrated || spent + promptOnly > cap) return 'refuse';
  return held > 0 ? 'wait' : 'grant';
}
