import type { PoolClient } from 'pg';
import { InputError } from '../../core/errors.js';
import type { Provenance } from '../../core/model.js';

/** This transaction's ids, falling back to the committed ones; iterating yields only this transaction's own. */
class LayeredIds extends Map<string, number> {
  constructor(private readonly below?: Map<string, number>) {
    super();
  }

  override get(key: string): number | undefined {
    return super.get(key) ?? this.below?.get(key);
  }

  override has(key: string): boolean {
    return super.has(key) || (this.below?.has(key) ?? false);
  }
}

/**
 * Storage ids of the names a batch uses (systems, judges, sources, items), created in first-use order so that two
 * backends fed the same batches number them the same way (ids order the systems of a comparison table).
 */
export class PgIds {
  readonly systems: Map<string, number>;
  readonly judges: Map<string, number>;
  readonly items: Map<string, number>;
  readonly sources: Map<string, number>;

  /**
   * `committed` holds ids known to be committed (a store's cache across transactions: names, items and sources are
   * never deleted); what this transaction learns joins it only through {@link commitTo} after COMMIT.
   */
  constructor(
    private readonly client: PoolClient,
    committed?: IdMaps,
  ) {
    this.systems = new LayeredIds(committed?.systems);
    this.judges = new LayeredIds(committed?.judges);
    this.items = new LayeredIds(committed?.items);
    this.sources = new LayeredIds(committed?.sources);
  }

  /** Adds what this transaction learnt to the committed cache (call after COMMIT only). */
  commitTo(target: IdMaps): void {
    for (const k of ['systems', 'judges', 'items', 'sources'] as const)
      for (const [key, id] of this[k]) target[k].set(key, id);
  }

  /** Creates missing names of a name table (systems or judges) in the given order and loads every id. */
  async ensureNames(table: 'systems' | 'judges', names: string[]): Promise<void> {
    const cache = table === 'systems' ? this.systems : this.judges;
    const wanted = [...new Set(names)].filter((n) => !cache.has(n));
    if (wanted.length === 0) return;
    await this.client.query(
      `INSERT INTO ${table} (name) SELECT n FROM unnest($1::text[]) WITH ORDINALITY AS t(n, o)
      WHERE NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.name = t.n) ORDER BY o ON CONFLICT DO NOTHING`,
      [wanted],
    );
    const r = await this.client.query<{ id: number; name: string }>(
      `SELECT id, name FROM ${table} WHERE name = ANY($1)`,
      [wanted],
    );
    for (const row of r.rows) cache.set(row.name, row.id);
  }

  system(name: string): number {
    return this.systems.get(name) as number;
  }

  judge(name: string): number {
    return this.judges.get(name) as number;
  }

  /** Loads the ids of stored items among the given (dataset, key) pairs (with their instructions when `full`). */
  async loadItems(keys: [string, string][], full = true): Promise<Map<string, { id: number; instruction: string }>> {
    const out = new Map<string, { id: number; instruction: string }>();
    if (!full) keys = keys.filter((k) => !this.items.has(itemKey(k[0], k[1])));
    if (keys.length === 0) return out;
    const r = await this.client.query<{ id: number; dataset: string; key: string; instruction: string }>(
      `SELECT i.id, i.dataset, i.key, i.instruction FROM items i
       JOIN unnest($1::text[], $2::text[]) AS k(d, k) ON i.dataset = k.d AND i.key = k.k`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    for (const row of r.rows) {
      out.set(itemKey(row.dataset, row.key), { id: row.id, instruction: row.instruction });
      this.items.set(itemKey(row.dataset, row.key), row.id);
    }
    return out;
  }

  /** The id of a stored item; an unknown item is an input error at the record's origin. */
  item(dataset: string, key: string, origin?: Provenance | null): number {
    const id = this.items.get(itemKey(dataset, key));
    if (id === undefined)
      throw new InputError('INPUT_FIELD', `unknown item "${key}" in dataset "${dataset}"`, origin ?? {});
    return id;
  }

  /**
   * Id of a source (file path, optional content hash). A content hash identifies the file whatever its path: the
   * same battles re-imported from a renamed copy map to the same source.
   */
  async source(path: string | null, hash: string | null): Promise<number | null> {
    if (path === null && hash === null) return null;
    const k = `${path}\u0000${hash}`;
    let id = this.sources.get(k);
    if (id === undefined) {
      if (hash !== null) {
        const r = await this.client.query<{ id: number }>(
          'SELECT id FROM sources WHERE hash = $1 ORDER BY id LIMIT 1',
          [hash],
        );
        id = r.rows[0]?.id;
      }
      if (id === undefined) {
        await this.client.query('INSERT INTO sources (path, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          path ?? '',
          hash ?? '',
        ]);
        const r = await this.client.query<{ id: number }>('SELECT id FROM sources WHERE path = $1 AND hash = $2', [
          path ?? '',
          hash ?? '',
        ]);
        id = r.rows[0].id;
      }
      this.sources.set(k, id);
    }
    return id;
  }
}

/** Name → id maps of committed rows, kept by a store across transactions. */
export interface IdMaps {
  systems: Map<string, number>;
  judges: Map<string, number>;
  items: Map<string, number>;
  sources: Map<string, number>;
}

/** An empty {@link IdMaps}. */
export function idMaps(): IdMaps {
  return { systems: new Map(), judges: new Map(), items: new Map(), sources: new Map() };
}

/** The map key of an item. */
export function itemKey(dataset: string, key: string): string {
  return `${dataset}\u0000${key}`;
}
