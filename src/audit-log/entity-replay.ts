import { canonicalJson } from './hash-chain';

/** A business row as it is now: its id, a label for people (a code or name) and the fields to compare. */
export interface CurrentRow {
  id: string;
  label: string;
  values: Record<string, unknown>;
}

/** What the change log last recorded for an entity's fields (`changes.<field>.after` of the latest event). */
export interface LoggedValues {
  /** Entities with at least one event. */
  logged: Set<string>;
  values: { entityId: string; field: string; value: unknown; seq: number }[];
}

export interface ReplayMismatch {
  entityType: string;
  entityId: string;
  label: string;
  /** The field whose value differs; absent when the entity has no event at all. */
  field?: string;
  actual?: unknown;
  logged?: unknown;
  /** The event that recorded the logged value. */
  seq?: number;
  message: string;
}

const show = (v: unknown) => (v === undefined ? '(nothing)' : canonicalJson(v));

/**
 * Replays the change log against the rows: every row must have events, and each compared field must hold the value
 * its latest event recorded. A row changed behind the service's back (e.g. `UPDATE findings SET status = 'CLOSED'`
 * in SQL) no longer matches its history and is named here.
 */
export function compareWithLog(
  entityType: string,
  rows: CurrentRow[],
  fields: string[],
  log: LoggedValues,
): ReplayMismatch[] {
  const latest = new Map<string, { value: unknown; seq: number }>();
  for (const v of log.values) latest.set(`${v.entityId}\u0000${v.field}`, { value: v.value, seq: v.seq });
  const mismatches: ReplayMismatch[] = [];
  for (const row of rows) {
    const name = `${entityType} #${row.id} (${row.label})`;
    if (!log.logged.has(row.id)) {
      mismatches.push({
        entityType,
        entityId: row.id,
        label: row.label,
        message: `${name}: exists, but the change log has no event for it (inserted behind the service's back)`,
      });
      continue;
    }
    for (const field of fields) {
      const logged = latest.get(`${row.id}\u0000${field}`);
      const actual = row.values[field] ?? null;
      if (!logged) {
        mismatches.push({
          entityType,
          entityId: row.id,
          label: row.label,
          field,
          actual,
          message: `${name}: ${field} is ${show(actual)}, but no event recorded a value for it`,
        });
        continue;
      }
      if (canonicalJson(actual) !== canonicalJson(logged.value ?? null))
        mismatches.push({
          entityType,
          entityId: row.id,
          label: row.label,
          field,
          actual,
          logged: logged.value,
          seq: logged.seq,
          message: `${name}: ${field} is ${show(actual)} in the table, but the change log's last value is ${show(logged.value)} (entry #${logged.seq})`,
        });
    }
  }
  return mismatches;
}
