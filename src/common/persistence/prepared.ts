import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { type DataSource, QueryFailedError } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { BoundedMemo } from '../bounded-memo';
import type { Tx } from './transactions';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A read sent as a prepared (named) statement on the data source's own pool: PostgreSQL parses and plans it once
 * per connection instead of on every request (issue 22: planning cost the finding list about as much as running it).
 * The name is a hash of the text, so one text is one statement; callers keep the text's variety small (values go in
 * parameters, LIMIT and OFFSET included) because each connection keeps what it prepared. Outside a transaction only:
 * it takes any free connection of the pool, like `dataSource.query`.
 */
export async function preparedQuery<T extends QueryResultRow>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  return (await named<T>((dataSource.driver as PostgresDriver).master as Pool, text, values)).rows;
}

/**
 * `text` sent as the statement named after it on `client` (a pool or one connection), its failure reported as TypeORM
 * reports a failed statement, so that bad input refused by PostgreSQL (a number out of range) maps to a 400 like every
 * other statement's, not to a 500.
 */
function named<T extends QueryResultRow>(
  client: Pool | PoolClient,
  text: string,
  values: unknown[],
): Promise<QueryResult<T>> {
  return client
    .query<T>({ name: statementName(text), text, values })
    .catch((err: Error) => Promise.reject(new QueryFailedError(text, values, err)));
}

/**
 * A statement of fixed text through `tx`, prepared: on the transaction's own connection inside a transaction, on any
 * free connection of the pool outside one (the data source's own manager, e.g. from `Transactions.read`). For the
 * statements every lifecycle step sends (the change log's head and append, the notifications outbox, the automatic
 * assessment), CachedSelect's reads and the gate's facts: PostgreSQL plans each once per connection, and the
 * statement skips TypeORM's per-query wrapper (its before/after broadcasts and result object) — issue 22: a
 * transition spent about a fifth of its Node CPU in TypeORM. Keep the text fixed (values in parameters): each
 * connection keeps what it prepared. Errors are reported as TypeORM reports a failed statement (QueryFailedError),
 * so they map to HTTP as before. The answer is pg's: `rows`, and `rowCount` for an UPDATE or DELETE.
 */
export async function preparedStatement<T extends QueryResultRow>(
  tx: Tx,
  text: string,
  values: unknown[] = [],
): Promise<QueryResult<T>> {
  const runner = tx.queryRunner as PostgresQueryRunner | undefined;
  const client: Pool | PoolClient = runner
    ? ((await runner.connect()) as PoolClient)
    : ((tx.connection.driver as PostgresDriver).master as Pool);
  return named<T>(client, text, values);
}

/**
 * The same, sent on the transaction's connection before this call returns (no await first), so that a statement the
 * caller sends next (TypeORM's COMMIT) goes out behind it on the pipelining pool (pool-options.ts). For a
 * transaction whose connection is open: `tx` must be in a transaction started through TypeORM.
 */
export function sendPrepared<T extends QueryResultRow>(
  tx: Tx,
  text: string,
  values: unknown[] = [],
): Promise<QueryResult<T>> {
  const runner = tx.queryRunner;
  // TypeORM keeps the runner's connection protected; it is set once the runner has connected (its transaction began).
  const client = runner?.isTransactionActive
    ? (runner as unknown as { databaseConnection?: PoolClient }).databaseConnection
    : undefined;
  // Thrown, not returned as a rejection: a caller about to COMMIT (the change log) must fail before it, not after.
  if (!client) throw new Error('sendPrepared needs a transaction with its connection open');
  return named<T>(client, text, values);
}

/**
 * The names given so far, so that a hot read does not hash its text on every call. The texts are a bounded set of
 * shapes (CachedSelect's, the list's filter combinations); the bound only guards against a caller that is not.
 */
const names = new BoundedMemo<string, string>(2_000);

/** A prepared statement's name: a hash of its text (the bench's reference handlers name theirs the same way). */
export function statementName(text: string): string {
  return names.get(text, () => `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`);
}
