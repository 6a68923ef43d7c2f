import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { SYSTEM_ACTOR } from '../common/access/actor';
import { keptFile } from '../common/files/image-sizes';
import type { Tx } from '../common/persistence/transactions';
import { addDays } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { EvidenceService } from '../findings/evidence.service';
import { EvidenceKind, FindingCategory, HazardLevel } from '../findings/finding.enums';
import { FindingsService } from '../findings/findings.service';
import { OnTheSpotService } from '../findings/on-the-spot.service';
import { UnitsService } from '../org/units.service';
import { Domain } from '../rounds/domain';
import { RoundsService } from '../rounds/rounds.service';
import { INSPECTION_LEVEL_LABEL, InspectionLevel, SOURCE_KIND_LABEL } from './inspection.enums';
import type { ChecklistItem, InspectionPhoto, InspectionTask, ItemAnswer } from './inspections.entities';
import type { SourceRow } from './hazard-sources.repository';
import { InspectionTasksRepository } from './inspection-tasks.repository';
import { findingDeadlineDays, findingLevelOf, findingSourceOf } from './rules/checklist';

export interface FailedItem {
  task: InspectionTask;
  source: SourceRow;
  item: ChecklistItem;
  answer: ItemAnswer;
  signature: string;
  photos: InspectionPhoto[];
}

/**
 * A failed item becomes a finding through the findings module's services (never its tables), in the signing's
 * transaction: in the source's unit, in the year's 重要危险源检查 round of its company, SELF_CHECK for the unit's own
 * inspections and COMPANY_CHECK for the company's, MAJOR when the item cites a standard clause. The item's photos are
 * its "before" evidence; an item fixed on the spot goes the 边检查边整改 way (OnTheSpotService) with its "after" photos.
 */
@Injectable()
export class InspectionFindingsService {
  constructor(
    private readonly findings: FindingsService,
    private readonly onTheSpot: OnTheSpotService,
    private readonly evidence: EvidenceService,
    private readonly rounds: RoundsService,
    private readonly units: UnitsService,
    private readonly photos: InspectionTasksRepository,
    private readonly clock: Clock,
  ) {}

  async fromFailedItem(tx: Tx, actor: Actor, f: FailedItem): Promise<number> {
    const { task, source, item, answer } = f;
    const today = this.clock.today();
    const level = findingLevelOf(item);
    const person = (l: InspectionLevel) => source.responsible.find((r) => r.level === l)?.name;
    const round = await this.round(tx, actor, source.unitPath);
    const finding = await this.findings.create(
      actor,
      {
        roundId: round.id,
        unitId: source.unitId,
        description:
          `【${source.name}】${item.requirement}——不符合：${answer.note}` +
          (item.clause ? `（依据${item.clause}）` : ''),
        location: source.location,
        level,
        category: FindingCategory.UNSAFE_CONDITION,
        tags: [
          '重要危险源检查',
          SOURCE_KIND_LABEL[source.kind],
          ...(answer.fixedOnTheSpot ? ['现场已整改'] : []),
        ],
        source: findingSourceOf(task.level),
        foundDate: today,
        foundBy: `${INSPECTION_LEVEL_LABEL[task.level]}检查 ${f.signature}（检查任务 ${task.id} 第 ${item.no} 项）`,
        deadline: answer.fixedOnTheSpot ? today : addDays(today, findingDeadlineDays(level)),
        responsiblePerson: person(task.level) ?? person(InspectionLevel.WORKSHOP) ?? actor.displayName,
        responsibleLeader:
          level === HazardLevel.MAJOR
            ? (person(InspectionLevel.SECONDARY) ?? person(InspectionLevel.COMPANY) ?? actor.displayName)
            : undefined,
      },
      tx,
    );
    const file = async (p: InspectionPhoto) => {
      const full = (await this.photos.photoWithContent(p.id, tx))!;
      // The name as stored (UTF-8): the upload path reads file names as browsers send them (UploadInterceptor).
      return keptFile(
        { originalname: full.fileName, buffer: full.content, size: full.sizeBytes },
        full.mimeType,
      );
    };
    for (const p of f.photos.filter((x) => x.kind === 'BEFORE'))
      await this.evidence.store(
        tx,
        actor,
        finding,
        await file(p),
        EvidenceKind.BEFORE,
        `检查发现（第 ${item.no} 项）`,
      );
    if (answer.fixedOnTheSpot) {
      const after = [];
      for (const p of f.photos.filter((x) => x.kind === 'AFTER')) after.push(await file(p));
      await this.onTheSpot.recordFixed(tx, actor, finding.id, {
        measures: answer.measures!,
        rootCause: answer.rootCause!,
        files: after,
      });
    }
    return finding.id;
  }

  /** The year's 重要危险源检查 round of the unit's company (a SPECIAL round, made on first use). */
  private async round(tx: Tx, actor: Actor, unitPath: string) {
    const company = await this.units.get(SYSTEM_ACTOR, Number(unitPath.split('/')[1]), tx);
    const year = this.clock.today().slice(0, 4);
    return this.rounds.findOrCreateSpecialRound(tx, actor, {
      name: `${year}年重要危险源检查（${company.name}）`,
      domain: Domain.SAFETY,
      companyUnitId: company.id,
      auditTeam: '重要危险源检查',
      year,
    });
  }
}
