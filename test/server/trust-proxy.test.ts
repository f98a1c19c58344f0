import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, tempDir, servePort } from '../helpers/cli.js';

let port = 0;
let server: ReturnType<typeof startCli>;
const dir = tempDir();

function get(path: string, from: string, xff?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        localAddress: from,
        headers: { host: `127.0.0.1:${port}`, ...(xff ? { 'x-forwarded-for': xff } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const db = join(dir, 'w.db');
  server = startCli(['--db', db, 'serve', '--port', '0', '--api-rate-limit', '3', '--trust-proxy', '127.0.0.1']);
  port = await servePort(server);
});

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.done;
});

describe('winrate serve --trust-proxy', () => {
  it('limits each client behind the proxy on its own; a client not behind it cannot pose as another', async () => {
    const a: number[] = [];
    for (let i = 0; i < 4; i++) a.push(await get('/api/methods', '127.0.0.1', '203.0.113.1'));
    expect(a).toEqual([200, 200, 200, 429]);
    // another client through the same proxy has its own bucket (without --trust-proxy all would share one)
    expect(await get('/api/methods', '127.0.0.1', '203.0.113.2')).toBe(200);
    // a peer that is not a trusted proxy: its X-Forwarded-For is ignored, it is limited by its own address
    const forged: number[] = [];
    for (let i = 0; i < 4; i++) forged.push(await get('/api/methods', '127.0.0.9', `198.51.100.${i}`));
    expect(forged).toEqual([200, 200, 200, 429]);
  });
});
