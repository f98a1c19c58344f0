/**
 * What `winrate init` writes: a commented winrate.yaml and a tiny example (three systems' answers to four questions
 * in AlpacaEval's model_outputs format), so that a first `winrate judge` and `winrate leaderboard` run at once.
 */
export const INIT_CONFIG = `# winrate.yaml — configuration of \`winrate judge -c winrate.yaml\`.
# Every key is checked on load; the JSON Schema is schema/winrate.schema.json. Flags override these values.

judge:
  preset: arena_hard          # the judging protocol: alpaca_eval_weighted, alpaca_eval, arena_hard, mt_bench_pairwise,
                              # mt_bench_single, wildbench_pairwise, wildbench_score (or a custom one under templates:)
  provider: openai            # any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp, OpenRouter), anthropic, scorer
  model: gpt-4o-mini          # the judge model
  # base_url: http://127.0.0.1:8000/v1   # a local server; default: OPENAI_BASE_URL or OpenAI itself
  # api_key_env: OPENAI_API_KEY         # where the key comes from
  concurrency: 8              # most requests in flight (lowered automatically on 429s)
  # timeout_ms: 120000        # a request that hangs is aborted and retried (default: 10 s + 40 ms per max_tokens)

baseline: baseline            # every other system is compared with it, in both orders (orders: both)
outputs:                      # answers to judge, AlpacaEval model_outputs format: [{instruction, output, generator}]
  - example/baseline.json
  - example/concise.json
  - example/thorough.json

max_cost: 1.00                # USD: a hard cap on what this judge may spend in this store, across reruns
# prices: { gpt-4o-mini: { input: 0.15, output: 0.6 } }   # per 1M tokens, for models the built-in table lacks
# retries: 6
# dataset: my-eval

# Then:
#   winrate judge -c winrate.yaml          # resumable: run it again after a stop, nothing is paid twice
#   winrate leaderboard --method winrate   # or lc, bt, arena-hard, variants, ...; --format json|csv|md
#   winrate audit                          # integrity checks of the answers (constant answers, injections)
#   winrate serve                          # dashboard at http://127.0.0.1:8787/
`;

const QUESTIONS = [
  'What is the boiling point of water at sea level?',
  'Name three primary colours.',
  'How many legs does a spider have?',
  'Translate "thank you" into French.',
];

const ANSWERS: Record<string, string[]> = {
  baseline: ['100 °C.', 'Red, blue and yellow.', 'Eight.', 'Merci.'],
  concise: ['100 degrees Celsius (212 °F).', 'Red, yellow, blue.', 'A spider has 8 legs.', '"Merci."'],
  thorough: [
    'At sea level (1 atm), pure water boils at **100 °C** (212 °F); the boiling point falls as altitude rises.',
    'In the traditional (RYB) model: **red, yellow and blue**. For light (RGB) they are red, green and blue.',
    'Spiders have **eight legs**, in four pairs; insects, by contrast, have six.',
    '"Thank you" is **"merci"**; "merci beaucoup" means "thank you very much".',
  ],
};

/** The example files, by path relative to the project directory. */
export function initFiles(): Record<string, string> {
  const files: Record<string, string> = { 'winrate.yaml': INIT_CONFIG };
  for (const [system, answers] of Object.entries(ANSWERS)) {
    files[`example/${system}.json`] = `${JSON.stringify(
      QUESTIONS.map((instruction, i) => ({ instruction, output: answers[i], generator: system })),
      null,
      2,
    )}\n`;
  }
  return files;
}
