// A zero-latency OpenAI-compatible endpoint for the judging benchmark: answers every chat completion at once
// with an Arena-Hard verdict. Prints its URL on stdout.
import { createServer } from 'node:http';

const body = JSON.stringify({
  id: 'x', object: 'chat.completion', created: 0, model: 'bench',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'My final verdict is [[A>B]].' }, logprobs: null }],
  usage: { prompt_tokens: 300, completion_tokens: 10, total_tokens: 310 },
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/v1`));
