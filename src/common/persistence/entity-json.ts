import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/*
 * An entity's row written as JSON text by PostgreSQL, in the shape TypeORM would hydrate it (its selected columns,
 * in the entity's order, camelCase property names), so that a read can gather a record and its child records in one
 * statement (issue 22: the finding's detail went from nine statements to one). Timestamps come as a JS Date's ISO
 * text ("2026-01-02T03:04:05.678Z": pg keeps milliseconds, and so does to_char's MS) and are turned back into Dates
 * by `revive`, so callers get what TypeORM gives them and the API's JSON is unchanged byte for byte.
 */

const TIMESTAMP_TYPES = new Set<unknown>(['timestamptz', 'timestamp with time zone', 'timestamp']);
/** Types pg hands over as JS numbers or booleans (a bigint only when a transformer makes it a number). */
const LITERAL_TYPES = new Set<unknown>(['int', 'integer', 'int4', 'smallint', 'int2', 'boolean', 'bool']);

const selected = (meta: EntityMetadata): ColumnMetadata[] => meta.columns.filter((c) => c.isSelect);
const isTimestamp = (c: ColumnMetadata) => TIMESTAMP_TYPES.has(c.type);

/** A timestamptz as JSON.stringify writes a JS Date (pg and to_char both cut to milliseconds). */
export const isoJsonSql = (column: string) =>
  `'"' || to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;

function valueJsonSql(c: ColumnMetadata, col: string): string {
  if (isTimestamp(c)) return `CASE WHEN ${col} IS NULL THEN 'null' ELSE ${isoJsonSql(col)} END`;
  if (c.isArray) return `coalesce(array_to_json(${col})::text, 'null')`;
  if (LITERAL_TYPES.has(c.type) || (c.type === 'bigint' && c.transformer))
    return `coalesce(${col}::text, 'null')`;
  // text, enums, dates (TypeORM gives 'YYYY-MM-DD' strings), char, and a bigint without transformer (a string).
  return `coalesce(to_json(${col}${c.type === 'bigint' ? '::text' : ''})::text, 'null')`;
}

/** SQL: the row `alias` of the entity's table as a JSON object (text). */
export function entityJsonSql(meta: EntityMetadata, alias: string): string {
  return (
    selected(meta)
      .map(
        (c, i) =>
          `'${i ? ',' : '{'}"${c.propertyName}":' || ${valueJsonSql(c, `${alias}.${c.databaseName}`)}`,
      )
      .join(' || ') + ` || '}'`
  );
}

/** SQL: the JSON array (text) of the entity's rows chosen by `from` (FROM … WHERE … with the row aliased `alias`). */
export const entityArrayJsonSql = (meta: EntityMetadata, alias: string, from: string, orderBy: string) =>
  `'[' || coalesce((SELECT string_agg(${entityJsonSql(meta, alias)}, ',' ORDER BY ${orderBy}) ${from}), '') || ']'`;

/** Turns a parsed row of `entityJsonSql` into what TypeORM hydrates: its timestamps back into Dates. */
export function entityReviver<T>(meta: EntityMetadata): (row: Record<string, unknown>) => T {
  const timestamps = selected(meta)
    .filter(isTimestamp)
    .map((c) => c.propertyName);
  return (row) => {
    for (const p of timestamps) if (typeof row[p] === 'string') row[p] = new Date(row[p]);
    return row as T;
  };
}
