// A zero-latency OpenAI-compatible endpoint for the judging benchmark: answers every chat completion at once
// with an Arena-Hard verdict. Prints its URL on stdout.
import { createServer } from 'node:http';
import { CHAT_ANSWER } from './chat-answer.mjs';

const body = CHAT_ANSWER;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/v1`));
