import type { JudgingInputs } from './store.js';

/** An item row as both backends read it for judging: turns stored as JSON text. */
export interface ItemRow {
  dataset: string;
  key: string;
  instruction: string;
  category: string | null;
  reference: string | null;
  turns: string | null;
  reference_turns: string | null;
}

const strings = (json: string | null): string[] | null => (json === null ? null : (JSON.parse(json) as string[]));

/** The judging inputs from item rows and [system, item key, output, turns JSON] response rows (both backends). */
export function judgingInputsFrom(
  items: ItemRow[],
  responses: Iterable<[string, string, string, string | null]>,
): JudgingInputs {
  const out: JudgingInputs = {
    items: items.map((i) => ({
      dataset: i.dataset,
      key: i.key,
      instruction: i.instruction,
      category: i.category,
      reference: i.reference,
      turns: strings(i.turns),
      referenceTurns: strings(i.reference_turns),
    })),
    responses: new Map(),
    responseTurns: new Map(),
  };
  for (const [system, key, output, turns] of responses) {
    let m = out.responses.get(system);
    if (!m) out.responses.set(system, (m = new Map<string, string>()));
    m.set(key, output);
    if (turns !== null) {
      let t = out.responseTurns.get(system);
      if (!t) out.responseTurns.set(system, (t = new Map<string, string[]>()));
      t.set(key, strings(turns)!);
    }
  }
  return out;
}

/** A turns array as the store keeps it (JSON text), or null. */
export const turnsJson = (turns: string[] | null | undefined): string | null =>
  turns?.length ? JSON.stringify(turns) : null;
