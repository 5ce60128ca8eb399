import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';
import { DatabaseTimeoutError } from './faults.js';

/** How long Filet waits on PostgreSQL. Every value is in milliseconds; 0 means no limit. */
export interface DatabaseTimeouts {
  /** Opening a connection, and waiting for a free one in the pool. */
  connectMs: number;
  /**
   * PostgreSQL cancels a statement that runs longer (`statement_timeout`) and ends a session left idle
   * inside a transaction longer (`idle_in_transaction_session_timeout`), releasing its locks.
   */
  statementMs: number;
  /**
   * Filet stops waiting for the answer to a query after this long and drops that connection: what
   * bounds a request when the database or the network stops answering altogether.
   */
  queryMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 30_000,
  queryMs: 35_000,
};

/** The commands that run long on purpose (migrate, backup, restore, key rotation) wait as long as needed. */
export function withoutStatementLimits(timeouts: DatabaseTimeouts): DatabaseTimeouts {
  return { connectMs: timeouts.connectMs, statementMs: 0, queryMs: 0 };
}

/** Connection settings shared by the pool and the LISTEN connection. */
export function connectionSettings(timeouts: DatabaseTimeouts): pg.ClientConfig {
  return {
    ...(timeouts.connectMs > 0 ? { connectionTimeoutMillis: timeouts.connectMs } : {}),
    // A peer that vanished without closing (a failover, a cut cable) is noticed by the kernel.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(timeouts.statementMs > 0
      ? {
          statement_timeout: timeouts.statementMs,
          idle_in_transaction_session_timeout: timeouts.statementMs,
        }
      : {}),
  };
}

/**
 * A PostgreSQL pool that a lost or silent database cannot bring down:
 * - every client has an `error` listener for its whole life, checked out or idle (node-postgres emits
 *   `error` on a client whose connection drops, and an unheard `error` ends the process);
 * - a query unanswered after `queryMs` is rejected with a DatabaseTimeoutError, the client answers
 *   every later query (the transaction's rollback) at once with the same error, and it is destroyed
 *   when released instead of going back to the pool, where it would hold the next query forever;
 * - a client whose connection failed is never handed out again (the pool drops it on release), so the
 *   pool refills with fresh connections once the database is back.
 * Returns the pg pool (for backups) and the same pool as Kysely's dialect wants it.
 */
export function createPool(options: {
  connectionString: string;
  max: number;
  types: pg.CustomTypesConfig;
  timeouts: DatabaseTimeouts;
  onConnectionError: (error: Error) => void;
}): { pool: pg.Pool; forKysely: PostgresPool } {
  const { timeouts } = options;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    types: options.types,
    application_name: 'filet',
    ...connectionSettings(timeouts),
  });
  // An idle client lost its connection: the pool removes it. Whoever uses a client hears its error
  // through the query, so this listener and the one below only report.
  pool.on('error', (error) => options.onConnectionError(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onConnectionError(error));
  });

  const wrapped = new WeakMap<pg.PoolClient, GuardedClient>();
  const forKysely: PostgresPool = {
    async connect() {
      const client = await pool.connect();
      let guarded = wrapped.get(client);
      if (!guarded) {
        guarded = new GuardedClient(client, timeouts.queryMs);
        wrapped.set(client, guarded);
      }
      return guarded;
    },
    end: () => pool.end(),
  };
  return { pool, forKysely };
}

/** A pool client whose queries have a deadline; see `createPool`. */
class GuardedClient implements PostgresPoolClient {
  #gaveUp: DatabaseTimeoutError | null = null;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly queryMs: number,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') {
      // biome-ignore lint/suspicious/noExplicitAny: a cursor is a pg Submittable; Kysely types it apart.
      return this.client.query(sqlOrCursor as any) as unknown as PostgresCursor<R>;
    }
    if (this.#gaveUp) return Promise.reject(this.#gaveUp);
    const running = this.client.query(sqlOrCursor, parameters as unknown[]) as unknown as Promise<
      PostgresQueryResult<R>
    >;
    if (this.queryMs <= 0) return running;
    return new Promise<PostgresQueryResult<R>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#gaveUp = new DatabaseTimeoutError(this.queryMs);
        // The connection is torn down on release; the query then fails, and nobody waits for it.
        running.catch(() => {});
        reject(this.#gaveUp);
      }, this.queryMs);
      running.then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  release(): void {
    // Passing an error makes pg-pool end the connection instead of keeping it.
    this.client.release(this.#gaveUp ?? undefined);
  }
}
