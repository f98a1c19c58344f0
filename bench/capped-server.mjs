// A local OpenAI-compatible endpoint shaped like a hosted provider, for the judging-under-faults benchmark:
// `latency` ms per answer, at most `cap` requests in flight (beyond: 429 with Retry-After 1), and a fraction
// `faults` of requests failing: half 500, half hanging for 30 s (freed when the client gives up).
// Args: cap latency faults. Prints its URL; on SIGTERM prints its counters as JSON.
import { createServer } from 'node:http';
import { CHAT_ANSWER } from './chat-answer.mjs';

const [cap, latency, faults] = process.argv.slice(2).map(Number);
const counts = { requests: 0, ok: 0, rejected: 0, errors: 0, hangs: 0, peak: 0 };
let active = 0;
let n = 0;
const body = CHAT_ANSWER;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    counts.requests++;
    if (active >= cap) {
      counts.rejected++;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      return res.end('{"error":{"message":"too many requests in flight"}}');
    }
    active++;
    counts.peak = Math.max(counts.peak, active);
    res.on('close', () => active--);
    // deterministic spread of faults (Weyl sequence)
    const u = (++n * 0.6180339887498949) % 1;
    if (u < faults / 2) {
      counts.errors++;
      return setTimeout(() => {
        res.writeHead(500);
        res.end('{"error":{"message":"internal"}}');
      }, latency);
    }
    if (u < faults) {
      counts.hangs++;
      return setTimeout(() => {
        if (!res.destroyed) {
          res.writeHead(200);
          res.end(body);
        }
      }, 30_000);
    }
    setTimeout(() => {
      counts.ok++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }, latency);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/v1`));
process.on('SIGTERM', () => {
  console.log(JSON.stringify(counts));
  process.exit(0);
});
