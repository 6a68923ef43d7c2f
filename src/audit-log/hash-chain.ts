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
