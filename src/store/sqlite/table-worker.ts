import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './connection.js';
import type { ComparisonFilter } from '../store.js';
import { tableBuffers } from './parallel-table.js';
import { readComparisonTable, type IdRange } from './sqlite-table.js';

/** Worker thread entry of {@link readComparisonTableParallel}: reads its share of the ids on a read-only connection. */
const { path, filter, range } = workerData as { path: string; filter: ComparisonFilter; range: IdRange };
const db = openDatabase(path, { readonly: true, fileMustExist: true });
try {
  const table = readComparisonTable(db, filter, range);
  parentPort!.postMessage(table, tableBuffers(table));
} finally {
  db.close();
}
