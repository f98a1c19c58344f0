import type Database from 'better-sqlite3';
import { InputError } from '../../core/errors.js';
import type { Provenance } from '../../core/model.js';
import { prepared } from './prepared.js';

/** Throws the INPUT_CONFLICT error of a record contradicting a stored one, naming its origin and field. */
export function conflict(origin: Provenance | null | undefined, field: string, message: string): never {
  throw new InputError('INPUT_CONFLICT', message, { ...origin, field });
}

/** Name → id caches for systems, judges and items, creating rows on first use. */
export class IdCache {
  private readonly systems = new Map<string, number>();
  private readonly judges = new Map<string, number>();
  private readonly items = new Map<string, number>();
  private readonly sources = new Map<string, number>();
  private readonly stmts;
  private readonly last: ({ path: string | null; hash: string | null; id: number } | undefined)[] = [
    undefined,
    undefined,
  ];

  constructor(db: Database.Database) {
    this.stmts = {
      insSystem: prepared(db, 'INSERT INTO systems (name) VALUES (?) ON CONFLICT DO NOTHING'),
      getSystem: prepared(db, 'SELECT id FROM systems WHERE name = ?').pluck(),
      insJudge: prepared(db, 'INSERT INTO judges (name) VALUES (?) ON CONFLICT DO NOTHING'),
      getJudge: prepared(db, 'SELECT id FROM judges WHERE name = ?').pluck(),
      getItem: prepared(db, 'SELECT id FROM items WHERE dataset = ? AND key = ?').pluck(),
      insSource: prepared(db, 'INSERT INTO sources (path, hash) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      getSource: prepared(db, 'SELECT id FROM sources WHERE path = ? AND hash = ?').pluck(),
      getSourceByHash: prepared(db, 'SELECT id FROM sources WHERE hash = ? ORDER BY id LIMIT 1').pluck(),
    };
  }

  system(name: string): number {
    return this.named(this.systems, this.stmts.insSystem, this.stmts.getSystem, name);
  }

  judge(name: string): number {
    return this.named(this.judges, this.stmts.insJudge, this.stmts.getJudge, name);
  }

  /** Id of a name in a name table, inserting it on first use. */
  private named(cache: Map<string, number>, ins: Database.Statement, get: Database.Statement, name: string): number {
    let id = cache.get(name);
    if (id === undefined) {
      ins.run(name);
      id = get.get(name) as number;
      cache.set(name, id);
    }
    return id;
  }

  /**
   * Id of a source (file path, optional content hash). A content hash identifies the file whatever its path:
   * the same battles re-imported from a renamed copy map to the same source.
   */
  source(path: string | null, hash: string | null): number | null {
    if (path === null && hash === null) return null;
    const last = this.last[hash === null ? 0 : 1]; // a million battles share one source (and one hashed source)
    if (last && path === last.path && hash === last.hash) return last.id;
    const k = `${path}\u0000${hash}`;
    let id = this.sources.get(k);
    if (id === undefined) {
      id = hash === null ? undefined : (this.stmts.getSourceByHash.get(hash) as number | undefined);
      if (id === undefined) {
        this.stmts.insSource.run(path ?? '', hash ?? '');
        id = this.stmts.getSource.get(path ?? '', hash ?? '') as number;
      }
      this.sources.set(k, id);
    }
    this.last[hash === null ? 0 : 1] = { path, hash, id };
    return id;
  }

  item(dataset: string, key: string, origin?: Provenance | null): number {
    const k = `${dataset}\u0000${key}`;
    let id = this.items.get(k);
    if (id === undefined) {
      id = this.stmts.getItem.get(dataset, key) as number | undefined;
      if (id === undefined)
        throw new InputError('INPUT_FIELD', `unknown item "${key}" in dataset "${dataset}"`, origin ?? {});
      this.items.set(k, id);
    }
    return id;
  }
}
