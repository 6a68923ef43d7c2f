import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../common/events/domain-events';
import { HazardReportTriaged } from './hazard-reports.events';
import { Actor, SYSTEM_ACTOR } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainError, notFound, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { FindingCategory, FindingSource } from '../findings/finding.enums';
import { FindingsService } from '../findings/findings.service';
import { isOpen } from '../findings/rules/open-and-overdue';
import { UnitsService } from '../org/units.service';
import { Domain } from '../rounds/domain';
import { RoundsService } from '../rounds/rounds.service';
import { TriageDto } from './hazard-report.dto';
import type { HazardReport } from './hazard-report.entities';
import { HazardReportReader } from './hazard-report-reader';
import { HazardReportsRepository } from './hazard-reports.repository';
import { isEarlierReport, triageTransition } from './rules/report-states';

/** null when another module's lookup answers 404 (the caller turns it into its own validation message). */
async function orNullIfNotFound<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'NOT_FOUND') return null;
    throw err;
  }
}

/**
 * 核查: VALID makes a HAZARD_REPORT finding in the hazard's unit with the assessed level; INVALID needs a reason;
 * DUPLICATE links the known open finding or the earlier report (only the first valid reporter earns a bounty).
 */
@Injectable()
export class HazardTriageService {
  constructor(
    private readonly tx: Transactions,
    private readonly reports: HazardReportsRepository,
    private readonly reader: HazardReportReader,
    private readonly findings: FindingsService,
    private readonly rounds: RoundsService,
    private readonly units: UnitsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async triage(actor: Actor, id: number, dto: TriageDto) {
    return this.tx.run(async (tx) => {
      const report = await this.reports.lock(tx, id);
      if (!report) throw notFound('隐患举报 / Hazard report', id);
      const before = { status: report.status };
      const status = triageTransition(report.status, dto.result);
      if (dto.result === 'VALID') await this.makeFinding(tx, actor, report, dto);
      else if (dto.result === 'DUPLICATE') await this.linkDuplicate(tx, report, dto);
      report.status = status;
      report.triageNote = dto.note ?? null;
      report.triagedById = actor.id;
      report.triagedAt = this.clock.now();
      await this.reports.save(tx, report);
      await this.recordTriage(tx, actor, report, before);
      await this.events.publish(
        new HazardReportTriaged(tx, {
          id: report.id,
          reporterId: report.reporterId,
          hazardUnitId: report.hazardUnitId,
          result: dto.result,
          note: report.triageNote,
        }),
      );
      return this.reader.get(actor, id, tx);
    });
  }

  /** VALID: the finding of the hazard, in the year's 隐患举报 round of the hazard unit's company. */
  private async makeFinding(tx: Tx, actor: Actor, report: HazardReport, dto: TriageDto) {
    const unit = await this.units.get(SYSTEM_ACTOR, report.hazardUnitId, tx);
    const domain = dto.category === FindingCategory.ENVIRONMENTAL ? Domain.ENVIRONMENT : Domain.SAFETY;
    const round = await this.hazardRound(tx, actor, unit.path, domain);
    const finding = await this.findings.create(
      actor,
      {
        roundId: round.id,
        unitId: unit.id,
        description: report.description,
        location: report.location,
        level: dto.level!,
        category: dto.category!,
        tags: ['隐患举报'],
        source: FindingSource.HAZARD_REPORT,
        foundDate: this.clock.today(),
        foundBy: `隐患举报（第 ${report.id} 号）`,
        deadline: dto.deadline!,
        responsiblePerson: dto.responsiblePerson!,
        responsibleLeader: dto.responsibleLeader,
      },
      tx,
    );
    report.level = dto.level!;
    report.findingId = finding.id;
  }

  /** Valid reports become findings of a per-company, per-year "隐患举报" round (kind SPECIAL). */
  private async hazardRound(tx: Tx, actor: Actor, unitPath: string, domain: Domain) {
    const company = await this.units.get(SYSTEM_ACTOR, Number(unitPath.split('/')[1]), tx);
    const year = this.clock.today().slice(0, 4);
    const name = `${year}年隐患举报（${company.name}${domain === Domain.ENVIRONMENT ? '，生态环境' : ''}）`;
    return this.rounds.findOrCreateSpecialRound(tx, actor, {
      name,
      domain,
      companyUnitId: company.id,
      auditTeam: '隐患举报',
      year,
    });
  }

  /** DUPLICATE: of a known open finding, or of an earlier report that was not invalid (and its finding). */
  private async linkDuplicate(tx: Tx, report: HazardReport, dto: TriageDto) {
    if (!!dto.duplicateOfFindingId === !!dto.duplicateOfReportId) {
      throw validationFailed([
        {
          field: 'duplicateOfFindingId',
          messages: [
            '重复举报须指明重复的已知问题或先前举报（二选一） / Name the finding or the earlier report it repeats',
          ],
        },
      ]);
    }
    if (dto.duplicateOfFindingId) {
      const f = await orNullIfNotFound(this.findings.getScoped(SYSTEM_ACTOR, dto.duplicateOfFindingId, tx));
      if (!f || !isOpen(f.status))
        throw validationFailed([
          {
            field: 'duplicateOfFindingId',
            messages: ['须为未销号的已知问题 / Must be a known open finding'],
          },
        ]);
      report.findingId = f.id;
      return;
    }
    const earlier = await this.reports.findById(tx, dto.duplicateOfReportId!);
    if (!isEarlierReport(report, earlier)) {
      throw validationFailed([
        {
          field: 'duplicateOfReportId',
          messages: ['须为更早的、未被认定无效的举报 / Must be an earlier report that was not invalid'],
        },
      ]);
    }
    report.duplicateOfReportId = earlier!.id;
    report.findingId = earlier!.findingId;
  }

  private async recordTriage(tx: Tx, actor: Actor, report: HazardReport, before: { status: string }) {
    await this.audit.record(tx, actor, {
      action: 'HAZARD_REPORT_TRIAGED',
      entityType: 'HazardReport',
      entityId: report.id,
      unitId: report.hazardUnitId,
      before,
      after: {
        status: report.status,
        level: report.level,
        findingId: report.findingId,
        duplicateOfReportId: report.duplicateOfReportId,
        note: report.triageNote,
      },
    });
  }
}
