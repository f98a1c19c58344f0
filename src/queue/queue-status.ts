import { openPool } from './pool.js';

/**
 * Job counts of one judge in a queue: waiting, waiting for a retry, being worked on, done, stopped, failed for good.
 */
export interface JudgeQueueCounts {
  judge: string;
  created: number;
  retry: number;
  active: number;
  completed: number;
  cancelled: number;
  failed: number;
  /** USD this judge's stored responses cost (all runs), and the calls without a price. */
  spent: number;
  calls: number;
}

/** A worker's last heartbeat. */
export interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  inFlight: number;
  done: number;
  secondsAgo: number;
  stopped: boolean;
}

/** What a queue holds, per judge, and its workers; null when the database has no queue yet. */
export interface QueueStatus {
  queue: string;
  judges: JudgeQueueCounts[];
  workers: WorkerRow[];
}

const JUDGE = `coalesce(data->'judge'->>'name', (data->'judge'->>'preset') || ':' || (data->'judge'->>'model'))`;

/** Counts of a queue's jobs per judge and state (live and archived jobs), with spend and live workers. */
export async function queueStatus(url: string, queue: string): Promise<QueueStatus | null> {
  const pool = await openPool(url, 1);
  try {
    const has = await pool.query<{ ok: boolean }>("SELECT to_regclass('pgboss.job') IS NOT NULL AS ok");
    if (!has.rows[0].ok) return null;
    const r = await pool.query<{ judge: string; state: string; n: number }>(
      // a judgment's latest job: the live one, else its last archived one (a job queued again replaces an old one)
      `SELECT ${JUDGE} AS judge, state::text AS state, count(*)::int AS n FROM (
      SELECT data, state FROM pgboss.job WHERE name = $1
      UNION ALL SELECT data, state FROM (SELECT DISTINCT ON (id) id, data, state FROM pgboss.archive a WHERE name = $1
        AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = $1 AND j.id = a.id) ORDER BY id, archived_on DESC) y
      ) x GROUP BY 1, 2`,
      [queue],
    );
    const byJudge = new Map<string, JudgeQueueCounts>();
    for (const row of r.rows) {
      let c = byJudge.get(row.judge);
      if (!c)
        byJudge.set(
          row.judge,
          (c = {
            judge: row.judge,
            created: 0,
            retry: 0,
            active: 0,
            completed: 0,
            cancelled: 0,
            failed: 0,
            spent: 0,
            calls: 0,
          }),
        );
      if (row.state in c) (c as unknown as Record<string, number>)[row.state] += row.n;
    }
    if (byJudge.size > 0) {
      const spend = await pool.query<{ judge: string; cost: number; calls: number }>(
        `SELECT judge, coalesce(sum(cost), 0)::float8 AS cost,
        count(*)::int AS calls FROM judge_cache WHERE judge = ANY($1) GROUP BY judge`,
        [[...byJudge.keys()]],
      );
      for (const s of spend.rows) Object.assign(byJudge.get(s.judge) ?? {}, { spent: s.cost, calls: s.calls });
    }
    const w = await pool
      .query<WorkerRow>(
        `SELECT id, host, pid, in_flight AS "inFlight", done, stopped,
      extract(epoch FROM now() - seen_at)::float8 AS "secondsAgo" FROM workers WHERE queue = $1 AND seen_at > now() - interval '1 hour'
      ORDER BY started_at`,
        [queue],
      )
      .catch(() => ({ rows: [] as WorkerRow[] }));
    return { queue, judges: [...byJudge.values()].sort((a, b) => a.judge.localeCompare(b.judge)), workers: w.rows };
  } finally {
    await pool.end();
  }
}

/** One line per judge: queued / retry / active / done / failed / stopped by budget, and spend. */
export function formatQueueStatus(s: QueueStatus): string[] {
  const lines = [`queue ${s.queue}:`];
  for (const j of s.judges) {
    lines.push(
      `  ${j.judge}: ${j.created} queued, ${j.retry} to retry, ${j.active} active, ${j.completed} done, ${j.failed} failed` +
        `${j.cancelled ? `, ${j.cancelled} stopped by the budget` : ''}; $${j.spent.toFixed(4)} over ${j.calls} paid calls`,
    );
  }
  const live = s.workers.filter((w) => !w.stopped && w.secondsAgo < 10);
  lines.push(
    `  workers: ${live.length} live${live.length ? ` (${live.map((w) => `${w.host}:${w.pid} ${w.inFlight} in flight, ${w.done} done`).join('; ')})` : ''}`,
  );
  return lines;
}
