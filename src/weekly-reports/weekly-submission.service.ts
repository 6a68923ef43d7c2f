import { Injectable } from '@nestjs/common';
import { Actor, hasRole } from '../common/access/actor';
import { UNIT_ROLES } from '../common/access/roles';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, DomainError, forbidden, validationFailed } from '../common/errors/domain-error';
import type { UploadedFile } from '../common/files/file-type';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { addDays } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { FindingSource, HazardLevel } from '../findings/finding.enums';
import { FindingsService } from '../findings/findings.service';
import { OnTheSpotService } from '../findings/on-the-spot.service';
import type { Unit } from '../org/unit.entity';
import { UnitsService } from '../org/units.service';
import { reportTiming } from './rules/company-found-similar';
import { obligationRequiresWeek } from './rules/compliance-cell';
import { dueInstant, formatWeek, IsoWeek, mondayOf, parseWeek } from './rules/iso-week';
import { submissionOutcome } from './rules/weekly-report-state';
import { ObligationsService } from './obligations.service';
import { EvidenceFileDto, SubmitWeeklyReportDto } from './weekly-report.dto';
import type {
  ReportingObligation,
  WeeklyReport,
  WeeklyReportItem,
  WeeklyReportVersion,
} from './weekly-report.entities';
import { WeeklyReportsRepository } from './weekly-reports.repository';

type ItemDto = SubmitWeeklyReportDto['items'][number];

/**
 * The Thursday report: a unit's similar problems found in its own sweep (each becomes a SELF_CHECK finding) or an
 * explicit "none found". Before the deadline a correction adds a version; after it the first submission is
 * accepted and marked LATE, and a submitted report is locked (rules/weekly-report-state.ts).
 */
@Injectable()
export class WeeklySubmissionService {
  constructor(
    private readonly reports: WeeklyReportsRepository,
    private readonly obligations: ObligationsService,
    private readonly findings: FindingsService,
    private readonly onTheSpot: OnTheSpotService,
    private readonly units: UnitsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async submit(actor: Actor, dto: SubmitWeeklyReportDto) {
    const week = this.checkRequest(actor, dto);
    return this.transactions.run(async (tx) => {
      const unit = await this.units.get(actor, dto.unitId, tx);
      const o = await this.obligationOf(tx, unit, dto.obligationId);
      await this.checkWeek(tx, o, week, dto.week);
      const now = this.clock.now();
      const dueAt = dueInstant(week, o.dueTime, this.clock.timeZone);
      const key = { obligationId: o.id, unitId: unit.id, isoYear: week.year, isoWeek: week.week };
      await this.reports.ensure(tx, key, dueAt);
      const report = await this.reports.lockByKey(tx, key);
      const outcome = submissionOutcome(report, reportTiming(dueAt, now));
      if (!outcome.allowed) {
        throw conflict(
          'WEEKLY_REPORT_LOCKED',
          `${dto.week} 周报已提交且已过截止时间，不能再更正 / Corrections are accepted only before the deadline`,
        );
      }
      const previous =
        outcome.action === 'CORRECT'
          ? await this.reports.findVersion(tx, report.id, report.currentVersion)
          : null;
      const items = await this.itemsToFindings(tx, actor, o, unit, dto, previous);
      const version = await this.reports.addVersion(tx, {
        reportId: report.id,
        version: report.currentVersion + 1,
        noneFound: dto.noneFound,
        statement: dto.statement ?? null,
        items,
        late: reportTiming(dueAt, now) === 'LATE',
        submittedById: actor.id,
        // The same instant as the report's first/last submission (not the database's own clock).
        submittedAt: now,
      });
      const before = { status: report.status, currentVersion: report.currentVersion };
      Object.assign(report, {
        currentVersion: version.version,
        noneFound: dto.noneFound,
        itemCount: items.length,
        status: outcome.to,
      });
      report.firstSubmittedAt ??= now;
      report.lastSubmittedAt = now;
      await this.reports.save(tx, report);
      await this.record(tx, actor, report, before, dto, items);
      return { ...report, week: formatWeek(week), versionRecord: version };
    });
  }

  /** Who may submit, and a report that says something: the checks made before any database work. */
  private checkRequest(actor: Actor, dto: SubmitWeeklyReportDto): IsoWeek {
    if (!hasRole(actor, ...UNIT_ROLES))
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
    return week;
  }

  private async obligationOf(tx: Tx, unit: Unit, obligationId: number): Promise<ReportingObligation> {
    const o = await this.obligations.findById(tx, obligationId);
    if (!o || !o.unitIds.includes(unit.id)) {
      throw validationFailed([
        {
          field: 'obligationId',
          messages: [`「${unit.name}」不在该周报要求范围内 / The unit has no such reporting obligation`],
        },
      ]);
    }
    return o;
  }

  /** The week has begun and is one the obligation asks for. */
  private async checkWeek(tx: Tx, o: ReportingObligation, week: IsoWeek, weekText: string): Promise<void> {
    if (mondayOf(week) > this.clock.today())
      throw validationFailed([
        { field: 'week', messages: ['不能提交未来周次的周报 / That week has not started'] },
      ]);
    if (!obligationRequiresWeek(o, week, await this.obligations.lastDay(o, tx))) {
      throw validationFailed([
        {
          field: 'week',
          messages: [`${weekText} 不在周报要求期间内 / Not a reporting week of this obligation`],
        },
      ]);
    }
  }

  private async record(
    tx: Tx,
    actor: Actor,
    report: WeeklyReport,
    before: { status: string; currentVersion: number },
    dto: SubmitWeeklyReportDto,
    items: WeeklyReportItem[],
  ): Promise<void> {
    await this.audit.record(tx, actor, {
      action: before.currentVersion === 0 ? 'WEEKLY_REPORT_SUBMITTED' : 'WEEKLY_REPORT_CORRECTED',
      entityType: 'WeeklyReport',
      entityId: report.id,
      unitId: report.unitId,
      before,
      after: {
        status: report.status,
        currentVersion: report.currentVersion,
        week: dto.week,
        noneFound: dto.noneFound,
        findingIds: items.map((i) => i.findingId),
      },
    });
  }

  /** New items become SELF_CHECK findings; kept items keep theirs; items dropped by a correction are withdrawn. */
  private async itemsToFindings(
    tx: Tx,
    actor: Actor,
    o: ReportingObligation,
    unit: Unit,
    dto: SubmitWeeklyReportDto,
    previous: WeeklyReportVersion | null,
  ): Promise<WeeklyReportItem[]> {
    const previousIds = new Set((previous?.items ?? []).map((i) => i.findingId));
    const today = this.clock.today();
    const out: WeeklyReportItem[] = [];
    for (const [index, item] of dto.items.entries()) {
      if (item.findingId !== undefined && !previousIds.has(item.findingId))
        throw validationFailed([
          {
            field: `items.${index}.findingId`,
            messages: ['只能保留上一版本中的问题 / Not an item of the previous version'],
          },
        ]);
      const findingId =
        item.findingId ?? (await this.selfCheckFinding(tx, actor, o, unit, item, index, today));
      const facts = itemFacts(item, today);
      // A kept item keeps what was done on the spot, as its first version said.
      facts.measures ??= previous?.items.find((i) => i.findingId === item.findingId)?.measures ?? null;
      out.push({ ...facts, findingId });
    }
    const kept = new Set(out.map((i) => i.findingId));
    for (const dropped of [...previousIds].filter((id) => !kept.has(id))) {
      await this.findings.withdrawSelfCheck(tx, actor, dropped, '举一反三周报更正时撤回');
    }
    return out;
  }

  /**
   * Registers a new item as the unit's SELF_CHECK finding (not assessable), linked to what prompted it. An item fixed
   * on the spot goes the 边检查边整改 way: its evidence and measures are recorded and it awaits verification.
   */
  private async selfCheckFinding(
    tx: Tx,
    actor: Actor,
    o: ReportingObligation,
    unit: Unit,
    item: ItemDto,
    index: number,
    today: string,
  ): Promise<number> {
    // What prompted the sweep is a finding of the campaign's round — often another unit's, which is the point of
    // 举一反三 (its close-out then waits for this one, rule 2) — never any finding of the group.
    if (item.promptedByFindingId && !(await this.findings.isInRound(tx, item.promptedByFindingId, o.roundId)))
      throw validationFailed([
        {
          field: `items.${index}.promptedByFindingId`,
          messages: [
            '对照的问题不是本周报所属督察轮次的问题 / Not a finding of the round this report sweeps for',
          ],
        },
      ]);
    if (item.fixedOnTheSpot && item.level === HazardLevel.MAJOR)
      throw validationFailed([
        {
          field: `items.${index}.fixedOnTheSpot`,
          messages: [
            '重大隐患须按“五落实”制定整改方案，不能按现场整改报送 / A major hazard needs a full plan',
          ],
        },
      ]);
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
        deadline: itemDeadline(item, today),
        responsiblePerson: item.responsiblePerson ?? actor.displayName,
        responsibleLeader:
          item.level === HazardLevel.MAJOR ? (item.responsiblePerson ?? actor.displayName) : undefined,
        similarToIds: item.promptedByFindingId ? [item.promptedByFindingId] : undefined,
      },
      tx,
    );
    if (item.fixedOnTheSpot) {
      await withFieldPrefix(`items.${index}.evidence`, () =>
        this.onTheSpot.recordFixed(tx, actor, finding.id, {
          measures: item.measures!,
          rootCause: item.rootCause!,
          files: (item.evidence ?? []).map(uploadedFile),
        }),
      );
    }
    return finding.id;
  }
}

/** A deadline for the finding: the one given, today for an item already fixed, else a week. */
const itemDeadline = (item: ItemDto, today: string) =>
  item.deadline ?? (item.fixedOnTheSpot ? today : addDays(today, 7));

/** A base64 file of a JSON report as an upload. */
function uploadedFile(f: EvidenceFileDto): UploadedFile {
  const buffer = Buffer.from(f.contentBase64, 'base64');
  return { originalname: f.fileName, buffer, size: buffer.length };
}

/** Runs `work`; a refused file (its errors name the field `file`) is reported on the item's evidence field. */
async function withFieldPrefix<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DomainError) || !Array.isArray(err.details)) throw err;
    const details = err.details.map((d) => ({ ...d, field: d.field === 'file' ? field : d.field }));
    throw new DomainError(err.kind, err.code, err.message, details);
  }
}

function itemFacts(item: ItemDto, today: string): Omit<WeeklyReportItem, 'findingId'> {
  return {
    description: item.description,
    location: item.location,
    level: item.level,
    category: item.category,
    promptedByFindingId: item.promptedByFindingId ?? null,
    topic: item.topic ?? null,
    fixedOnTheSpot: item.fixedOnTheSpot,
    measures: item.measures ?? null,
    deadline: itemDeadline(item, today),
  };
}
