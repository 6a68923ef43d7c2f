import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../common/access/actor';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AssessmentsService } from '../assessments/assessments.service';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, forbidden, notFound, validationFailed } from '../common/errors/domain-error';
import { OnDomainEvent } from '../common/events/domain-events';
import { addDays, dateInZone } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { Finding } from '../findings/entities/finding.entity';
import {
  FINDING_CATEGORY_LABEL,
  FindingCategory,
  FindingSource,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from '../findings/finding.enums';
import { FindingSimilarLinked } from '../findings/findings.events';
import { FindingsService } from '../findings/findings.service';
import { Unit } from '../org/unit.entity';
import { UNIT_TIER } from '../org/unit-kind';
import { AuditRound } from '../rounds/round.entity';
import { RoundStatus } from '../rounds/round.enums';
import { isCompanyFoundSimilarAssessable, reportTiming } from './rules/company-found-similar';
import { type ComplianceCell, obligationRequiresWeek, reportCell } from './rules/compliance-cell';
import {
  compareWeeks,
  dueInstant,
  formatWeek,
  isoWeekOf,
  IsoWeek,
  mondayOf,
  parseWeek,
  thursdayOf,
  weeksBetween,
} from './rules/iso-week';
import {
  CreateObligationDto,
  HistoryQuery,
  SubmitWeeklyReportDto,
  WeekQuery,
  WeekRangeQuery,
} from './weekly-report.dto';
import {
  ReportingObligation,
  WeeklyReport,
  WeeklyReportItem,
  WeeklyReportVersion,
} from './weekly-report.entities';
import { WeeklyReportStatus } from './weekly-report.enums';

export type { ComplianceCell };

const UNIT_ROLES = ['UNIT_OFFICER', 'UNIT_HEAD'];

@Injectable()
export class WeeklyReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** The 举一反三 rule acts on every new similar link, in the linking transaction. */
  @OnDomainEvent(FindingSimilarLinked)
  async onSimilarLinked(e: FindingSimilarLinked): Promise<void> {
    await this.assessCompanyFoundSimilar(e.tx, e.findingId, e.similarToId);
  }

  // ---------- obligations ----------

  async createObligation(actor: Actor, dto: CreateObligationDto) {
    return this.dataSource.transaction(async (m) => {
      const round = await m.getRepository(AuditRound).findOneBy({ id: dto.roundId });
      if (!round)
        throw validationFailed([{ field: 'roundId', messages: ['督察轮次不存在 / No such round'] }]);
      if (round.status === RoundStatus.CLOSED)
        throw conflict('ROUND_CLOSED', '该轮次已关闭 / The round is closed');
      const company = await m.getRepository(Unit).findOneByOrFail({ id: round.companyUnitId });
      let unitIds = dto.unitIds;
      if (unitIds?.length) {
        const units = await m.getRepository(Unit).findBy({ id: In(unitIds) });
        const outside = units.filter((u) => !u.path.startsWith(company.path) || !u.active);
        if (units.length !== unitIds.length || outside.length) {
          throw validationFailed([
            {
              field: 'unitIds',
              messages: [
                `单位须为「${company.name}」内在用的单位 / Units must be active units of the audited company`,
              ],
            },
          ]);
        }
      } else {
        const secondary = await m
          .getRepository(Unit)
          .createQueryBuilder('u')
          .where('u.parentId = :cid AND u.active', { cid: company.id })
          .getMany();
        unitIds = secondary.filter((u) => UNIT_TIER[u.kind] === 2).map((u) => u.id);
      }
      const startDate = dto.startDate ?? round.planMeetingDate ?? this.clock.today();
      if (dto.endDate && dto.endDate < startDate)
        throw validationFailed([
          { field: 'endDate', messages: ['结束日期早于开始日期 / Ends before it starts'] },
        ]);
      const o = await m.getRepository(ReportingObligation).save(
        m.getRepository(ReportingObligation).create({
          name: dto.name,
          roundId: round.id,
          unitIds,
          startDate,
          endDate: dto.endDate ?? null,
          dueTime: dto.dueTime ?? '24:00',
          active: true,
          createdById: actor.id,
        }),
      );
      await this.audit.record(m, actor, {
        action: 'OBLIGATION_CREATED',
        entityType: 'ReportingObligation',
        entityId: o.id,
        unitId: company.id,
        after: {
          name: o.name,
          roundId: o.roundId,
          unitIds,
          startDate,
          endDate: o.endDate,
          dueTime: o.dueTime,
        },
      });
      return o;
    });
  }

  async listObligations(actor: Actor) {
    const all = await this.dataSource.getRepository(ReportingObligation).find({ order: { id: 'ASC' } });
    if (actor.unitScopePath === null) return { items: all, total: all.length };
    const mine = await this.unitIdsInScope(
      actor,
      all.flatMap((o) => o.unitIds),
    );
    const items = all.filter((o) => o.unitIds.some((id) => mine.has(id)));
    return { items, total: items.length };
  }

  /** The last day an obligation runs: its end date, the day its round closed, or open (null). */
  private async lastDay(m: EntityManager, o: ReportingObligation): Promise<string | null> {
    const round = await m.getRepository(AuditRound).findOneByOrFail({ id: o.roundId });
    const closed = round.closedAt ? dateInZone(round.closedAt, this.clock.timeZone) : null;
    if (o.endDate && closed) return o.endDate < closed ? o.endDate : closed;
    return o.endDate ?? closed;
  }

  /** Whether the obligation asks for the week's report: its Thursday falls within the obligation's days. */
  private weekRequired(o: ReportingObligation, week: IsoWeek, lastDay: string | null): boolean {
    return obligationRequiresWeek(o, week, lastDay);
  }

  // ---------- submission ----------

  /**
   * A unit's report for a week: the similar problems it found itself (each becomes a SELF_CHECK finding, not
   * assessable) or an explicit "none found". Before the deadline a correction adds a version; after it the first
   * submission is accepted and marked LATE.
   */
  async submit(actor: Actor, dto: SubmitWeeklyReportDto) {
    if (!actor.roles.some((r) => UNIT_ROLES.includes(r)))
      throw forbidden('周报由单位安全员或负责人提交 / Units submit their weekly reports');
    const week = parseWeek(dto.week);
    if (!week) throw validationFailed([{ field: 'week', messages: ['该年没有这个周次 / No such ISO week'] }]);
    if (dto.noneFound && dto.items.length)
      throw validationFailed([
        { field: 'items', messages: ['选择“未发现同类问题”时不能填写问题 / No items with noneFound'] },
      ]);
    if (!dto.noneFound && !dto.items.length) {
      throw validationFailed([
        {
          field: 'noneFound',
          messages: [
            '请填写发现的同类问题，或明确声明本周未发现 / List the problems found or state that none were found',
          ],
        },
      ]);
    }
    return this.dataSource.transaction(async (m) => {
      const unit = await m.getRepository(Unit).findOneBy({ id: dto.unitId });
      if (!unit || (actor.unitScopePath !== null && !unit.path.startsWith(actor.unitScopePath)))
        throw notFound('单位 / Unit', dto.unitId);
      const o = await m.getRepository(ReportingObligation).findOneBy({ id: dto.obligationId });
      if (!o || !o.unitIds.includes(unit.id)) {
        throw validationFailed([
          {
            field: 'obligationId',
            messages: [`「${unit.name}」不在该周报要求范围内 / The unit has no such reporting obligation`],
          },
        ]);
      }
      const now = this.clock.now();
      if (mondayOf(week) > this.clock.today())
        throw validationFailed([
          { field: 'week', messages: ['不能提交未来周次的周报 / That week has not started'] },
        ]);
      if (!this.weekRequired(o, week, await this.lastDay(m, o))) {
        throw validationFailed([
          {
            field: 'week',
            messages: [`${dto.week} 不在周报要求期间内 / Not a reporting week of this obligation`],
          },
        ]);
      }
      const dueAt = dueInstant(week, o.dueTime, this.clock.timeZone);
      const timing = reportTiming(dueAt, now);

      await m.query(
        `INSERT INTO weekly_reports (obligation_id, unit_id, iso_year, iso_week, due_at, status, version) VALUES ($1, $2, $3, $4, $5, 'MISSING', 1)
         ON CONFLICT (obligation_id, unit_id, iso_year, iso_week) DO NOTHING`,
        [o.id, unit.id, week.year, week.week, dueAt],
      );
      const report = await m.getRepository(WeeklyReport).findOneOrFail({
        where: { obligationId: o.id, unitId: unit.id, isoYear: week.year, isoWeek: week.week },
        lock: { mode: 'pessimistic_write' },
      });
      if (report.currentVersion > 0 && timing === 'LATE') {
        throw conflict(
          'WEEKLY_REPORT_LOCKED',
          `${dto.week} 周报已提交且已过截止时间，不能再更正 / Corrections are accepted only before the deadline`,
        );
      }
      const previous =
        report.currentVersion > 0
          ? await m
              .getRepository(WeeklyReportVersion)
              .findOneByOrFail({ reportId: report.id, version: report.currentVersion })
          : null;
      const items = await this.itemsToFindings(m, actor, o, unit, dto, previous);

      const version = m.getRepository(WeeklyReportVersion).create({
        reportId: report.id,
        version: report.currentVersion + 1,
        noneFound: dto.noneFound,
        statement: dto.statement ?? null,
        items,
        late: timing === 'LATE',
        submittedById: actor.id,
      });
      await m.getRepository(WeeklyReportVersion).save(version);
      const before = { status: report.status, currentVersion: report.currentVersion };
      report.currentVersion = version.version;
      report.noneFound = dto.noneFound;
      report.itemCount = items.length;
      report.status =
        report.firstSubmittedAt && report.status === WeeklyReportStatus.ON_TIME
          ? WeeklyReportStatus.ON_TIME
          : timing === 'LATE'
            ? WeeklyReportStatus.LATE
            : WeeklyReportStatus.ON_TIME;
      report.firstSubmittedAt ??= now;
      report.lastSubmittedAt = now;
      await m.getRepository(WeeklyReport).save(report);
      await this.audit.record(m, actor, {
        action: version.version === 1 ? 'WEEKLY_REPORT_SUBMITTED' : 'WEEKLY_REPORT_CORRECTED',
        entityType: 'WeeklyReport',
        entityId: report.id,
        unitId: unit.id,
        before,
        after: {
          status: report.status,
          currentVersion: report.currentVersion,
          week: dto.week,
          noneFound: dto.noneFound,
          findingIds: items.map((i) => i.findingId),
        },
      });
      return { ...report, week: formatWeek(week), versionRecord: version };
    });
  }

  /** New items become SELF_CHECK findings; kept items keep theirs; items dropped by a correction are withdrawn. */
  private async itemsToFindings(
    m: EntityManager,
    actor: Actor,
    o: ReportingObligation,
    unit: Unit,
    dto: SubmitWeeklyReportDto,
    previous: WeeklyReportVersion | null,
  ): Promise<WeeklyReportItem[]> {
    const previousIds = new Set((previous?.items ?? []).map((i) => i.findingId));
    const out: WeeklyReportItem[] = [];
    const today = this.clock.today();
    for (const [index, item] of dto.items.entries()) {
      if (item.findingId !== undefined) {
        if (!previousIds.has(item.findingId))
          throw validationFailed([
            {
              field: `items.${index}.findingId`,
              messages: ['只能保留上一版本中的问题 / Not an item of the previous version'],
            },
          ]);
        out.push({ ...this.itemFacts(item, today), findingId: item.findingId });
        continue;
      }
      const finding = await this.findings.create(
        actor,
        {
          roundId: o.roundId,
          unitId: unit.id,
          description: item.description,
          location: item.location,
          level: item.level,
          category: item.category,
          tags: item.fixedOnTheSpot ? ['举一反三', '现场已整改'] : ['举一反三'],
          source: FindingSource.SELF_CHECK,
          foundDate: today,
          foundBy: `${unit.name}（举一反三自查）`,
          deadline: item.deadline ?? addDays(today, 7),
          responsiblePerson: item.responsiblePerson ?? actor.displayName,
          responsibleLeader:
            item.level === HazardLevel.MAJOR ? (item.responsiblePerson ?? actor.displayName) : undefined,
          similarToIds: item.promptedByFindingId ? [item.promptedByFindingId] : undefined,
        },
        m,
      );
      out.push({ ...this.itemFacts(item, today), findingId: finding.id });
    }
    const kept = new Set(out.map((i) => i.findingId));
    for (const dropped of [...previousIds].filter((id) => !kept.has(id))) {
      await this.findings.withdrawSelfCheck(m, actor, dropped, '举一反三周报更正时撤回');
    }
    return out;
  }

  private itemFacts(
    item: SubmitWeeklyReportDto['items'][number],
    today: string,
  ): Omit<WeeklyReportItem, 'findingId'> {
    return {
      description: item.description,
      location: item.location,
      level: item.level,
      category: item.category,
      promptedByFindingId: item.promptedByFindingId ?? null,
      topic: item.topic ?? null,
      fixedOnTheSpot: item.fixedOnTheSpot,
      deadline: item.deadline ?? addDays(today, 7),
    };
  }

  // ---------- views ----------

  /** A unit's (or everyone's visible) reports with their versions, newest week first. */
  async history(actor: Actor, q: HistoryQuery) {
    const qb = this.dataSource
      .getRepository(WeeklyReport)
      .createQueryBuilder('w')
      .innerJoin(Unit, 'u', 'u.id = w.unitId')
      .addSelect('u.name', 'unit_name');
    if (actor.unitScopePath !== null) qb.andWhere('u.path LIKE :scope', { scope: `${actor.unitScopePath}%` });
    if (q.unitId)
      qb.andWhere(`u.path LIKE (SELECT p.path FROM units p WHERE p.id = :unitId) || '%'`, {
        unitId: q.unitId,
      });
    if (q.obligationId) qb.andWhere('w.obligationId = :oid', { oid: q.obligationId });
    const from = q.from ? parseWeek(q.from) : null;
    const to = q.to ? parseWeek(q.to) : null;
    if (from) qb.andWhere('(w.isoYear, w.isoWeek) >= (:fy, :fw)', { fy: from.year, fw: from.week });
    if (to) qb.andWhere('(w.isoYear, w.isoWeek) <= (:ty, :tw)', { ty: to.year, tw: to.week });
    qb.orderBy('w.isoYear', 'DESC').addOrderBy('w.isoWeek', 'DESC').addOrderBy('u.path', 'ASC');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .getRawAndEntities();
    const names = new Map((raw as { w_id: number; unit_name: string }[]).map((r) => [r.w_id, r.unit_name]));
    return {
      items: entities.map((w) => ({
        ...w,
        week: formatWeek({ year: w.isoYear, week: w.isoWeek }),
        unitName: names.get(w.id),
      })),
      total,
    };
  }

  async get(actor: Actor, id: number) {
    const qb = this.dataSource
      .getRepository(WeeklyReport)
      .createQueryBuilder('w')
      .innerJoin(Unit, 'u', 'u.id = w.unitId')
      .where('w.id = :id', { id });
    if (actor.unitScopePath !== null) qb.andWhere('u.path LIKE :scope', { scope: `${actor.unitScopePath}%` });
    const report = await qb.getOne();
    if (!report) throw notFound('周报 / Weekly report', id);
    const versions = await this.dataSource
      .getRepository(WeeklyReportVersion)
      .find({ where: { reportId: id }, order: { version: 'ASC' } });
    return { ...report, week: formatWeek({ year: report.isoYear, week: report.isoWeek }), versions };
  }

  /** Units × weeks for a company: on time, none found, late, missing, pending (not yet due) or not required. */
  async compliance(actor: Actor, q: WeekRangeQuery) {
    const from = parseWeek(q.from);
    const to = parseWeek(q.to);
    if (!from || !to || compareWeeks(from, to) > 0)
      throw validationFailed([{ field: 'from', messages: ['周次范围无效 / Invalid week range'] }]);
    const weeks = weeksBetween(from, to);
    if (weeks.length > 160)
      throw validationFailed([{ field: 'to', messages: ['一次最多 160 周 / At most 160 weeks at once'] }]);
    const { obligations, units, lastDays } = await this.companyObligations(actor, q.companyUnitId);
    // Raw rows with just the columns the matrix needs, and every (obligation, week) fact computed once — not per
    // cell: 200 units × 52 weeks would otherwise build thousands of entities and time-zone formatters.
    type Cell = { status: WeeklyReportStatus; noneFound: boolean; submitted: boolean };
    const reportRows: {
      obligation_id: number;
      unit_id: number;
      iso_year: number;
      iso_week: number;
      status: WeeklyReportStatus;
      none_found: boolean;
      current_version: number;
    }[] = obligations.length
      ? await this.dataSource.query(
          `SELECT obligation_id, unit_id, iso_year, iso_week, status, none_found, current_version FROM weekly_reports
              WHERE obligation_id = ANY($1) AND (iso_year, iso_week) BETWEEN ($2, $3) AND ($4, $5)`,
          [obligations.map((o) => o.id), from.year, from.week, to.year, to.week],
        )
      : [];
    const byKey = new Map<string, Cell>(
      reportRows.map((r) => [
        `${r.obligation_id}|${r.unit_id}|${r.iso_year}|${r.iso_week}`,
        { status: r.status, noneFound: r.none_found, submitted: r.current_version > 0 },
      ]),
    );
    const now = this.clock.now();
    const rank: Record<ComplianceCell, number> = {
      MISSING: 5,
      LATE: 4,
      PENDING: 3,
      ON_TIME: 2,
      NONE_FOUND: 1,
      NOT_REQUIRED: 0,
    };
    const weekLabels = weeks.map(formatWeek);
    // Per obligation and week: required at all, and whether its deadline has passed.
    const plan = new Map(
      obligations.map((o) => [
        o.id,
        weeks.map((w) => {
          const required = this.weekRequired(o, w, lastDays.get(o.id)!);
          return { required, due: required && dueInstant(w, o.dueTime, this.clock.timeZone) <= now };
        }),
      ]),
    );
    const rows = units.map((u) => {
      const mine = obligations.filter((x) => x.unitIds.includes(u.id));
      const cells = weeks.map((w, i) => {
        let cell: ComplianceCell = 'NOT_REQUIRED';
        for (const o of mine) {
          const facts = plan.get(o.id)![i];
          if (!facts.required) continue;
          const r = byKey.get(`${o.id}|${u.id}|${w.year}|${w.week}`);
          const c = reportCell(
            r
              ? { submitted: r.submitted, late: r.status === WeeklyReportStatus.LATE, noneFound: r.noneFound }
              : null,
            facts.due,
          );
          if (rank[c] > rank[cell]) cell = c;
        }
        return { week: weekLabels[i], status: cell };
      });
      return { unitId: u.id, unitCode: u.code, unitName: u.name, cells };
    });
    const totals = Object.fromEntries(
      (Object.keys(rank) as ComplianceCell[]).map((k) => [
        k,
        rows.reduce((n, r) => n + r.cells.filter((c) => c.status === k).length, 0),
      ]),
    );
    return { companyUnitId: q.companyUnitId, weeks: weeks.map(formatWeek), rows, totals };
  }

  /** One week of a company: which units reported what, counts by category and level. */
  async weekSummary(actor: Actor, q: WeekQuery) {
    const week = parseWeek(q.week);
    if (!week) throw validationFailed([{ field: 'week', messages: ['该年没有这个周次 / No such ISO week'] }]);
    const matrix = await this.compliance(actor, { companyUnitId: q.companyUnitId, from: q.week, to: q.week });
    const { obligations } = await this.companyObligations(actor, q.companyUnitId);
    const reports = obligations.length
      ? await this.dataSource.getRepository(WeeklyReport).find({
          where: { obligationId: In(obligations.map((o) => o.id)), isoYear: week.year, isoWeek: week.week },
        })
      : [];
    const versions = reports.length
      ? await this.dataSource.query(
          `SELECT v.report_id, v.items FROM weekly_report_versions v JOIN weekly_reports w ON w.id = v.report_id AND v.version = w.current_version WHERE w.id = ANY($1)`,
          [reports.map((r) => r.id)],
        )
      : [];
    const itemsByReport = new Map<number, WeeklyReportItem[]>(
      (versions as { report_id: number; items: WeeklyReportItem[] }[]).map((v) => [v.report_id, v.items]),
    );
    const findingCodes = new Map<number, string>();
    const allIds = [...itemsByReport.values()].flat().map((i) => i.findingId);
    if (allIds.length)
      for (const f of await this.dataSource.getRepository(Finding).findBy({ id: In(allIds) }))
        findingCodes.set(f.id, f.code);
    const units = matrix.rows.map((row) => {
      const unitReports = reports.filter((r) => r.unitId === row.unitId);
      const items = unitReports
        .flatMap((r) => itemsByReport.get(r.id) ?? [])
        .map((i) => ({
          ...i,
          findingCode: findingCodes.get(i.findingId) ?? null,
          levelLabel: HAZARD_LEVEL_LABEL[i.level as HazardLevel],
          categoryLabel: FINDING_CATEGORY_LABEL[i.category as FindingCategory],
        }));
      return {
        unitId: row.unitId,
        unitName: row.unitName,
        status: row.cells[0].status,
        submittedAt: unitReports[0]?.lastSubmittedAt ?? null,
        items,
      };
    });
    const allItems = units.flatMap((u) => u.items);
    const count = <K extends string>(keys: K[], key: (i: (typeof allItems)[number]) => string) =>
      Object.fromEntries(keys.map((k) => [k, allItems.filter((i) => key(i) === k).length])) as Record<
        K,
        number
      >;
    return {
      week: q.week,
      thursday: thursdayOf(week),
      units,
      counts: {
        byStatus: matrix.totals,
        byCategory: count(Object.values(FindingCategory), (i) => i.category),
        byLevel: count(Object.values(HazardLevel), (i) => i.level),
        items: allItems.length,
      },
    };
  }

  private async companyObligations(actor: Actor, companyUnitId: number) {
    const company = await this.dataSource.getRepository(Unit).findOneBy({ id: companyUnitId });
    if (!company) throw notFound('单位 / Unit', companyUnitId);
    const obligations: ReportingObligation[] = await this.dataSource
      .getRepository(ReportingObligation)
      .createQueryBuilder('o')
      .innerJoin(AuditRound, 'r', 'r.id = o.roundId')
      .where('r.companyUnitId = :cid', { cid: companyUnitId })
      .orderBy('o.id')
      .getMany();
    const visible = await this.unitIdsInScope(
      actor,
      obligations.flatMap((o) => o.unitIds),
    );
    const units = visible.size
      ? await this.dataSource
          .getRepository(Unit)
          .find({ where: { id: In([...visible]) }, order: { path: 'ASC' } })
      : [];
    const lastDays = new Map<number, string | null>();
    for (const o of obligations) lastDays.set(o.id, await this.lastDay(this.dataSource.manager, o));
    return { obligations, units, lastDays };
  }

  private async unitIdsInScope(actor: Actor, ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const qb = this.dataSource
      .getRepository(Unit)
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.id IN (:...ids)', { ids: [...new Set(ids)] });
    if (actor.unitScopePath !== null) qb.andWhere('u.path LIKE :scope', { scope: `${actor.unitScopePath}%` });
    return new Set(((await qb.getRawMany()) as { id: number }[]).map((r) => r.id));
  }

  // ---------- the deadline job ----------

  /**
   * Processes every (obligation, week) whose deadline has passed and that no instance has processed yet, catching up
   * after downtime. Each is claimed by a row in job_claims (UNIQUE(job, period), INSERT … ON CONFLICT DO NOTHING) in
   * the same transaction as its work, so it runs exactly once across instances; a failure rolls the claim back.
   * Absent reports become MISSING (MISSING_WEEKLY_REPORT); reports handed in after the deadline are assessed
   * LATE_WEEKLY_REPORT. A report that arrives after its week was processed is marked LATE and stays assessed as missing.
   */
  async runDeadlines(instance = `pid-${process.pid}`): Promise<{ processed: string[] }> {
    const now = this.clock.now();
    const processed: string[] = [];
    const obligations = await this.dataSource.getRepository(ReportingObligation).findBy({ active: true });
    for (const o of obligations) {
      const lastDay = await this.lastDay(this.dataSource.manager, o);
      const claimed = new Set(
        (
          (await this.dataSource.query(
            `SELECT period FROM job_claims WHERE job = 'weekly-deadline' AND period LIKE $1`,
            [`${o.id}:%`],
          )) as { period: string }[]
        ).map((r) => r.period),
      );
      const lastWeek = isoWeekOf(lastDay && lastDay < this.clock.today() ? lastDay : this.clock.today());
      for (const week of weeksBetween(isoWeekOf(o.startDate), lastWeek)) {
        const period = `${o.id}:${formatWeek(week)}`;
        if (claimed.has(period) || !this.weekRequired(o, week, lastDay)) continue;
        const dueAt = dueInstant(week, o.dueTime, this.clock.timeZone);
        if (dueAt > now) continue;
        const done = await this.dataSource.transaction(async (m) => {
          const claim = await m.query(
            `INSERT INTO job_claims (job, period, claimed_by) VALUES ('weekly-deadline', $1, $2) ON CONFLICT DO NOTHING RETURNING period`,
            [period, instance],
          );
          if (!claim.length) return false;
          await this.processWeek(m, o, week, dueAt);
          return true;
        });
        if (done) processed.push(period);
      }
    }
    return { processed };
  }

  private async processWeek(m: EntityManager, o: ReportingObligation, week: IsoWeek, dueAt: Date) {
    const units = await m.getRepository(Unit).findBy({ id: In(o.unitIds), active: true });
    for (const unit of units) {
      await m.query(
        `INSERT INTO weekly_reports (obligation_id, unit_id, iso_year, iso_week, due_at, status, version) VALUES ($1, $2, $3, $4, $5, 'MISSING', 1)
         ON CONFLICT (obligation_id, unit_id, iso_year, iso_week) DO NOTHING`,
        [o.id, unit.id, week.year, week.week, dueAt],
      );
      const report = await m
        .getRepository(WeeklyReport)
        .findOneByOrFail({ obligationId: o.id, unitId: unit.id, isoYear: week.year, isoWeek: week.week });
      if (report.status === WeeklyReportStatus.ON_TIME) continue;
      const missing = report.currentVersion === 0;
      await this.assessments.createAutomatic(m, {
        unitId: unit.id,
        reason: missing ? AssessmentReason.MISSING_WEEKLY_REPORT : AssessmentReason.LATE_WEEKLY_REPORT,
        text: `${unit.name} ${formatWeek(week)} 举一反三周报${missing ? '未按时报送（缺报）' : '迟报'}，截止时间 ${thursdayOf(week)} ${o.dueTime}`,
        sourceType: 'WeeklyReport',
        sourceId: report.id,
        assessedOn: thursdayOf(week),
      });
    }
  }

  // ---------- the 举一反三 assessment rule ----------

  /** Checks both directions of a new similar link for a company-found similar problem (DOMAIN.md §5). */
  private async assessCompanyFoundSimilar(m: EntityManager, a: number, b: number): Promise<void> {
    for (const [companyId, sweptId] of [
      [a, b],
      [b, a],
    ]) {
      const [c] = await m.query(
        `SELECT f.id, f.code, f.source, f.unit_id, f.found_date, f.created_at, u.path FROM findings f JOIN units u ON u.id = f.unit_id WHERE f.id = $1`,
        [companyId],
      );
      const [s] = await m.query(`SELECT id, code, round_id FROM findings WHERE id = $1`, [sweptId]);
      if (!c || !s) continue;
      // The unit that had to sweep: a unit of an obligation for the swept finding's campaign that contains c's unit.
      const [obliged] = await m.query(
        `SELECT ou.id, ou.path, ou.name FROM weekly_report_obligations o JOIN units ou ON ou.id = ANY(o.unit_ids)
          WHERE o.round_id = $1 AND o.active AND $2 LIKE ou.path || '%' AND o.start_date <= $3 AND (o.end_date IS NULL OR o.end_date >= $3)
          ORDER BY length(ou.path) DESC LIMIT 1`,
        [s.round_id, c.path, c.found_date],
      );
      const [self] = obliged
        ? await m.query(
            `SELECT sc.code FROM findings sc JOIN units scu ON scu.id = sc.unit_id
              WHERE sc.source = 'SELF_CHECK' AND sc.id <> $1 AND scu.path LIKE $2 AND sc.status <> $5
                AND sc.found_date <= $3 AND sc.created_at < $4
                AND EXISTS (SELECT 1 FROM finding_similar_links l
                             WHERE (l.finding_id = sc.id AND l.similar_to_id IN ($1, $6)) OR (l.similar_to_id = sc.id AND l.finding_id IN ($1, $6)))
              LIMIT 1`,
            [c.id, `${obliged.path}%`, c.found_date, c.created_at, FindingStatus.CANCELLED, s.id],
          )
        : [];
      if (
        !isCompanyFoundSimilarAssessable({
          source: c.source,
          unitWasRequiredToSweep: !!obliged,
          alreadySelfReported: !!self,
        })
      )
        continue;
      await this.assessments.createAutomatic(m, {
        unitId: obliged.id,
        reason: AssessmentReason.COMPANY_FOUND_SIMILAR,
        text: `${obliged.name} 未在举一反三中自查出 ${s.code} 的同类问题，被公司查出：${c.code}`,
        sourceType: 'Finding',
        sourceId: c.id,
        findingId: c.id,
        assessedOn: c.found_date,
      });
    }
  }
}
