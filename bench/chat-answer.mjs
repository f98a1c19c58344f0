// The chat completion the benchmark endpoints answer with: an Arena-Hard verdict and fixed usage.
export const CHAT_ANSWER = JSON.stringify({
  id: 'x',
  object: 'chat.completion',
  created: 0,
  model: 'bench',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'My final verdict is [[A>B]].' },
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 300, completion_tokens: 10, total_tokens: 310 },
});
