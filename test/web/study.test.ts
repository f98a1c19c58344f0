 
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratingLeaderboard } from '../../src/leaderboard/rating-leaderboard.js';
import { createApp } from '../../src/server/app.js';
import { tokenHash } from '../../src/server/vote.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { XSS_OUTPUTS } from '../helpers/xss.js';

const ARTIFACTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const dir = tempDir();
const dbPath = join(dir, 'w.db');
const store = new SqliteStore(dbPath);
let browser: Browser;
let server: ServerType;
let base = '';
const TOKENS = { alice: 'alice-token-0123456789abcdef', bob: 'bob-token-0123456789abcdefgh' };

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const items = Array.from({ length: 4 }, (_, i) => ({ dataset: 'd', key: `q${i}`, instruction: `Question ${i}?` }));
  const responses = items.flatMap((it, i) => [
    { dataset: 'd', itemKey: it.key, system: 'base', output: i === 3 ? XSS_OUTPUTS[1] : `Base answer ${i}` },
    { dataset: 'd', itemKey: it.key, system: 'cand', output: i === 0 ? 'https://example.org/cat.png' : `**Candidate** answer ${i} — the better one` },
  ]);
  await store.importBatch({ items, responses, comparisons: [] });
  expect(await store.createStudy({ name: 'pilot', design: { kind: 'baseline', baseline: 'base' }, votesWanted: 3, gold: { q1: 'cand' } })).toEqual({ tasks: 4, gold: 1 });
  for (const [name, token] of Object.entries(TOKENS)) await store.addAnnotator('pilot', name, tokenHash(token));
  const app = createApp(store, { adminToken: 'study-test-admin-token' });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await store.close();
});

/** Votes through every task as one annotator: clicks "B is better" when B says "Candidate", else "A", by keyboard on odd tasks. */
async function voteAll(name: keyof typeof TOKENS, screenshot = false): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${base}/vote/pilot?token=${TOKENS[name]}`);
  let n = 0;
  while (await page.locator('form.vote').count()) {
    const html = await page.content();
    expect(html).not.toMatch(/>base<|>cand<|\bcand\b/); // blind: no system names
    if (screenshot && n === 0) await page.screenshot({ path: join(ARTIFACTS, 'vote.png'), fullPage: true });
    const rightIsCand = await page.evaluate(() => /Candidate|cat\.png/.test(document.querySelectorAll('.side > div')[1].innerHTML));
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
  expect(dialogs).toEqual([]);
  await page.close();
  return n;
}

describe('human voting arena in Chromium', () => {
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
    const q = JSON.parse(runCli(['--db', dbPath, 'study', 'quality', '--study', 'pilot', '--format', 'json']).stdout) as { annotators: { annotator: string; gold_accuracy: number; votes: number }[]; agreement: { pairs: { cohen_kappa: number }[] } };
    expect(q.annotators).toEqual([expect.objectContaining({ annotator: 'alice', votes: 4, gold_accuracy: 1 }), expect.objectContaining({ annotator: 'bob', votes: 4, gold_accuracy: 1 })]);
    const exported = runCli(['--db', dbPath, 'study', 'export', '--study', 'pilot']).stdout.trim().split('\n');
    expect(exported).toHaveLength(8);
  });

  it('refuses a vote without a token, a replayed vote, a forged task and a cross-site post', async () => {
    const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
    const post = (body: string, headers: Record<string, string> = {}) => fetch(`${base}/vote/pilot`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body, redirect: 'manual' });
    expect((await post(form({ task: '1', left: 'x', choice: 'left', sig: 'x' }))).status).toBe(401);
    expect((await fetch(`${base}/vote/pilot?token=nope-nope-nope-nope`)).status).toBe(401);
    // a fresh annotator gets a real form, votes once (303), then the same vote again is refused (409)
    const carol = 'carol-token-0123456789abcdef';
    await store.addAnnotator('pilot', 'carol', tokenHash(carol));
    const page = await (await fetch(`${base}/vote/pilot?token=${carol}`)).text();
    const field = (n: string) => new RegExp(`name="${n}" value="([^"]+)"`).exec(page)![1];
    const vote = form({ token: carol, task: field('task'), left: field('left'), sig: field('sig'), choice: 'tie' });
    expect((await post(vote)).status).toBe(303);
    expect((await post(vote)).status).toBe(409);
    // the signature binds task and sides: another task or the other side is refused
    const forged = form({ token: carol, task: String(Number(field('task')) + 1), left: field('left'), sig: field('sig'), choice: 'left' });
    expect((await post(forged)).status).toBe(403);
    expect((await post(vote, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await store.studyVotes('pilot')).filter((v) => v.annotator === 'carol')).toHaveLength(1);
    // the task carol voted on now has the 3 votes wanted: nobody else is asked for it
    await store.addAnnotator('pilot', 'dave', tokenHash('dave-token-0123456789abcdefgh'));
    const seen = new Set<number>();
    for (let t = await store.nextTask('pilot', 'dave'); t; t = await store.nextTask('pilot', 'dave')) {
      seen.add(t.taskId);
      await store.recordVote({ study: 'pilot', annotator: 'dave', taskId: t.taskId, leftIsX: t.leftIsX, choice: 'tie' });
    }
    expect(seen.size).toBe(3);
    expect(seen.has(Number(field('task')))).toBe(false);
  });
});
