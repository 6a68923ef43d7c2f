import { Injectable } from '@nestjs/common';
import { Actor, hasRole } from '../../common/access/actor';
import { Role } from '../../common/access/roles';
import { ListHazardReportsQuery, LedgerQuery } from '../../hazard-reports/hazard-report.dto';
import { BountyStatus, HazardReportStatus } from '../../hazard-reports/hazard-report.enums';
import { BountyLedgerService } from '../../hazard-reports/bounty-ledger.service';
import { HazardReportsService } from '../../hazard-reports/hazard-reports.service';
import { awaitsBounty } from '../../hazard-reports/rules/report-states';
import { formatDateTime } from '../view';

const ledgerQuery = (status: BountyStatus) => Object.assign(new LedgerQuery(), { status });
const reportQuery = (status: string) => Object.assign(new ListHazardReportsQuery(), { status, limit: 20 });

/**
 * 首页 card of the bounty work: for a supervision-group leader the bounties awaiting approval; for the safety
 * office the reports awaiting triage, valid reports still without a bounty, and approved bounties awaiting payment.
 * Nothing for the other roles.
 */
@Injectable()
export class BountyHomeCard {
  constructor(
    private readonly hazards: HazardReportsService,
    private readonly ledgers: BountyLedgerService,
  ) {}

  async forActor(actor: Actor): Promise<unknown> {
    const leader = hasRole(actor, Role.SUPERVISION_LEADER);
    const office = hasRole(actor, Role.SAFETY_OFFICE);
    if (!leader && !office) return null;
    const [proposed, untriaged, valid, approved] = await Promise.all([
      leader ? this.ledgers.ledger(actor, ledgerQuery(BountyStatus.PROPOSED)) : null,
      office ? this.hazards.list(actor, reportQuery(HazardReportStatus.SUBMITTED)) : null,
      office ? this.hazards.list(actor, reportQuery(HazardReportStatus.VALID)) : null,
      office ? this.ledgers.ledger(actor, ledgerQuery(BountyStatus.APPROVED)) : null,
    ]);
    return {
      toApprove: proposed?.items ?? null,
      toTriage: untriaged && {
        total: untriaged.total,
        items: untriaged.items.map((r) => ({ ...r, reportedAtText: formatDateTime(r.reportedAt) })),
      },
      toPropose: valid ? valid.items.filter(awaitsBounty) : null,
      toPay: approved?.items ?? null,
    };
  }
}
