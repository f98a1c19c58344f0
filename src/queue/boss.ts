import type PgBoss from 'pg-boss';

/** Options of the queue connection. */
export interface BossOptions {
  /** How often one of the connected processes expires overdue jobs and archives old ones (seconds). */
  maintenanceSeconds?: number;
  /** Whether this process takes part in that maintenance (workers do; enqueueing and status do not). */
  supervise?: boolean;
}

/**
 * A started pg-boss instance on the store's PostgreSQL database (schema `pgboss`, created on first use) with the
 * queue created; pg-boss is loaded on first use. Connection errors are reported through `onError`, not thrown:
 * pg-boss reconnects by itself when the database comes back.
 */
export async function openBoss(
  url: string,
  queue: string,
  o: BossOptions & { onError?: (e: Error) => void } = {},
): Promise<PgBoss> {
  const { default: PgBossClass } = await import('pg-boss');
  const boss = new PgBossClass({
    connectionString: url,
    schema: 'pgboss',
    application_name: 'winrate-queue',
    max: 4,
    supervise: o.supervise ?? false,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: o.maintenanceSeconds ?? 10,
    monitorStateIntervalSeconds: 60,
  });
  boss.on('error', (e: Error) => o.onError?.(e));
  await boss.start();
  await boss.createQueue(queue);
  return boss;
}
