import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  HAZARD_LEVEL_LABEL,
} from '../src/findings/finding.enums';
import { overdueSql } from '../src/findings/rules/open-and-overdue';
import { isoJsonSql } from '../src/common/persistence/entity-json';

/*
 * A finding as JSON text written by PostgreSQL, byte for byte what JSON.stringify writes of the service's findingView /
 * findingDetailView (compact, the view's key order, timestamps as a JS Date's ISO string, labels from the same
 * tables): the best handler's list and detail (best-server.ts; the bench compares its answers with the service's).
 * The service itself answered its list this way for a while; an A/B on PostgreSQL 15 at 32 clients showed no gain
 * there (444 vs 439 req/s, 3 × 10 s each): its remaining cost per request is the framework's, so it went back to
 * building objects (issue 22, README → Benchmark).
 */

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A CASE over an enum column answering its label as a JSON string literal (the labels are constants). */
export const labelJsonSql = (column: string, labels: Record<string, string>) =>
  `CASE ${column}::text ${Object.entries(labels)
    .map(([k, v]) => `WHEN ${quote(k)} THEN ${quote(JSON.stringify(v))}`)
    .join(' ')} END`;

/** A timestamptz as JSON.stringify writes a JS Date: the service's own (its detail and gate reads write them so). */
export { isoJsonSql };

/** `expr` (JSON text), or null when `column` is null. */
export const nullableJsonSql = (expr: string, column: string) =>
  `CASE WHEN ${column} IS NULL THEN 'null' ELSE ${expr} END`;

/**
 * The finding `f` (with its unit `u` and round `r` joined) as findingDetailView writes it, without the closing brace.
 * `today` and `owes` are the statement's parameters of the overdue rule. The list passes no related parts (the view's
 * round/unit/recurrenceOf are undefined there, which JSON.stringify leaves out); the detail passes the SQL of each.
 */
export const findingJsonSql = (
  today: string,
  owes: string,
  related?: { round: string; unit: string; recurrenceOf: string },
): string =>
  [
    `'{"id":' || f.id`,
    `',"code":' || to_json(f.code)`,
    `',"roundId":' || f.round_id`,
    ...(related ? [`',"round":' || ${related.round}`] : []),
    `',"unitId":' || f.unit_id`,
    ...(related ? [`',"unit":' || ${related.unit}`] : []),
    `',"description":' || to_json(f.description)`,
    `',"location":' || to_json(f.location)`,
    `',"level":"' || f.level || '"'`,
    `',"category":"' || f.category || '"'`,
    `',"tags":' || array_to_json(f.tags)`,
    `',"source":"' || f.source || '"'`,
    `',"foundDate":"' || f.found_date || '"'`,
    `',"foundBy":' || to_json(f.found_by)`,
    `',"deadline":"' || f.deadline || '"'`,
    `',"responsiblePerson":' || to_json(f.responsible_person)`,
    `',"responsibleLeader":' || ${nullableJsonSql('to_json(f.responsible_leader)::text', 'f.responsible_leader')}`,
    `',"status":"' || f.status || '"'`,
    `',"recurrenceOfId":' || coalesce(f.recurrence_of_id::text, 'null')`,
    ...(related ? [`',"recurrenceOf":' || ${related.recurrenceOf}`] : []),
    `',"cancelReason":' || ${nullableJsonSql('to_json(f.cancel_reason)::text', 'f.cancel_reason')}`,
    `',"closedAt":' || ${nullableJsonSql(isoJsonSql('f.closed_at'), 'f.closed_at')}`,
    `',"returnReason":' || ${nullableJsonSql('to_json(f.return_reason)::text', 'f.return_reason')}`,
    `',"createdById":' || f.created_by_id`,
    `',"version":' || f.version`,
    `',"createdAt":' || ${isoJsonSql('f.created_at')}`,
    `',"updatedAt":' || ${isoJsonSql('f.updated_at')}`,
    `',"unitName":' || to_json(u.name)`,
    `',"roundName":' || to_json(r.name)`,
    `',"overdue":' || ${overdueSql('f', owes, today)}::text`,
    `',"statusLabel":' || ${labelJsonSql('f.status', FINDING_STATUS_LABEL)}`,
    `',"levelLabel":' || ${labelJsonSql('f.level', HAZARD_LEVEL_LABEL)}`,
    `',"categoryLabel":' || ${labelJsonSql('f.category', FINDING_CATEGORY_LABEL)}`,
    `',"sourceLabel":' || ${labelJsonSql('f.source', FINDING_SOURCE_LABEL)}`,
  ].join('\n    || ');

/** A list item: the finding as findingView writes it. */
export const findingItemJsonSql = (today: string, owes: string): string =>
  `${findingJsonSql(today, owes)} || '}'`;
