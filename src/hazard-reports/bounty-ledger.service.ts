import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { Clock } from '../common/time/clock';
import { HAZARD_LEVEL_LABEL } from '../findings/finding.enums';
import { BountiesRepository, type LedgerRow } from './bounties.repository';
import { BountiesService } from './bounties.service';
import { buildBountySheet } from './bounty-sheet';
import { LedgerQuery } from './hazard-report.dto';
import { BountyStatus } from './hazard-report.enums';
import { budgetYearShown } from './rules/bounty-rules';
import { isHandler, MASKED_NAME, showsReporter } from './hazard-report.view';
import { isCommitted } from './rules/bounty-states';

/** 奖励台账: bounties of a period, unit or reporter, with totals; reporters masked where hidden. */
@Injectable()
export class BountyLedgerService {
  constructor(
    private readonly bounties: BountiesRepository,
    private readonly bountySteps: BountiesService,
    private readonly clock: Clock,
  ) {}

  /** Bounties paid in a period (by payment date) for hazards in the actor's scope, optionally one unit's subtree. */
  paidInPeriod(actor: Actor, f: { from: string; to: string; unitId?: number }) {
    return this.bounties.paidTotals({ ...f, unitPathPattern: UnitScope.of(actor).likePattern });
  }

  async ledger(actor: Actor, q: LedgerQuery) {
    const rows = await this.bounties.ledgerRows(
      {
        from: q.from,
        to: q.to,
        status: q.status,
        unitId: q.unitId,
        reporterId: q.reporterId,
        // A hidden reporter is not findable by id except by the handlers.
        includeHiddenReporters: isHandler(actor),
        unitPathPattern: UnitScope.of(actor).likePattern,
      },
      this.clock.timeZone,
    );
    const items = rows.map((r) => this.line(actor, r));
    const counted = items.filter((i) => isCommitted(i.status));
    const year = budgetYearShown(q.from, q.to, this.clock.today());
    return {
      items,
      totals: {
        count: counted.length,
        amountYuan: counted.reduce((s, i) => s + i.amountYuan, 0),
        paidYuan: items.filter((i) => i.status === BountyStatus.PAID).reduce((s, i) => s + i.amountYuan, 0),
      },
      budget: await this.bountySteps.budgetStatus(year),
    };
  }

  private line(actor: Actor, r: LedgerRow) {
    return {
      id: r.b_id,
      status: r.b_status,
      amountYuan: r.amount_yuan,
      level: r.b_level,
      levelLabel: HAZARD_LEVEL_LABEL[r.b_level],
      proposedAt: r.proposed_at,
      decidedAt: r.decided_at,
      /** The day the bounty counts in a period by: paid → 发放日期, approved/rejected → 审批日, proposed → 提出日. */
      stepOn: r.step_on,
      approverName: r.approver_name,
      paidOn: r.paid_on,
      paymentRef: r.payment_ref,
      hazardReportId: r.id,
      /** The reporter asked to be hidden: printouts mask the name for everyone, handlers included. */
      reporterHidden: r.hide_identity,
      reporter: showsReporter(actor, r)
        ? {
            id: r.reporter_id,
            name: r.on_behalf_of_unit_name ?? r.reporter_name,
            unitName: r.reporter_unit_name,
          }
        : { id: null, name: MASKED_NAME, unitName: null },
      hazard: {
        unitName: r.hazard_unit_name,
        location: r.location,
        description: r.description,
        findingCode: r.finding_code,
      },
    };
  }

  /** The ledger as it is listed (same filters, same masking) as an .xlsx workbook. */
  async ledgerWorkbook(actor: Actor, q: LedgerQuery): Promise<Buffer> {
    const ledger = await this.ledger(actor, q);
    return buildBountySheet(
      ledger.items.map((i) => ({
        reporter: i.reporter.name,
        hazardUnit: i.hazard.unitName,
        hazard: i.hazard.description,
        level: i.levelLabel,
        amountYuan: i.amountYuan,
        status: i.status,
        approver: i.approverName,
        paidOn: i.paidOn,
      })),
      `隐患举报奖励台账${q.from || q.to ? `（${q.from ?? ''}至${q.to ?? ''}）` : ''}`,
    );
  }
}
