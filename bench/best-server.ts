/**
 * The second reference of `npm run bench` (issue 22): the best handler we could write for a read scenario, as
 * opposed to the bare handler (`bare-server.ts`), which sends the service's own SQL. Same machine, same database,
 * same answer byte for byte (the bench checks it before each load test), but:
 *   - one round trip per answer: a single statement, prepared (named) so PostgreSQL plans it once per connection;
 *   - the best SQL we found: the unit subtree resolved to unit ids first, no join the filters do not need, the
 *     page's ids and the total from the narrow rows, then the wide rows of the page only;
 *   - PostgreSQL builds the JSON text itself (compact, in the API's key order), and Node passes it through.
 * node:http + pg with a pool of 20, the account check cached 5 s per user like the service and the bare handler.
 * Run as its own process:  DATABASE_URL=… PORT=… node dist/bench/best-server.js
 * Routes it answers: GET /api/v1/findings (the list's subtree/status/overdue filters, code order, limit/offset);
 * GET /api/v1/findings/:id; GET /api/v1/findings/:id/closeout; GET /api/v1/rounds/:id/statistics;
 * GET /api/v1/statistics/dashboard (best-dashboard.ts).
 * Anything else answers 404, so the bench reports the reference as "not built" for it.
 */
import { statementName } from '../src/common/persistence/prepared';
import http from 'node:http';
import { HttpError, ORG_WIDE, OWES, referencePool, serveJson, ZONE } from './reference-server';
import { dateInZone } from '../src/common/time/business-date';
import { EVIDENCE, EXTENSION, PLAN, PROGRESS, SUMMARY } from './entity-columns';
import { SATISFACTION_CERTIFIERS } from '../src/closeout/closeout-records.service';
import { gateFactsOf, type GateFactsRow } from '../src/closeout/gate-facts.repository';
import { evaluateGate } from '../src/closeout/rules/closeout-gate';
import type { RoundCountRow } from '../src/findings/round-statistics.repository';
import { roundStatisticsOf } from '../src/findings/round-statistics.view';
import { roundHeadline } from '../src/findings/rules/counting';
import type { RoundKind } from '../src/rounds/round.enums';
import { dashboard } from './best-dashboard';
import { findingItemJsonSql, findingJsonSql, isoJsonSql, nullableJsonSql } from './finding-json-sql';

const pool = referencePool('best');

// ---------------------------------------------------------------- the account check (as the bare handler)

interface Actor {
  id: number;
  scope: string | null;
  /** The home unit's path (the dashboard's compliance link opens its company). */
  home: string | null;
}
const ACTOR_SQL = `SELECT u.roles::text AS roles, u.active, u.must_change_password, un.path
  FROM users u LEFT JOIN units un ON un.id = u.home_unit_id WHERE u.id = $1`;
const actors = new Map<number, { actor: Actor; until: number }>();
async function actorOf(req: http.IncomingMessage): Promise<Actor> {
  const id = Number(req.headers['x-bench-user']);
  const hit = actors.get(id);
  if (hit && hit.until > Date.now()) return hit.actor;
  const { rows } = await pool.query<{
    roles: string;
    active: boolean;
    must_change_password: boolean;
    path: string | null;
  }>({ name: 'actor', text: ACTOR_SQL, values: [id] });
  const u = rows[0];
  if (!u || !u.active) throw new HttpError(401, 'UNAUTHORIZED');
  if (u.must_change_password) throw new HttpError(403, 'PASSWORD_CHANGE_REQUIRED');
  const roles = u.roles.replace(/^\{|\}$/g, '').split(',');
  const actor = {
    id,
    scope: roles.some((r) => ORG_WIDE.includes(r)) ? null : (u.path ?? '/none/'),
    home: u.path,
  };
  actors.set(id, { actor, until: Date.now() + 5_000 });
  return actor;
}

// ---------------------------------------------------------------- the finding list

/**
 * The list for the bench's filters (unitId subtree, statuses, overdue true/false, code order). The statement's text
 * depends only on which filters are present, so each shape is prepared once per connection under its own name.
 */
async function list(actor: Actor, q: URLSearchParams): Promise<string> {
  for (const key of q.keys())
    if (!['unitId', 'status', 'overdue', 'limit', 'offset'].includes(key))
      throw new HttpError(404, 'FILTER_NOT_BUILT');
  if ((q.get('sort') ?? 'code') !== 'code') throw new HttpError(404, 'FILTER_NOT_BUILT');
  const values: unknown[] = [];
  const p = (v: unknown, cast: string) => {
    values.push(v);
    return `$${values.length}::${cast}`;
  };
  const units: string[] = [];
  if (actor.scope !== null) units.push(`s.path LIKE ${p(`${actor.scope}%`, 'text')}`);
  if (q.get('unitId'))
    units.push(
      `s.path LIKE (SELECT x.path FROM units x WHERE x.id = ${p(Number(q.get('unitId')), 'int')}) || '%'`,
    );
  const where: string[] = [];
  if (units.length)
    where.push(`f.unit_id = ANY (ARRAY(SELECT s.id FROM units s WHERE ${units.join(' AND ')}))`);
  const statuses = (q.get('status') ?? '').split(',').filter(Boolean);
  if (statuses.length) where.push(`f.status = ANY (${p(statuses, 'finding_status[]')})`);
  const today = p(dateInZone(new Date(), ZONE), 'date');
  const owes = p(OWES, 'finding_status[]');
  if (q.has('overdue')) {
    const overdue = `(f.status = ANY (${owes}) AND f.deadline < ${today})`;
    where.push(q.get('overdue') === 'true' ? overdue : `NOT ${overdue}`);
  }
  const limit = p(Number(q.get('limit') ?? 50), 'int');
  const offset = p(Number(q.get('offset') ?? 0), 'int');
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const text = `WITH matching AS (SELECT f.id, f.code FROM findings f ${filter}),
     page AS (SELECT m.id, m.code FROM matching m ORDER BY m.code, m.id LIMIT ${limit} OFFSET ${offset})
SELECT '{"items":[' || coalesce((
         SELECT string_agg(${findingItemJsonSql(today, owes)}, ',' ORDER BY page.code, page.id)
           FROM page JOIN findings f ON f.id = page.id JOIN units u ON u.id = f.unit_id JOIN rounds r ON r.id = f.round_id
       ), '') || '],"total":' || (SELECT count(*) FROM matching) || '}' AS json`;
  const name = statementName(text);
  const { rows } = await pool.query<{ json: string }>({ name, text, values });
  return rows[0].json;
}

// ---------------------------------------------------------------- a finding's detail

/** A table's column types (information_schema), read once: how each column is written as JSON. */
let columnTypes: Promise<Map<string, string>> | undefined;
const typesOf = () =>
  (columnTypes ??= pool
    .query<{ t: string; c: string; type: string }>(
      `SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns WHERE table_schema = 'public'`,
    )
    .then(({ rows }) => new Map(rows.map((r) => [`${r.t}.${r.c}`, r.type]))));

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** A row as JSON.stringify writes the entity TypeORM makes of it: the columns in entity order, camelCase. */
function rowJson(types: Map<string, string>, table: string, alias: string, columns: string): string {
  const parts = columns.split(' ').map((c, i) => {
    const col = `${alias}.${c}`;
    const type = types.get(`${table}.${c}`);
    const value =
      type === 'timestamp with time zone'
        ? nullableJsonSql(isoJsonSql(col), col)
        : type === 'date'
          ? `coalesce('"' || ${col} || '"', 'null')`
          : type === 'ARRAY'
            ? `coalesce(array_to_json(${col})::text, 'null')`
            : type === 'integer' || type === 'bigint' || type === 'smallint' || type === 'boolean'
              ? `coalesce(${col}::text, 'null')`
              : `coalesce(to_json(${col})::text, 'null')`;
    return `'${i ? ',' : '{'}"${camel(c)}":' || ${value}`;
  });
  return `${parts.join(' || ')} || '}'`;
}
/** The JSON array of a finding's records of one table, in the service's order. */
const recordsJson = (types: Map<string, string>, table: string, columns: string, order: string) =>
  `'[' || coalesce((SELECT string_agg(${rowJson(types, table, 'x', columns)}, ',' ORDER BY ${order}) FROM ${table} x WHERE x.finding_id = f.id), '') || ']'`;

let detailSql: Promise<(scoped: boolean) => string> | undefined;
/** The whole detail in one statement: $1 the finding, $2 today, $3 the owed statuses, [$4 the scope]. */
const detailStatement = () =>
  (detailSql ??= typesOf().then((types) => {
    const plan = (limit: string) =>
      `(SELECT ${rowJson(types, 'rectification_plans', 'x', PLAN)} FROM rectification_plans x WHERE x.finding_id = f.id ORDER BY x.revision DESC${limit})`;
    const finding = findingJsonSql('$2::date', '$3::finding_status[]', {
      round: `'{"id":' || r.id || ',"name":' || to_json(r.name) || ',"domain":"' || r.domain || '","kind":"' || r.kind || '"}'`,
      unit: `'{"id":' || u.id || ',"code":' || to_json(u.code) || ',"name":' || to_json(u.name) || '}'`,
      recurrenceOf: `coalesce((SELECT '{"id":' || p.id || ',"code":' || to_json(p.code) || ',"description":' || to_json(p.description) || ',"closedAt":' || ${nullableJsonSql(isoJsonSql('p.closed_at'), 'p.closed_at')} || '}' FROM findings p WHERE p.id = f.recurrence_of_id), 'null')`,
    });
    return (scoped: boolean) => `SELECT ${finding}
    || ',"plan":' || coalesce(${plan(' LIMIT 1')}, 'null')
    || ',"planHistory":[' || coalesce((SELECT string_agg(${rowJson(types, 'rectification_plans', 'x', PLAN)}, ',' ORDER BY x.revision DESC) FROM rectification_plans x WHERE x.finding_id = f.id), '') || ']'
    || ',"progress":' || ${recordsJson(types, 'progress_notes', PROGRESS, 'x.created_at')}
    || ',"summaries":' || ${recordsJson(types, 'rectification_summaries', SUMMARY, 'x.submitted_at')}
    || ',"evidence":' || ${recordsJson(types, 'evidence_files', EVIDENCE, 'x.uploaded_at')}
    || ',"extensions":' || ${recordsJson(types, 'deadline_extensions', EXTENSION, 'x.requested_at')}
    || ',"similar":[' || coalesce((SELECT string_agg('{"id":' || o.id || ',"code":' || to_json(o.code) || ',"description":' || to_json(o.description) || ',"status":"' || o.status || '","unitName":' || to_json(ou.name) || '}', ',' ORDER BY o.code)
          FROM findings o JOIN units ou ON ou.id = o.unit_id
         WHERE o.id IN (SELECT similar_to_id FROM finding_similar_links WHERE finding_id = f.id
                        UNION SELECT finding_id FROM finding_similar_links WHERE similar_to_id = f.id)${scoped ? ' AND ou.path LIKE $4' : ''}), '') || ']}' AS json
  FROM findings f JOIN units u ON u.id = f.unit_id JOIN rounds r ON r.id = f.round_id
 WHERE f.id = $1${scoped ? ' AND u.path LIKE $4' : ''}`;
  }));

async function detail(actor: Actor, id: number): Promise<string> {
  const scoped = actor.scope !== null;
  const text = (await detailStatement())(scoped);
  const values: unknown[] = [id, dateInZone(new Date(), ZONE), OWES];
  if (scoped) values.push(`${actor.scope}%`);
  const { rows } = await pool.query<{ json: string }>({ name: `detail:${scoped}`, text, values });
  if (!rows.length) throw new HttpError(404, 'NOT_FOUND');
  return rows[0].json;
}

// ---------------------------------------------------------------- a round's statistics

/**
 * The round's GROUP BY rows in one statement: the round's visibility and its findings counted per cell before the
 * unit names are joined (5,000 findings fold into a few hundred cells first), one row with nulls for a visible round
 * without findings, none for a round the actor may not see. The answer is built by the service's own
 * roundStatisticsOf (a plain function), so it is the same by construction, and PostgreSQL's JSON would not win here.
 */
async function statistics(actor: Actor, id: number): Promise<string> {
  const scoped = actor.scope !== null;
  const text = `SELECT c.source, c.status, c.level, c.category, c.unit_id, u.name AS unit_name, c.n, c.overdue, r0.kind
  FROM rounds r0
  JOIN units cu ON cu.id = r0.company_unit_id
  LEFT JOIN LATERAL (
    SELECT f.source, f.status, f.level, f.category, f.unit_id, count(*)::int AS n,
           count(*) FILTER (WHERE f.status = ANY ($2::finding_status[]) AND f.deadline < $3::date)::int AS overdue
      FROM findings f
     WHERE f.round_id = r0.id${scoped ? ' AND f.unit_id = ANY (ARRAY(SELECT s.id FROM units s WHERE s.path LIKE $4))' : ''}
     GROUP BY f.source, f.status, f.level, f.category, f.unit_id) c ON true
  LEFT JOIN units u ON u.id = c.unit_id
 WHERE r0.id = $1${scoped ? ` AND ($5 LIKE cu.path || '%' OR cu.path LIKE $4)` : ''}
 ORDER BY u.path`;
  const values: unknown[] = [id, OWES, dateInZone(new Date(), ZONE)];
  if (scoped) values.push(`${actor.scope}%`, actor.scope);
  const { rows } = await pool.query<RoundCountRow & { kind: RoundKind }>({
    name: `statistics:${scoped}`,
    text,
    values,
  });
  if (!rows.length) throw new HttpError(404, 'NOT_FOUND');
  return JSON.stringify(roundStatisticsOf(rows[0].unit_id === null ? [] : rows, roundHeadline(rows[0].kind)));
}

// ---------------------------------------------------------------- the close-out gate

/**
 * Every fact the five rules read, in one statement (one snapshot, so no transaction is needed), each part as JSON;
 * the rules themselves are the service's evaluateGate. A closed finding answers its close-out record instead.
 */
const GATE_SQL = (scoped: boolean) => `
SELECT f.id, f.code, f.status,
  CASE WHEN f.status = 'CLOSED' THEN (SELECT json_build_object('closedAt', c.closed_at, 'closedBy', c.closed_by_name, 'rules', c.rules)
                                        FROM closeouts c WHERE c.finding_id = f.id LIMIT 1) END AS closeout,
  (SELECT coalesce(json_agg(json_build_object('path', l.path, 'kind', l.kind, 'name', l.name) ORDER BY l.path), '[]')
     FROM units l WHERE l.id = ANY (string_to_array(trim(BOTH '/' FROM fu.path), '/')::int[])) AS lineage,
  (SELECT json_build_object('result', v.result, 'evidenceCount', cardinality(v.evidence_ids), 'verifiedOn', v.verified_on,
                            'verifierName', vu.display_name, 'verifierUnitPath', vun.path)
     FROM verifications v JOIN users vu ON vu.id = v.verifier_id LEFT JOIN units vun ON vun.id = v.verifier_unit_id
    WHERE v.finding_id = f.id ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1) AS verification,
  (SELECT coalesce(json_agg(json_build_object(
            'checkedUnitNames', (SELECT coalesce(json_agg(coalesce(cu.name, x.id::text) ORDER BY x.o), '[]')
                                   FROM unnest(s.checked_unit_ids) WITH ORDINALITY AS x(id, o) LEFT JOIN units cu ON cu.id = x.id),
            'result', s.result, 'recordedOn', s.swept_on) ORDER BY s.id), '[]')
     FROM sweep_records s WHERE s.finding_id = f.id) AS sweeps,
  (SELECT coalesce(json_agg(json_build_object('code', o.code, 'status', o.status, 'unitPath', ou.path) ORDER BY o.code), '[]')
     FROM findings o JOIN units ou ON ou.id = o.unit_id WHERE o.id IN (SELECT similar_to_id FROM finding_similar_links WHERE finding_id = f.id
                                    UNION SELECT finding_id FROM finding_similar_links WHERE similar_to_id = f.id)) AS similar,
  (SELECT coalesce(json_agg(json_build_object('kind', m.kind, 'title', m.title, 'documentNumber', m.document_number) ORDER BY m.id), '[]')
     FROM mechanism_records m WHERE m.finding_id = f.id) AS mechanisms,
  (SELECT coalesce(json_agg(json_build_object('kind', a.kind, 'personName', a.person_name, 'action', a.action, 'amountYuan', a.amount_yuan) ORDER BY a.id), '[]')
     FROM accountability_records a WHERE a.finding_id = f.id) AS accountability,
  (SELECT json_build_object('earlier', json_build_object('code', e.code, 'responsiblePerson', e.responsible_person, 'responsibleLeader', e.responsible_leader),
            'unitNames', (SELECT coalesce(json_agg(n.name ORDER BY n.path, n.o), '[]') FROM (
                 SELECT a.path, 0 AS o, a.name FROM units a WHERE a.id = ANY (x.ids)
                 UNION ALL SELECT a.path, al.o, al.name FROM units a, unnest(a.aliases) WITH ORDINALITY AS al(name, o) WHERE a.id = ANY (x.ids)) n))
     FROM findings e JOIN units eu ON eu.id = e.unit_id,
          LATERAL (SELECT string_to_array(trim(BOTH '/' FROM fu.path), '/')::int[] || string_to_array(trim(BOTH '/' FROM eu.path), '/')::int[] AS ids) x
    WHERE e.id = f.recurrence_of_id) AS recurrence,
  (SELECT json_build_object('satisfied', sc.satisfied, 'representatives', sc.representatives, 'method', sc.method, 'confirmedOn', sc.confirmed_on)
     FROM satisfaction_confirmations sc JOIN users ru ON ru.id = sc.recorded_by_id
    WHERE sc.finding_id = f.id AND ru.roles::text[] && $2::text[]
    ORDER BY sc.recorded_at DESC, sc.id DESC LIMIT 1) AS satisfaction
FROM findings f JOIN units fu ON fu.id = f.unit_id
WHERE f.id = $1${scoped ? ' AND fu.path LIKE $3' : ''}`;

/** The same facts as the service's statement reads (its row type), and the finding with its close-out record. */
interface GateRow extends GateFactsRow {
  id: number;
  code: string;
  status: string;
  closeout: { closedAt: string; closedBy: string; rules: unknown } | null;
}

async function gate(actor: Actor, id: number): Promise<string> {
  const scoped = actor.scope !== null;
  const values: unknown[] = [id, SATISFACTION_CERTIFIERS];
  if (scoped) values.push(`${actor.scope}%`);
  const { rows } = await pool.query<GateRow>({ name: `gate:${scoped}`, text: GATE_SQL(scoped), values });
  const f = rows[0];
  if (!f) throw new HttpError(404, 'NOT_FOUND');
  if (f.closeout)
    return JSON.stringify({
      findingId: f.id,
      code: f.code,
      status: f.status,
      canClose: false,
      closedAt: new Date(f.closeout.closedAt),
      closedBy: f.closeout.closedBy,
      asOfCloseout: true,
      rules: f.closeout.rules,
    });
  // The facts as the rules read them, and the rules themselves: the service's pure functions.
  const rules = evaluateGate(gateFactsOf(f), (path) => actor.scope === null || path.startsWith(actor.scope));
  return JSON.stringify({
    findingId: f.id,
    code: f.code,
    status: f.status,
    canClose: f.status === 'VERIFIED' && rules.every((r) => r.satisfied),
    rules,
  });
}

// ---------------------------------------------------------------- the server

async function route(req: http.IncomingMessage): Promise<string> {
  const url = new URL(req.url ?? '/', 'http://best');
  const path = url.pathname.replace(/^\/api\/v1/, '');
  const actor = await actorOf(req);
  if (req.method === 'GET' && path === '/findings') return list(actor, url.searchParams);
  let m = /^\/findings\/(\d+)$/.exec(path);
  if (req.method === 'GET' && m) return detail(actor, Number(m[1]));
  m = /^\/rounds\/(\d+)\/statistics$/.exec(path);
  if (req.method === 'GET' && m) return statistics(actor, Number(m[1]));
  m = /^\/findings\/(\d+)\/closeout$/.exec(path);
  if (req.method === 'GET' && m) return gate(actor, Number(m[1]));
  if (req.method === 'GET' && path === '/statistics/dashboard')
    return dashboard(pool, actor, url.searchParams);
  throw new HttpError(404, 'ROUTE_NOT_BUILT');
}

serveJson({ name: 'best', route, onStop: () => pool.end() });
