import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same entry always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface ChainedFields {
  seq: number;
  occurredAt: Date;
  actorId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  unitId: number | null;
  changes: unknown;
  requestId: string | null;
}

export function chainHash(prevHash: string, e: ChainedFields): string {
  const canonical = canonicalJson({
    seq: e.seq,
    occurredAt: e.occurredAt,
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    unitId: e.unitId,
    changes: e.changes,
    requestId: e.requestId,
  });
  return createHash('sha256')
    .update(prevHash + canonical)
    .digest('hex');
}

/** An entry before it has its place in the chain: the append gives it its seq and its time. */
export type UnplacedFields = Omit<ChainedFields, 'seq' | 'occurredAt'>;

/**
 * The text chainHash hashes after the previous hash, in three parts around the two values only the append knows:
 * text = parts[0] + time + parts[1] + seq + parts[2], the time as `Date.toISOString()` writes it. The database joins
 * them under the head's lock (append_change_events, migrations/1796510000000-AppendChangeEventsInDatabase.ts).
 *
 * Cut at the last `"occurredAt":"` and `"seq":`: canonical JSON sorts the keys, so only requestId (a string or null)
 * and unitId follow them, and inside any string a quote is escaped — the same keys nested in `changes` come earlier.
 */
export function chainTextParts(e: UnplacedFields): [string, string, string] {
  const text = canonicalJson({ ...e, seq: 0, occurredAt: PLACEHOLDER_TIME });
  const time = text.lastIndexOf(TIME_KEY) + TIME_KEY.length;
  const seq = text.lastIndexOf(SEQ_KEY) + SEQ_KEY.length;
  return [
    text.slice(0, time),
    text.slice(time + PLACEHOLDER_TIME.toISOString().length, seq),
    text.slice(seq + 1), // the placeholder seq, 0, is one character
  ];
}

const PLACEHOLDER_TIME = new Date(0);
const TIME_KEY = '"occurredAt":"';
const SEQ_KEY = '"seq":';

/** Normalises a value for the log: dates as ISO strings, undefined as null. */
const normalise = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);

const REDACTED = new Set(['passwordHash']);

/** The fields that differ between two snapshots, as `{ field: { before, after } }`; secrets are redacted. */
export function diffSnapshots(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, { before: unknown; after: unknown }> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of keys) {
    if (key === 'version' || key === 'updatedAt' || key === 'createdAt') continue;
    const b = normalise(before?.[key]);
    const a = normalise(after?.[key]);
    if (canonicalJson(b) === canonicalJson(a)) continue;
    changes[key] = REDACTED.has(key)
      ? { before: b === null ? null : '[redacted]', after: '[redacted]' }
      : { before: b, after: a };
  }
  return changes;
}
