import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ArgumentError } from '../../core/errors.js';
import { isPostgresUrl, openStore, resolveDbPath } from '../../store/open.js';
import { LEADERBOARD_METHODS } from '../../leaderboard/methods/index.js';

/** `winrate serve` and `winrate report`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('dashboard and JSON API over the store (hono); prints the URL and the admin token')
    .option('--port <n>', 'port (0 = any free port)', '8787')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--admin-token <token>', 'admin token for writes (default: WINRATE_ADMIN_TOKEN or a random one)')
    .option(
      '--read-token <token>',
      'token every dashboard/API read needs (default: WINRATE_READ_TOKEN; unset = public reads)',
    )
    .option(
      '--allowed-host <name>',
      'a Host name to answer besides localhost/127.0.0.1/::1 (repeatable; against DNS rebinding)',
      collect,
      [],
    )
    .option(
      '--media-host <name>',
      'a host whose https media the voting page may load (repeatable; default none)',
      collect,
      [],
    )
    .option('--api-rate-limit <n>', 'API requests per minute per client address', '600')
    .option('--vote-rate-limit <n>', 'voting requests per minute per client address', '240')
    .option(
      '--trust-proxy <addresses>',
      'comma-separated addresses or CIDR subnets of reverse proxies whose X-Forwarded-For gives the client address ' +
        '(default none: the socket address)',
    )
    .action(
      async (o: {
        port: string;
        host: string;
        adminToken?: string;
        readToken?: string;
        allowedHost: string[];
        mediaHost: string[];
        apiRateLimit: string;
        voteRateLimit: string;
        trustProxy?: string;
      }) => {
        const trustProxy = o.trustProxy?.split(',').filter((x) => x.trim());
        if (trustProxy) {
          const { trustedProxies } = await import('../../server/client-address.js');
          try {
            trustedProxies(trustProxy);
          } catch (e) {
            throw new ArgumentError((e as Error).message);
          }
        }
        const [apiRateLimit, voteRateLimit] = [o.apiRateLimit, o.voteRateLimit].map((v, i) => {
          if (!/^\d+$/.test(v) || Number(v) < 1)
            throw new ArgumentError(`--${i ? 'vote' : 'api'}-rate-limit must be a whole number ≥ 1 (got "${v}")`);
          return Number(v);
        });
        // The server, markdown and chart libraries load only for the commands that need them (fast CLI start-up).
        const [{ serve }, { createApp, MIN_ADMIN_TOKEN }] = await Promise.all([
          import('@hono/node-server'),
          import('../../server/app.js'),
        ]);
        const location = resolveDbPath(program.opts<{ db?: string }>().db);
        const adminToken = o.adminToken ?? process.env.WINRATE_ADMIN_TOKEN ?? randomBytes(18).toString('base64url');
        if (adminToken.length < MIN_ADMIN_TOKEN) {
          throw new ArgumentError(
            `--admin-token / WINRATE_ADMIN_TOKEN must have at least ${MIN_ADMIN_TOKEN} characters (an empty or short token would open writes to anyone)`,
          );
        }
        if (o.readToken === undefined && process.env.WINRATE_READ_TOKEN === '')
          throw new ArgumentError(
            'WINRATE_READ_TOKEN is set but empty: unset it for public reads, or give a token of 16+ characters',
          );
        const readToken = o.readToken ?? process.env.WINRATE_READ_TOKEN;
        if (readToken !== undefined && readToken.length < MIN_ADMIN_TOKEN)
          throw new ArgumentError(`--read-token / WINRATE_READ_TOKEN must have at least ${MIN_ADMIN_TOKEN} characters`);
        const wildcard = ['0.0.0.0', '::', ''].includes(o.host);
        const allowedHosts = [...o.allowedHost, ...(wildcard ? [] : [o.host.includes(':') ? `[${o.host}]` : o.host])];
        const store = openStore(location);
        const queue = isPostgresUrl(location)
          ? async () =>
              (await import('../../queue/queue-status.js')).queueStatus(location, 'winrate-judge').catch(() => null)
          : undefined;
        const app = createApp(store, {
          adminToken,
          readToken,
          allowedHosts,
          mediaHosts: o.mediaHost,
          apiRateLimit,
          voteRateLimit,
          trustProxy,
          queue,
        });
        if (wildcard && o.allowedHost.length === 0) {
          process.stderr.write(
            'note: listening on every interface, but only Host localhost/127.0.0.1/::1 is answered: add --allowed-host NAME for the names clients use\n',
          );
        }
        const server = serve({ fetch: app.fetch, port: Number(o.port), hostname: o.host }, (info) => {
          process.stdout.write(`winrate serving on http://${o.host}:${info.port}/\nadmin token: ${adminToken}\n`);
        });
        // a port in use or an address not on this machine: a sentence and exit 1, not a stack trace
        server.on('error', (e: NodeJS.ErrnoException) => {
          const why =
            e.code === 'EADDRINUSE'
              ? `port ${o.port} on ${o.host} is in use (another server?); pick another with --port, or --port 0`
              : e.code === 'EADDRNOTAVAIL'
                ? `${o.host} is not an address of this machine (--host)`
                : e.message;
          process.stderr.write(`winrate: error [INVALID_ARGUMENT]: cannot listen: ${why}\n`);
          void store.close().finally(() => process.exit(1));
        });
        const stop = (): void => {
          server.close();
          void store.close();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );

  program
    .command('report')
    .description('one self-contained HTML file with the leaderboards and plots')
    .requiredOption('-o, --output <file>', 'HTML file to write')
    .option('--methods <names>', `comma-separated methods (${Object.keys(LEADERBOARD_METHODS).join(', ')})`, 'lc,bt')
    .option('--baseline <system>', 'baseline')
    .option('--judge <name>', 'judge')
    .action(async (o: { output: string; methods: string; baseline?: string; judge?: string }) => {
      const methods = o.methods
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      for (const m of methods)
        if (!(m in LEADERBOARD_METHODS))
          throw new ArgumentError(`unknown method "${m}"; methods: ${Object.keys(LEADERBOARD_METHODS).join(', ')}`);
      const { buildReport, message } = await import('../../web/report.js');
      const store = openStore(program.opts<{ db?: string }>().db);
      try {
        const r = await buildReport(store, methods, { baseline: o.baseline, judge: o.judge });
        for (const s of r.skipped) process.stderr.write(`not shown: ${s.method}: ${message(s.error)}\n`);
        // A report that shows nothing is a failure (with the first reason's code), not a page saying "not shown".
        if (r.skipped.length === methods.length) throw r.skipped[0].error;
        writeFileSync(o.output, r.html);
        process.stderr.write(`wrote ${o.output}\n`);
      } finally {
        await store.close();
      }
    });
}

/** Commander collector of a repeatable option. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
