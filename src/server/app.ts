import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import { rateLimiter } from 'hono-rate-limiter';
import { clientAddress, trustedProxies } from './client-address.js';
import { hiddenView } from './hidden-view.js';
import { WinrateError } from '../core/errors.js';
import { comparisonRows } from '../io/comparisons.js';
import { judgeReport } from '../leaderboard/judge-report.js';
import type { LeaderboardOptions } from '../leaderboard/method.js';
import { LEADERBOARD_METHODS } from '../leaderboard/methods/index.js';
import type { Store } from '../store/store.js';
import { OPENAPI } from './openapi.js';
import { comparisonPage, comparisonsPage, dashboardPage, judgesPage, type Holds } from './pages.js';
import { registerVoting } from './vote.js';
import { Access, HttpError, isStudyStore } from './access.js';
import { VersionCache } from './version-cache.js';
import type { LeaderboardResult } from '../leaderboard/method.js';
import type { StudyStore } from '../store/studies.js';
import { runLeaderboard as computeLeaderboard } from '../leaderboard/run.js';
import type { QueueStatus } from '../queue/queue-status.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Bearer token required to write (submit comparisons). */
  adminToken: string;
  /** Largest request body accepted, bytes (default 1 MiB). */
  maxBody?: number;
  /** Key of the vote tickets (default: the store's own secret, kept across restarts). */
  secret?: string;
  /**
   * Token that every dashboard and API read needs (Authorization: Bearer, or once `?read_token=` which sets a
   * cookie); the admin token also reads. Unset: reads are public, but the votes of open studies never are.
   */
  readToken?: string;
  /** Host names (Host header) the server answers (default localhost, 127.0.0.1 and ::1): against DNS rebinding. */
  allowedHosts?: string[];
  /** Hosts whose https media the voting page may load (default none: media become opt-in links). */
  mediaHosts?: string[];
  /** How long a vote form stays valid, ms (default 12 h). */
  ticketTtlMs?: number;
  /** Requests per minute per client address: API (default 600) and voting pages (default 240). */
  apiRateLimit?: number;
  voteRateLimit?: number;
  /**
   * Reverse proxies in front of the server (addresses, CIDR subnets): from them the client address is taken from
   * `X-Forwarded-For` ({@link clientAddress}). Unset: the socket's peer, so that behind a proxy every client would
   * share one rate-limit bucket, and without one no client can forge its address.
   */
  trustProxy?: string[];
  /** Running judging jobs (PostgreSQL stores with a queue): shown on the judges page and at /api/queue. */
  queue?: () => Promise<QueueStatus | null>;
}

/** The shortest admin token accepted: an empty or guessable token would open writes to anyone. */
export const MIN_ADMIN_TOKEN = 16;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/**
 * Bounds of the numeric query parameters: anything a client can ask for must stay cheap enough that one request
 * cannot exhaust the server (a billion bootstrap rounds would). Documented in README "Security".
 */
export const QUERY_LIMITS = {
  bootstrap: [0, 2000],
  seed: [0, 2 ** 32 - 1],
  k: [-1, 100_000],
  limit: [1, 500],
  offset: [0, 1_000_000_000],
} as const;

/** An integer query parameter within its bounds (k may be any number in its range), else a 400 naming it. */
function bounded(q: Record<string, string>, k: keyof typeof QUERY_LIMITS, integer = true): number | undefined {
  if (q[k] === undefined || q[k] === '') return undefined;
  const n = Number(q[k]);
  const [lo, hi] = QUERY_LIMITS[k];
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < lo || n > hi) {
    throw new HttpError(400, `${k} must be ${integer ? 'an integer' : 'a number'} in ${lo}..${hi}, got "${q[k]}"`);
  }
  return n;
}

/** Whether a name is a leaderboard method (own key of the registry: "constructor" is not a method). */
const isMethod = (m: string): boolean => Object.hasOwn(LEADERBOARD_METHODS, m);

function leaderboardOptions(q: Record<string, string>): LeaderboardOptions {
  if (q.jury && q.jury !== 'mean' && q.jury !== 'majority') throw new HttpError(400, 'jury must be mean or majority');
  if (q.group_by && q.group_by !== 'category' && q.group_by !== 'judge')
    throw new HttpError(400, 'group_by must be category or judge');
  return {
    baseline: q.baseline || undefined,
    judge: q.judge || undefined,
    dataset: q.dataset || undefined,
    bootstrap: bounded(q, 'bootstrap'),
    seed: bounded(q, 'seed'),
    styleControl: q.style_control === '1' || q.style_control === 'true',
    jury: (q.jury || undefined) as LeaderboardOptions['jury'],
    k: bounded(q, 'k', false),
    groupBy: (q.group_by || undefined) as LeaderboardOptions['groupBy'],
  };
}

/**
 * The HTTP API and server-rendered dashboard over a store (hono). Pages carry no script and a strict CSP; model
 * outputs are escaped or rendered as sanitised markdown; writes need the admin token; bodies are size-limited;
 * errors are JSON (API) or a page, never a stack trace.
 */
export function createApp(store: Store & Partial<StudyStore>, options: AppOptions): Hono {
  if (options.adminToken.length < MIN_ADMIN_TOKEN) {
    throw new WinrateError(
      'INVALID_ARGUMENT',
      `the admin token must have at least ${MIN_ADMIN_TOKEN} characters (an empty or short one would open writes to anyone)`,
    );
  }
  if (options.readToken !== undefined && options.readToken.length < MIN_ADMIN_TOKEN) {
    throw new WinrateError('INVALID_ARGUMENT', `the read token must have at least ${MIN_ADMIN_TOKEN} characters`);
  }
  const app = new Hono();
  const leaderboards = new VersionCache<LeaderboardResult>();
  const pages = new VersionCache<string>();
  const version = (): Promise<string> => store.version();
  const access = new Access(store, options);

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!c.res.headers.has(k)) c.header(k, v);
  });
  app.use('*', access.hostGuard());
  app.use('*', access.readGuard());
  const proxies = options.trustProxy?.length ? trustedProxies(options.trustProxy) : undefined;
  const clientKey = (c: Context): string => {
    let peer: string;
    try {
      peer = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // in-process requests (tests, app.request) have no socket
    }
    return clientAddress(peer, c.req.header('x-forwarded-for'), proxies);
  };
  const tooMany = (c: Context) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: 'too many requests, slow down', code: 'RATE_LIMITED' }, 429)
      : c.text('too many requests, slow down', 429);
  // the API and the dashboard's pages share one bucket per client (a page costs what its API call does); the voting
  // pages have their own
  const apiLimit = rateLimiter({
    windowMs: 60_000,
    limit: options.apiRateLimit ?? 600,
    keyGenerator: clientKey,
    handler: tooMany,
  });
  app.use('*', (c: Context, next) => (c.req.path.startsWith('/vote/') ? next() : apiLimit(c, next)));
  app.use(
    '/vote/*',
    rateLimiter({ windowMs: 60_000, limit: options.voteRateLimit ?? 240, keyGenerator: clientKey, handler: tooMany }),
  );
  app.use('/vote/*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('vote too large', 413) }));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: options.maxBody ?? 1 << 20,
      onError: () => {
        throw new HttpError(413, 'request body too large', 'TOO_LARGE');
      },
    }),
  );

  const runLeaderboard = async (c: Context, q: Record<string, string>): Promise<LeaderboardResult> => {
    const method = q.method || 'lc';
    if (!isMethod(method))
      throw new HttpError(400, `unknown method "${method}"; methods: ${Object.keys(LEADERBOARD_METHODS).join(', ')}`);
    const o = await access.leaderboardOptions(c, leaderboardOptions(q), LEADERBOARD_METHODS[method].needs);
    // computed on the store as this client may see it; cached per set of hidden judges (the admin's differs)
    const hidden = await access.hidden(c);
    const key = JSON.stringify([method, o, [...hidden].sort()]);
    return leaderboards.get(key, await version(), () => computeLeaderboard(hiddenView(store, hidden), method, o));
  };

  /** What the store holds (for the method and judge switches), once per store version. */
  const held = new VersionCache<Holds>(1);
  const holds = async (c: Context): Promise<Holds> => {
    const h = await held.get('holds', await version(), async () => {
      const st = await store.stats();
      return { comparisons: st.comparisons > 0, grades: st.grades > 0, judges: st.judges };
    });
    const hidden = await access.hidden(c);
    return { ...h, judges: h.judges.filter((j) => !hidden.has(j)) };
  };

  const comparisonById = async (param: string) => {
    const id = Number(param);
    const d = /^\d{1,10}$/.test(param) && id <= 2 ** 31 - 1 ? await store.comparisonDetail(id) : null;
    if (!d) throw new HttpError(404, 'no such comparison', 'NOT_FOUND');
    return d;
  };

  app.get('/openapi.json', (c) => c.json(OPENAPI));
  app.get('/api/methods', (c) =>
    c.json({ methods: Object.values(LEADERBOARD_METHODS).map((m) => ({ name: m.name, description: m.description })) }),
  );
  app.get('/api/systems', async (c) => c.json({ systems: (await store.outcomeCounts()).systems }));
  app.get('/api/leaderboard', async (c) => c.json(await runLeaderboard(c, c.req.query())));
  const browse = async (c: Context, limit: number) => {
    const q = c.req.query();
    return store.listComparisons({
      system: q.system,
      judge: q.judge,
      failures: q.failures === '1',
      disagreement: q.disagreement === '1',
      limit,
      offset: bounded(q, 'offset') ?? 0,
      excludeJudges: await access.hiddenJudgesFor(c, q.judge),
    });
  };
  app.get('/api/comparisons', async (c) => c.json(await browse(c, bounded(c.req.query(), 'limit') ?? 50)));
  app.get('/api/comparisons/:id', async (c) =>
    c.json(await access.visibleDetail(c, await comparisonById(c.req.param('id')))),
  );
  app.post('/api/comparisons', async (c) => {
    if (access.role(c, true) !== 'admin')
      throw new HttpError(401, 'a valid admin token is required (Authorization: Bearer …)', 'UNAUTHORIZED');
    // JSON only: a cross-site form or text/plain post (no CORS preflight) cannot write
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? ''))
      throw new HttpError(415, 'the body must be sent as Content-Type: application/json', 'UNSUPPORTED_MEDIA_TYPE');
    let body: unknown;
    try {
      body = (await c.req.json()) as unknown;
    } catch {
      throw new HttpError(400, 'body must be JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(400, 'body must be a JSON object with a comparisons array');
    const rows = (body as { comparisons?: unknown }).comparisons;
    if (!Array.isArray(rows) || rows.length === 0)
      throw new HttpError(400, 'body.comparisons must be a non-empty array');
    const dataset = (body as { dataset?: unknown }).dataset;
    const batch = comparisonRows(
      (rows as unknown[]).map((value, i) => ({ row: i + 1, value })),
      'request',
      { dataset: typeof dataset === 'string' ? dataset : 'api' },
    );
    const s = await store.importBatch(batch);
    return c.json(s, 201);
  });
  const judgesTable = async (c: Context) =>
    store.comparisonTable({ includeFailed: true, judges: await access.visibleJudges(c) });
  app.get('/api/judges', async (c) => c.json(judgeReport(await judgesTable(c))));
  app.get('/api/findings', async (c) =>
    c.json({ findings: await store.findings({ system: c.req.query('system') || undefined }) }),
  );

  app.get('/', async (c) => {
    const q = c.req.query();
    const method = q.method || 'lc';
    const extra = ['baseline', 'judge', 'jury']
      .filter((k) => q[k])
      .map((k) => `&${k}=${encodeURIComponent(q[k])}`)
      .join('');
    try {
      const sort = q.sort ? { key: q.sort, dir: q.dir === 'asc' ? ('asc' as const) : ('desc' as const) } : undefined;
      const lb = await runLeaderboard(c, q);
      const h = await holds(c);
      // Rendering the plots costs more than the cached leaderboard: the page is cached too, per store version.
      return c.html(
        await pages.get(JSON.stringify([method, q, h.judges]), await version(), () =>
          Promise.resolve(dashboardPage(method, lb, null, extra, sort, h)),
        ),
      );
    } catch (e) {
      if (e instanceof WinrateError || e instanceof HttpError)
        return c.html(dashboardPage(method, null, e.message, extra, undefined, await holds(c)), 400);
      throw e;
    }
  });
  app.get('/comparisons', async (c) => c.html(comparisonsPage(await browse(c, 100), c.req.query())));
  app.get('/comparisons/:id', async (c) => {
    const d = await access.visibleDetail(c, await comparisonById(c.req.param('id')));
    return c.html(
      comparisonPage(d, [
        ...(await store.findings({ system: d.systemA })),
        ...(await store.findings({ system: d.systemB })),
      ]),
    );
  });
  app.get('/judges', async (c) => c.html(judgesPage(judgeReport(await judgesTable(c)), await options.queue?.())));
  app.get('/api/queue', async (c) => c.json((await options.queue?.()) ?? null));

  if (isStudyStore(store))
    registerVoting(app, store, {
      secret: options.secret,
      mediaHosts: options.mediaHosts,
      ticketTtlMs: options.ticketTtlMs,
    });

  app.notFound((c) =>
    c.req.path.startsWith('/api/') ? c.json({ error: 'not found', code: 'NOT_FOUND' }, 404) : c.text('not found', 404),
  );
  app.onError((e, c: Context) => {
    // the store's own trouble (cannot open, locked, newer version) is the operator's: its message names the store's
    // location, which an HTTP client never sees
    const storeDown = e instanceof WinrateError && ['STORE_OPEN', 'STORE_BUSY', 'STORE_VERSION'].includes(e.code);
    const status = e instanceof HttpError ? e.status : storeDown ? 503 : e instanceof WinrateError ? 400 : 500;
    const code =
      e instanceof HttpError
        ? e.code
        : storeDown
          ? 'STORE_UNAVAILABLE'
          : e instanceof WinrateError
            ? e.code
            : 'INTERNAL';
    const message = status === 500 ? 'internal error' : storeDown ? 'the store is unavailable' : e.message;
    if (status === 500 || storeDown)
      process.stderr.write(`winrate serve: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return c.req.path.startsWith('/api/') ? c.json({ error: message, code }, status) : c.text(message, status);
  });
  return app;
}
