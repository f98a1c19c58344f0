/**
 * A throwaway PostgreSQL cluster started by a test or benchmark: initdb into a temp dir, pg_ctl on a random loopback
 * port.
 */
export interface ThrowawayPostgres {
  port: number;
  /** A URL of a database in the cluster. */
  url(database?: string): string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops (immediate mode: as a crash would) and starts again on the same port and data. */
  restart(mode?: 'fast' | 'immediate'): void;
  /** Stops the server and removes its files. */
  stop(): void;
}

/** Directory of the PostgreSQL server programs: on PATH, else Debian's /usr/lib/postgresql/N/bin. */
export function postgresBin(): string;

/** Starts a cluster; as root, the server runs as the `postgres` user. */
export function startPostgres(): Promise<ThrowawayPostgres>;
