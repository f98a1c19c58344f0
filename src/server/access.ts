import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { singleJudge } from '../leaderboard/judge-filter.js';
import type { LeaderboardOptions } from '../leaderboard/method.js';
import type { StudyStore } from '../store/studies.js';
import type { ComparisonDetail, Store } from '../store/store.js';
import { VersionCache } from './version-cache.js';

/** A client error with an HTTP status (the app's error handler turns it into JSON or text, never a stack trace). */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 421,
    message: string,
    readonly code = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

/** Whether a store serves human studies (every backend does; a bare Store in a library user's hands may not). */
export function isStudyStore(store: Store & Partial<StudyStore>): store is Store & StudyStore {
  return typeof store.recordVote === 'function' && typeof store.listStudies === 'function';
}

/** The Host names answered when none are configured: the loopback names. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

const COOKIE = 'winrate_token';

/**
 * What the read cookie holds for a token: a digest of it, never the token itself (a cookie leaks more easily than a
 * header: logs, other ports of the same host share it).
 */
const cookieValue = (token: string): string =>
  createHash('sha256').update(`winrate-read-cookie\u0000${token}`).digest('base64url');

const same = (given: string, want: string | undefined): boolean => {
  if (want === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Who may see what on `winrate serve` (README "Security"):
 * - the Host header must name an allowed host (a DNS-rebinding page cannot talk to a local server);
 * - with a read token, every read needs it (or the admin token); the voting pages need only the annotator's link;
 * - the votes of open studies — who voted what, and which system wrote each side of their tasks — are for the admin
 *   token only, whatever the read token: their comparisons are left out of browsing, the judges report and
 *   leaderboards, until the study is closed.
 */
export class Access {
  private readonly hosts: Set<string>;

  constructor(
    private readonly store: Store & Partial<StudyStore>,
    private readonly options: { adminToken: string; readToken?: string; allowedHosts?: string[] },
  ) {
    this.hosts = new Set([...LOOPBACK_HOSTS, ...(options.allowedHosts ?? [])].map((h) => h.toLowerCase()));
  }

  /**
   * admin (the admin token), reader (the read token) or anyone: from the Authorization bearer, else, for reads, the
   * cookie set by `?read_token=`. Writes (`forWrite`) take the bearer header only, so that another page (another port
   * of the same host shares the cookie) cannot make the browser write with it.
   */
  role(c: Context, forWrite = false): 'admin' | 'reader' | 'anyone' {
    const auth = c.req.header('authorization');
    if (auth) {
      const t = auth.replace(/^Bearer\s+/i, '');
      if (same(t, this.options.adminToken)) return 'admin';
      return same(t, this.options.readToken) ? 'reader' : 'anyone';
    }
    const cookie = forWrite ? '' : (getCookie(c, COOKIE) ?? '');
    if (cookie && same(cookie, cookieValue(this.options.adminToken))) return 'admin';
    const read = this.options.readToken;
    return cookie && read !== undefined && same(cookie, cookieValue(read)) ? 'reader' : 'anyone';
  }

  /** Refuses a Host header outside the allow-list (421), before any work. */
  hostGuard(): MiddlewareHandler {
    return async (c, next) => {
      const host = new URL(c.req.url).hostname.toLowerCase();
      if (!this.hosts.has(host) && !this.hosts.has(`[${host}]`)) {
        throw new HttpError(
          421,
          `host "${host}" is not served here (winrate serve --allowed-host ${host} to allow it)`,
          'HOST_NOT_ALLOWED',
        );
      }
      await next();
    };
  }

  /** With a read token: every route but the voting pages and the OpenAPI document needs it. */
  readGuard(): MiddlewareHandler {
    return async (c, next) => {
      if (this.options.readToken === undefined || c.req.path.startsWith('/vote/') || c.req.path === '/openapi.json')
        return next();
      const q = c.req.query('read_token');
      if (q !== undefined && (same(q, this.options.readToken) || same(q, this.options.adminToken))) {
        setCookie(c, COOKIE, cookieValue(q), { httpOnly: true, sameSite: 'Strict', path: '/' });
        return next();
      }
      // every method but the writes, which check the admin token themselves: HEAD and OPTIONS read too
      if (this.role(c) === 'anyone' && c.req.method !== 'POST')
        throw new HttpError(
          401,
          'a read token is required (Authorization: Bearer …, or ?read_token=…)',
          'UNAUTHORIZED',
        );
      return next();
    };
  }

  private readonly openJudges = new VersionCache<Set<string>>(1);

  /**
   * Judge names of the annotators of open studies (looked up once per store version), hidden from all but the admin.
   */
  async hidden(c: Context): Promise<Set<string>> {
    const list = this.store.listStudies?.bind(this.store);
    if (this.role(c) === 'admin' || !list) return new Set();
    return this.openJudges.get(
      'open',
      await this.store.version(),
      async () => new Set((await list()).filter((s) => s.open).flatMap((s) => s.judges)),
    );
  }

  private static refuse(judge: string): never {
    throw new HttpError(
      403,
      `"${judge}" votes in a study that is still open: its votes are shown with the admin token only, or once the study is closed`,
      'STUDY_OPEN',
    );
  }

  /** The judges to leave out of a browse, refusing a filter on a hidden one. */
  async hiddenJudgesFor(c: Context, judge?: string): Promise<string[]> {
    const hidden = await this.hidden(c);
    if (judge && hidden.has(judge)) Access.refuse(judge);
    return [...hidden];
  }

  /** A comparison detail without hidden verdicts; a hidden comparison is refused. */
  async visibleDetail(c: Context, d: ComparisonDetail): Promise<ComparisonDetail> {
    const hidden = await this.hidden(c);
    if (hidden.has(d.judge)) Access.refuse(d.judge);
    return hidden.size ? { ...d, verdicts: d.verdicts.filter((v) => !hidden.has(v.judge)) } : d;
  }

  /** The judges a judges report may show (undefined: all). */
  async visibleJudges(c: Context): Promise<string[] | undefined> {
    const hidden = await this.hidden(c);
    if (!hidden.size) return undefined;
    const visible = (await this.store.judgeNames()).filter((j) => !hidden.has(j));
    return visible; // none visible: an empty list, which selects no comparison
  }

  /**
   * The options of a leaderboard this client may see: a hidden judge, named or in a jury, is refused; the default
   * judge is chosen among the visible ones only (an error listing judges never names a hidden one).
   */
  async leaderboardOptions(
    c: Context,
    o: LeaderboardOptions,
    needs: 'comparisons' | 'grades' = 'comparisons',
  ): Promise<LeaderboardOptions> {
    const hidden = await this.hidden(c);
    if (!hidden.size || needs === 'grades') return o; // votes are comparisons: a grade method never shows them
    if (o.jury) {
      const jury = o.judge
        ? o.judge.split(',').map((j) => j.trim())
        : (await this.store.judgeNames()).filter((j) => !hidden.has(j));
      for (const j of jury) if (hidden.has(j)) Access.refuse(j);
      return { ...o, judge: jury.join(',') };
    }
    if (o.judge !== undefined) {
      if (hidden.has(o.judge)) Access.refuse(o.judge);
      return o;
    }
    // the store's default-judge rule, among the visible judges only
    const pick = await singleJudge(this.store, undefined, needs, hidden);
    if (pick === undefined) throw new HttpError(400, 'no comparisons to show yet', 'EMPTY_STORE');
    return { ...o, judge: pick };
  }
}
