/**
 * Fills a (migrated) Rectify database with a large, realistic organisation, in stages, so the bench can grow the same
 * database from 10k to 100k to 1M findings.
 *
 * The organisation: 2 companies and 198 units under them (200 units), 80 users, one supervision group. Findings come
 * at the rate of the 100k organisation (20,000 a year: 10,000 per company), in "year blocks" counted back from today:
 * block 0 is the last 365 days, block 1 the year before, … Each block has 12 rounds (per company: a safety and an
 * environmental audit, their two look-backs, the year's company checks and the year's hazard-report round). So
 *   10k findings  = the first half of the latest year's findings (block 0),
 *   100k findings = 5 years, 60 rounds (the organisation of issue #9),
 *   1M findings   = the same organisation with 50 years of history (600 rounds).
 * Blocks older than a year and a half are closed out (their rounds CLOSED, every finding CLOSED or CANCELLED); the
 * last two years hold findings in every state, by age, with plans, progress, evidence, summaries (late ones assessed),
 * verifications (some failed first, assessed), the five-rule records, close-outs and similar links. Weekly Thursday
 * reports (every unit of both companies, ~52,000 over 5 years) and hazard reports (5,000 over 5 years, with bounties)
 * cover the last five blocks. The 重要危险源 register (2,000 sources, the seeded checklists, one source's year of
 * inspections) comes with the first stage (generate-inspections.ts). Every change is in the hash-chained change log,
 * computed with the service's own chainHash, so `GET /audit-log/verify` holds.
 *
 * Rows are generated in Node and written with `COPY … FROM STDIN`, in batches of 2,000 findings with their dependent
 * rows, two batches in flight on two connections. Triggers (the bigram column, the
 * append-only guards) and every constraint and index of the migrations stay on.
 *
 * Exact counts by construction (at 100k): the AUDIT-ENVIRONMENT round of each company-year holds 1,000 findings
 * (the 1,000-row ledger), and 10% of all findings are SERIOUS (the 10,000-row ledger).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { evaluateGate, GateFacts } from '../src/closeout/rules/closeout-gate';
import type { UnitKind } from '../src/org/unit-kind';
import { loadInspections } from './generate-inspections';
import { between, Chain, change, EventDraft, eventRows, h32, pgArray, pick, rnd, Rows } from './copy-rows';
import {
  COMPANIES,
  CONSEQUENCES,
  ENVIRONMENT_PROBLEMS,
  MEASURES,
  personName,
  PLACES,
  ROOT_CAUSES,
  SAFETY_PROBLEMS,
  SECONDARY_UNITS,
  TEAMS,
  WORK_AREAS,
} from './text';

export const FINDINGS_PER_BLOCK = 20_000;
const ROUNDS_PER_BLOCK = 12;
const REPORTING_BLOCKS = 5; // weekly and hazard reports cover the last five years
const HAZARDS_PER_BLOCK = 1_000;
const BATCH = 2_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Asia/Shanghai has been UTC+8 without daylight saving since 1991: the generator uses the fixed offset. */
const ZONE_OFFSET = 8 * HOUR;

// ---------------------------------------------------------------- small helpers

/** Days since 1970-01-01 ⇄ "YYYY-MM-DD". */
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
/** The business date (Asia/Shanghai) of an instant. */
const zoneDay = (ms: number) => Math.floor((ms + ZONE_OFFSET) / DAY);
/** An instant at a local (Asia/Shanghai) time of a business date. */
const at = (day: number, hours: number) => day * DAY - ZONE_OFFSET + hours * HOUR;

/** ISO week of a day number (Monday first; week 1 holds the year's first Thursday). */
function isoWeek(day: number): { year: number; week: number; monday: number; thursday: number } {
  const dow = (new Date(day * DAY).getUTCDay() + 6) % 7; // Monday 0
  const thursday = day - dow + 3;
  const year = new Date(thursday * DAY).getUTCFullYear();
  const jan1 = dayOf(`${year}-01-01`);
  return { year, week: Math.floor((thursday - jan1) / 7) + 1, monday: day - dow, thursday };
}
const weekLabel = (w: { year: number; week: number }) => `${w.year}-W${String(w.week).padStart(2, '0')}`;

function tables() {
  return {
    findings: new Rows('findings', [
      'id',
      'code',
      'round_id',
      'unit_id',
      'description',
      'location',
      'level',
      'category',
      'tags',
      'source',
      'found_date',
      'found_by',
      'deadline',
      'responsible_person',
      'responsible_leader',
      'status',
      'cancel_reason',
      'closed_at',
      'return_reason',
      'created_by_id',
      'version',
      'created_at',
      'updated_at',
    ]),
    plans: new Rows('rectification_plans', [
      'id',
      'finding_id',
      'revision',
      'measures',
      'responsible_person',
      'funds_amount',
      'funds_source',
      'funds_zero_reason',
      'deadline',
      'contingency_plan',
      'interim_controls',
      'stop_production',
      'stop_production_scope',
      'submitted_by_id',
      'submitted_at',
      'confirmed_by_id',
      'confirmed_at',
    ]),
    progress: new Rows('progress_notes', ['id', 'finding_id', 'note', 'percent', 'author_id', 'created_at']),
    evidence: new Rows('evidence_files', [
      'id',
      'finding_id',
      'kind',
      'file_name',
      'mime_type',
      'size_bytes',
      'sha256',
      'content',
      'caption',
      'uploaded_by_id',
      'uploaded_at',
    ]),
    summaries: new Rows('rectification_summaries', [
      'id',
      'finding_id',
      'what_was_done',
      'root_cause',
      'evidence_ids',
      'late',
      'deadline_at_submission',
      'submitted_by_id',
      'submitted_at',
    ]),
    verifications: new Rows('verifications', [
      'id',
      'finding_id',
      'result',
      'verified_on',
      'notes',
      'evidence_ids',
      'verifier_id',
      'verifier_unit_id',
      'recorded_at',
    ]),
    sweeps: new Rows('sweep_records', [
      'finding_id',
      'checked_unit_ids',
      'checked_by',
      'result',
      'notes',
      'swept_on',
      'recorded_by_id',
      'recorded_at',
    ]),
    mechanisms: new Rows('mechanism_records', [
      'finding_id',
      'kind',
      'title',
      'document_number',
      'effective_date',
      'recorded_by_id',
      'recorded_at',
    ]),
    accountability: new Rows('accountability_records', [
      'finding_id',
      'kind',
      'person_name',
      'unit_id',
      'action',
      'amount_yuan',
      'details',
      'decided_by',
      'decided_on',
      'recorded_by_id',
      'recorded_at',
    ]),
    satisfaction: new Rows('satisfaction_confirmations', [
      'finding_id',
      'representatives',
      'method',
      'confirmed_on',
      'satisfied',
      'comments',
      'recorded_by_id',
      'recorded_at',
    ]),
    closeouts: new Rows('closeouts', ['finding_id', 'closed_by_id', 'closed_by_name', 'rules', 'closed_at']),
    similar: new Rows('finding_similar_links', ['finding_id', 'similar_to_id', 'linked_by_id', 'linked_at']),
    assessments: new Rows('assessments', [
      'id',
      'unit_id',
      'person_names',
      'reason',
      'points',
      'text',
      'source_type',
      'source_id',
      'finding_id',
      'assessed_on',
      'created_at',
    ]),
    events: eventRows(),
  };
}
type Tables = ReturnType<typeof tables>;

// ---------------------------------------------------------------- the organisation

export interface OrgUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  path: string;
  company: number;
  /** The production 二级单位 above (or equal to) this unit, for the unit users who act on it. */
  secondaryId: number | null;
}

export interface OrgUser {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  homeUnitId: number | null;
}

export interface Org {
  units: OrgUnit[];
  users: OrgUser[];
  companyIds: number[];
  /** Per company: the units findings are assigned to (the production units' subtrees). */
  findingUnits: OrgUnit[][];
  /** Per company: every unit below the company (the weekly reporting units). */
  reportingUnits: OrgUnit[][];
  officeUser: number[];
  leaderIds: number[];
  supervisorIds: number[];
  reporterIds: number[];
  officerOf: Map<number, OrgUser>;
  headOf: Map<number, OrgUser>;
  unitById: Map<number, OrgUnit>;
  /** Home unit of the supervision group's members (综合管理部 of the first company). */
  supervisionUnitId: number;
}

/** The organisation is fixed and deterministic: ids 1…200 for units, 1…80 for users. */
export function buildOrg(): Org {
  const units: OrgUnit[] = [];
  const add = (u: Omit<OrgUnit, 'id' | 'path'>, parent: OrgUnit | null): OrgUnit => {
    const id = units.length + 1;
    const unit = { ...u, id, path: `${parent ? parent.path : '/'}${id}/` };
    units.push(unit);
    return unit;
  };
  const companyIds: number[] = [];
  const findingUnits: OrgUnit[][] = [];
  const reportingUnits: OrgUnit[][] = [];
  let workAreaNo = 0;
  COMPANIES.forEach((company, c) => {
    const top = add(
      {
        code: company.code,
        name: company.name,
        kind: 'COMPANY',
        parentId: null,
        company: c,
        secondaryId: null,
      },
      null,
    );
    companyIds.push(top.id);
    findingUnits.push([]);
    reportingUnits.push([]);
    SECONDARY_UNITS[c].forEach(([code, name, kind], s) => {
      const production = s >= 2;
      const sec = add(
        { code: `${company.code}-${code}`, name, kind, parentId: top.id, company: c, secondaryId: null },
        top,
      );
      sec.secondaryId = production ? sec.id : null;
      reportingUnits[c].push(sec);
      if (production) findingUnits[c].push(sec);
      if (!production) return;
      for (let a = 0; a < 6; a++) {
        const waName = WORK_AREAS[(s * 3 + a) % WORK_AREAS.length];
        const wa = add(
          {
            code: `${sec.code}-GQ${a + 1}`,
            name: waName,
            kind: waName.endsWith('车间') ? 'WORKSHOP' : 'WORK_AREA',
            parentId: sec.id,
            company: c,
            secondaryId: sec.id,
          },
          sec,
        );
        reportingUnits[c].push(wa);
        findingUnits[c].push(wa);
        if (workAreaNo++ % 20 < 9) {
          const team = add(
            {
              code: `${wa.code}-B1`,
              name: TEAMS[workAreaNo % TEAMS.length],
              kind: 'TEAM',
              parentId: wa.id,
              company: c,
              secondaryId: sec.id,
            },
            wa,
          );
          reportingUnits[c].push(team);
          findingUnits[c].push(team);
        }
      }
    });
  });
  const unitById = new Map(units.map((u) => [u.id, u]));
  const byCode = (code: string) => units.find((u) => u.code === code)!;

  const users: OrgUser[] = [];
  const user = (username: string, roles: string[], homeUnitId: number | null, name?: string) => {
    const u = {
      id: users.length + 1,
      username,
      displayName: name ?? personName(users.length * 7 + 3),
      roles,
      homeUnitId,
    };
    users.push(u);
    return u;
  };
  const office0 = user('bench.office', ['SAFETY_OFFICE'], byCode('XCL-AHB').id);
  const office1 = user('bench.office2', ['SAFETY_OFFICE'], byCode('SXLY-AHB').id);
  const supervisionUnitId = byCode('XCL-ZHGLB').id;
  const leader = user('bench.leader', ['SUPERVISION_LEADER'], supervisionUnitId);
  const deputy = user('bench.deputy', ['SUPERVISION_LEADER'], supervisionUnitId);
  const supervisors = [1, 2, 3, 4].map((n) =>
    user(`bench.supervisor${n}`, ['SUPERVISOR'], supervisionUnitId),
  );
  user('bench.viewer', ['VIEWER'], null);
  const officerOf = new Map<number, OrgUser>();
  const headOf = new Map<number, OrgUser>();
  for (const c of [0, 1])
    for (const sec of findingUnits[c].filter((u) => u.parentId === companyIds[c])) {
      const code = sec.code.toLowerCase();
      officerOf.set(sec.id, user(`aqy.${code}`, ['UNIT_OFFICER'], sec.id));
      headOf.set(sec.id, user(`fzr.${code}`, ['UNIT_HEAD'], sec.id));
    }
  const reporterIds: number[] = [];
  for (let n = 1; n <= 20; n++) {
    const home = findingUnits[n % 2][(n * 13) % findingUnits[n % 2].length];
    reporterIds.push(user(`bench.reporter${n}`, ['REPORTER'], home.id).id);
  }
  return {
    units,
    users,
    companyIds,
    findingUnits,
    reportingUnits,
    officeUser: [office0.id, office1.id],
    leaderIds: [leader.id, deputy.id],
    supervisorIds: supervisors.map((s) => s.id),
    reporterIds,
    officerOf,
    headOf,
    unitById,
    supervisionUnitId,
  };
}

// ---------------------------------------------------------------- rounds

const ROUND_TYPES = [
  { kind: 'AUDIT', domain: 'SAFETY', label: '安全督察', from: 20, days: 10, meeting: 7 },
  { kind: 'AUDIT', domain: 'ENVIRONMENT', label: '环保督察', from: 90, days: 8, meeting: 7 },
  { kind: 'LOOK_BACK', domain: 'SAFETY', label: '安全督察“回头看”', from: 200, days: 8, meeting: 7 },
  { kind: 'LOOK_BACK', domain: 'ENVIRONMENT', label: '环保督察“回头看”', from: 280, days: 6, meeting: 7 },
  { kind: 'COMPANY_CHECK', domain: 'SAFETY', label: '公司安全环保检查', from: 0, days: 365, meeting: -1 },
  { kind: 'SPECIAL', domain: 'SAFETY', label: '隐患举报', from: 0, days: 365, meeting: -1 },
] as const;

/** Which round type a finding index within its block falls into (shares 20/10/10/5/50/5 %). */
function roundTypeOf(j: number): number {
  const b = j % 100;
  return b < 20 ? 0 : b < 30 ? 1 : b < 40 ? 2 : b < 45 ? 3 : b < 95 ? 4 : 5;
}
export const roundIdOf = (block: number, company: number, type: number) =>
  block * ROUNDS_PER_BLOCK + company * 6 + type + 1;

interface BlockWindow {
  start: number;
  end: number;
  open: boolean;
}

// ---------------------------------------------------------------- the loader

export interface StageResult {
  fromFindings: number;
  toFindings: number;
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  byTable: Record<string, number>;
}

interface State {
  seq: number;
  hash: string;
  next: Record<string, number>;
  counters: Map<string, number>;
  blocksWithRounds: number;
}

const STATUS_BY_AGE: [number, [string, number][]][] = [
  [
    365,
    [
      ['CLOSED', 0.85],
      ['CANCELLED', 0.04],
      ['VERIFIED', 0.04],
      ['PENDING_VERIFICATION', 0.02],
      ['RECTIFYING', 0.04],
      ['ASSIGNED', 0.01],
    ],
  ],
  [
    180,
    [
      ['CLOSED', 0.6],
      ['CANCELLED', 0.04],
      ['VERIFIED', 0.1],
      ['PENDING_VERIFICATION', 0.08],
      ['RECTIFYING', 0.14],
      ['ASSIGNED', 0.04],
    ],
  ],
  [
    60,
    [
      ['CLOSED', 0.3],
      ['CANCELLED', 0.03],
      ['VERIFIED', 0.12],
      ['PENDING_VERIFICATION', 0.15],
      ['RECTIFYING', 0.3],
      ['ASSIGNED', 0.1],
    ],
  ],
  [
    -1,
    [
      ['CLOSED', 0.05],
      ['CANCELLED', 0.02],
      ['VERIFIED', 0.05],
      ['PENDING_VERIFICATION', 0.13],
      ['RECTIFYING', 0.45],
      ['ASSIGNED', 0.3],
    ],
  ],
];

const TAGS = [
  '扬尘',
  '电气',
  '消防',
  '高处作业',
  '有限空间',
  '特种设备',
  '危化品',
  '警示标识',
  '防护设施',
  '管理制度',
];

export class Generator {
  readonly org = buildOrg();
  private readonly todayDay: number;
  private readonly now: number;
  private readonly sessionEnd: number;
  private readonly evidenceHex = (id: number) => {
    const b = Buffer.alloc(64);
    b.write('ffd8ffe000104a46494600010100000100010000', 0, 'hex');
    b.writeUInt32BE(id, 24);
    return b;
  };

  constructor(
    private readonly url: string,
    private readonly passwordHash: string,
    private readonly log: (line: string) => void,
    now = Date.now(),
  ) {
    this.now = now;
    this.todayDay = zoneDay(now);
    // Nothing generated happens later than an hour ago.
    this.sessionEnd = now - HOUR;
  }

  window(block: number): BlockWindow {
    const start = this.todayDay - 365 * (block + 1);
    return { start, end: start + 364, open: block < 2 };
  }

  /** Adds findings [from, to) and everything that comes with them; the base organisation on the first stage. */
  async load(fromFindings: number, toFindings: number): Promise<StageResult> {
    const started = Date.now();
    const pool = new pg.Pool({ connectionString: this.url, max: 3 });
    const byTable: Record<string, number> = {};
    const count = (t: Rows) => (byTable[t.table] = (byTable[t.table] ?? 0) + t.length);
    try {
      const state = await this.readState(pool);
      const chain = new Chain(state.seq, state.hash);
      if (fromFindings === 0 && state.next.units === 1) {
        const n = await this.loadOrganisation(pool, chain);
        for (const [t, k] of Object.entries(n)) byTable[t] = (byTable[t] ?? 0) + k;
      }
      const lastBlock = Math.floor((toFindings - 1) / FINDINGS_PER_BLOCK);
      const newBlocks: number[] = [];
      for (let b = state.blocksWithRounds; b <= lastBlock; b++) newBlocks.push(b);
      if (newBlocks.length) {
        const n = await this.loadRounds(pool, chain, newBlocks);
        byTable.rounds = (byTable.rounds ?? 0) + n;
      }

      // A large stage drops the two trigram GIN indexes of findings and builds them again afterwards (the same
      // definitions, read from pg_indexes): building once is several times cheaper than maintaining them row by row.
      const bulk = toFindings - fromFindings >= 300_000;
      const gin = bulk
        ? ((
            await pool.query(
              `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'findings' AND indexdef LIKE '%gin_trgm_ops%'`,
            )
          ).rows as { indexname: string; indexdef: string }[])
        : [];
      for (const i of gin) await pool.query(`DROP INDEX "${i.indexname}"`);

      // Findings in batches, two in flight.
      const collect = new Map<number, { selfChecks: SelfCheck[]; hazards: HazardFinding[] }>();
      for (const b of newBlocks) if (b < REPORTING_BLOCKS) collect.set(b, { selfChecks: [], hazards: [] });
      const inFlight: Promise<void>[] = [];
      let lastLog = Date.now();
      for (let g = fromFindings; g < toFindings; g += BATCH) {
        const t = tables();
        const drafts: EventDraft[] = [];
        for (let k = g; k < Math.min(g + BATCH, toFindings); k++) this.finding(k, state, t, drafts, collect);
        chain.append(drafts, t.events);
        Object.values(t).forEach(count);
        if (inFlight.length >= 2) await inFlight.shift();
        inFlight.push(this.insert(pool, Object.values(t)));
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          const rows = Object.values(byTable).reduce((a, b) => a + b, 0);
          this.log(
            `  … ${g + BATCH - fromFindings} of ${toFindings - fromFindings} findings, ${rows} rows, ${Math.round(rows / ((Date.now() - started) / 1000))} rows/s`,
          );
        }
      }
      await Promise.all(inFlight);
      if (gin.length) {
        const client = await pool.connect();
        try {
          await client.query(`SET maintenance_work_mem = '256MB'`);
          for (const i of gin) await client.query(i.indexdef);
        } finally {
          client.release();
        }
        this.log(`  rebuilt ${gin.map((i) => i.indexname).join(', ')}`);
      }

      for (const b of newBlocks) {
        if (b >= REPORTING_BLOCKS) continue;
        const n = await this.loadReports(pool, chain, state, b, collect.get(b)!);
        for (const [t, k] of Object.entries(n)) byTable[t] = (byTable[t] ?? 0) + k;
      }

      // The 重要危险源 register and the pilot source's year of inspections (generate-inspections.ts), once.
      const [{ n: inspectionRows }] = (
        await pool.query(
          `SELECT (SELECT count(*) FROM hazard_sources) + (SELECT count(*) FROM checklist_templates) AS n`,
        )
      ).rows as { n: string }[];
      if (Number(inspectionRows) === 0) {
        const n = await loadInspections({
          pool,
          chain,
          org: this.org,
          today: isoOf(this.todayDay),
          sessionEnd: this.sessionEnd,
          insert: (rows) => this.insert(pool, rows),
        });
        for (const [t, k] of Object.entries(n)) byTable[t] = (byTable[t] ?? 0) + k;
      }

      await this.finish(pool, chain, state);
      const rows = Object.values(byTable).reduce((a, b) => a + b, 0);
      const seconds = (Date.now() - started) / 1000;
      return {
        fromFindings,
        toFindings,
        seconds,
        rows,
        rowsPerSecond: Math.round(rows / seconds),
        byTable,
      };
    } finally {
      await pool.end();
    }
  }

  /** Brings the planner statistics and visibility map up to date, as autovacuum would on a live database. */
  async vacuum(): Promise<number> {
    const started = Date.now();
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      await client.query('VACUUM (ANALYZE)');
    } finally {
      await client.end();
    }
    return (Date.now() - started) / 1000;
  }

  private async insert(pool: pg.Pool, rows: Rows[]): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const r of rows) if (r.length) await r.copy(client);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async readState(pool: pg.Pool): Promise<State> {
    const [head] = (await pool.query(`SELECT seq, hash FROM change_log_head WHERE id = 1`)).rows as {
      seq: string;
      hash: string;
    }[];
    const next: Record<string, number> = {};
    for (const t of [
      'units',
      'users',
      'rounds',
      'findings',
      'rectification_plans',
      'progress_notes',
      'evidence_files',
      'rectification_summaries',
      'verifications',
      'assessments',
      'weekly_report_obligations',
      'weekly_reports',
      'weekly_report_versions',
      'hazard_reports',
      'bounties',
    ]) {
      const [{ max }] = (await pool.query(`SELECT coalesce(max(id), 0) AS max FROM "${t}"`)).rows as {
        max: number;
      }[];
      next[t] = Number(max) + 1;
    }
    const counters = new Map<string, number>(
      (
        (await pool.query(`SELECT prefix, last FROM finding_code_counters`)).rows as {
          prefix: string;
          last: number;
        }[]
      ).map((r) => [r.prefix, r.last]),
    );
    return {
      seq: Number(head.seq),
      hash: head.hash,
      next,
      counters,
      blocksWithRounds: Math.floor((next.rounds - 1) / ROUNDS_PER_BLOCK),
    };
  }

  /** Units, users (one shared argon2id hash), the supervision group, and their change-log entries. */
  private async loadOrganisation(pool: pg.Pool, chain: Chain): Promise<Record<string, number>> {
    const { units, users } = this.org;
    const created = at(this.todayDay - 365 * 50 - 30, 9);
    const drafts: EventDraft[] = [];
    const unitRows = new Rows('units', [
      'id',
      'code',
      'name',
      'kind',
      'parent_id',
      'path',
      'version',
      'created_at',
      'updated_at',
    ]);
    units.forEach((u, i) => {
      const t = created + i * 60_000;
      unitRows.push(
        u.id,
        u.code,
        u.name,
        u.kind,
        u.parentId,
        u.path,
        1,
        new Date(t).toISOString(),
        new Date(t).toISOString(),
      );
      drafts.push({
        at: t,
        actorId: null,
        actorName: '系统',
        action: 'UNIT_CREATED',
        entityType: 'Unit',
        entityId: String(u.id),
        unitId: u.id,
        changes: change(null, {
          code: u.code,
          name: u.name,
          kind: u.kind,
          parentId: u.parentId,
          path: u.path,
          aliases: [],
          active: true,
        }),
      });
    });
    const userRows = new Rows('users', [
      'id',
      'username',
      'display_name',
      'home_unit_id',
      'roles',
      'password_hash',
      'version',
      'created_at',
      'updated_at',
    ]);
    users.forEach((u, i) => {
      const t = created + DAY + i * 60_000;
      userRows.push(
        u.id,
        u.username,
        u.displayName,
        u.homeUnitId,
        pgArray(u.roles),
        this.passwordHash,
        1,
        new Date(t).toISOString(),
        new Date(t).toISOString(),
      );
      drafts.push({
        at: t,
        actorId: null,
        actorName: '系统',
        action: 'USER_CREATED',
        entityType: 'User',
        entityId: String(u.id),
        unitId: u.homeUnitId,
        changes: change(null, {
          username: u.username,
          displayName: u.displayName,
          homeUnitId: u.homeUnitId,
          roles: u.roles,
          active: true,
          passwordHash: 'x',
        }),
      });
    });
    const groupAt = created + 2 * DAY;
    const group = new Rows('supervision_groups', [
      'id',
      'name',
      'campaign',
      'office_unit_id',
      'version',
      'created_at',
      'updated_at',
    ]);
    group.push(
      1,
      '中铝集团第二督察组',
      '安全环保督察',
      units[1].id,
      1,
      new Date(groupAt).toISOString(),
      new Date(groupAt).toISOString(),
    );
    drafts.push({
      at: groupAt,
      actorId: this.org.officeUser[0],
      actorName: users[0].displayName,
      action: 'GROUP_CREATED',
      entityType: 'SupervisionGroup',
      entityId: '1',
      unitId: units[1].id,
      changes: change(null, {
        name: '中铝集团第二督察组',
        campaign: '安全环保督察',
        officeUnitId: units[1].id,
      }),
    });
    const members = new Rows('supervision_group_members', ['group_id', 'user_id', 'position', 'joined_at']);
    const positions: [number, string][] = [
      [this.org.leaderIds[0], 'LEADER'],
      [this.org.leaderIds[1], 'EXECUTIVE_DEPUTY'],
      ...this.org.supervisorIds.map((id) => [id, 'MEMBER'] as [number, string]),
    ];
    for (const [id, position] of positions) {
      members.push(1, id, position, new Date(groupAt).toISOString());
      drafts.push({
        at: groupAt + id * 1000,
        actorId: this.org.officeUser[0],
        actorName: users[0].displayName,
        action: 'GROUP_MEMBER_ADDED',
        entityType: 'SupervisionGroup',
        entityId: '1',
        unitId: units[1].id,
        changes: change(null, { userId: id, position }),
      });
    }
    const events = tables().events;
    chain.append(drafts, events);
    await this.insert(pool, [unitRows, userRows, group, members, events]);
    await pool.query(`SELECT setval('units_id_seq', (SELECT max(id) FROM units))`);
    await pool.query(`SELECT setval('users_id_seq', (SELECT max(id) FROM users))`);
    await pool.query(`SELECT setval('supervision_groups_id_seq', 1)`);
    return {
      units: unitRows.length,
      users: userRows.length,
      supervision_groups: 1,
      supervision_group_members: members.length,
      change_events: events.length,
    };
  }

  private async loadRounds(pool: pg.Pool, chain: Chain, blocks: number[]): Promise<number> {
    const rows = new Rows('rounds', [
      'id',
      'name',
      'kind',
      'domain',
      'company_unit_id',
      'audit_team',
      'start_date',
      'end_date',
      'report_ref',
      'original_round_id',
      'plan_meeting_date',
      'supervision_group_id',
      'status',
      'closed_at',
      'version',
      'created_at',
      'updated_at',
    ]);
    const drafts: EventDraft[] = [];
    for (const b of blocks) {
      const w = this.window(b);
      for (const c of [0, 1]) {
        ROUND_TYPES.forEach((rt, t) => {
          const id = roundIdOf(b, c, t);
          const start = w.start + rt.from;
          const end = Math.min(start + rt.days - 1, w.end);
          const year = new Date(start * DAY).getUTCFullYear();
          const company = COMPANIES[c];
          const name =
            t === 5
              ? `${company.name}${year}年隐患举报`
              : `${year}年${rt.label}（${company.name.replace('有限公司', '')}）`;
          const createdAt = at(start - 14, 10);
          const closedAt = w.open ? null : new Date(at(w.end + 30, 16)).toISOString();
          rows.push(
            id,
            name,
            rt.kind,
            rt.domain,
            this.org.companyIds[c],
            t >= 4 ? `${company.name.replace('有限公司', '')}安全环保部` : '中铝集团第二督察组',
            isoOf(start),
            isoOf(end),
            t < 4 ? `督察〔${year}〕${between(id, 1, 3, 60)}号` : null,
            t === 2 || t === 3 ? roundIdOf(b, c, t - 2) : null,
            rt.meeting >= 0 ? isoOf(end + rt.meeting) : null,
            t < 4 ? 1 : null,
            w.open ? 'RECTIFYING' : 'CLOSED',
            closedAt,
            w.open ? 2 : 3,
            new Date(createdAt).toISOString(),
            closedAt ?? new Date(createdAt + DAY).toISOString(),
          );
          const actor = this.org.officeUser[c];
          drafts.push({
            at: createdAt,
            actorId: actor,
            actorName: this.org.users[actor - 1].displayName,
            action: 'ROUND_CREATED',
            entityType: 'AuditRound',
            entityId: String(id),
            unitId: this.org.companyIds[c],
            changes: change(null, {
              name,
              kind: rt.kind,
              domain: rt.domain,
              companyUnitId: this.org.companyIds[c],
              startDate: isoOf(start),
              endDate: isoOf(end),
              status: 'PLANNED',
            }),
          });
          if (!w.open)
            drafts.push({
              at: Date.parse(closedAt!),
              actorId: actor,
              actorName: this.org.users[actor - 1].displayName,
              action: 'ROUND_CLOSED',
              entityType: 'AuditRound',
              entityId: String(id),
              unitId: this.org.companyIds[c],
              changes: change({ status: 'RECTIFYING' }, { status: 'CLOSED' }),
            });
        });
      }
    }
    const events = tables().events;
    chain.append(drafts, events);
    await this.insert(pool, [rows, events]);
    await pool.query(`SELECT setval('rounds_id_seq', (SELECT max(id) FROM rounds))`);
    return rows.length;
  }

  /** One finding (global index g) with everything its state implies. */
  private finding(
    g: number,
    state: State,
    t: Tables,
    drafts: EventDraft[],
    collect: Map<number, { selfChecks: SelfCheck[]; hazards: HazardFinding[] }>,
  ): void {
    const org = this.org;
    const block = Math.floor(g / FINDINGS_PER_BLOCK);
    const j = g % FINDINGS_PER_BLOCK;
    const w = this.window(block);
    const type = roundTypeOf(j);
    const c = Math.floor(j / 100) % 2;
    const rt = ROUND_TYPES[type];
    const roundId = roundIdOf(block, c, type);
    const id = g + 1;
    const selfCheck = type === 0 && j % 100 >= 16;
    // Exact shares (2% MAJOR, 10% SERIOUS) in every full block and in every round of it, also at half a block.
    const lv = (Math.floor(j / 1000) + 20 * (Math.floor(j / 100) % 10) + (j % 100) + 7 * block) % 50;
    const level = lv === 0 ? 'MAJOR' : lv <= 5 ? 'SERIOUS' : 'GENERAL';
    const unit = pick(org.findingUnits[c], g, 1);
    const secondary = org.unitById.get(unit.secondaryId!)!;
    const officer = org.officerOf.get(secondary.id)!;
    const head = org.headOf.get(secondary.id)!;
    const office = org.users[org.officeUser[c] - 1];

    // When it was found.
    let found: number;
    const start = w.start + rt.from;
    if (selfCheck) {
      const weeks = Math.max(1, Math.floor((w.end - start - 14) / 7));
      found = isoWeek(start + 14 + 7 * (h32(g, 2) % weeks)).thursday;
    } else if (type <= 3) found = start + (h32(g, 2) % rt.days);
    else found = w.start + (h32(g, 2) % 365);
    found = Math.min(found, this.todayDay - 1);
    const deadline =
      found + (level === 'MAJOR' ? between(g, 3, 90, 180) : pick([15, 30, 30, 45, 60, 60, 90, 120], g, 3));

    // What it is.
    const env = rt.domain === 'ENVIRONMENT';
    const category = env
      ? rnd(g, 4) < 0.7
        ? 'ENVIRONMENTAL'
        : 'MANAGEMENT'
      : pick(
          [
            'UNSAFE_CONDITION',
            'UNSAFE_CONDITION',
            'UNSAFE_CONDITION',
            'UNSAFE_ACT',
            'MANAGEMENT',
            'MANAGEMENT',
            'ENVIRONMENTAL',
          ],
          g,
          4,
        );
    const place = pick(PLACES, g, 5);
    const problem = pick(category === 'ENVIRONMENTAL' ? ENVIRONMENT_PROBLEMS : SAFETY_PROBLEMS, g, 6);
    const description = `${place}${problem}${pick(CONSEQUENCES, g, 7)}`;
    const location = `${unit.name}${place}`;
    const tags = selfCheck
      ? ['举一反三']
      : h32(g, 8) % 3 === 0
        ? []
        : [...new Set([pick(TAGS, g, 9), ...(h32(g, 10) % 2 ? [pick(TAGS, g, 11)] : [])])];
    const source = selfCheck
      ? 'SELF_CHECK'
      : type <= 3
        ? 'AUDIT_TEAM'
        : type === 4
          ? 'COMPANY_CHECK'
          : 'HAZARD_REPORT';
    const foundBy =
      source === 'AUDIT_TEAM'
        ? '中铝集团第二督察组'
        : source === 'SELF_CHECK'
          ? `${unit.name}（举一反三自查）`
          : source === 'HAZARD_REPORT'
            ? '隐患举报'
            : `${COMPANIES[c].name.replace('有限公司', '')}安全环保部检查组`;
    const responsible = personName(h32(g, 12) % 5000);
    const responsibleLeader =
      level === 'MAJOR' || h32(g, 13) % 3 === 0 ? personName(h32(g, 14) % 5000) : null;
    const foundYear = new Date(found * DAY).getUTCFullYear();
    const prefix = `${COMPANIES[c].code}-${foundYear}-${env ? 'HB' : 'AQ'}`;
    const last = (state.counters.get(prefix) ?? 0) + 1;
    state.counters.set(prefix, last);
    const code = `${prefix}-${String(last).padStart(4, '0')}`;

    // Where it stands: closed history, or by age.
    let status: string;
    const u = rnd(g, 15);
    if (!w.open) status = u < 0.04 ? 'CANCELLED' : 'CLOSED';
    else {
      const age = this.todayDay - found;
      const profile = STATUS_BY_AGE.find(([min]) => age > min)![1];
      let acc = 0;
      status = profile[profile.length - 1][0];
      for (const [s, p] of profile) {
        acc += p;
        if (u < acc) {
          status = s;
          break;
        }
      }
    }

    // The timeline, in ms offsets from creation, compressed to end before now.
    const created = at(found, 9 + (h32(g, 16) % 8)) + (h32(g, 17) % 3_600_000);
    const cancelled = status === 'CANCELLED';
    const cancelledAfterPlan = cancelled && h32(g, 18) % 10 < 3;
    const hasPlan = status !== 'ASSIGNED' && (!cancelled || cancelledAfterPlan);
    const hasSummary = ['PENDING_VERIFICATION', 'VERIFIED', 'CLOSED'].includes(status);
    const verified = status === 'VERIFIED' || status === 'CLOSED';
    const failedFirst = verified && h32(g, 19) % 100 < 8;
    const revised = hasPlan && h32(g, 20) % 10 === 0;
    const progressNotes = hasPlan && !cancelled ? h32(g, 21) % 3 : 0;
    const off: Record<string, number> = {};
    let tt = 0;
    const step = (name: string, minDays: number, maxDays: number) => {
      tt += (minDays + rnd(g, 100 + Object.keys(off).length) * (maxDays - minDays)) * DAY;
      off[name] = tt;
    };
    if (hasPlan) step('plan', 1, 10);
    if (revised) step('plan2', 5, 20);
    for (let p = 0; p < progressNotes; p++) step(`progress${p}`, 3, 20);
    if (cancelled) step('cancel', 3, 40);
    if (hasSummary) {
      // Aim at the deadline: most are on time, some late.
      const target =
        (deadline - found) * DAY + (rnd(g, 22) < 0.15 ? between(g, 23, 1, 30) : -between(g, 23, 1, 10)) * DAY;
      tt = Math.max(tt + DAY, target);
      off.evidence = tt - HOUR;
      off.summary = tt;
    }
    if (failedFirst) {
      step('fail', 3, 10);
      step('summary2', 5, 20);
    }
    if (verified) step('pass', 3, 15);
    const records = ['sweep', 'mechanism', 'accountability', 'satisfaction'].filter(
      (_, k) => status === 'CLOSED' || (status === 'VERIFIED' && h32(g, 30 + k) % 10 < 6),
    );
    for (const r of records) step(r, 1, 8);
    if (status === 'CLOSED') step('close', 2, 10);
    // Half the findings in rectification already carry their "after" photo (uploaded since the plan): the unit may
    // hand in its summary (the rule of src/findings/rules/summary-evidence.ts). In the second company every one does:
    // the transitions scenario takes its findings there, enough for a warm-up and a measurement on each of its sides.
    const readyToSubmit = status === 'RECTIFYING' && (unit.company === 1 || h32(g, 25) % 2 === 0);
    if (readyToSubmit) step('evidence', 1, 5);
    const room = this.sessionEnd - created;
    const scale = tt > room * 0.95 ? (room * 0.95) / tt : 1;
    const when = (name: string) => Math.round(created + off[name] * scale);
    const iso = (ms: number) => new Date(ms).toISOString();

    const snapshot = {
      code,
      roundId,
      unitId: unit.id,
      description,
      location,
      level,
      category,
      tags,
      source,
      foundDate: isoOf(found),
      foundBy,
      deadline: isoOf(deadline),
      responsiblePerson: responsible,
      responsibleLeader,
      status: 'ASSIGNED',
      recurrenceOfId: null,
      cancelReason: null,
      returnReason: null,
    };
    const ev = (
      atMs: number,
      actor: { id: number; displayName: string } | null,
      action: string,
      changes: Record<string, unknown>,
      entityType = 'Finding',
      entityId = String(id),
      unitId: number | null = unit.id,
    ) =>
      drafts.push({
        at: atMs,
        actorId: actor ? actor.id : null,
        actorName: actor ? actor.displayName : '系统',
        action,
        entityType,
        entityId,
        unitId,
        changes,
      });
    // Similar links stay within one batch (two batches are inserted concurrently).
    const similarTo = g % BATCH >= 200 && h32(g, 24) % 200 === 0 ? id - 200 : null;
    ev(
      created,
      office,
      'FINDING_CREATED',
      change(null, { ...snapshot, similarToIds: similarTo ? [similarTo] : [] }),
    );
    if (similarTo) t.similar.push(id, similarTo, office.id, iso(created));

    // Plans (revision 2 for some), progress, evidence, summaries.
    let planRevision = 0;
    const plan = (name: string) => {
      const submittedAt = when(name);
      const planId = state.next.rectification_plans++;
      planRevision++;
      const zeroFunds = h32(g, 40 + planRevision) % 5 === 0;
      const p = {
        revision: planRevision,
        onTheSpot: false,
        onTheSpotEvidenceIds: [] as number[],
        measures: `${pick(MEASURES, g, 41 + planRevision)}，${pick(MEASURES, g, 43 + planRevision)}，${pick(MEASURES, g, 45)}`,
        responsiblePerson: personName(h32(g, 46) % 5000),
        fundsAmount: zeroFunds ? 0 : between(g, 47, 1, 400) * 500,
        fundsSource: zeroFunds ? null : pick(['安全费用', '生产成本', '技改资金', '大修费用'], g, 48),
        fundsZeroReason: zeroFunds ? '利用现有人员和材料整改，不需另行投入资金' : null,
        deadline: isoOf(deadline),
        contingencyPlan: `整改期间落实专人监护，发现异常立即停止作业并按${place}现场处置方案处置`,
        interimControls: level === 'MAJOR' ? '设置警戒区域，安排专人24小时值守，每班检查两次' : null,
        stopProduction: level === 'MAJOR' ? h32(g, 49) % 4 === 0 : null,
        stopProductionScope:
          level === 'MAJOR' && h32(g, 49) % 4 === 0 ? `${unit.name}${place}局部停产` : null,
        confirmedById: level === 'MAJOR' ? head.id : officer.id,
      };
      const confirmedAt = level === 'MAJOR' ? submittedAt + 4 * HOUR : submittedAt;
      t.plans.push(
        planId,
        id,
        planRevision,
        p.measures,
        p.responsiblePerson,
        p.fundsAmount,
        p.fundsSource,
        p.fundsZeroReason,
        p.deadline,
        p.contingencyPlan,
        p.interimControls,
        p.stopProduction,
        p.stopProductionScope,
        officer.id,
        iso(submittedAt),
        p.confirmedById,
        iso(confirmedAt),
      );
      const major = level === 'MAJOR';
      ev(
        submittedAt,
        officer,
        'PLAN_RECORDED',
        change(
          { status: planRevision === 1 ? 'ASSIGNED' : 'RECTIFYING' },
          {
            status: major && planRevision === 1 ? 'ASSIGNED' : 'RECTIFYING',
            plan: { ...p, confirmedById: major ? null : officer.id },
          },
        ),
      );
      if (major)
        ev(
          confirmedAt,
          head,
          'PLAN_CONFIRMED',
          change(
            { status: planRevision === 1 ? 'ASSIGNED' : 'RECTIFYING' },
            { status: 'RECTIFYING', planRevision },
          ),
        );
    };
    if (hasPlan) plan('plan');
    if (revised) plan('plan2');
    for (let p = 0; p < progressNotes; p++) {
      const atMs = when(`progress${p}`);
      const note = `${pick(MEASURES, g, 60 + p)}已完成，${p === 0 ? '其余措施正在落实' : '正在组织验收'}`;
      const percent = p === 0 ? 40 : 80;
      t.progress.push(state.next.progress_notes++, id, note, percent, officer.id, iso(atMs));
      ev(atMs, officer, 'PROGRESS_RECORDED', change(null, { note, percent }));
    }
    let evidenceId: number | null = null;
    const summaries: { id: number; at: number; late: boolean }[] = [];
    const summary = (name: string) => {
      const atMs = when(name);
      const sid = state.next.rectification_summaries++;
      const isLate = zoneDay(atMs) > deadline;
      const whatWasDone = `已按整改方案完成：${pick(MEASURES, g, 70)}，${pick(MEASURES, g, 71)}，现场已恢复正常`;
      const rootCause = pick(ROOT_CAUSES, g, 72 + summaries.length);
      t.summaries.push(
        sid,
        id,
        whatWasDone,
        rootCause,
        pgArray(evidenceId ? [evidenceId] : []),
        isLate,
        isoOf(deadline),
        officer.id,
        iso(atMs),
      );
      summaries.push({ id: sid, at: atMs, late: isLate });
      const prevStatus = 'RECTIFYING';
      ev(
        atMs,
        officer,
        'SUMMARY_SUBMITTED',
        change(
          { status: prevStatus, returnReason: summaries.length > 1 ? '整改不彻底' : null },
          { status: 'PENDING_VERIFICATION', returnReason: null, late: isLate, summaryId: sid },
        ),
      );
      if (isLate)
        this.assessment(t, state, drafts, {
          unitId: unit.id,
          reason: 'LATE_RECTIFICATION',
          points: 2,
          text: `${code} 整改超期：时限 ${isoOf(deadline)}，整改总结于 ${isoOf(zoneDay(atMs))} 提交`,
          sourceType: 'RectificationSummary',
          sourceId: sid,
          findingId: id,
          personNames: [responsible],
          on: zoneDay(atMs),
          at: atMs,
        });
    };
    if (hasSummary || readyToSubmit) {
      const upAt = when('evidence');
      evidenceId = state.next.evidence_files++;
      const content = this.evidenceHex(evidenceId);
      const sha = createHash('sha256').update(content).digest('hex');
      const fileName = `整改后照片-${code}.jpg`;
      t.evidence.push(
        evidenceId,
        id,
        'AFTER',
        fileName,
        'image/jpeg',
        content.length,
        sha,
        '\\x' + content.toString('hex'),
        '整改后现场照片',
        officer.id,
        iso(upAt),
      );
      ev(
        upAt,
        officer,
        'EVIDENCE_ADDED',
        change(null, { evidenceId, kind: 'AFTER', fileName, sha256: sha, sizeBytes: content.length }),
      );
      if (hasSummary) summary('summary');
    }
    const supervisor = org.users[pick(org.supervisorIds, g, 80) - 1];
    const verification = (name: string, result: 'PASS' | 'FAIL') => {
      const atMs = when(name);
      const vid = state.next.verifications++;
      const notes =
        result === 'PASS'
          ? '现场复查，整改措施已落实到位，符合要求'
          : '整改不彻底，现场仍存在同类问题，退回重新整改';
      t.verifications.push(
        vid,
        id,
        result,
        isoOf(zoneDay(atMs)),
        notes,
        pgArray(evidenceId ? [evidenceId] : []),
        supervisor.id,
        org.supervisionUnitId,
        iso(atMs),
      );
      ev(
        atMs,
        supervisor,
        result === 'PASS' ? 'VERIFICATION_PASSED' : 'VERIFICATION_FAILED',
        change(
          { status: 'PENDING_VERIFICATION' },
          { status: result === 'PASS' ? 'VERIFIED' : 'RECTIFYING', verificationId: vid, notes },
        ),
      );
      if (result === 'FAIL')
        this.assessment(t, state, drafts, {
          unitId: unit.id,
          reason: 'FAILED_VERIFICATION',
          points: 2,
          text: `${code} 复查不通过：${notes}`,
          sourceType: 'Verification',
          sourceId: vid,
          findingId: id,
          personNames: [responsible],
          on: zoneDay(atMs),
          at: atMs,
        });
      return {
        result,
        evidenceCount: evidenceId ? 1 : 0,
        verifiedOn: isoOf(zoneDay(atMs)),
        verifierName: supervisor.displayName,
        verifierUnitPath: org.unitById.get(org.supervisionUnitId)!.path,
      };
    };
    let latest: GateFacts['latestVerification'] = null;
    if (failedFirst) {
      verification('fail', 'FAIL');
      summary('summary2');
    }
    if (verified) latest = verification('pass', 'PASS') as GateFacts['latestVerification'];

    // The five rules' records.
    const facts: GateFacts = {
      responsibleLineage: unit.path
        .split('/')
        .filter(Boolean)
        .map((uid) => org.unitById.get(Number(uid))!)
        .map((u) => ({ path: u.path, kind: u.kind as UnitKind })),
      latestVerification: latest,
      sweeps: [],
      similarFindings: [],
      mechanisms: [],
      accountability: [],
      recurrence: null,
      latestSatisfaction: null,
    };
    const siblings = org.findingUnits[c]
      .filter((x) => x.parentId === unit.parentId && x.id !== unit.id)
      .slice(0, 3);
    for (const r of records) {
      const atMs = when(r);
      const on = isoOf(zoneDay(atMs));
      if (r === 'sweep') {
        const checked = siblings.length ? siblings : [secondary];
        t.sweeps.push(
          id,
          pgArray(checked.map((x) => x.id)),
          officer.displayName,
          'NONE_FOUND',
          '对同类区域和设备开展举一反三排查',
          on,
          officer.id,
          iso(atMs),
        );
        facts.sweeps.push({
          checkedUnitNames: checked.map((x) => x.name),
          result: 'NONE_FOUND',
          recordedOn: on,
        });
        ev(
          atMs,
          officer,
          'SWEEP_RECORDED',
          change(null, { checkedUnitIds: checked.map((x) => x.id), result: 'NONE_FOUND', sweptOn: on }),
        );
      } else if (r === 'mechanism') {
        const existing = h32(g, 81) % 5 === 0;
        const title = existing
          ? '现有《设备设施巡回检查管理制度》有效，已重申执行'
          : `《${place}${pick(['定期检查', '隐患排查', '安全操作', '清扫保洁'], g, 82)}管理规定》`;
        const docNo = existing
          ? null
          : `${COMPANIES[c].code}〔${new Date(atMs).getUTCFullYear()}〕${between(g, 83, 1, 200)}号`;
        t.mechanisms.push(
          id,
          existing ? 'EXISTING_SUFFICIENT' : 'MECHANISM',
          title,
          docNo,
          existing ? null : on,
          existing ? supervisor.id : officer.id,
          iso(atMs),
        );
        facts.mechanisms.push({
          kind: existing ? 'EXISTING_SUFFICIENT' : 'MECHANISM',
          title,
          documentNumber: docNo,
        });
        ev(
          atMs,
          existing ? supervisor : officer,
          'MECHANISM_RECORDED',
          change(null, {
            kind: existing ? 'EXISTING_SUFFICIENT' : 'MECHANISM',
            title,
            documentNumber: docNo,
          }),
        );
      } else if (r === 'accountability') {
        const noFault = h32(g, 84) % 10 < 3;
        const action = noFault ? null : pick(['CRITICISM', 'NOTICE_CRITICISM', 'ECONOMIC', 'WARNING'], g, 85);
        const amount = action === 'ECONOMIC' ? between(g, 86, 1, 10) * 200 : null;
        t.accountability.push(
          id,
          noFault ? 'NO_FAULT' : 'ACTION',
          noFault ? null : responsible,
          noFault ? null : unit.id,
          action,
          amount,
          noFault ? '督导组认定属设备自然老化，无管理过错' : '按公司安全生产考核办法处理',
          '督导组',
          on,
          supervisor.id,
          iso(atMs),
        );
        const label: Record<string, string> = {
          CRITICISM: '批评教育',
          NOTICE_CRITICISM: '通报批评',
          ECONOMIC: '经济处罚',
          WARNING: '警告',
        };
        facts.accountability.push({
          kind: noFault ? 'NO_FAULT' : 'ACTION',
          personName: noFault ? null : responsible,
          actionLabel: action ? `${label[action]}${amount ? ` ${amount} 元` : ''}` : null,
        });
        ev(
          atMs,
          supervisor,
          'ACCOUNTABILITY_RECORDED',
          change(null, {
            kind: noFault ? 'NO_FAULT' : 'ACTION',
            personName: noFault ? null : responsible,
            action,
            amountYuan: amount,
          }),
        );
      } else {
        const reps = `职工代表${personName(h32(g, 87) % 5000)}、${personName(h32(g, 88) % 5000)}`;
        t.satisfaction.push(id, reps, '现场座谈', on, true, null, supervisor.id, iso(atMs));
        facts.latestSatisfaction = {
          satisfied: true,
          representatives: reps,
          method: '现场座谈',
          confirmedOn: on,
        };
        ev(
          atMs,
          supervisor,
          'SATISFACTION_RECORDED',
          change(null, { representatives: reps, method: '现场座谈', confirmedOn: on, satisfied: true }),
        );
      }
    }

    let closedAt: string | null = null;
    if (status === 'CLOSED') {
      const atMs = when('close');
      closedAt = iso(atMs);
      const closer = level === 'MAJOR' ? org.users[org.leaderIds[0] - 1] : supervisor;
      const rules = evaluateGate(facts);
      t.closeouts.push(id, closer.id, closer.displayName, JSON.stringify(rules), closedAt);
      ev(
        atMs,
        closer,
        'FINDING_CLOSED',
        change({ status: 'VERIFIED' }, { status: 'CLOSED', closedAt, rules: rules.map((r) => r.detail) }),
      );
    }
    const cancelReason = cancelled
      ? pick(['与已登记问题重复', '经核实不属于本单位管理范围', '现场复核问题不存在'], g, 90)
      : null;
    if (cancelled) {
      const atMs = when('cancel');
      ev(
        atMs,
        office,
        'FINDING_CANCELLED',
        change(
          { ...snapshot, status: hasPlan ? 'RECTIFYING' : 'ASSIGNED' },
          { ...snapshot, status: 'CANCELLED', cancelReason },
        ),
      );
    }
    const updated = Math.round(created + tt * scale);
    const versions =
      1 +
      (hasPlan ? planRevision + (level === 'MAJOR' ? planRevision : 0) : 0) +
      summaries.length +
      (verified ? 1 : 0) +
      (failedFirst ? 1 : 0) +
      (status === 'CLOSED' || cancelled ? 1 : 0);
    t.findings.push(
      id,
      code,
      roundId,
      unit.id,
      description,
      location,
      level,
      category,
      pgArray(tags),
      source,
      isoOf(found),
      foundBy,
      isoOf(deadline),
      responsible,
      responsibleLeader,
      status,
      cancelReason,
      closedAt,
      null,
      office.id,
      versions,
      iso(created),
      iso(updated),
    );

    const bucket = collect.get(block);
    if (bucket && selfCheck)
      bucket.selfChecks.push({
        id,
        unitId: unit.id,
        found,
        description,
        location,
        level,
        category,
        deadline,
      });
    if (bucket && source === 'HAZARD_REPORT')
      bucket.hazards.push({ id, unitId: unit.id, created, description, location, level });
  }

  private assessment(
    t: Tables,
    state: State,
    drafts: EventDraft[],
    a: {
      unitId: number;
      reason: string;
      points: number;
      text: string;
      sourceType: string;
      sourceId: number;
      findingId: number | null;
      personNames: string[];
      on: number;
      at: number;
    },
  ): void {
    const id = state.next.assessments++;
    t.assessments.push(
      id,
      a.unitId,
      pgArray(a.personNames),
      a.reason,
      a.points,
      a.text,
      a.sourceType,
      a.sourceId,
      a.findingId,
      isoOf(a.on),
      new Date(a.at).toISOString(),
    );
    drafts.push({
      at: a.at,
      actorId: null,
      actorName: '系统',
      action: 'ASSESSMENT_CREATED',
      entityType: 'Assessment',
      entityId: String(id),
      unitId: a.unitId,
      changes: change(null, {
        unitId: a.unitId,
        personNames: a.personNames,
        reason: a.reason,
        points: a.points,
        amountYuan: null,
        text: a.text,
        sourceType: a.sourceType,
        sourceId: a.sourceId,
        findingId: a.findingId,
        assessedOn: isoOf(a.on),
      }),
    });
  }

  /** A block's weekly-report obligations (all 99 units of each company), reports, versions, claims, and hazard reports. */
  private async loadReports(
    pool: pg.Pool,
    chain: Chain,
    state: State,
    block: number,
    found: { selfChecks: SelfCheck[]; hazards: HazardFinding[] },
  ): Promise<Record<string, number>> {
    const org = this.org;
    const w = this.window(block);
    const drafts: EventDraft[] = [];
    const obligations = new Rows('weekly_report_obligations', [
      'id',
      'name',
      'round_id',
      'unit_ids',
      'start_date',
      'end_date',
      'due_time',
      'created_by_id',
      'version',
      'created_at',
      'updated_at',
      'counted_from',
    ]);
    const reports = new Rows('weekly_reports', [
      'id',
      'obligation_id',
      'unit_id',
      'iso_year',
      'iso_week',
      'due_at',
      'status',
      'none_found',
      'item_count',
      'current_version',
      'first_submitted_at',
      'last_submitted_at',
      'version',
    ]);
    const versions = new Rows('weekly_report_versions', [
      'report_id',
      'version',
      'none_found',
      'statement',
      'items',
      'late',
      'submitted_by_id',
      'submitted_at',
    ]);
    const claims = new Rows('job_claims', ['job', 'period', 'claimed_by', 'claimed_at']);
    const t = tables();
    const selfByKey = new Map<string, SelfCheck[]>();
    for (const s of found.selfChecks) {
      const k = `${s.unitId}|${weekLabel(isoWeek(s.found))}`;
      selfByKey.set(k, [...(selfByKey.get(k) ?? []), s]);
    }

    for (const c of [0, 1]) {
      const oid = state.next.weekly_report_obligations++;
      const roundId = roundIdOf(block, c, 0);
      const units = org.reportingUnits[c];
      const office = org.users[org.officeUser[c] - 1];
      const name = `${new Date(w.start * DAY).getUTCFullYear()}年度举一反三周报（${COMPANIES[c].name.replace('有限公司', '')}）`;
      const createdAt = at(w.start - 3, 10);
      // As the service sets it (counted-weeks.ts): the week it was set in, when that Thursday's deadline is still ahead.
      const setWeek = isoWeek(w.start - 3);
      const countedFrom = w.start - 3 <= setWeek.thursday ? setWeek.monday : setWeek.monday + 7;
      obligations.push(
        oid,
        name,
        roundId,
        pgArray(units.map((u) => u.id)),
        isoOf(w.start),
        isoOf(w.end),
        '24:00',
        office.id,
        1,
        new Date(createdAt).toISOString(),
        new Date(createdAt).toISOString(),
        isoOf(countedFrom),
      );
      drafts.push({
        at: createdAt,
        actorId: office.id,
        actorName: office.displayName,
        action: 'OBLIGATION_CREATED',
        entityType: 'ReportingObligation',
        entityId: String(oid),
        unitId: org.companyIds[c],
        changes: change(null, {
          name,
          roundId,
          unitIds: units.map((u) => u.id),
          startDate: isoOf(w.start),
          endDate: isoOf(w.end),
          dueTime: '24:00',
          countedFrom: isoOf(countedFrom),
          uncountedPastWeeks: 0,
        }),
      });

      // Every ISO week whose Thursday falls within the obligation's days.
      for (let monday = isoWeek(w.start).monday; monday <= w.end; monday += 7) {
        const wk = isoWeek(monday);
        if (wk.thursday < w.start) continue;
        const due = at(wk.thursday + 1, 0); // Thursday 24:00 Asia/Shanghai
        const label = weekLabel(wk);
        const processed = due <= this.now;
        if (processed)
          claims.push(
            'weekly-deadline',
            `${oid}:${label}`,
            'bench-generator',
            new Date(due + 90_000).toISOString(),
          );
        for (const unit of units) {
          const k = wk.year * 100 + wk.week;
          const u = rnd(unit.id * 7919 + k, 200);
          const submitter = org.officerOf.get(unit.secondaryId ?? -1) ?? org.users[org.officeUser[c] - 1];
          const items = selfByKey.get(`${unit.id}|${label}`) ?? [];
          let status: 'ON_TIME' | 'LATE' | 'MISSING' | null;
          if (!processed)
            status = u < 0.5 ? 'ON_TIME' : null; // this week: half have reported already
          else status = items.length || u < 0.88 ? 'ON_TIME' : u < 0.94 ? 'LATE' : 'MISSING';
          if (!status) continue;
          const rid = state.next.weekly_reports++;
          if (status === 'MISSING') {
            reports.push(
              rid,
              oid,
              unit.id,
              wk.year,
              wk.week,
              new Date(due).toISOString(),
              'MISSING',
              false,
              0,
              0,
              null,
              null,
              1,
            );
            this.assessment(t, state, drafts, {
              unitId: unit.id,
              reason: 'MISSING_WEEKLY_REPORT',
              points: 2,
              text: `${unit.name} ${label} 举一反三周报未按时报送（缺报），截止时间 ${isoOf(wk.thursday)} 24:00`,
              sourceType: 'WeeklyReport',
              sourceId: rid,
              findingId: null,
              personNames: [],
              on: wk.thursday,
              at: due + 90_000,
            });
            continue;
          }
          const submittedAt =
            status === 'LATE'
              ? due + between(rid, 201, 1, 72) * HOUR
              : Math.min(due - between(rid, 202, 1, 72) * HOUR, this.sessionEnd);
          const corrected =
            status === 'ON_TIME' &&
            h32(rid, 203) % 10 === 0 &&
            submittedAt + 2 * HOUR < Math.min(due, this.sessionEnd);
          const noneFound = items.length === 0;
          const itemJson = items.map((s) => ({
            description: s.description,
            location: s.location,
            level: s.level,
            category: s.category,
            promptedByFindingId: null,
            topic: '举一反三',
            fixedOnTheSpot: false,
            deadline: isoOf(s.deadline),
            findingId: s.id,
          }));
          const statement = noneFound ? '本周按要求开展举一反三排查，未发现同类问题' : null;
          const last = corrected ? submittedAt + 2 * HOUR : submittedAt;
          reports.push(
            rid,
            oid,
            unit.id,
            wk.year,
            wk.week,
            new Date(due).toISOString(),
            status,
            noneFound,
            items.length,
            corrected ? 2 : 1,
            new Date(submittedAt).toISOString(),
            new Date(last).toISOString(),
            corrected ? 3 : 2,
          );
          versions.push(
            rid,
            1,
            noneFound,
            statement,
            JSON.stringify(itemJson),
            status === 'LATE',
            submitter.id,
            new Date(submittedAt).toISOString(),
          );
          drafts.push({
            at: submittedAt,
            actorId: submitter.id,
            actorName: submitter.displayName,
            action: 'WEEKLY_REPORT_SUBMITTED',
            entityType: 'WeeklyReport',
            entityId: String(rid),
            unitId: unit.id,
            changes: change(null, {
              week: label,
              noneFound,
              items: itemJson.length,
              late: status === 'LATE',
              version: 1,
            }),
          });
          if (corrected) {
            versions.push(
              rid,
              2,
              noneFound,
              statement,
              JSON.stringify(itemJson),
              false,
              submitter.id,
              new Date(last).toISOString(),
            );
            drafts.push({
              at: last,
              actorId: submitter.id,
              actorName: submitter.displayName,
              action: 'WEEKLY_REPORT_CORRECTED',
              entityType: 'WeeklyReport',
              entityId: String(rid),
              unitId: unit.id,
              changes: change({ version: 1 }, { version: 2 }),
            });
          }
          if (status === 'LATE')
            this.assessment(t, state, drafts, {
              unitId: unit.id,
              reason: 'LATE_WEEKLY_REPORT',
              points: 1,
              text: `${unit.name} ${label} 举一反三周报迟报，截止时间 ${isoOf(wk.thursday)} 24:00`,
              sourceType: 'WeeklyReport',
              sourceId: rid,
              findingId: null,
              personNames: [],
              on: wk.thursday,
              at: Math.max(submittedAt, due + 90_000),
            });
        }
      }
    }

    // Hazard reports: the block's hazard-report findings came from valid reports; the rest are invalid, duplicates or new.
    const hazards = new Rows('hazard_reports', [
      'id',
      'reporter_id',
      'on_behalf_of_unit_id',
      'hide_identity',
      'hazard_unit_id',
      'location',
      'description',
      'status',
      'level',
      'triage_note',
      'finding_id',
      'duplicate_of_report_id',
      'triaged_by_id',
      'triaged_at',
      'reported_at',
      'version',
    ]);
    const bounties = new Rows('bounties', [
      'id',
      'hazard_report_id',
      'level',
      'amount_yuan',
      'status',
      'proposed_by_id',
      'proposed_at',
      'decided_by_id',
      'decided_at',
      'decision_note',
      'paid_on',
      'payment_ref',
      'paid_recorded_by_id',
      'version',
    ]);
    const valid = found.hazards.slice(0, Math.round(HAZARDS_PER_BLOCK * 0.65));
    const validIds: number[] = [];
    for (let n = 0; n < HAZARDS_PER_BLOCK; n++) {
      const hid = state.next.hazard_reports++;
      const reporterId = pick(org.reporterIds, hid, 300);
      const reporter = org.users[reporterId - 1];
      const hide = h32(hid, 301) % 100 < 15;
      const behalf = h32(hid, 302) % 100 < 20 ? reporter.homeUnitId : null;
      const office = org.users[org.officeUser[0] - 1];
      const v = valid[n];
      if (v) {
        const reportedAt = v.created - between(hid, 303, 2, 48) * HOUR;
        hazards.push(
          hid,
          reporterId,
          behalf,
          hide,
          v.unitId,
          v.location,
          v.description,
          'VALID',
          v.level,
          '经现场核实，情况属实，已登记为隐患',
          v.id,
          null,
          office.id,
          new Date(v.created - HOUR).toISOString(),
          new Date(reportedAt).toISOString(),
          2,
        );
        validIds.push(hid);
        drafts.push({
          at: reportedAt,
          actorId: reporterId,
          actorName: reporter.displayName,
          action: 'HAZARD_REPORTED',
          entityType: 'HazardReport',
          entityId: String(hid),
          unitId: v.unitId,
          changes: change(null, {
            hazardUnitId: v.unitId,
            location: v.location,
            description: v.description,
            hideIdentity: hide,
          }),
        });
        drafts.push({
          at: v.created - HOUR,
          actorId: office.id,
          actorName: office.displayName,
          action: 'HAZARD_REPORT_TRIAGED',
          entityType: 'HazardReport',
          entityId: String(hid),
          unitId: v.unitId,
          changes: change({ status: 'SUBMITTED' }, { status: 'VALID', level: v.level, findingId: v.id }),
        });
        if (h32(hid, 304) % 2 === 0) {
          const bid = state.next.bounties++;
          const amount = v.level === 'MAJOR' ? 2000 : v.level === 'SERIOUS' ? 1000 : 500;
          const proposedAt = v.created + between(hid, 305, 1, 10) * DAY;
          const recent = proposedAt > this.sessionEnd - 30 * DAY;
          const r = h32(hid, 306) % 100;
          const bstatus = recent
            ? r < 50
              ? 'PROPOSED'
              : 'APPROVED'
            : r < 80
              ? 'PAID'
              : r < 88
                ? 'APPROVED'
                : r < 94
                  ? 'REJECTED'
                  : 'CANCELLED';
          const decidedAt = Math.min(proposedAt + 3 * DAY, this.sessionEnd);
          const paidOn =
            bstatus === 'PAID' ? isoOf(zoneDay(Math.min(decidedAt + 10 * DAY, this.sessionEnd))) : null;
          const leader = org.users[org.leaderIds[0] - 1];
          const pAt = Math.min(proposedAt, this.sessionEnd - HOUR);
          bounties.push(
            bid,
            hid,
            v.level,
            amount,
            bstatus,
            office.id,
            new Date(pAt).toISOString(),
            bstatus === 'PROPOSED' ? null : leader.id,
            bstatus === 'PROPOSED' ? null : new Date(decidedAt).toISOString(),
            bstatus === 'REJECTED' ? '举报内容已由单位自查发现' : null,
            paidOn,
            paidOn ? `JL${paidOn.replace(/-/g, '')}${bid}` : null,
            paidOn ? office.id : null,
            bstatus === 'PROPOSED' ? 1 : paidOn ? 3 : 2,
          );
          drafts.push({
            at: pAt,
            actorId: office.id,
            actorName: office.displayName,
            action: 'BOUNTY_PROPOSED',
            entityType: 'Bounty',
            entityId: String(bid),
            unitId: v.unitId,
            changes: change(null, {
              hazardReportId: hid,
              level: v.level,
              amountYuan: amount,
              status: 'PROPOSED',
            }),
          });
          if (bstatus !== 'PROPOSED')
            drafts.push({
              at: decidedAt,
              actorId: leader.id,
              actorName: leader.displayName,
              action: `BOUNTY_${bstatus === 'PAID' ? 'APPROVED' : bstatus}`,
              entityType: 'Bounty',
              entityId: String(bid),
              unitId: v.unitId,
              changes: change({ status: 'PROPOSED' }, { status: bstatus === 'PAID' ? 'APPROVED' : bstatus }),
            });
          if (paidOn)
            drafts.push({
              at: Math.min(decidedAt + 10 * DAY, this.sessionEnd),
              actorId: office.id,
              actorName: office.displayName,
              action: 'BOUNTY_PAID',
              entityType: 'Bounty',
              entityId: String(bid),
              unitId: v.unitId,
              changes: change({ status: 'APPROVED' }, { status: 'PAID', paidOn }),
            });
        }
        continue;
      }
      const hazardUnit = pick(org.findingUnits[h32(hid, 307) % 2], hid, 308);
      const place = pick(PLACES, hid, 309);
      const description = `${place}${pick(SAFETY_PROBLEMS, hid, 310)}${pick(CONSEQUENCES, hid, 311)}`;
      const location = `${hazardUnit.name}${place}`;
      const reportedAt = Math.min(
        at(w.start + (h32(hid, 312) % 365), 8 + (h32(hid, 313) % 12)),
        this.sessionEnd - HOUR,
      );
      const r = h32(hid, 314) % 100;
      const recent = reportedAt > this.sessionEnd - 20 * DAY;
      const status = recent && r < 60 ? 'SUBMITTED' : validIds.length && r < 75 ? 'DUPLICATE' : 'INVALID';
      const triagedAt = Math.min(reportedAt + between(hid, 315, 4, 72) * HOUR, this.sessionEnd);
      hazards.push(
        hid,
        reporterId,
        behalf,
        hide,
        hazardUnit.id,
        location,
        description,
        status,
        null,
        status === 'INVALID'
          ? '经现场核实，所报情况不存在或已按规定管控'
          : status === 'DUPLICATE'
            ? '与已受理的举报重复'
            : null,
        null,
        status === 'DUPLICATE' ? pick(validIds, hid, 316) : null,
        status === 'SUBMITTED' ? null : office.id,
        status === 'SUBMITTED' ? null : new Date(triagedAt).toISOString(),
        new Date(reportedAt).toISOString(),
        status === 'SUBMITTED' ? 1 : 2,
      );
      drafts.push({
        at: reportedAt,
        actorId: reporterId,
        actorName: reporter.displayName,
        action: 'HAZARD_REPORTED',
        entityType: 'HazardReport',
        entityId: String(hid),
        unitId: hazardUnit.id,
        changes: change(null, { hazardUnitId: hazardUnit.id, location, description, hideIdentity: hide }),
      });
      if (status !== 'SUBMITTED')
        drafts.push({
          at: triagedAt,
          actorId: office.id,
          actorName: office.displayName,
          action: 'HAZARD_REPORT_TRIAGED',
          entityType: 'HazardReport',
          entityId: String(hid),
          unitId: hazardUnit.id,
          changes: change({ status: 'SUBMITTED' }, { status }),
        });
    }
    const budgets = new Rows('bounty_budgets', ['year', 'amount_yuan', 'set_by_id']);

    chain.append(drafts, t.events);
    // weekly_reports before their versions and assessments; hazard reports before bounties.
    await this.insert(pool, [
      obligations,
      reports,
      versions,
      claims,
      hazards,
      bounties,
      t.assessments,
      t.events,
    ]);
    for (const year of new Set([
      new Date(w.start * DAY).getUTCFullYear(),
      new Date(w.end * DAY).getUTCFullYear(),
    ])) {
      budgets.push(year, 200_000, org.officeUser[0]);
      await pool.query(
        `INSERT INTO bounty_budgets (year, amount_yuan, set_by_id) VALUES ($1, 200000, $2) ON CONFLICT DO NOTHING`,
        [year, org.officeUser[0]],
      );
    }
    return {
      weekly_report_obligations: obligations.length,
      weekly_reports: reports.length,
      weekly_report_versions: versions.length,
      job_claims: claims.length,
      hazard_reports: hazards.length,
      bounties: bounties.length,
      bounty_budgets: budgets.length,
      assessments: t.assessments.length,
      change_events: t.events.length,
    };
  }

  /** The chain head, the code counters and the id sequences, so the service carries on from here. */
  private async finish(pool: pg.Pool, chain: Chain, state: State): Promise<void> {
    await pool.query(`UPDATE change_log_head SET seq = $1, hash = $2 WHERE id = 1`, [chain.seq, chain.hash]);
    const prefixes = [...state.counters.keys()];
    await pool.query(
      `INSERT INTO finding_code_counters (prefix, last) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (prefix) DO UPDATE SET last = excluded.last`,
      [prefixes, prefixes.map((p) => state.counters.get(p)!)],
    );
    for (const t of [
      'findings',
      'rectification_plans',
      'progress_notes',
      'evidence_files',
      'rectification_summaries',
      'verifications',
      'sweep_records',
      'mechanism_records',
      'accountability_records',
      'satisfaction_confirmations',
      'closeouts',
      'finding_similar_links',
      'assessments',
      'weekly_report_obligations',
      'weekly_reports',
      'weekly_report_versions',
      'hazard_reports',
      'bounties',
    ]) {
      await pool.query(
        `SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM "${t}"), false)`,
      );
    }
  }
}

interface SelfCheck {
  id: number;
  unitId: number;
  found: number;
  description: string;
  location: string;
  level: string;
  category: string;
  deadline: number;
}

interface HazardFinding {
  id: number;
  unitId: number;
  created: number;
  description: string;
  location: string;
  level: string;
}

/** Run as a child process by the bench: one stage per message, then VACUUM (ANALYZE). */
if (typeof require !== 'undefined' && require.main === module) {
  process.once(
    'message',
    (msg: { url: string; from: number; to: number; passwordHash: string; now: number }) => {
      const gen = new Generator(msg.url, msg.passwordHash, (line) => process.send!({ log: line }), msg.now);
      gen.load(msg.from, msg.to).then(
        async (result) => process.send!({ result: { ...result, vacuumSeconds: await gen.vacuum() } }),
        (err: unknown) => process.send!({ error: err instanceof Error ? err.stack : String(err) }),
      );
    },
  );
}
