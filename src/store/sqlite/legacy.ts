import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations.js';

interface TableShape {
  sql: string;
  columns: string[];
}

function shapes(db: Database.Database): Map<string, TableShape> {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
    .all() as { name: string; sql: string }[];
  return new Map(
    rows.map((r) => [
      r.name,
      {
        sql: r.sql,
        columns: (db.prepare(`PRAGMA table_info("${r.name}")`).all() as { name: string }[]).map((c) => c.name),
      },
    ]),
  );
}

/**
 * Brings a store at schema version 1 whose tables predate the final version 1 to it, inside the caller's transaction
 * (foreign keys off). Before versions were kept, the first migration was edited in place, so a store written by an
 * early release says version 1 but lacks tables and columns. Each table that differs is rebuilt with the final
 * definition and its common columns copied (a text `source` becomes a row of `sources`); missing tables are created;
 * the outcome counts are recomputed from the comparisons. Returns whether anything changed.
 */
export function repairLegacyV1(db: Database.Database): boolean {
  const ref = new Database(':memory:');
  ref.exec(SQLITE_MIGRATIONS[0]);
  const want = shapes(ref);
  const indexes = ref.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as {
    name: string;
    sql: string;
  }[];
  ref.close();
  const have = shapes(db);
  const differs = [...want].some(([name, t]) => have.get(name)?.columns.join() !== t.columns.join());
  if (!differs) return false;
  for (const [name, t] of want) {
    const old = have.get(name);
    if (!old) {
      db.exec(t.sql);
      continue;
    }
    if (old.columns.join() === t.columns.join()) continue;
    db.exec(t.sql.replace(new RegExp(`^CREATE TABLE ${name}\\b`), `CREATE TABLE ${name}__new`));
    const cols = t.columns.filter((c) => old.columns.includes(c));
    const select = [...cols];
    if (t.columns.includes('source_id') && !old.columns.includes('source_id') && old.columns.includes('source')) {
      db.exec(
        `INSERT OR IGNORE INTO sources (path, hash) SELECT DISTINCT source, '' FROM ${name} WHERE source IS NOT NULL`,
      );
      cols.push('source_id');
      select.push(`(SELECT s.id FROM sources s WHERE s.path = ${name}.source AND s.hash = '')`);
    }
    db.exec(`INSERT INTO ${name}__new (${cols.join(', ')}) SELECT ${select.join(', ')} FROM ${name}`);
    db.exec(`DROP TABLE ${name}`);
    db.exec(`ALTER TABLE ${name}__new RENAME TO ${name}`);
  }
  const keep = new Set(indexes.map((i) => i.name));
  for (const { name } of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all() as { name: string }[]) {
    if (!keep.has(name)) db.exec(`DROP INDEX ${name}`);
  }
  for (const i of indexes) db.exec(i.sql.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
  db.exec(`DELETE FROM pair_outcomes;
    INSERT INTO pair_outcomes (judge_id, system_a, system_b, p_a, strong, n)
    SELECT judge_id, system_a, system_b, p_a, CASE WHEN label LIKE '%>>%' THEN 1 ELSE 0 END, count(*) FROM comparisons WHERE status = 'ok'
    GROUP BY 1, 2, 3, 4, 5`);
  const broken = db.prepare('PRAGMA foreign_key_check').all();
  if (broken.length) throw new Error(`upgrade of a version-1 store left ${broken.length} broken references`);
  return true;
}
