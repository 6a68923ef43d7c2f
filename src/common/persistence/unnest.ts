/**
 * Rows as one array per column, in `columns` order: the parameters of a multi-row
 * `INSERT … SELECT * FROM unnest($1::type[], $2::type[], …)` (one statement for any number of rows).
 */
export const unnestColumns = <T, K extends keyof T>(rows: readonly T[], columns: readonly K[]): T[K][][] =>
  columns.map((c) => rows.map((r) => r[c]));
