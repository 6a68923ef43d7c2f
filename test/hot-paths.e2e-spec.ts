import { jest } from '@jest/globals';
import { DeepPartial, In } from 'typeorm';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { isOrganisationWide, type Actor } from '../src/common/access/actor';
import { UnitScope } from '../src/common/access/unit-scope';
import type { Role } from '../src/common/access/roles';
import { Clock } from '../src/common/time/clock';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import type { ListFindingsQuery } from '../src/findings/finding-list.dto';
import { findingListQuery } from '../src/findings/finding-list.repository';
import { Finding } from '../src/findings/entities/finding.entity';
import {
  DeadlineExtension,
  EvidenceFile,
  ProgressNote,
  RectificationPlan,
  RectificationSummary,
} from '../src/findings/entities/rectification.entity';
import { findingDetailView, findingView } from '../src/findings/finding-view';
import { FindingsRepository } from '../src/findings/findings.repository';
import { RectificationRepository } from '../src/findings/rectification.repository';
import { UnitsRepository } from '../src/org/units.repository';
import { Assessment } from '../src/assessments/assessment.entities';
import { AssessmentsRepository } from '../src/assessments/assessments.repository';
import { NotificationPreference } from '../src/notifications/notification.entities';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { RoundsRepository } from '../src/rounds/rounds.repository';
import { FindingStatus, HazardLevel } from '../src/findings/finding.enums';
import { Unit } from '../src/org/unit.entity';
import { Domain } from '../src/rounds/domain';
import { AuditRound } from '../src/rounds/round.entity';
import { AccountChangesRepository } from '../src/users/account-changes.repository';
import { User } from '../src/users/user.entity';
import { UsersRepository } from '../src/users/users.repository';
import type { IsoWeek } from '../src/weekly-reports/rules/iso-week';
import { type ComplianceRow, WeeklyReportsRepository } from '../src/weekly-reports/weekly-reports.repository';
import { bootTestApp } from './support/app-boot';
import { statementsSent } from './support/pg-statements';
import { login } from './support/org-fixture';
import { startTestApp, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

/**
 * Issue 22: the finding list answered from one statement with rows copied field by field must send exactly what the
 * TypeORM-hydrated entities sent; the cached account check must still refuse a changed account at once, on any
 * instance.
 */
describe('Issue 22: the list in one statement, the account check cached across instances', () => {
  let t: TestApp;
  let other: INestApplication;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    other = await bootTestApp(t.databaseUrl);
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
  });

  /**
   * The entity (or entities, or null) a built-once read returned against TypeORM's own: the same JSON, each of the
   * entity class, with the same properties in the same order. Returns how many there were.
   */
  const same = (now: unknown, before: unknown, prototype: object) => {
    expect(JSON.stringify(now)).toBe(JSON.stringify(before));
    const list = (x: unknown) => (Array.isArray(x) ? x : x ? [x] : []) as object[];
    const [a, b] = [list(now), list(before)];
    a.forEach((x, i) => {
      expect(Object.getPrototypeOf(x)).toBe(prototype);
      expect(Object.keys(x)).toEqual(Object.keys(b[i]));
    });
    return b.length;
  };

  async function actorOf(username: string): Promise<Actor> {
    const [u] = (await t.db.query(
      `SELECT u.id, u.username, u.display_name, u.roles::text[] AS roles, u.home_unit_id, un.path
         FROM users u LEFT JOIN units un ON un.id = u.home_unit_id WHERE u.username = $1`,
      [username],
    )) as {
      id: number;
      username: string;
      display_name: string;
      roles: Role[];
      home_unit_id: number;
      path: string;
    }[];
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      roles: u.roles,
      homeUnitId: u.home_unit_id,
      homeUnitPath: u.path,
      unitScopePath: isOrganisationWide(u.roles) ? null : u.path,
    };
  }

  /** The list as the service built it before (count, then TypeORM entities spread into the view). */
  async function listBefore(actor: Actor, q: ListFindingsQuery) {
    const clock = t.app.get(Clock);
    const today = clock.today();
    const qb = findingListQuery(t.db, actor, q, today, clock.timeZone)
      .addSelect('u.name', 'unit_name')
      .addSelect('r.name', 'round_name');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .getRawAndEntities();
    const names = new Map(
      (raw as { f_id: number; unit_name: string; round_name: string }[]).map((r) => [r.f_id, r]),
    );
    return JSON.stringify({
      items: entities.map((f) =>
        findingView(f, today, {
          unitName: names.get(f.id)?.unit_name,
          roundName: names.get(f.id)?.round_name,
        }),
      ),
      total,
    });
  }

  it('sends the list byte for byte as before, for every sort, filters, scopes and pages past the end', async () => {
    const cases: [string, ListFindingsQuery][] = [
      ['', {}],
      [
        'status=ASSIGNED,RECTIFYING&overdue=true',
        { status: [FindingStatus.ASSIGNED, FindingStatus.RECTIFYING], overdue: true },
      ],
      ['sort=deadline&order=desc&limit=7&offset=3', { sort: 'deadline', order: 'desc', limit: 7, offset: 3 }],
      ['sort=unit&limit=5&offset=2', { sort: 'unit', limit: 5, offset: 2 }],
      ['sort=level&order=desc', { sort: 'level', order: 'desc' }],
      ['sort=foundDate&overdue=false&limit=20', { sort: 'foundDate', overdue: false, limit: 20 }],
      ['offset=100000', { offset: 100000 }],
      // The page's narrow shape writes the domain and the unit subtree without joins: the same rows.
      ['domain=ENVIRONMENT&limit=30', { domain: Domain.ENVIRONMENT, limit: 30 }],
      ['unitId=3&sort=deadline', { unitId: 3, sort: 'deadline' }],
      ['q=%E7%87%83%E6%B0%94&level=SERIOUS', { q: '燃气', level: HazardLevel.SERIOUS }],
    ];
    let compared = 0;
    for (const user of ['han.jingyi', 'wen.xiaofeng']) {
      const token = await login(t, user, DEMO_PASSWORD_HINT);
      const actor = await actorOf(user);
      for (const [query, q] of cases) {
        const res = await t
          .http()
          .get(`/api/v1/findings?${query}`)
          .set('Authorization', `Bearer ${token}`)
          .expect(200);
        expect(res.text).toBe(await listBefore(actor, q));
        compared += (res.body as { items: unknown[] }).items.length;
      }
    }
    expect(compared).toBeGreaterThan(100); // the demo's findings, not empty pages
  });

  /** The detail as the service built it before: nine reads through TypeORM, the records hydrated as entities. */
  async function detailBefore(actor: Actor, id: number): Promise<string | null> {
    const f = await t.db
      .getRepository(Finding)
      .createQueryBuilder('f')
      .innerJoin('f.unit', 'u')
      .where('f.id = :id', { id })
      .andWhere(actor.unitScopePath ? 'u.path LIKE :p' : 'true', { p: `${actor.unitScopePath}%` })
      .getOne();
    if (!f) return null;
    const m = t.db.manager;
    const unit = (await m.getRepository(Unit).findOneBy({ id: f.unitId }))!;
    const round = (await m.getRepository(AuditRound).findOneBy({ id: f.roundId }))!;
    const where = { findingId: id };
    const plans = await m.getRepository(RectificationPlan).find({ where, order: { revision: 'DESC' } });
    const progress = await m.getRepository(ProgressNote).find({ where, order: { createdAt: 'ASC' } });
    const summaries = await m
      .getRepository(RectificationSummary)
      .find({ where, order: { submittedAt: 'ASC' } });
    const evidence = await m.getRepository(EvidenceFile).find({ where, order: { uploadedAt: 'ASC' } });
    const extensions = await m
      .getRepository(DeadlineExtension)
      .find({ where, order: { requestedAt: 'ASC' } });
    const similar = await t.app.get(FindingsRepository).similarInScope(UnitScope.of(actor), id);
    const p = f.recurrenceOfId ? await m.getRepository(Finding).findOneBy({ id: f.recurrenceOfId }) : null;
    return JSON.stringify({
      ...findingDetailView(
        f,
        t.app.get(Clock).today(),
        { unitName: unit.name, roundName: round.name },
        {
          round: { id: round.id, name: round.name, domain: round.domain, kind: round.kind },
          unit: { id: unit.id, code: unit.code, name: unit.name },
          recurrenceOf: p
            ? { id: p.id, code: p.code, description: p.description, closedAt: p.closedAt }
            : null,
        },
      ),
      plan: plans[0] ?? null,
      planHistory: plans,
      progress,
      summaries,
      evidence,
      extensions,
      similar,
    });
  }

  it('sends the detail (now one statement) byte for byte as the nine TypeORM reads did, in and out of scope', async () => {
    // The demo has neither a revised plan nor an extension: give one finding with a plan both (a decided request and
    // an open one), written straight into its tables — what is compared here is how they are read.
    const [{ cols }] = (await t.db.query(
      `SELECT string_agg(column_name, ', ') AS cols FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'rectification_plans' AND column_name NOT IN ('id', 'revision')`,
    )) as { cols: string }[];
    const [{ finding_id: revised }] = (await t.db.query(
      `INSERT INTO rectification_plans (${cols}, revision)
       SELECT ${cols}, revision + 1 FROM rectification_plans WHERE id = (SELECT min(id) FROM rectification_plans)
       RETURNING finding_id`,
    )) as { finding_id: number }[];
    await t.db.query(
      `INSERT INTO deadline_extensions (finding_id, previous_deadline, requested_deadline, reason, status,
                                        requested_by_id, requested_at, decided_by_id, decided_at, decision_note)
       SELECT id, deadline, deadline + 30, '喷淋设备到货延迟', 'APPROVED'::extension_status, created_by_id, now() - interval '2 days',
              created_by_id, now() - interval '1 day', '同意' FROM findings WHERE id = $1
       UNION ALL
       SELECT id, deadline + 30, deadline + 45, '施工单位进场推迟', 'PENDING', created_by_id, now(), NULL, NULL, NULL
         FROM findings WHERE id = $1`,
      [revised],
    );
    // Two more progress notes, the later one first by id: the order is the notes' time, not their insertion.
    await t.db.query(
      `INSERT INTO progress_notes (finding_id, note, percent, author_id, created_at)
       SELECT id, '设备已到货，安装中', 80, created_by_id, now() FROM findings WHERE id = $1
       UNION ALL SELECT id, '已联系供货商', 30, created_by_id, now() - interval '3 days' FROM findings WHERE id = $1`,
      [revised],
    );
    const ids = ((await t.db.query(`SELECT id FROM findings ORDER BY id`)) as { id: number }[]).map(
      (r) => r.id,
    );
    const seen = {
      plans: 0,
      revisedPlans: 0,
      severalNotes: 0,
      progress: 0,
      summaries: 0,
      evidence: 0,
      extensions: 0,
      similar: 0,
      recurrence: 0,
    };
    let hidden = 0;
    for (const user of ['han.jingyi', 'wen.xiaofeng']) {
      const token = await login(t, user, DEMO_PASSWORD_HINT);
      const actor = await actorOf(user);
      for (const id of ids) {
        const before = await detailBefore(actor, id);
        const res = await t.http().get(`/api/v1/findings/${id}`).set('Authorization', `Bearer ${token}`);
        if (before === null) {
          expect(res.status).toBe(404); // outside the unit's subtree: it does not exist for them
          hidden++;
          continue;
        }
        expect(res.status).toBe(200);
        expect(res.text).toBe(before);
        const d = res.body as Record<string, unknown[]> & { recurrenceOf: unknown };
        for (const k of ['progress', 'summaries', 'evidence', 'extensions', 'similar'] as const)
          if (d[k].length) seen[k]++;
        if (d.planHistory.length > 1) seen.revisedPlans++;
        if (d.planHistory.length) seen.plans++;
        if (d.progress.length > 1) seen.severalNotes++;
        if (d.recurrenceOf) seen.recurrence++;
      }
    }
    // Every part was compared on real records, and the scoped user was refused some findings.
    for (const n of Object.values(seen)) expect(n).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
  });

  it('reads a finding in scope, locked or not, as the same entity TypeORM built on every call (now built once, prepared)', async () => {
    const ids = ((await t.db.query(`SELECT id FROM findings ORDER BY id`)) as { id: number }[]).map(
      (r) => r.id,
    );
    const repo = t.app.get(FindingsRepository);
    let seen = 0;
    let hidden = 0;
    for (const username of ['han.jingyi', 'wen.xiaofeng']) {
      const scope = UnitScope.of(await actorOf(username));
      for (const id of ids) {
        // As FindingsRepository built it on every call before (issue 22).
        const typeorm = (m: typeof t.db.manager, locked: boolean) => {
          const qb = m
            .getRepository(Finding)
            .createQueryBuilder('f')
            .innerJoin('f.unit', 'u')
            .where('f.id = :id', { id });
          scope.applyTo(qb, 'u.path');
          return (locked ? qb.setLock('pessimistic_write', undefined, ['f']) : qb).getOne();
        };
        const before = await typeorm(t.db.manager, false);
        const now = await repo.findInScope(scope, id);
        const [lockedBefore, lockedNow] = await t.db.transaction(async (tx) => [
          await typeorm(tx, true),
          await repo.lockInScope(tx, scope, id),
        ]);
        expect(JSON.stringify(now)).toBe(JSON.stringify(before));
        expect(JSON.stringify(lockedNow)).toBe(JSON.stringify(lockedBefore));
        expect(JSON.stringify(lockedNow)).toBe(JSON.stringify(before));
        if (!before) {
          expect(now).toBeNull();
          hidden++;
          continue;
        }
        // The same kind of object (the entity's class, Dates as Dates), not only the same JSON.
        for (const entity of [now!, lockedNow!]) {
          expect(Object.getPrototypeOf(entity)).toBe(Finding.prototype);
          expect(Object.keys(entity)).toEqual(Object.keys(before));
          expect(entity.createdAt).toBeInstanceOf(Date);
        }
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(ids.length);
    expect(hidden).toBeGreaterThan(0);
  });

  it('reads plans, evidence times, rounds and unit lineages as TypeORM built them on every call (now built once, prepared)', async () => {
    const m = t.db.manager;
    const same = (now: unknown, before: unknown) => {
      expect(JSON.stringify(now)).toBe(JSON.stringify(before));
      const list = (x: unknown) => (Array.isArray(x) ? x : x ? [x] : []) as object[];
      const [a, b] = [list(now), list(before)];
      a.forEach((x, i) => expect(Object.getPrototypeOf(x)).toBe(Object.getPrototypeOf(b[i])));
      return b.length;
    };
    const findings = (await t.db.query(
      `SELECT id, unit_id AS "unitId", round_id AS "roundId" FROM findings`,
    )) as {
      id: number;
      unitId: number;
      roundId: number;
    }[];
    const records = t.app.get(RectificationRepository);
    const units = t.app.get(UnitsRepository);
    const rounds = t.app.get(RoundsRepository);
    const read = { plans: 0, evidence: 0, rounds: 0, units: 0 };
    for (const f of findings) {
      await t.db.transaction(async (tx) => {
        read.plans += same(
          await records.latestPlan(f.id, tx),
          await tx
            .getRepository(RectificationPlan)
            .findOne({ where: { findingId: f.id }, order: { revision: 'DESC' } }),
        );
        read.evidence += same(
          await records.evidenceTimes(tx, f.id),
          await tx
            .getRepository(EvidenceFile)
            .find({ where: { findingId: f.id }, select: { kind: true, uploadedAt: true } }),
        );
      });
      read.rounds += same(
        await rounds.findById(f.roundId),
        await m.getRepository(AuditRound).findOneBy({ id: f.roundId }),
      );
      read.units += same(
        await units.lineageOfId(f.unitId),
        await m
          .getRepository(Unit)
          .createQueryBuilder('u')
          .where(
            `u.id = ANY (string_to_array(trim(both '/' from (SELECT p.path FROM units p WHERE p.id = :id)), '/')::int[])`,
            { id: f.unitId },
          )
          .orderBy('u.path', 'ASC')
          .getMany(),
      );
    }
    expect(read.plans).toBeGreaterThan(20);
    expect(read.evidence).toBeGreaterThan(20);
    expect(read.rounds).toBe(findings.length);
    expect(read.units).toBeGreaterThan(2 * findings.length);
  });

  it("reads a lifecycle step's unit, assessment, first plan and recipients' preferences as TypeORM built them (now built once, prepared)", async () => {
    const m = t.db.manager;
    const read = { units: 0, assessments: 0, firstPlans: 0, preferences: 0 };
    const ids = async (sql: string) => ((await t.db.query(sql)) as { id: number }[]).map((r) => r.id);

    const units = t.app.get(UnitsRepository);
    for (const id of [...(await ids(`SELECT id FROM units`)), 999_999])
      read.units += same(
        await units.findById(id),
        await m.getRepository(Unit).findOneBy({ id }),
        Unit.prototype,
      );

    const assessments = t.app.get(AssessmentsRepository);
    for (const id of await ids(`SELECT id FROM assessments`))
      await t.db.transaction(async (tx) => {
        read.assessments += same(
          await assessments.getById(tx, id),
          await tx.getRepository(Assessment).findOneByOrFail({ id }),
          Assessment.prototype,
        );
      });

    const records = t.app.get(RectificationRepository);
    for (const id of await ids(`SELECT id FROM findings`))
      await t.db.transaction(async (tx) => {
        const first = await tx.getRepository(RectificationPlan).findOne({
          where: { findingId: id },
          order: { revision: 'ASC' },
          select: { id: true, submittedAt: true },
        });
        expect(await records.firstPlanAt(tx, id)).toEqual(first?.submittedAt ?? null);
        if (first) read.firstPlans++;
      });

    // Preferences of some users (kept in a transaction rolled back, so the demo data stays as it was).
    const notifications = t.app.get(NotificationsRepository);
    const userIds = await ids(`SELECT id FROM users ORDER BY id`);
    await t.db
      .transaction(async (tx) => {
        await tx.query(
          `INSERT INTO notification_preferences (user_id, email, email_kinds, digest_hour, updated_at)
           SELECT id, username || '@example.com', ARRAY['ASSESSMENT_CREATED'], CASE WHEN id % 2 = 0 THEN 7 END, now()
             FROM users WHERE id % 3 <> 0 ON CONFLICT (user_id) DO NOTHING`,
        );
        for (let count = 1; count <= userIds.length; count += 2) {
          const some = [...userIds.slice(0, count), userIds[0], 999_999];
          read.preferences += same(
            await notifications.preferences(some, tx),
            await tx
              .getRepository(NotificationPreference)
              .createQueryBuilder('p')
              .where('p.userId IN (:...some)', { some })
              .getMany(),
            NotificationPreference.prototype,
          );
        }
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));

    expect(read.units).toBeGreaterThan(10);
    expect(read.assessments).toBeGreaterThan(0);
    expect(read.firstPlans).toBeGreaterThan(10);
    expect(read.preferences).toBeGreaterThan(userIds.length);
  });

  it('inserts a summary as repo.save did: the same entity, the same row and the same statement (now built once, prepared)', async () => {
    const records = t.app.get(RectificationRepository);
    const clock = t.app.get(Clock);
    const [{ findingId, userId }] = (await t.db.query(
      `SELECT (SELECT min(id) FROM findings) AS "findingId", (SELECT min(id) FROM users) AS "userId"`,
    )) as { findingId: number; userId: number }[];
    const base = {
      findingId,
      whatWasDone: '已更换踏板',
      rootCause: '巡检不到位',
      late: true,
      submittedById: userId,
    };
    const variants: DeepPartial<RectificationSummary>[] = [
      { ...base, evidenceIds: [3, 1], deadlineAtSubmission: '2023-03-15' },
      { ...base, deadlineAtSubmission: '2023-03-15' }, // evidenceIds left to its default, '{}'
      { ...base, evidenceIds: [], late: false, deadlineAtSubmission: '2024-02-29' },
      {
        ...base,
        evidenceIds: [7],
        deadlineAtSubmission: '2023-01-01',
        submittedAt: new Date('2023-01-02T03:04:05.678Z'),
      },
    ];
    const sent: string[] = [];
    clock.pinForTesting(new Date('2023-03-14T08:00:00.123Z'));
    try {
      for (const fields of variants)
        await t.db
          .transaction(async (tx) => {
            const repo = tx.getRepository(RectificationSummary);
            let before!: RectificationSummary;
            let now!: RectificationSummary;
            const saved = (
              await statementsSent(async () => (before = await repo.save(repo.create(fields))))
            ).map((q) => q.text);
            const prepared = await statementsSent(
              async () => (now = await records.insertSummary(tx, fields)),
            );
            sent.push(prepared[0].text);
            // One named statement, the text TypeORM's save sent.
            expect(prepared).toHaveLength(1);
            expect(prepared[0].name).toMatch(/^p_/);
            expect(saved.filter((q) => q.startsWith('INSERT'))).toEqual([prepared[0].text]);
            expect(now.id).toBeGreaterThan(before.id);
            same({ ...now, id: 0 }, { ...before, id: 0 }, Object.prototype);
            expect(Object.getPrototypeOf(now)).toBe(RectificationSummary.prototype);
            const rows = await tx.query(
              `SELECT to_jsonb(s) - 'id' AS row FROM rectification_summaries s WHERE id = ANY($1) ORDER BY id`,
              [[before.id, now.id]],
            );
            expect(rows[1].row).toEqual(rows[0].row);
            throw new Error('roll back');
          })
          .catch((err: Error) => expect(err.message).toBe('roll back'));
    } finally {
      clock.pinForTesting(undefined);
    }
    // A shape per set of given columns: the default evidenceIds is one more.
    expect(new Set(sent).size).toBe(2);
  });

  it("reads the gate's people and units by a few ids as TypeORM built them (now built once, prepared)", async () => {
    const m = t.db.manager;
    const read = { users: 0, hiddenUsers: 0, units: 0 };

    // People in a scope, locked or not, for an organisation-wide and a unit user.
    const users = t.app.get(UsersRepository);
    const userIds = ((await t.db.query(`SELECT id FROM users ORDER BY id`)) as { id: number }[]).map(
      (r) => r.id,
    );
    for (const username of ['han.jingyi', 'wen.xiaofeng']) {
      const scope = UnitScope.of(await actorOf(username));
      for (const id of userIds) {
        // As UsersRepository built it on every call before (issue 22).
        const typeorm = (tm: typeof m, locked: boolean) => {
          const qb = tm.getRepository(User).createQueryBuilder('u').where('u.id = :id', { id });
          if (!scope.isOrganisationWide)
            scope.applyTo(qb.innerJoin('units', 'un', 'un.id = u.homeUnitId'), 'un.path');
          return (locked ? qb.setLock('pessimistic_write', undefined, ['u']) : qb).getOne();
        };
        const before = await typeorm(m, false);
        const n = same(await users.findInScope(scope, id), before, User.prototype);
        await t.db.transaction(async (tx) =>
          same(await users.findInScope(scope, id, tx, true), await typeorm(tx, true), User.prototype),
        );
        if (n) read.users++;
        else read.hiddenUsers++;
      }
    }

    // Units by ids: every count up to past the cached ones, with repeats and an id that is no unit.
    const units = t.app.get(UnitsRepository);
    const unitIds = ((await t.db.query(`SELECT id FROM units ORDER BY id DESC`)) as { id: number }[]).map(
      (r) => r.id,
    );
    for (let count = 1; count <= 12; count++) {
      for (let from = 0; from + count <= unitIds.length; from += 3) {
        const ids = [...unitIds.slice(from, from + count), unitIds[from], 999_999];
        read.units += same(
          await units.findByIds(ids),
          await m.getRepository(Unit).find({ where: { id: In([...new Set(ids)]) }, order: { path: 'ASC' } }),
          Unit.prototype,
        );
      }
    }

    expect(read.users).toBeGreaterThan(userIds.length);
    expect(read.hiddenUsers).toBeGreaterThan(0);
    expect(read.units).toBeGreaterThan(1_000);
  });

  it("reads the compliance matrix's reports folded per unit, unfolded into the rows one SELECT gave (now prepared)", async () => {
    const reports = t.app.get(WeeklyReportsRepository);
    // Every obligation, the whole demo's weeks, then ranges that cut through them (a year end, one week, none).
    const obligationIds = (
      (await t.db.query(`SELECT id FROM weekly_report_obligations ORDER BY id`)) as { id: number }[]
    ).map((r) => r.id);
    const statuses = (await t.db.query(
      `SELECT DISTINCT status, none_found, current_version > 0 AS submitted FROM weekly_reports`,
    )) as unknown[];
    const ranges: [IsoWeek, IsoWeek][] = [
      [
        { year: 2000, week: 1 },
        { year: 2100, week: 1 },
      ],
      [
        { year: 2022, week: 50 },
        { year: 2023, week: 6 },
      ],
      [
        { year: 2023, week: 7 },
        { year: 2023, week: 7 },
      ],
      [
        { year: 2023, week: 9 },
        { year: 2023, week: 30 },
      ],
      [
        { year: 2030, week: 1 },
        { year: 2030, week: 52 },
      ],
    ];
    const key = (r: ComplianceRow) => `${r.obligation_id}|${r.unit_id}|${r.iso_year}|${r.iso_week}`;
    const sorted = (rows: ComplianceRow[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
    let compared = 0;
    for (const ids of [obligationIds, obligationIds.slice(0, 1), []])
      for (const [from, to] of ranges) {
        // As the repository read them before (issue 22): one row per report.
        const plain = ids.length
          ? ((await t.db.query(
              `SELECT obligation_id, unit_id, iso_year, iso_week, status, none_found, current_version FROM weekly_reports
                WHERE obligation_id = ANY($1) AND (iso_year, iso_week) BETWEEN ($2, $3) AND ($4, $5)`,
              [ids, from.year, from.week, to.year, to.week],
            )) as ComplianceRow[])
          : [];
        const folded = await reports.complianceRows(ids, from, to);
        expect(sorted(folded)).toEqual(sorted(plain));
        compared += plain.length;
      }
    // The demo's reports: on time, late, none found and never submitted (a MISSING row) are all among them.
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(compared).toBeGreaterThan(100);
  });

  it('checks an account once per few seconds, and refuses it on another instance as soon as it hears of a change', async () => {
    const token = await login(t, 'jia.pengfei', DEMO_PASSWORD_HINT);
    const admin = await login(t, 'admin', TEST_ADMIN_PASSWORD);
    const me = () =>
      request(other.getHttpServer()).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    const reads = jest.spyOn(other.get(UsersRepository), 'actorRow');
    await me().expect(200);
    // The first request starts the listening connection; once it listens, the row is kept.
    expect(await other.get(AccountChangesRepository).whenListening()).toBe(true);
    await me().expect(200);
    const before = reads.mock.calls.length;
    for (let i = 0; i < 5; i++) await me().expect(200);
    expect(reads.mock.calls.length).toBe(before);

    // A password-change flag set by any writer (here plain SQL) reaches the other instance on commit (the trigger).
    const heard = other.get(AccountChangesRepository).nextChange();
    await t.db.query(`UPDATE users SET must_change_password = true WHERE username = 'jia.pengfei'`);
    expect(await heard).toBe((await actorOf('jia.pengfei')).id);
    const refused = await request(other.getHttpServer())
      .get('/api/v1/findings')
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const heardAgain = other.get(AccountChangesRepository).nextChange();
    await t.db.query(`UPDATE users SET must_change_password = false WHERE username = 'jia.pengfei'`);
    await heardAgain;
    await me().expect(200);

    // Deactivated through the first instance: the second refuses the next request once it has heard the change, which
    // PostgreSQL sends at the commit (waited for here, as above: on a busy machine the notice can arrive a few
    // milliseconds after the deactivation's answer, and a request in that window is still answered from the cache).
    const id = (await actorOf('jia.pengfei')).id;
    const heardDeactivation = other.get(AccountChangesRepository).nextChange();
    const user = await t
      .http()
      .get(`/api/v1/users/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    await t
      .http()
      .post(`/api/v1/users/${id}/deactivate`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ version: user.body.version })
      .expect(200);
    expect(await heardDeactivation).toBe(id);
    await me().expect(401);
    reads.mockRestore();
  });
});
