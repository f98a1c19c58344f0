import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { VersionCache } from '../../src/server/version-cache.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { esc } from '../../src/web/html.js';
import { renderMarkdown } from '../../src/web/markdown.js';
import { tempDir } from '../helpers/cli.js';

const ADMIN = 'access-test-admin-token';
const READ = 'access-test-read-token-01';

describe('read token, host allow-list, caches and display of untrusted text', () => {
  it('with a read token every read needs it (bearer, or once ?read_token= which sets a cookie); voting pages do not', async () => {
    const store = new SqliteStore(join(tempDir(), 'w.db'));
    await store.importBatch({
      items: [{ dataset: 'd', key: 'q', instruction: 'q' }],
      responses: [],
      comparisons: [
        {
          dataset: 'd',
          itemKey: 'q',
          systemA: 'a',
          systemB: 'b',
          judge: 'j',
          shownFirst: null,
          sample: 0,
          status: 'ok',
          pA: 1,
          label: 'A',
        },
      ],
    });
    const app = createApp(store, { adminToken: ADMIN, readToken: READ });
    expect(() => createApp(store, { adminToken: ADMIN, readToken: 'short' })).toThrow(/at least 16/);
    for (const path of ['/', '/api/systems', '/api/comparisons', '/comparisons/1', '/judges'])
      expect((await app.request(path)).status, path).toBe(401);
    expect((await app.request('/api/systems', { headers: { authorization: `Bearer ${READ}` } })).status).toBe(200);
    expect((await app.request('/api/systems', { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    expect(
      (await app.request('/api/systems', { headers: { authorization: 'Bearer wrong-wrong-wrong-wrong' } })).status,
    ).toBe(401);
    const first = await app.request(`/api/systems?read_token=${READ}`);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await app.request('/api/systems', { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200);
    // the voting arena is reached with the annotator's own link, not the read token
    expect((await app.request('/vote/s?token=not-an-annotator-token')).status).toBe(401);
    expect(await (await app.request('/vote/s?token=not-an-annotator-token')).text()).toMatch(/annotator link/);
    expect((await app.request('/openapi.json')).status).toBe(200);
    // a write still needs the admin token, not the read token
    const write = await app.request('/api/comparisons', {
      method: 'POST',
      headers: { authorization: `Bearer ${READ}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(write.status).toBe(401);
    // HEAD and OPTIONS are reads too (hono answers HEAD with the GET handler)
    for (const method of ['HEAD', 'OPTIONS'])
      expect((await app.request('/api/systems', { method })).status, method).toBe(401);
    expect(
      (await app.request('/api/systems', { method: 'HEAD', headers: { cookie: cookie.split(';')[0] } })).status,
    ).toBe(200);
    // the cookie never holds a token: after ?read_token=<admin token> it holds a digest, which reads but cannot write
    const adminVisit = await app.request(`/api/systems?read_token=${ADMIN}`);
    const adminCookie = adminVisit.headers.get('set-cookie')!.split(';')[0];
    expect(adminCookie).not.toContain(ADMIN);
    expect(adminCookie).not.toContain(READ);
    expect((await app.request('/api/systems', { headers: { cookie: adminCookie } })).status).toBe(200);
    expect(
      (await app.request('/api/systems', { headers: { cookie: `winrate_token=${READ}` } })).status, // the raw token
    ).toBe(401);
    const rows = JSON.stringify({ comparisons: [{ item: 'z', system_a: 'a', system_b: 'b', outcome: 'a' }] });
    // a page on another port of this host (the browser sends the cookie) posting text/plain: refused
    const csrf = await app.request('/api/comparisons', {
      method: 'POST',
      headers: { cookie: adminCookie, 'content-type': 'text/plain' },
      body: rows,
    });
    expect(csrf.status).toBe(401);
    const cookieJson = await app.request('/api/comparisons', {
      method: 'POST',
      headers: { cookie: adminCookie, 'content-type': 'application/json' },
      body: rows,
    });
    expect(cookieJson.status).toBe(401);
    // with the bearer header, JSON only
    const plain = await app.request('/api/comparisons', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/plain' },
      body: rows,
    });
    expect(plain.status).toBe(415);
    const ok = await app.request('/api/comparisons', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json; charset=utf-8' },
      body: rows,
    });
    expect(ok.status).toBe(201);
    await store.close();
  });

  it('answers only allowed host names', async () => {
    const store = new SqliteStore(join(tempDir(), 'w.db'));
    const app = createApp(store, { adminToken: ADMIN, allowedHosts: ['winrate.internal'] });
    expect((await app.request('http://evil.example/api/methods')).status).toBe(421);
    expect((await app.request('http://winrate.internal:8787/api/methods')).status).toBe(200);
    expect((await app.request('http://127.0.0.1:8787/api/methods')).status).toBe(200);
    expect((await app.request('http://[::1]:8787/api/methods')).status).toBe(200);
    await store.close();
  });

  it('caches per version, computes once for concurrent requests, forgets failures and stays bounded', async () => {
    const cache = new VersionCache<number>(3);
    let calls = 0;
    const compute = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return calls;
    };
    const same = await Promise.all(Array.from({ length: 50 }, () => cache.get('k', 'v1', compute)));
    expect(new Set(same)).toEqual(new Set([1]));
    expect(calls).toBe(1);
    expect(await cache.get('k', 'v2', compute)).toBe(2);
    await expect(cache.get('bad', 'v2', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('bad', 'v2', () => Promise.resolve(7))).toBe(7);
    for (let i = 0; i < 10; i++) await cache.get(`many${i}`, 'v2', () => Promise.resolve(i));
    expect(cache.size).toBe(3);
  });

  it('makes bidirectional controls visible instead of letting them reorder the text around them', () => {
    const spoof = 'safe\u202Egnp.exe\u202C and \u2066isolated\u2069';
    for (const out of [esc(spoof), renderMarkdown(spoof)]) {
      expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      expect(out).toContain('⟦U+202E⟧');
      expect(out).toContain('⟦U+2066⟧');
    }
  });

  it('renders remote media of annotator pages as opt-in links, data images inline', () => {
    const md = '![cat](https://tracker.example/cat.png) and ![dot](data:image/png;base64,iVBORw0KGgo=)';
    const annotator = renderMarkdown(md, { remoteMedia: (u) => u.startsWith('https://allowed.example/') });
    expect(annotator).not.toMatch(/<img[^>]+tracker\.example/);
    expect(annotator).toMatch(
      /<a href="https:\/\/tracker\.example\/cat\.png" rel="nofollow noopener noreferrer" target="_blank">\[external image at tracker\.example/,
    );
    expect(annotator).toMatch(/<img src="data:image\/png;base64/);
    expect(renderMarkdown(md)).toMatch(/<img src="https:\/\/tracker\.example\/cat\.png"/);
  });
});
