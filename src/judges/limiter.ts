/**
 * Adaptive concurrency for one provider: additive increase / multiplicative decrease (AIMD) that converges to
 * the provider's capacity instead of collapsing under sporadic 429s.
 *
 * - A **window** is the next `limit` completions of requests sent since the window began; 429s of requests that
 *   were already in flight when the window began are ignored, so one overload costs at most one decrease.
 * - A window is **limited** when at least max(3, 15% of the limit) of its completions are 429s.
 * - On a limited window: if the limit was above the last level that completed a clean window (a probe), it goes
 *   back to that level. Otherwise it is multiplied by 0.7. When that overload was isolated (no other in the last 4
 *   windows) it may be sporadic, so after one clean window the limit returns to where it was; if the overload then
 *   repeats, it is a real limit and the limit stays down. A real limit repeats under load, a sporadic 429 does not.
 * - On a clean window the level is remembered as good and the limit probes one higher (up to the configured
 *   maximum). A failed probe makes the next one wait 2, 4, … up to 32 clean windows, a successful one resets the
 *   wait — so a limit of 24 in flight is held at 24 with a probe to 25 now and then. Once the caller has no more
 *   work to queue (`draining`), no probes: they would only delay the last requests by a Retry-After.
 *
 * Pure bookkeeping over a FIFO of waiters; no timers. Retry-After is honoured by the caller, which waits without
 * holding a slot.
 */
export class AdaptiveLimiter {
  /** Current number of requests allowed in flight. */
  limit: number;
  /** Requests in flight now. */
  inFlight = 0;
  /** Counters for reports and tests. */
  readonly counts = { decreases: 0, increases: 0, rateLimited: 0, started: 0 };
  private readonly waiters: (() => void)[] = [];
  private windowStart = 0;
  private windowDone = 0;
  private windowLimited = 0;
  private good: number | null = null;
  private cleanWindows = 0;
  private probeAfter = 1;
  /** Set when no work is left to queue: probing above a known limit would only delay the last requests. */
  draining = false;

  constructor(readonly max: number) {
    this.limit = Math.max(1, Math.floor(max));
  }

  /** Waits for a free slot; the ticket is given back to {@link release}. */
  async acquire(): Promise<LimiterTicket> {
    if (this.inFlight < this.limit && this.waiters.length === 0) this.inFlight++;
    else await new Promise<void>((r) => this.waiters.push(r)); // pump() counted the slot for us
    return { seq: this.counts.started++ };
  }

  /** Frees the slot of a finished attempt: `ok` (an answer), `rate_limit` (a 429) or `neutral` (5xx, timeout). */
  release(ticket: LimiterTicket, outcome: 'ok' | 'rate_limit' | 'neutral'): void {
    this.inFlight--;
    if (outcome === 'rate_limit') this.counts.rateLimited++;
    if (ticket.seq >= this.windowStart && outcome !== 'neutral') {
      if (outcome === 'rate_limit') this.windowLimited++;
      else this.windowDone++;
      const seen = this.windowDone + this.windowLimited;
      if (this.windowLimited >= Math.max(3, 0.15 * this.limit)) this.decrease();
      else if (seen >= this.limit) this.windowClean();
    }
    this.pump();
  }

  /** Waiters still queued for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  private pump(): void {
    while (this.waiters.length > 0 && this.inFlight < this.limit) {
      this.inFlight++;
      this.waiters.shift()!();
    }
  }

  private decrease(): void {
    if (this.probing && this.good !== null && this.limit > this.good) {
      this.limit = this.good; // the probe found the limit: back to the last good level, probe less often
      this.probeAfter = Math.min(32, Math.max(2, this.probeAfter * 2));
      this.recoverTo = null;
    } else {
      // an isolated overload may be sporadic: shrink, but return to this level after one clean window; an
      // overload that repeats within a few windows (or right after that return) is a real limit
      const isolated = this.windowsSinceLimited >= 4 && this.recoverTo === null;
      this.recoverTo = isolated ? this.limit : null;
      this.limit = Math.max(1, Math.floor(this.limit * 0.7));
      this.good = null;
    }
    this.windowsSinceLimited = 0;
    this.probing = false;
    this.cleanWindows = 0;
    this.counts.decreases++;
    this.newWindow();
  }

  private windowClean(): void {
    this.windowsSinceLimited++;
    if (this.recoverTo !== null) {
      this.limit = this.recoverTo;
      this.recoverTo = null;
      this.newWindow();
      return;
    }
    this.good = Math.max(this.good ?? 0, this.limit);
    if (this.probing) {
      this.probing = false;
      this.probeAfter = 1;
    }
    if (++this.cleanWindows >= this.probeAfter && this.limit < this.max && !(this.draining && this.good !== null)) {
      this.limit++;
      this.probing = true;
      this.cleanWindows = 0;
      this.counts.increases++;
    }
    this.newWindow();
  }

  private recoverTo: number | null = null;
  private windowsSinceLimited = Infinity;
  private probing = false;

  private newWindow(): void {
    this.windowStart = this.counts.started;
    this.windowDone = 0;
    this.windowLimited = 0;
  }
}

/** A granted slot: the request's sequence number decides which window its outcome belongs to. */
export interface LimiterTicket {
  seq: number;
}
