/**
 * The raw-PostgreSQL limit for each measured endpoint: a bare `node:http` server with a `pg` Pool of the service's size
 * (20) that sends exactly the SQL the service sends for the same request — the account check, then the endpoint's
 * statements, copied from a trace of the service (`bench/sql-trace.ts`; the bench re-checks them on every run) — and
 * answers the same JSON, built without a framework, an ORM, validation or logging. Run as its own process:
 *   DATABASE_URL=… PORT=… node dist/bench/bare-server.js
 * The caller names the user in `X-Bench-User` (the token check itself is not SQL and is left out).
 */
import { randomUUID } from 'node:crypto';
import { statementName } from '../src/common/persistence/prepared';
import http from 'node:http';
import pg from 'pg';
import { HttpError, ORG_WIDE, OWES, referencePool, serveJson, ZONE } from './reference-server';
import { APPEND_CHANGE_EVENTS, appendParameters } from '../src/audit-log/append-change-events';
import { chainHash, diffSnapshots, type UnplacedFields } from '../src/audit-log/hash-chain';
import { unnestColumns } from '../src/common/persistence/unnest';
import { findingDetailAnswer } from '../src/findings/finding-view';
import { LIST_PAGE_COLUMNS } from '../src/findings/finding-list.repository';
import {
  findingDetailOfRow,
  findingDetailStatement,
  type FindingDetailRow,
} from '../src/findings/finding-detail.repository';
import { UnitScope } from '../src/common/access/unit-scope';
import { gateAnswerOf, gateInScopeSql, type GateInScopeRow } from '../src/closeout/gate-facts.repository';
import { SATISFACTION_CERTIFIERS } from '../src/closeout/closeout-records.service';
import { dataSourceOptions } from '../src/database/data-source';
import { DataSource, type EntityTarget } from 'typeorm';
import { ASSESSMENT_REASON_LABEL, type AssessmentReason } from '../src/assessments/assessment.enums';
import { ORGANISATION_WIDE_ROLES, type Role } from '../src/common/access/roles';
import { message } from '../src/notifications/message-texts';
import { Channel, DeliveryStatus, NotificationKind } from '../src/notifications/notification.enums';
import {
  recipientsOf,
  unitPlace,
  type Candidate,
  type FindingPlace,
} from '../src/notifications/rules/recipients';
import { UNIT_TIER } from '../src/org/unit-kind';
import { dateInZone } from '../src/common/time/business-date';
import type { UnitKind } from '../src/org/unit-kind';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  HAZARD_LEVEL_LABEL,
} from '../src/findings/finding.enums';
import type { RoundCountRow } from '../src/findings/round-statistics.repository';
import { roundStatisticsOf } from '../src/findings/round-statistics.view';
import { roundHeadline } from '../src/findings/rules/counting';
import type { RoundKind } from '../src/rounds/round.enums';
import { hasRectificationEvidence } from '../src/findings/rules/summary-evidence';
import type { EvidenceKind } from '../src/findings/finding.enums';
import { obligationRequiresWeek, reportCell } from '../src/weekly-reports/rules/compliance-cell';
import { weekCounts } from '../src/weekly-reports/rules/counted-weeks';
import {
  COMPLIANCE_REPORTS,
  type FoldedComplianceRow,
  unfoldComplianceReports,
} from '../src/weekly-reports/weekly-reports.repository';
import {
  compareWeeks,
  dueInstant,
  formatWeek,
  mondayOf,
  parseWeek,
  thursdayOf,
  weeksBetween,
} from '../src/weekly-reports/rules/iso-week';
import { COMPANY_UNIT_IDS } from '../src/weekly-reports/obligations.repository';
import { FINDING, UNIT, ROUND, PLAN, OBLIGATION, EVENT, ASSESSMENT, PREFERENCE } from './entity-columns';

pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
const pool = referencePool('bare');

// ---------------------------------------------------------------- SQL, as TypeORM writes it

const cols = (alias: string, list: string) =>
  list
    .split(' ')
    .map((c) => `"${alias}"."${c}" AS "${alias}_${c}"`)
    .join(', ');
const params = (from: number, n: number) => Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');
/** `repository.find({ where: { col: $1 }, order })` / `findOne(…)`. */
const findBy = (alias: string, table: string, list: string, col: string, order = '', limit = '') =>
  `SELECT ${cols(alias, list)} FROM "${table}" "${alias}" WHERE (("${alias}"."${col}" = $1))${order}${limit}`;

const SQL = {
  actor: `SELECT u.id, u.username, u.display_name, u.roles::text AS roles, u.active, u.token_version, u.must_change_password, u.home_unit_id, un.path
         FROM users u LEFT JOIN units un ON un.id = u.home_unit_id WHERE u.id = $1`,
  scopedFinding: (scoped: boolean, lock: boolean) =>
    `SELECT ${cols('f', FINDING)} FROM "findings" "f" INNER JOIN "units" "u" ON "u"."id"="f"."unit_id" WHERE "f"."id" = $1${scoped ? ` AND "u"."path" LIKE $2` : ''}${lock ? ' FOR UPDATE OF f' : ''}`,
  unit: findBy('Unit', 'units', UNIT, 'id', '', ' LIMIT 1'),
  round: findBy('AuditRound', 'rounds', ROUND, 'id', '', ' LIMIT 1'),
  latestPlan: findBy(
    'RectificationPlan',
    'rectification_plans',
    PLAN,
    'finding_id',
    ' ORDER BY "RectificationPlan"."revision" DESC',
    ' LIMIT 1',
  ),
  lineageOfId: `SELECT ${cols('u', UNIT)} FROM "units" "u" WHERE "u"."id" = ANY (string_to_array(trim(both '/' from (SELECT p.path FROM units p WHERE p.id = $1)), '/')::int[]) ORDER BY "u"."path" ASC`,
  unitsByIds: (n: number) =>
    `SELECT ${cols('Unit', UNIT)} FROM "units" "Unit" WHERE (("Unit"."id" IN (${params(1, n)}))) ORDER BY "Unit"."path" ASC`,
  // ObligationsRepository.findCompanyCampaignsBetween: the obligations that may ask for one of the weeks, with their round.
  campaignsBetween: `SELECT ${cols('o', OBLIGATION)}, ${cols('r', ROUND)} FROM "weekly_report_obligations" "o" INNER JOIN "rounds" "r" ON "r"."id"="o"."round_id" WHERE "r"."company_unit_id" = $1 AND "o"."active" AND "o"."start_date" <= $2 AND ("o"."end_date" IS NULL OR "o"."end_date" >= $3) AND ("r"."closed_at" IS NULL OR "r"."closed_at" >= CAST($3 AS date) - 2) ORDER BY "o"."id" ASC`,
  companyUnitIds: COMPANY_UNIT_IDS,
  firstPlanAt: `SELECT "RectificationPlan"."id" AS "RectificationPlan_id", "RectificationPlan"."submitted_at" AS "RectificationPlan_submitted_at" FROM "rectification_plans" "RectificationPlan" WHERE (("RectificationPlan"."finding_id" = $1)) ORDER BY "RectificationPlan"."revision" ASC LIMIT 1`,
  evidenceTimes: `SELECT "EvidenceFile"."kind" AS "EvidenceFile_kind", "EvidenceFile"."uploaded_at" AS "EvidenceFile_uploaded_at", "EvidenceFile"."id" AS "EvidenceFile_id" FROM "evidence_files" "EvidenceFile" WHERE (("EvidenceFile"."finding_id" = $1))`,
  events: (where: string, limit: number, offset: number) =>
    `SELECT ${cols('e', EVENT)} FROM "change_events" "e"${where} ORDER BY "e"."seq" DESC LIMIT ${limit} OFFSET ${offset}`,
  eventCount: (where: string) => `SELECT COUNT(1) AS "cnt" FROM "change_events" "e"${where}`,
  obligations: `SELECT ${cols('o', OBLIGATION)} FROM "weekly_report_obligations" "o" INNER JOIN "rounds" "r" ON "r"."id" = "o"."round_id" WHERE "r"."company_unit_id" = $1 ORDER BY "o"."id" ASC`,
  unitIdsIn: (n: number, scoped: boolean) =>
    `SELECT "u"."id" AS "id" FROM "units" "u" WHERE "u"."id" IN (${params(1, n)})${scoped ? ` AND "u"."path" LIKE $${n + 1}` : ''}`,
  unitsIn: (n: number) =>
    `SELECT ${cols('Unit', UNIT)} FROM "units" "Unit" WHERE (("Unit"."id" IN (${params(1, n)}))) ORDER BY "Unit"."path" ASC`,
  weeklyReports: COMPLIANCE_REPORTS,
  scopedRound: (scoped: boolean) =>
    `SELECT ${cols('r', ROUND)} FROM "rounds" "r" INNER JOIN "units" "cu" ON "cu"."id" = "r"."company_unit_id" WHERE "r"."id" = $1${scoped ? ` AND ($2 LIKE "cu"."path" || '%' OR "cu"."path" LIKE $3)` : ''}`,
  roundStatistics: (
    scope: string,
  ) => `SELECT c.source, c.status, c.level, c.category, c.unit_id, u.name AS unit_name, c.n, c.overdue
         FROM (SELECT f.source, f.status, f.level, f.category, f.unit_id, count(*)::int AS n,
                      count(*) FILTER (WHERE (f.status = ANY($2) AND f.deadline < $3))::int AS overdue
                 FROM findings f
                WHERE f.round_id = $1${scope}
                GROUP BY f.source, f.status, f.level, f.category, f.unit_id) c
         JOIN units u ON u.id = c.unit_id
        ORDER BY u.path`,
  insertSummary: `INSERT INTO "rectification_summaries"("finding_id", "what_was_done", "root_cause", "evidence_ids", "late", "deadline_at_submission", "submitted_by_id", "submitted_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "id", "evidence_ids", "submitted_at"`,
  updateStatus: `UPDATE "findings" SET "status" = $1, "version" = "version" + 1, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = $2 RETURNING "version", "updated_at"`,
  // The entries hashed onto the head and appended, and the head moved, in one statement under the head's lock
  // (ChangeLogRepository.appendPending).
  appendEvents: APPEND_CHANGE_EVENTS,
  // The unlocked reference: the same entries into the copy, the head neither locked nor moved.
  appendUnlocked: `INSERT INTO change_events_unlocked (seq, occurred_at, actor_id, actor_name, action, entity_type, entity_id, unit_id,
                                    changes, request_id, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::int[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::int[], $9::jsonb[], $10::text[], $11::text[], $12::text[])`,
  cancelReminders: `UPDATE notification_deliveries d SET status = $3
         FROM notifications n
        WHERE n.id = d.notification_id AND n.finding_id = $1 AND n.kind = ANY($2) AND d.status = $4
        RETURNING d.id`,
  insertAssessment: `INSERT INTO assessments (unit_id, person_names, reason, points, amount_yuan, text, source_type, source_id, finding_id, assessed_on, lateness_deadline, created_by_id)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, $10, NULL)
       ON CONFLICT DO NOTHING RETURNING id`,
  assessment: findBy('Assessment', 'assessments', ASSESSMENT, 'id', '', ' LIMIT 1'),
  // The notifications written in the transition's transaction (src/notifications, the outbox).
  groupMembers: `SELECT m.user_id AS "userId", u.username, u.display_name AS "displayName", m.position, m.joined_at AS "joinedAt"
         FROM supervision_group_members m JOIN users u ON u.id = m.user_id
        WHERE m.group_id = $1 AND m.left_at IS NULL
        ORDER BY array_position(ARRAY['LEADER','EXECUTIVE_DEPUTY','DEPUTY','MEMBER']::group_position[], m.position), u.username`,
  activeRecipients: `SELECT u.id, u.display_name, u.roles::text AS roles, un.path
             FROM users u LEFT JOIN units un ON un.id = u.home_unit_id
            WHERE u.active AND (u.roles::text[] && $1::text[] OR $2 LIKE un.path || '%')
            ORDER BY u.id`,
  webhooksFor: `SELECT w.id, w.channel FROM notification_webhooks w LEFT JOIN units u ON u.id = w.unit_id
        WHERE w.active AND (($1 LIKE u.path || '%') OR w.supervision_group_id = $2) ORDER BY w.id`,
  preferences: `SELECT ${cols('p', PREFERENCE)} FROM "notification_preferences" "p" WHERE "p"."user_id" = ANY($1)`,
  insertNotifications: `INSERT INTO notifications (user_id, kind, finding_id, title, body, link, dedupe_key, created_at)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::timestamptz[])
       ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id, user_id`,
  insertDeliveries: `INSERT INTO notification_deliveries (notification_id, channel, address, status, next_attempt_at, subject, text)
       SELECT n, c, a, $4, t, s, x
         FROM unnest($1::int[], $2::text[], $3::text[], $5::timestamptz[], $6::text[], $7::text[]) AS d(n, c, a, t, s, x)`,
};

/** The list's WHERE clause and parameters, in the order findingListQuery adds them. */
function listWhere(actor: Actor, q: URLSearchParams, today: string): { where: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (actor.scope !== null)
    parts.push(
      `"f"."unit_id" = ANY (ARRAY(SELECT s.id FROM units s WHERE s.path LIKE ${p(`${actor.scope}%`)}))`,
    );
  if (q.get('roundId')) parts.push(`"f"."round_id" = ${p(Number(q.get('roundId')))}`);
  if (q.get('unitId'))
    parts.push(
      `"f"."unit_id" = ANY (ARRAY(SELECT s.id FROM units s WHERE s.path LIKE (SELECT p.path FROM units p WHERE p.id = ${p(Number(q.get('unitId')))}) || '%'))`,
    );
  const statuses = (q.get('status') ?? '').split(',').filter(Boolean);
  if (statuses.length) parts.push(`"f"."status" IN (${statuses.map(p).join(', ')})`);
  if (q.get('level')) parts.push(`"f"."level" = ${p(q.get('level'))}`);
  if (q.has('overdue')) {
    const overdue = `("f"."status" = ANY(${p(OWES)}) AND "f"."deadline" < ${p(today)})`;
    parts.push(q.get('overdue') === 'true' ? overdue : `NOT ${overdue}`);
  }
  return { where: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', values };
}
/** The list's page of ids reads findings alone (FindingListRepository's narrow shape). */
const LIST_FROM = `FROM "findings" "f"`;
/**
 * A statement prepared under a name derived from its text, as the service's preparedStatement does: on a
 * transaction's connection where the service sends it there (its CachedSelect reads, the change log, the outbox, the
 * automatic assessment), else on the pool (`prepared`, as preparedQuery).
 */
const named = (client: pg.Pool | pg.PoolClient, text: string, values: unknown[] = []) =>
  client.query({ name: statementName(text), text, values });
const prepared = (text: string, values: unknown[]) => named(pool, text, values);

// ---------------------------------------------------------------- handlers

interface Actor {
  id: number;
  displayName: string;
  roles: string[];
  homeUnitId: number | null;
  homePath: string | null;
  scope: string | null;
}

type Row = Record<string, unknown>;
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** A TypeORM-style raw row (`alias_column`) as an entity-like object. */
function entity(row: Row, alias: string): Row {
  const out: Row = {};
  const prefix = `${alias}_`;
  for (const [k, v] of Object.entries(row)) if (k.startsWith(prefix)) out[camel(k.slice(prefix.length))] = v;
  return out;
}
const entities = (rows: Row[], alias: string) => rows.map((r) => entity(r, alias));
const today = () => dateInZone(new Date(), ZONE);

/**
 * The account check cached 5 s per user, as the service's ActorRowsService (which also drops a row when the database
 * announces a change; the bench changes no account, so the bare handler leaves that out).
 */
const actorRows = new Map<number, { rows: unknown[]; until: number }>();
async function actorRow(id: number): Promise<unknown[]> {
  const hit = actorRows.get(id);
  if (hit && hit.until > Date.now()) return hit.rows;
  const { rows } = await pool.query(SQL.actor, [id]);
  actorRows.set(id, { rows, until: Date.now() + 5_000 });
  return rows;
}

async function actorOf(req: http.IncomingMessage): Promise<Actor> {
  const id = Number(req.headers['x-bench-user']);
  const rows = await actorRow(id);
  const u = rows[0] as
    | {
        id: number;
        display_name: string;
        roles: string;
        active: boolean;
        must_change_password: boolean;
        home_unit_id: number | null;
        path: string | null;
      }
    | undefined;
  if (!u || !u.active) throw new HttpError(401, 'UNAUTHORIZED');
  if (u.must_change_password) throw new HttpError(403, 'PASSWORD_CHANGE_REQUIRED');
  const roles = u.roles
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
  return {
    id: u.id,
    displayName: u.display_name,
    roles,
    homeUnitId: u.home_unit_id,
    homePath: u.path,
    scope: roles.some((r) => ORG_WIDE.includes(r)) ? null : (u.path ?? '/none/'),
  };
}

function findingView(row: Row, day: string, extra: Row = {}): Row {
  // The API does not show the 判定依据 id (the detail names the clause elsewhere); the list selects it all the same.
  const { majorCriterionId: _criterion, ...f } = row;
  return {
    ...f,
    ...extra,
    overdue: OWES.includes(f.status as string) && (f.deadline as string) < day,
    statusLabel: FINDING_STATUS_LABEL[f.status as keyof typeof FINDING_STATUS_LABEL],
    levelLabel: HAZARD_LEVEL_LABEL[f.level as keyof typeof HAZARD_LEVEL_LABEL],
    categoryLabel: FINDING_CATEGORY_LABEL[f.category as keyof typeof FINDING_CATEGORY_LABEL],
    sourceLabel: FINDING_SOURCE_LABEL[f.source as keyof typeof FINDING_SOURCE_LABEL],
  };
}

async function scopedFinding(
  actor: Actor,
  id: number,
  client: pg.Pool | pg.PoolClient = pool,
  lock = false,
): Promise<Row> {
  const values: unknown[] = [id];
  if (actor.scope !== null) values.push(`${actor.scope}%`);
  const { rows } = await named(client, SQL.scopedFinding(actor.scope !== null, lock), values);
  if (!rows.length) throw new HttpError(404, 'NOT_FOUND');
  return entity(rows[0] as Row, 'f');
}

async function list(actor: Actor, q: URLSearchParams) {
  const day = today();
  const { where, values } = listWhere(actor, q, day);
  const limit = Number(q.get('limit') ?? 50);
  const offset = Number(q.get('offset') ?? 0);
  const page = await prepared(
    `WITH page AS (SELECT "f"."id" AS "id", count(*) OVER () AS "total" ${LIST_FROM}${where} ORDER BY "f"."code" ASC, "f"."id" ASC LIMIT $${values.length + 1} OFFSET $${values.length + 2})
       SELECT ${LIST_PAGE_COLUMNS}, u.name AS unit_name, r.name AS round_name, page.total
         FROM page JOIN findings f ON f.id = page.id JOIN units u ON u.id = f.unit_id JOIN rounds r ON r.id = f.round_id
        ORDER BY f.code ASC, f.id ASC`,
    [...values, limit, offset],
  );
  const rows = page.rows as Row[];
  const total = rows.length
    ? Number(rows[0].total)
    : offset > 0
      ? Number(
          (
            (await pool.query(`SELECT COUNT(DISTINCT("f"."id")) AS "cnt" ${LIST_FROM}${where}`, values))
              .rows[0] as {
              cnt: string;
            }
          ).cnt,
        )
      : 0;
  return {
    items: rows.map((r) => {
      const { unit_name, round_name, total: _total, ...f } = r;
      return findingView(f, day, { unitName: unit_name, roundName: round_name });
    }),
    total,
  };
}

/**
 * The service's detail and close-out gate statements, built by the service's own code from the entities' metadata (a DataSource used for
 * its metadata only: no request's query goes through it), and its row turned into the answer the same way.
 */
const serviceStatements = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { extra: { max: 1 } }))
  .initialize()
  .then((ds) => {
    const metadataOf = (entity: EntityTarget<unknown>) => ds.getMetadata(entity);
    return {
      scoped: findingDetailStatement(metadataOf, UnitScope.ofHome(false, '/')),
      organisationWide: findingDetailStatement(metadataOf, UnitScope.ORGANISATION),
      ofRow: findingDetailOfRow(metadataOf),
    };
  });

async function detail(actor: Actor, id: number) {
  const statements = await serviceStatements;
  const scoped = actor.scope !== null;
  const { rows } = await prepared(
    scoped ? statements.scoped : statements.organisationWide,
    scoped ? [id, `${actor.scope}%`] : [id],
  );
  if (!rows.length) throw new HttpError(404, 'NOT_FOUND');
  return findingDetailAnswer(statements.ofRow(rows[0] as FindingDetailRow), today());
}

async function history(actor: Actor, q: URLSearchParams) {
  const values: unknown[] = [];
  const parts: string[] = [];
  if (q.get('entityType')) parts.push(`"e"."entity_type" = $${values.push(q.get('entityType'))}`);
  if (q.get('entityId')) parts.push(`"e"."entity_id" = $${values.push(q.get('entityId'))}`);
  if (actor.scope !== null)
    parts.push(
      `"e"."unit_id" IN (SELECT u.id FROM units u WHERE u.path LIKE $${values.push(`${actor.scope}%`)})`,
    );
  const where = parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
  const limit = Number(q.get('limit') ?? 50);
  const offset = Number(q.get('offset') ?? 0);
  const items = ((await pool.query(SQL.events(where, limit, offset), values)).rows as Row[]).map((r) => {
    const e = entity(r, 'e');
    e.seq = Number(e.seq);
    return e;
  });
  // TypeORM counts only when the page does not tell the total.
  const total =
    items.length === limit || (items.length === 0 && offset > 0)
      ? Number(((await pool.query(SQL.eventCount(where), values)).rows[0] as { cnt: string }).cnt)
      : offset + items.length;
  return { items, total };
}

async function gate(actor: Actor, id: number) {
  // As CloseoutService.gate: one statement, the finding in scope with its close-out record and the facts.
  const scoped = actor.scope !== null;
  const { rows } = await prepared(
    scoped ? GATE_IN_SCOPE.scoped : GATE_IN_SCOPE.organisationWide,
    scoped ? [id, SATISFACTION_CERTIFIERS, `${actor.scope}%`] : [id, SATISFACTION_CERTIFIERS],
  );
  const g = rows[0] as GateInScopeRow | undefined;
  if (!g) throw new HttpError(404, 'NOT_FOUND');
  return gateAnswerOf(g, scoped ? UnitScope.ofHome(false, actor.scope) : UnitScope.ORGANISATION);
}

const GATE_IN_SCOPE = {
  scoped: gateInScopeSql(UnitScope.ofHome(false, '/')),
  organisationWide: gateInScopeSql(UnitScope.ORGANISATION),
};

const rolesOf = (text: unknown): string[] =>
  Array.isArray(text)
    ? (text as string[])
    : String(text)
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean);

/** The events a transaction recorded, appended at its commit (as ChangeLogRepository does). */
const pendingEvents = new WeakMap<pg.PoolClient, UnplacedFields[]>();

/** Records one change-log event of the transaction, as AuditLogService.record does: appended at commit. */
function record(
  client: pg.PoolClient,
  actor: { id: number; displayName: string },
  e: { action: string; entityType: string; entityId: number; unitId: number; before: Row | null; after: Row },
): Promise<void> {
  const list = pendingEvents.get(client) ?? [];
  list.push({
    actorId: actor.id > 0 ? actor.id : null,
    actorName: actor.displayName,
    action: e.action,
    entityType: e.entityType,
    entityId: String(e.entityId),
    unitId: e.unitId,
    changes: diffSnapshots(e.before, e.after),
    requestId: randomUUID(),
  });
  pendingEvents.set(client, list);
  return Promise.resolve();
}

/**
 * BARE_CHAIN=unlocked: the reference "the same SQL without the chain lock" (issue 22). The events are hashed here
 * onto a chain this process counts and appended to change_events_unlocked (a copy of change_events with its columns,
 * indexes and entries, made by the bench), and the head row is neither locked nor updated. Such a log would fork — that is
 * what the lock prevents; this handler exists only to measure what the lock costs.
 */
const UNLOCKED = process.env.BARE_CHAIN === 'unlocked';
/** The copy's last entry: its chain goes on from there (the bench fills the copy with the log's entries). */
let unlockedHead: Promise<{ seq: number; hash: string }> | undefined;
const lastUnlocked = async (client: pg.PoolClient) => {
  const { rows } = await client.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM change_events_unlocked ORDER BY seq DESC LIMIT 1',
  );
  return rows.length ? { seq: Number(rows[0].seq), hash: rows[0].hash } : { seq: 0, hash: '0'.repeat(64) };
};

/**
 * COMMIT, the recorded events appended just before it under the head's lock, the two sent back to back on the
 * pipelining pool (ChangeLogRepository.beforeTransactionCommit); on the unlocked side the insert into the copy.
 */
async function commit(client: pg.PoolClient) {
  const list = pendingEvents.get(client);
  pendingEvents.delete(client);
  if (list?.length && UNLOCKED) {
    // Read on the committing client: every pool connection may be in a transaction waiting for this one.
    const head = await (unlockedHead ??= lastUnlocked(client));
    const rows = list.map((fields) => {
      const placed = { ...fields, seq: ++head.seq, occurredAt: new Date() };
      const prevHash = head.hash;
      head.hash = chainHash(prevHash, placed);
      return { ...placed, changes: JSON.stringify(placed.changes), prevHash, hash: head.hash };
    });
    const append = named(
      client,
      SQL.appendUnlocked,
      unnestColumns(rows, [
        'seq',
        'occurredAt',
        'actorId',
        'actorName',
        'action',
        'entityType',
        'entityId',
        'unitId',
        'changes',
        'requestId',
        'prevHash',
        'hash',
      ]),
    );
    await Promise.all([append, client.query('COMMIT')]);
  } else if (list?.length) {
    await Promise.all([named(client, SQL.appendEvents, appendParameters(list)), client.query('COMMIT')]);
  } else await client.query('COMMIT');
}

// ---------------------------------------------------------------- notifications (outbox), in the change's transaction

/** The links' base, as the service's publicBaseUrl (PUBLIC_BASE_URL, else http://<HOST>:<PORT>; the bench sets neither). */
let baseUrl = '';

interface NotificationPlace {
  finding: Row;
  unitName: string;
  groupId: number | null;
  place: FindingPlace;
}

/** The active users whose scope holds the unit, for a recipient rule (UsersRepository.activeRecipients). */
async function candidates(client: pg.PoolClient, seeingUnitPath: string): Promise<Candidate[]> {
  const rows = (await named(client, SQL.activeRecipients, [ORGANISATION_WIDE_ROLES, seeingUnitPath]))
    .rows as {
    id: number;
    display_name: string;
    roles: string;
    path: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    roles: rolesOf(r.roles) as Role[],
    homeUnitPath: r.path,
  }));
}

/** NotificationsService.findingContext: the finding, its unit, its 二级单位 and its round's supervision group. */
async function findingContext(client: pg.PoolClient, finding: Row): Promise<NotificationPlace | null> {
  const one = async (sql: string, v: unknown[]) => (await named(client, sql, v)).rows as Row[];
  // Both sent at once on the transaction's connection, as the service's Promise.all (pg runs them in this order).
  const [lineageRows, roundRows] = await Promise.all([
    one(SQL.lineageOfId, [finding.unitId]),
    one(SQL.round, [finding.roundId]),
  ]);
  const lineage = entities(lineageRows, 'u');
  const unit = lineage.find((u) => u.id === finding.unitId)!;
  const second = lineage.find((u) => UNIT_TIER[u.kind as UnitKind] === 2);
  const round = roundRows[0] ? entity(roundRows[0], 'AuditRound') : null;
  const groupId = (round?.supervisionGroupId as number | null | undefined) ?? null;
  const members = groupId
    ? ((await named(client, SQL.groupMembers, [groupId])).rows as { userId: number; position: string }[])
    : [];
  return {
    finding,
    unitName: unit.name as string,
    groupId,
    place: {
      unitPath: unit.path as string,
      secondLevelPath: (second?.path as string | undefined) ?? null,
      responsiblePerson: finding.responsiblePerson as string,
      groupLeaderIds: members.filter((m) => m.position === 'LEADER').map((m) => m.userId),
      groupMemberIds: members.map((m) => m.userId),
      major: finding.level === 'MAJOR',
    },
  };
}

/** NotificationsService.deliver: one in-app row per user, e-mail by each user's choice, each robot once. */
async function deliver(
  client: pg.PoolClient,
  d: {
    userIds: number[];
    kind: NotificationKind;
    title: string;
    body: string;
    link: string;
    findingId: number | null;
    dedupeKey: string | null;
    robots: { id: number; channel: string }[];
  },
): Promise<void> {
  const prefs = new Map(
    d.userIds.length
      ? entities((await named(client, SQL.preferences, [d.userIds])).rows as Row[], 'p').map((p) => [
          p.userId as number,
          p,
        ])
      : [],
  );
  const now = new Date();
  const users = [...new Set(d.userIds)];
  const ids = new Map<number, number>();
  if (users.length)
    for (const r of (
      await named(client, SQL.insertNotifications, [
        users,
        users.map(() => d.kind),
        users.map(() => d.findingId),
        users.map(() => d.title),
        users.map(() => d.body),
        users.map(() => d.link),
        users.map(() => d.dedupeKey),
        users.map(() => now),
      ])
    ).rows as { id: number; user_id: number }[])
      ids.set(r.user_id, r.id);
  const notified = users.filter((u) => ids.has(u));
  const outbox: { n: number; c: string; a: string }[] = [];
  for (const userId of notified) {
    const pref = prefs.get(userId);
    const waitsForDigest = pref?.digestHour != null && d.kind === NotificationKind.DEADLINE_REMINDER;
    if (pref?.email && (pref.emailKinds as string[]).includes(d.kind) && !waitsForDigest)
      outbox.push({ n: ids.get(userId)!, c: Channel.EMAIL, a: pref.email as string });
  }
  if (notified.length)
    for (const hook of d.robots)
      outbox.push({ n: ids.get(notified[0])!, c: hook.channel, a: String(hook.id) });
  if (outbox.length)
    await named(client, SQL.insertDeliveries, [
      outbox.map((o) => o.n),
      outbox.map((o) => o.c),
      outbox.map((o) => o.a),
      DeliveryStatus.PENDING,
      outbox.map(() => now),
      outbox.map(() => null),
      outbox.map(() => null),
    ]);
}

/** FindingNotificationsHandler.statusChanged for 待复查: the round's supervision group is told to verify. */
async function notifyAwaitingVerification(client: pg.PoolClient, finding: Row): Promise<void> {
  const findingId = finding.id as number;
  const ctx = await findingContext(client, finding);
  if (!ctx) return;
  const userIds = recipientsOf(['verifiers'], ctx.place, await candidates(client, ctx.place.unitPath));
  const path = `/findings/${findingId}`;
  const text = message('AWAITING_VERIFICATION', {
    code: ctx.finding.code as string,
    unit: ctx.unitName,
    deadline: ctx.finding.deadline as string,
    link: `${baseUrl}${path}`,
  });
  const robots = (await named(client, SQL.webhooksFor, [ctx.place.unitPath, ctx.groupId])).rows as {
    id: number;
    channel: string;
  }[];
  await deliver(client, {
    userIds,
    kind: NotificationKind.AWAITING_VERIFICATION,
    ...text,
    link: path,
    findingId,
    dedupeKey: null,
    robots,
  });
}

/** AssessmentNotificationsHandler.assessmentCreated: the unit heads over the assessed unit. */
async function notifyAssessment(client: pg.PoolClient, a: Row): Promise<void> {
  const [unitRow] = (await named(client, SQL.unit, [a.unitId])).rows as Row[];
  if (!unitRow) return;
  const unit = entity(unitRow, 'Unit');
  const users = await candidates(client, unit.path as string);
  const path = '/assessments';
  const score = [
    a.points !== null ? `${a.points as number} 分` : '',
    a.amountYuan !== null ? `${a.amountYuan as number} 元` : '',
  ]
    .filter(Boolean)
    .join('、');
  await deliver(client, {
    userIds: recipientsOf(['head'], unitPlace(unit.path as string), users),
    kind: NotificationKind.ASSESSMENT_CREATED,
    ...message('ASSESSMENT_CREATED', {
      unit: unit.name as string,
      reason: ASSESSMENT_REASON_LABEL[a.reason as AssessmentReason],
      score,
      text: a.text as string,
      link: `${baseUrl}${path}`,
    }),
    link: path,
    findingId: (a.findingId as number | null) ?? null,
    dedupeKey: `assessment:${a.id as number}`,
    robots: [],
  });
}

async function submitSummary(actor: Actor, id: number, body: { whatWasDone: string; rootCause: string }) {
  if (!actor.roles.some((r) => r === 'UNIT_OFFICER' || r === 'UNIT_HEAD'))
    throw new HttpError(403, 'FORBIDDEN');
  const client = await pool.connect();
  try {
    await client.query('START TRANSACTION');
    const f = await scopedFinding(actor, id, client, true);
    if (f.status !== 'RECTIFYING') throw new HttpError(409, 'FINDING_INVALID_TRANSITION');
    const planRow = (await named(client, SQL.latestPlan, [id])).rows[0] as Row | undefined;
    if (planRow && planRow.RectificationPlan_confirmed_by_id === null)
      throw new HttpError(409, 'PLAN_NOT_CONFIRMED');
    // A latest plan of revision 1 is the first one (RectificationService.assertRectificationEvidence).
    const first =
      planRow?.RectificationPlan_revision === 1
        ? planRow
        : ((await named(client, SQL.firstPlanAt, [id])).rows[0] as Row | undefined);
    const evidence = (await named(client, SQL.evidenceTimes, [id])).rows as Row[];
    const ok = hasRectificationEvidence({
      firstPlanAt: (first?.RectificationPlan_submitted_at as Date | undefined) ?? null,
      latestPlan: planRow
        ? {
            onTheSpot: planRow.RectificationPlan_on_the_spot as boolean,
            onTheSpotEvidenceIds: planRow.RectificationPlan_on_the_spot_evidence_ids as number[],
          }
        : null,
      evidence: evidence.map((e) => ({
        kind: e.EvidenceFile_kind as EvidenceKind,
        uploadedAt: e.EvidenceFile_uploaded_at as Date,
      })),
    });
    if (!ok) throw new HttpError(409, 'SUMMARY_EVIDENCE_MISSING');
    const now = new Date();
    const day = dateInZone(now, ZONE);
    const late = day > (f.deadline as string);
    const inserted = (
      await named(client, SQL.insertSummary, [
        id,
        body.whatWasDone,
        body.rootCause,
        [],
        late,
        f.deadline,
        actor.id,
        now,
      ])
    ).rows[0] as Row;
    await named(client, SQL.updateStatus, ['PENDING_VERIFICATION', id]);
    await record(client, actor, {
      action: 'SUMMARY_SUBMITTED',
      entityType: 'Finding',
      entityId: id,
      unitId: f.unitId as number,
      before: { status: f.status, returnReason: f.returnReason },
      after: { status: 'PENDING_VERIFICATION', returnReason: null, late, summaryId: inserted.id },
    });
    // FindingStatusChanged: the finding's unsent deadline reminders are dropped, and the round's supervision group
    // is told it awaits verification (notifications outbox, in this transaction).
    await named(client, SQL.cancelReminders, [id, ['DEADLINE_REMINDER'], 'CANCELLED', 'PENDING']);
    await notifyAwaitingVerification(client, { ...f, status: 'PENDING_VERIFICATION' });
    // Self-found findings are not assessed automatically (src/findings/rules/lateness.ts).
    if (late && f.source !== 'SELF_CHECK') {
      const text = `${f.code as string} 整改超期：时限 ${f.deadline as string}，整改总结于 ${day} 提交`;
      const [a] = (
        await named(client, SQL.insertAssessment, [
          f.unitId,
          [f.responsiblePerson],
          'LATE_RECTIFICATION',
          2,
          text,
          'RectificationSummary',
          inserted.id,
          id,
          day,
          f.deadline,
        ])
      ).rows as { id: number }[];
      if (a) {
        const created = entity((await named(client, SQL.assessment, [a.id])).rows[0] as Row, 'Assessment');
        await record(
          client,
          { id: 0, displayName: '系统' },
          {
            action: 'ASSESSMENT_CREATED',
            entityType: 'Assessment',
            entityId: a.id,
            unitId: created.unitId as number,
            before: null,
            after: {
              unitId: created.unitId,
              personNames: created.personNames,
              reason: created.reason,
              points: created.points,
              amountYuan: created.amountYuan,
              text: created.text,
              sourceType: created.sourceType,
              sourceId: created.sourceId,
              findingId: created.findingId,
              assessedOn: created.assessedOn,
              latenessDeadline: created.latenessDeadline,
            },
          },
        );
        await notifyAssessment(client, created);
      }
    }
    await commit(client);
    return { summary: { findingId: id, ...inserted, late }, findingStatus: 'PENDING_VERIFICATION' };
  } catch (err) {
    pendingEvents.delete(client);
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

type Cell = 'ON_TIME' | 'NONE_FOUND' | 'LATE' | 'MISSING' | 'PENDING' | 'NOT_REQUIRED';
const RANK: Record<Cell, number> = {
  MISSING: 5,
  LATE: 4,
  PENDING: 3,
  ON_TIME: 2,
  NONE_FOUND: 1,
  NOT_REQUIRED: 0,
};

/** WeeklyViewsService.compliance with ObligationsService.companyCampaigns, statement for statement. */
async function compliance(actor: Actor, q: URLSearchParams) {
  const companyUnitId = Number(q.get('companyUnitId'));
  const from = parseWeek(q.get('from') ?? '');
  const to = parseWeek(q.get('to') ?? '');
  if (!from || !to || compareWeeks(from, to) > 0) throw new HttpError(400, 'VALIDATION_FAILED');
  const weeks = weeksBetween(from, to);
  if (!(await pool.query(SQL.unitsByIds(1), [companyUnitId])).rows.length)
    throw new HttpError(404, 'NOT_FOUND');
  const campaignRows = (
    await pool.query(SQL.campaignsBetween, [companyUnitId, thursdayOf(to), mondayOf(from)])
  ).rows as Row[];
  const company = entities(campaignRows, 'o');
  const ids = ((await pool.query(SQL.companyUnitIds, [companyUnitId])).rows as { unit_id: number }[]).map(
    (r) => r.unit_id,
  );
  const units = (
    ids.length ? entities((await pool.query(SQL.unitsByIds(ids.length), ids)).rows as Row[], 'Unit') : []
  ).filter((u) => actor.scope === null || (u.path as string).startsWith(actor.scope));
  const lastDays = new Map<number, string | null>();
  company.forEach((o, i) => {
    const round = entity(campaignRows[i], 'r');
    const closed = round.closedAt ? dateInZone(round.closedAt as Date, ZONE) : null;
    const end = o.endDate as string | null;
    lastDays.set(o.id as number, end && closed ? (end < closed ? end : closed) : (end ?? closed));
  });
  const now = new Date();
  const plan = new Map(
    company.map((o) => [
      o.id as number,
      weeks.map((w) => {
        const o2 = o as { active: boolean; startDate: string; countedFrom: string; dueTime: string };
        const required = obligationRequiresWeek(o2, w, lastDays.get(o.id as number)!);
        return {
          required,
          counted: weekCounts(o2, w),
          due: required && dueInstant(w, o2.dueTime, ZONE) <= now,
        };
      }),
    ]),
  );
  // Only the campaigns that require one of these weeks can fill a cell (WeeklyViewsService.compliance).
  const obligations = company.filter((o) => plan.get(o.id as number)!.some((w) => w.required));
  const reports = obligations.length
    ? (unfoldComplianceReports(
        (
          await prepared(SQL.weeklyReports, [
            obligations.map((o) => o.id),
            from.year,
            from.week,
            to.year,
            to.week,
          ])
        ).rows as FoldedComplianceRow[],
      ) as unknown as Row[])
    : [];
  const byKey = new Map(
    reports.map((r) => [
      `${r.obligation_id as number}|${r.unit_id as number}|${r.iso_year as number}|${r.iso_week as number}`,
      {
        submitted: (r.current_version as number) > 0,
        late: r.status === 'LATE',
        noneFound: r.none_found as boolean,
      },
    ]),
  );
  const weekLabels = weeks.map(formatWeek);
  const rows = units.map((u) => ({
    unitId: u.id,
    unitCode: u.code,
    unitName: u.name,
    cells: weeks.map((w, i) => {
      const campaigns: { obligationId: number; name: string; roundId: number; status: Cell }[] = [];
      for (const o of obligations.filter((x) => (x.unitIds as number[]).includes(u.id as number))) {
        const facts = plan.get(o.id as number)![i];
        if (!facts.required) continue;
        const report = byKey.get(`${o.id as number}|${u.id as number}|${w.year}|${w.week}`) ?? null;
        if (!facts.counted && !report?.submitted) continue;
        campaigns.push({
          obligationId: o.id as number,
          name: o.name as string,
          roundId: o.roundId as number,
          status: reportCell(report, facts.counted && facts.due),
        });
      }
      const worst = campaigns.reduce<(typeof campaigns)[number] | null>(
        (a, c) => (!a || RANK[c.status] > RANK[a.status] ? c : a),
        null,
      );
      return {
        week: weekLabels[i],
        status: worst?.status ?? 'NOT_REQUIRED',
        campaigns,
        worstCampaign: worst?.name ?? null,
      };
    }),
  }));
  const totals = Object.fromEntries(
    (Object.keys(RANK) as Cell[]).map((k) => [
      k,
      rows.reduce((n, r) => n + r.cells.filter((c) => c.status === k).length, 0),
    ]),
  );
  return { companyUnitId, weeks: weeks.map(formatWeek), rows, totals };
}

async function statistics(actor: Actor, id: number) {
  const scoped = actor.scope !== null;
  const round = await pool.query(
    SQL.scopedRound(scoped),
    scoped ? [id, actor.homePath ?? '/none/', `${actor.scope}%`] : [id],
  );
  if (!round.rows.length) throw new HttpError(404, 'NOT_FOUND');
  // Prepared, as the service's RoundStatisticsRepository.countsOfRound (preparedQuery).
  const text = SQL.roundStatistics(
    scoped ? ' AND f.unit_id = ANY (ARRAY(SELECT s.id FROM units s WHERE s.path LIKE $4))' : '',
  );
  const rows = (
    await pool.query({
      name: statementName(text),
      text,
      values: scoped ? [id, OWES, today(), `${actor.scope}%`] : [id, OWES, today()],
    })
  ).rows as RoundCountRow[];
  return roundStatisticsOf(rows, roundHeadline((round.rows[0] as { r_kind: RoundKind }).r_kind));
}

// ---------------------------------------------------------------- the server

async function route(req: http.IncomingMessage, body: string): Promise<unknown> {
  const url = new URL(req.url ?? '/', 'http://bare');
  const path = url.pathname.replace(/^\/api\/v1/, '');
  const actor = await actorOf(req);
  let m: RegExpExecArray | null;
  if (req.method === 'GET' && path === '/findings') return list(actor, url.searchParams);
  if (req.method === 'GET' && (m = /^\/findings\/(\d+)$/.exec(path))) return detail(actor, Number(m[1]));
  if (req.method === 'GET' && (m = /^\/findings\/(\d+)\/closeout$/.exec(path)))
    return gate(actor, Number(m[1]));
  if (req.method === 'POST' && (m = /^\/findings\/(\d+)\/summary$/.exec(path)))
    return submitSummary(actor, Number(m[1]), JSON.parse(body) as { whatWasDone: string; rootCause: string });
  if (req.method === 'GET' && path === '/audit-log') return history(actor, url.searchParams);
  if (req.method === 'GET' && path === '/weekly-reports/compliance')
    return compliance(actor, url.searchParams);
  if (req.method === 'GET' && (m = /^\/rounds\/(\d+)\/statistics$/.exec(path)))
    return statistics(actor, Number(m[1]));
  throw new HttpError(404, 'ROUTE_NOT_FOUND');
}

serveJson({
  name: 'bare',
  route: async (req, body) => JSON.stringify(await route(req, body)),
  onListen: (port) => {
    baseUrl = (process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  },
  onStop: () => pool.end(),
});
