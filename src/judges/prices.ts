/** Price of a model in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Default prices (USD per 1M tokens) of common judge models; override or extend them in config (`prices:`). */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4-1106-preview': { input: 10, output: 30 },
  'gpt-4-turbo-2024-04-09': { input: 10, output: 30 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-2024-05-13': { input: 5, output: 15 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4-0613': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'claude-3-5-sonnet-20240620': { input: 3, output: 15 },
  'claude-3-haiku-20240307': { input: 0.25, output: 1.25 },
};

/** Cost of one call at a price: tokens × USD per 1M tokens / 10⁶. */
export function costAt(p: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * p.input + completionTokens * p.output) / 1e6;
}

/** Cost of one call by model name; 0 for a model without a price (local servers). */
export function callCost(
  prices: Readonly<Record<string, ModelPrice>>,
  model: string,
  promptTokens: number,
  completionTokens: number,
): number {
  const p = prices[model];
  return p ? costAt(p, promptTokens, completionTokens) : 0;
}
