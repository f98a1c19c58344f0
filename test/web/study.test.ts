import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratingLeaderboard } from '../../src/leaderboard/rating-leaderboard.js';
import { createApp } from '../../src/server/app.js';
import { sealTicket } from '../../src/server/ticket.js';
import { tokenHash } from '../../src/server/vote.js';
import { PostgresStore } from '../../src/store/postgres/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { XSS_OUTPUTS } from '../helpers/xss.js';

const ARTIFACTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
let dbPath = '';
let store: SqliteStore | PostgresStore;
let pgServer: TestPostgres | undefined;
let browser: Browser;
let server: ServerType;
let base = '';
const TOKENS = { alice: 'alice-token-0123456789abcdef', bob: 'bob-token-0123456789abcdefgh' };

/** Every store backend runs the same voting tests: the SQLite file, and a PostgreSQL database. */
const BACKENDS: [string, () => Promise<string>][] = [
  ['SQLite', () => Promise.resolve(join(tempDir(), 'w.db'))],
  [
    'PostgreSQL',
    async () => {
      pgServer ??= await startPostgres();
      return pgServer.createDatabase();
    },
  ],
];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  pgServer?.stop();
});

/** A store at `location` with a study of 4 tasks and two annotators, served on a free port. */
async function setup(location: string): Promise<void> {
  dbPath = location;
  store = location.startsWith('postgres') ? new PostgresStore(location) : new SqliteStore(location);
  const items = Array.from({ length: 4 }, (_, i) => ({ dataset: 'd', key: `q${i}`, instruction: `Question ${i}?` }));
  const responses = items.flatMap((it, i) => [
    {
      dataset: 'd',
      itemKey: it.key,
      system: 'base',
      output: i === 3 ? XSS_OUTPUTS[1] : i === 2 ? `Base answer ${i}, a long one.\n\n`.repeat(120) : `Base answer ${i}`,
    },
    {
      dataset: 'd',
      itemKey: it.key,
      system: 'cand',
      output: i === 0 ? 'https://example.org/cat.png' : `**Candidate** answer ${i} — the better one`,
    },
  ]);
  await store.importBatch({ items, responses, comparisons: [] });
  expect(
    await store.createStudy({
      name: 'pilot',
      design: { kind: 'baseline', baseline: 'base' },
      votesWanted: 3,
      gold: { q1: 'cand' },
    }),
  ).toEqual({ tasks: 4, gold: 1 });
  for (const [name, token] of Object.entries(TOKENS)) await store.addAnnotator('pilot', name, tokenHash(token));
  const app = createApp(store, { adminToken: 'study-test-admin-token' });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
}

/**
 * Votes through every task as one annotator: clicks "B is better" when B says "Candidate", else "A", by keyboard on odd
 * tasks.
 */
async function voteAll(name: keyof typeof TOKENS, screenshot = false): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${base}/vote/pilot?token=${TOKENS[name]}`);
  let n = 0;
  let sawMedia = false;
  while (await page.locator('form.vote').count()) {
    const html = await page.content();
    expect(html).not.toMatch(/>base<|>cand<|\bcand\b/); // blind: no system names
    if (screenshot && n === 0) await page.screenshot({ path: join(ARTIFACTS, 'vote.png'), fullPage: true });
    // the vote buttons are in view without scrolling, however long the responses
    for (const v of ['left', 'right', 'tie', 'both_bad']) {
      const box = (await page.locator(`button[value="${v}"]`).boundingBox())!;
      expect(box.y + box.height, v).toBeLessThanOrEqual(800);
    }
    // a model's https media is not loaded from third-party hosts: it is a link the annotator may open
    expect(await page.locator('img[src^="https:"], audio[src^="https:"], video[src^="https:"]').count()).toBe(0);
    if (html.includes('cat.png')) {
      expect(await page.locator('a[href="https://example.org/cat.png"]').count()).toBe(1);
      sawMedia = true;
    }
    const rightIsCand = await page.evaluate(() =>
      /Candidate|cat\.png/.test(document.querySelectorAll('.side > div')[1].innerHTML),
    );
    const key = rightIsCand ? '2' : '1';
    if (n % 2 === 1) {
      await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
    } else {
      await Promise.all([page.waitForNavigation(), page.click(`button[value="${rightIsCand ? 'right' : 'left'}"]`)]);
    }
    n++;
    expect(n).toBeLessThan(10);
  }
  expect(await page.content()).toMatch(/All done/);
  expect(sawMedia).toBe(true);
  expect(dialogs).toEqual([]);
  await page.close();
  return n;
}

describe.each(BACKENDS)('human voting arena in Chromium, store on %s', (_backend, location) => {
  beforeAll(async () => setup(await location()), 60_000);
  afterAll(async () => {
    server?.close();
    await store?.close();
  });

  it('two annotators vote blind; votes become comparisons and the leaderboard follows', async () => {
    expect(await voteAll('alice', true)).toBe(4);
    expect(await voteAll('bob')).toBe(4);
    const votes = await store.studyVotes('pilot');
    expect(votes).toHaveLength(8);
    expect(votes.every((v) => v.winner === 'cand')).toBe(true);
    expect(new Set(votes.map((v) => v.leftSystem)).size).toBe(2); // sides were randomised
    const t = await store.comparisonTable({ judges: ['human:alice', 'human:bob'] });
    expect(t.a.length).toBe(8);
    const lb = await ratingLeaderboard(t, { method: 'bt', baseline: 'base', anchor: { system: 'base', rating: 1000 } });
    expect(lb.rows[0].system).toBe('cand');
    const q = JSON.parse(
      runCli(['--db', dbPath, 'study', 'quality', '--study', 'pilot', '--format', 'json']).stdout,
    ) as {
      annotators: { annotator: string; gold_accuracy: number; votes: number }[];
      agreement: { pairs: { cohen_kappa: number }[] };
    };
    expect(q.annotators).toEqual([
      expect.objectContaining({ annotator: 'alice', votes: 4, gold_accuracy: 1 }),
      expect.objectContaining({ annotator: 'bob', votes: 4, gold_accuracy: 1 }),
    ]);
    const exported = runCli(['--db', dbPath, 'study', 'export', '--study', 'pilot']).stdout.trim().split('\n');
    expect(exported).toHaveLength(8);
  });

  it('refuses a vote without a token, a replayed vote, a forged, tampered, borrowed or expired ticket and a cross-site post', async () => {
    const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/vote/pilot`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
        redirect: 'manual',
      });
    expect((await post(form({ ticket: 'x'.repeat(60), choice: 'left' }))).status).toBe(401);
    expect((await fetch(`${base}/vote/pilot?token=nope-nope-nope-nope`)).status).toBe(401);
    const carol = 'carol-token-0123456789abcdef';
    const erin = 'erin-token-0123456789abcdefgh';
    await store.addAnnotator('pilot', 'carol', tokenHash(carol));
    await store.addAnnotator('pilot', 'erin', tokenHash(erin));
    const page = await (await fetch(`${base}/vote/pilot?token=${carol}`)).text();
    // blind: the form's hidden fields are the annotator's own token and one opaque ticket, nothing else
    const hidden = [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    expect(hidden.map(([n]) => n)).toEqual(['token', 'ticket']);
    const ticket = hidden[1][1];
    expect(Buffer.from(ticket, 'base64url').toString('latin1')).not.toMatch(/base|cand|"x"|"y"|true|false/);
    const again = /name="ticket" value="([^"]+)"/.exec(
      await (await fetch(`${base}/vote/pilot?token=${carol}`)).text(),
    )![1];
    expect(again).not.toBe(ticket); // same task, fresh ticket: two forms cannot be compared to learn the side
    const vote = form({ token: carol, ticket, choice: 'tie' });
    expect((await post(vote)).status).toBe(303);
    expect((await post(vote)).status).toBe(409);
    // a tampered ticket (any byte: the task, the side) and another annotator's ticket are refused
    const raw = Buffer.from(ticket, 'base64url');
    for (const at of [12, 20, raw.length - 20]) {
      const flipped = Buffer.from(raw);
      flipped[at] ^= 1;
      expect(
        (await post(form({ token: carol, ticket: flipped.toString('base64url'), choice: 'left' }))).status,
        `byte ${at}`,
      ).toBe(403);
    }
    const erinPage = await (await fetch(`${base}/vote/pilot?token=${erin}`)).text();
    const erinTicket = /name="ticket" value="([^"]+)"/.exec(erinPage)![1];
    expect((await post(form({ token: carol, ticket: erinTicket, choice: 'left' }))).status).toBe(403);
    // an expired form is refused; a server restarted on the same store accepts the forms it handed out before
    const secret = await store.secret('vote');
    const t = (await store.nextTask('pilot', 'erin'))!;
    const stale = sealTicket(
      { study: 'pilot', annotator: 'erin', taskId: t.taskId, leftIsX: t.leftIsX, expires: Date.now() - 1 },
      secret,
    );
    expect((await post(form({ token: erin, ticket: stale, choice: 'left' }))).status).toBe(410);
    const restarted = createApp(store, { adminToken: 'study-test-admin-token' });
    const r = await restarted.request('/vote/pilot', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ token: erin, ticket: erinTicket, choice: 'right' }),
    });
    expect(r.status).toBe(303);
    expect((await post(vote, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await store.studyVotes('pilot')).filter((v) => v.annotator === 'carol')).toHaveLength(1);
    // the task carol voted on now has the 3 votes wanted: nobody else is asked for it
    await store.addAnnotator('pilot', 'dave', tokenHash('dave-token-0123456789abcdefgh'));
    const carolTask = (await store.studyVotes('pilot')).find((v) => v.annotator === 'carol')!.taskId;
    const seen = new Set<number>();
    for (let next = await store.nextTask('pilot', 'dave'); next; next = await store.nextTask('pilot', 'dave')) {
      seen.add(next.taskId);
      await store.recordVote({
        study: 'pilot',
        annotator: 'dave',
        taskId: next.taskId,
        leftIsX: next.leftIsX,
        choice: 'tie',
      });
    }
    expect(seen.size).toBeGreaterThan(0);
    expect(seen.has(carolTask)).toBe(false);
  });

  it('keeps an open study blind on the dashboard and API; a revoked link and a closed study take no votes', async () => {
    const admin = { authorization: 'Bearer study-test-admin-token' };
    for (const path of [
      '/api/comparisons?judge=human:alice',
      '/comparisons?judge=human:alice',
      '/api/leaderboard?method=bt&judge=human:alice',
    ]) {
      const r = await fetch(`${base}${path}`);
      expect(r.status, path).toBe(403);
      expect(await r.text(), path).toMatch(/still open/);
      expect((await fetch(`${base}${path}`, { headers: admin })).status, path).toBe(200);
    }
    const listed = (await (await fetch(`${base}/api/comparisons?limit=500`)).json()) as {
      total: number;
      rows: { id: number; judge: string }[];
    };
    expect(listed.rows.filter((x) => x.judge.startsWith('human:'))).toEqual([]);
    const all = (await (await fetch(`${base}/api/comparisons?limit=500`, { headers: admin })).json()) as {
      total: number;
      rows: { id: number; judge: string }[];
    };
    const voteId = all.rows.find((x) => x.judge === 'human:alice')!.id;
    expect((await fetch(`${base}/api/comparisons/${voteId}`)).status).toBe(403);
    expect((await fetch(`${base}/api/judges`)).ok).toBe(true); // on PostgreSQL a NUL in a filter made this a 500
    expect(await (await fetch(`${base}/`)).text()).not.toMatch(/human:alice|human%3Aalice/); // nor in the judge switch
    expect(JSON.stringify(await (await fetch(`${base}/api/judges`)).json())).not.toMatch(/human:/);
    // every method and error sees the store without the hidden votes (one rule, not a check per route)
    for (const path of [
      '/api/leaderboard?method=groups&group_by=judge&baseline=base',
      '/api/leaderboard?method=variants&group_by=judge',
      '/api/leaderboard?method=bt&baseline=base',
      '/api/leaderboard?method=bt&judge=nobody',
      '/api/leaderboard?method=winrate&baseline=base',
      '/?method=groups&group_by=judge&baseline=base',
    ]) {
      const body = await (await fetch(`${base}${path}`)).text();
      expect(body, path).not.toMatch(/human:|human%3A/);
      const asAdmin = await (await fetch(`${base}${path}`, { headers: admin })).text();
      if (path.includes('method=groups')) expect(asAdmin, path).toMatch(/human:alice/); // the same page, unhidden
    }
    // an LLM verdict that a hidden vote contradicts is not shown as disputed
    await store.importBatch({
      items: [],
      responses: [],
      comparisons: [
        {
          dataset: 'd',
          itemKey: 'q0',
          systemA: 'base',
          systemB: 'cand',
          judge: 'llm',
          shownFirst: 'a',
          sample: 0,
          status: 'ok',
          pA: 1,
          label: 'A',
        },
      ],
    });
    const disputed = (h: Record<string, string> = {}) =>
      fetch(`${base}/api/comparisons?disagreement=1&judge=llm`, { headers: h }).then(
        async (r) => ((await r.json()) as { total: number }).total,
      );
    expect(await disputed()).toBe(0);
    expect(await disputed(admin)).toBe(1);
    // revoke and close from the CLI
    const frank = 'frank-token-0123456789abcdef';
    await store.addAnnotator('pilot', 'frank', tokenHash(frank));
    expect((await fetch(`${base}/vote/pilot?token=${frank}`)).status).toBe(200);
    const ticket = sealTicket(
      { study: 'pilot', annotator: 'frank', taskId: 1, leftIsX: true, expires: Date.now() + 60_000 },
      await store.secret('vote'),
    );
    expect(runCli(['--db', dbPath, 'study', 'revoke', '--study', 'pilot', '--annotator', 'frank']).status).toBe(0);
    expect((await fetch(`${base}/vote/pilot?token=${frank}`)).status).toBe(401);
    const r = await fetch(`${base}/vote/pilot`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: frank, ticket, choice: 'left' }).toString(),
      redirect: 'manual',
    });
    expect(r.status).toBe(401);
    expect(runCli(['--db', dbPath, 'study', 'close', '--study', 'pilot']).status).toBe(0);
    expect((await fetch(`${base}/vote/pilot?token=${TOKENS.alice}`)).status).toBe(410);
    expect(runCli(['--db', dbPath, 'study', 'list']).stdout).toMatch(/^pilot\tclosed\t/);
    // closed: the votes are public, and the dashboard offers each annotator's leaderboard in its judge switch
    expect((await fetch(`${base}/api/comparisons?judge=human:alice`)).status).toBe(200);
    const dash = await (await fetch(`${base}/?method=bt`)).text();
    expect(dash).toMatch(/<p class="methods judges">Judge: .*href="\/\?method=bt&(amp;)?judge=human%3Aalice"/s);
    expect((await fetch(`${base}/?method=bt&judge=human%3Aalice`)).status).toBe(200);
    expect((await fetch(`${base}/api/comparisons/${voteId}`)).status).toBe(200);
  });
});
