import { Injectable } from '@nestjs/common';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AssessmentsService } from '../assessments/assessments.service';
import { OnDomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';
import { FindingSimilarLinked } from '../findings/findings.events';
import { FindingsRepository } from '../findings/findings.repository';
import type { Unit } from '../org/unit.entity';
import { UnitsService } from '../org/units.service';
import { isCompanyFoundSimilarAssessable } from './rules/company-found-similar';
import { ObligationsRepository } from './obligations.repository';

/**
 * The 举一反三 assessment rule (DOMAIN.md §5): when two findings are linked as similar, a problem the company found
 * in a unit that had to sweep for the other one — and had not reported it itself — is assessed
 * COMPANY_FOUND_SIMILAR. Runs in the linking transaction (`event.tx`); a failure rolls the link back.
 */
@Injectable()
export class CompanyFoundSimilarHandler {
  constructor(
    private readonly obligations: ObligationsRepository,
    private readonly findings: FindingsRepository,
    private readonly units: UnitsService,
    private readonly assessments: AssessmentsService,
  ) {}

  @OnDomainEvent(FindingSimilarLinked)
  async handle(event: FindingSimilarLinked): Promise<void> {
    await this.assess(event.tx, event.findingId, event.similarToId);
  }

  /** Checks both directions of a new similar link for a company-found similar problem. */
  async assess(tx: Tx, a: number, b: number): Promise<void> {
    await this.assessDirection(tx, a, b);
    await this.assessDirection(tx, b, a);
  }

  /** `companyId`: the finding that may be company-found; `sweptId`: the one the unit had to sweep for. */
  private async assessDirection(tx: Tx, companyId: number, sweptId: number): Promise<void> {
    const c = await this.findings.findById(companyId, tx);
    const s = await this.findings.findById(sweptId, tx);
    if (!c || !s) return;
    const [cUnit] = await this.units.findByIds([c.unitId], tx);
    const obliged = await this.obligedUnit(tx, s.roundId, cUnit.path, c.foundDate);
    const alreadySelfReported =
      !!obliged &&
      (await this.findings.hasEarlierSelfCheckLinked(tx, {
        findingId: c.id,
        similarToId: s.id,
        unitPath: obliged.path,
        foundOnOrBefore: c.foundDate,
        createdBefore: c.createdAt,
      }));
    if (
      !isCompanyFoundSimilarAssessable({
        source: c.source,
        unitWasRequiredToSweep: !!obliged,
        alreadySelfReported,
      })
    )
      return;
    await this.assessments.createAutomatic(tx, {
      unitId: obliged!.id,
      reason: AssessmentReason.COMPANY_FOUND_SIMILAR,
      text: `${obliged!.name} 未在举一反三中自查出 ${s.code} 的同类问题，被公司查出：${c.code}`,
      sourceType: 'Finding',
      sourceId: c.id,
      findingId: c.id,
      assessedOn: c.foundDate,
    });
  }

  /**
   * The unit that had to sweep: of the units of an active obligation for the swept finding's campaign running on the
   * day the problem was found, the nearest one containing the problem's unit.
   */
  private async obligedUnit(tx: Tx, roundId: number, unitPath: string, day: string): Promise<Unit | null> {
    const obligations = await this.obligations.findCovering(tx, roundId, day);
    const units = await this.units.findByIds(
      obligations.flatMap((o) => o.unitIds),
      tx,
    );
    return units
      .filter((u) => unitPath.startsWith(u.path))
      .reduce<Unit | null>((best, u) => (!best || u.path.length > best.path.length ? u : best), null);
  }
}
