import type { EntityMetadata, ValueTransformer } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/*
 * An entity's row written as JSON text by PostgreSQL, in the shape TypeORM would hydrate it (its selected columns,
 * in the entity's order, camelCase property names), so that a read can gather a record and its child records in one
 * statement (issue 22: the finding's detail went from nine statements to one). Timestamps come as a JS Date's ISO
 * text ("2026-01-02T03:04:05.678Z": pg keeps milliseconds, and so does to_char's MS) and are turned back into Dates
 * by `revive`, so callers get what TypeORM gives them and the API's JSON is unchanged byte for byte.
 */

const TIMESTAMP_TYPES = new Set<unknown>(['timestamptz', 'timestamp with time zone']);
/** Written as JSON literals: pg hands these over as JS numbers and booleans. */
const LITERAL_TYPES = new Set<unknown>([
  Number,
  'int',
  'int4',
  'integer',
  'smallint',
  'int2',
  'boolean',
  Boolean,
]);
/** Written as JSON strings, as pg hands them over (a `date` too: the data source keeps dates as strings). */
const STRING_TYPES = new Set<unknown>([String, 'text', 'varchar', 'char', 'enum', 'date', 'uuid']);
/** pg hands these over as strings (no JS number holds every value); a column transformer may make them numbers. */
const DIGIT_STRING_TYPES = new Set<unknown>(['bigint', 'int8', 'numeric', 'decimal']);
const ARRAY_ELEMENT_TYPES = new Set<unknown>(['int', 'int4', 'integer', 'smallint', 'int2', 'text', 'enum']);

const selected = (meta: EntityMetadata): ColumnMetadata[] => meta.columns.filter((c) => c.isSelect);
const isTimestamp = (c: ColumnMetadata) => TIMESTAMP_TYPES.has(c.type);
const typeName = (c: ColumnMetadata) => (typeof c.type === 'function' ? c.type.name : String(c.type));

/** A timestamptz as the text of a JS Date's toISOString (pg and to_char both cut to milliseconds); null stays null. */
export const isoTextSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A timestamptz as JSON.stringify writes a JS Date. */
export const isoJsonSql = (column: string) => `'"' || ${isoTextSql(column)} || '"'`;

/**
 * SQL: one column's value as JSON text, as pg would hand it to TypeORM (before the column's transformer, which
 * `entityReviver` applies). A type not listed fails when the statement is built, not with a silently different value.
 */
function valueJsonSql(meta: EntityMetadata, c: ColumnMetadata, col: string): string {
  if (c.isArray) {
    if (!ARRAY_ELEMENT_TYPES.has(c.type))
      throw new Error(`entity-json: ${meta.tableName}.${c.databaseName}: ${typeName(c)}[]`);
    return `coalesce(array_to_json(${col})::text, 'null')`;
  }
  if (isTimestamp(c)) return `CASE WHEN ${col} IS NULL THEN 'null' ELSE ${isoJsonSql(col)} END`;
  if (LITERAL_TYPES.has(c.type)) return `coalesce(${col}::text, 'null')`;
  if (STRING_TYPES.has(c.type)) return `coalesce(to_json(${col})::text, 'null')`;
  if (DIGIT_STRING_TYPES.has(c.type)) return `coalesce(to_json(${col}::text)::text, 'null')`;
  if (c.type === 'jsonb' || c.type === 'json') return `coalesce(${col}::text, 'null')`;
  throw new Error(`entity-json: ${meta.tableName}.${c.databaseName}: type ${typeName(c)} is not handled`);
}

/** SQL: the row `alias` of the entity's table as a JSON object (text). */
export function entityJsonSql(meta: EntityMetadata, alias: string): string {
  return (
    selected(meta)
      .map(
        (c, i) =>
          `'${i ? ',' : '{'}"${c.propertyName}":' || ${valueJsonSql(meta, c, `${alias}.${c.databaseName}`)}`,
      )
      .join(' || ') + ` || '}'`
  );
}

/** SQL: the JSON array (text) of the entity's rows chosen by `from` (FROM … WHERE … with the row aliased `alias`). */
export const entityArrayJsonSql = (meta: EntityMetadata, alias: string, from: string, orderBy: string) =>
  `'[' || coalesce((SELECT string_agg(${entityJsonSql(meta, alias)}, ',' ORDER BY ${orderBy}) ${from}), '') || ']'`;

/** As TypeORM applies a column's transformer(s) to a value read: the last one first. */
const transformFrom = (t: ValueTransformer | ValueTransformer[], value: unknown): unknown =>
  Array.isArray(t) ? t.reduceRight((v, one) => one.from(v), value) : t.from(value);

/**
 * Turns a parsed row of `entityJsonSql` into what TypeORM hydrates: timestamps back into Dates, and each column's
 * transformer applied (e.g. a plan's bigint funds as a number), as TypeORM applies it, null values included.
 */
export function entityReviver<T>(meta: EntityMetadata): (row: Record<string, unknown>) => T {
  const columns = selected(meta);
  const timestamps = columns.filter(isTimestamp).map((c) => c.propertyName);
  const transformed = columns.filter((c) => c.transformer);
  return (row) => {
    for (const p of timestamps) if (typeof row[p] === 'string') row[p] = new Date(row[p]);
    for (const c of transformed) row[c.propertyName] = transformFrom(c.transformer!, row[c.propertyName]);
    return row as T;
  };
}

/** The same for an `entityArrayJsonSql` column: the array's text parsed, each row revived. */
export function entityArrayReviver<T>(meta: EntityMetadata): (json: string) => T[] {
  const revive = entityReviver<T>(meta);
  return (json) => (JSON.parse(json) as Record<string, unknown>[]).map(revive);
}
