/**
 * The one statement that appends a transaction's change-log entries: append_change_events
 * (migrations/1796510000000-AppendChangeEventsInDatabase.ts) locks the chain head, hashes each entry onto it in the
 * database, inserts the entries and moves the head. Free of TypeORM, so the benchmark's bare handler sends exactly
 * what ChangeLogRepository.appendPending sends.
 */
import { unnestColumns } from '../common/persistence/unnest';
import { chainTextParts, type UnplacedFields } from './hash-chain';

/** What the statement returns for each entry, in the order given. */
export interface AppendedEntry {
  entry_seq: string;
  entry_time: Date;
  entry_prev_hash: string;
  entry_hash: string;
}

export const APPEND_CHANGE_EVENTS = `SELECT entry_seq, entry_time, entry_prev_hash, entry_hash
         FROM append_change_events($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[],
                                   $8::text[], $9::int[], $10::jsonb[], $11::text[])`;

/** The statement's parameters for `entries`, in chain order: the hashed text's three parts, then one array per column. */
export function appendParameters(entries: readonly UnplacedFields[]): unknown[] {
  const texts = entries.map(chainTextParts);
  return [
    ...[0, 1, 2].map((part) => texts.map((t) => t[part])),
    ...unnestColumns(
      entries.map((e) => ({ ...e, changes: JSON.stringify(e.changes) })),
      ['actorId', 'actorName', 'action', 'entityType', 'entityId', 'unitId', 'changes', 'requestId'],
    ),
  ];
}
