import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { ListFindingsQuery } from '../findings/finding.dto';
import { LedgerQuery } from '../hazard-reports/hazard-report.dto';
import { WeekQuery } from '../weekly-reports/weekly-report.dto';
import type { DashboardQuery } from '../dashboard/dashboard.dto';
import { DashboardPrintout } from './printouts/dashboard.printout';
import { BountyListPrintout } from './printouts/bounty-list.printout';
import { CloseoutSheetPrintout } from './printouts/closeout-sheet.printout';
import { LedgerPrintout } from './printouts/ledger.printout';
import { NoticePrintout } from './printouts/notice.printout';
import type { RenderedPdf } from './printouts/print-meta';
import { WeeklySummaryPrintout } from './printouts/weekly-summary.printout';

export type { RenderedPdf } from './printouts/print-meta';

/**
 * The printed reports: data from the owning modules' services (and the same unit scope as the API), laid out by
 * templates/pdf — one printout class per report in ./printouts.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly ledger: LedgerPrintout,
    private readonly closeout: CloseoutSheetPrintout,
    private readonly weekly: WeeklySummaryPrintout,
    private readonly bounties: BountyListPrintout,
    private readonly notices: NoticePrintout,
    private readonly dashboard: DashboardPrintout,
  ) {}

  /** 整改台账 of a round: header, statistics, then one row per finding in the caller's scope. */
  roundLedger(actor: Actor, roundId: number): Promise<RenderedPdf> {
    return this.ledger.roundLedger(actor, roundId);
  }

  /** The same ledger for any filtered finding list (the list's filters and scope). */
  filteredLedger(actor: Actor, q: ListFindingsQuery): Promise<RenderedPdf> {
    return this.ledger.filteredLedger(actor, q);
  }

  /** The ledger's rows (ids once, then rows in batches). */
  ledgerRows(actor: Actor, q: ListFindingsQuery) {
    return this.ledger.ledgerRows(actor, q);
  }

  /** 整改销号单 of one finding. */
  closeoutSheet(actor: Actor, findingId: number): Promise<RenderedPdf> {
    return this.closeout.closeoutSheet(actor, findingId);
  }

  /** 举一反三周报汇总 of a company's week. */
  weeklySummary(actor: Actor, q: WeekQuery): Promise<RenderedPdf> {
    return this.weekly.weeklySummary(actor, q);
  }

  /** 隐患举报奖励发放表 of a period. */
  bountyList(actor: Actor, q: LedgerQuery): Promise<RenderedPdf> {
    return this.bounties.bountyList(actor, q);
  }

  /** 隐患排查治理概览: the dashboard's figures and charts of a period. */
  dashboardOverview(actor: Actor, q: DashboardQuery): Promise<RenderedPdf> {
    return this.dashboard.overview(actor, q);
  }

  /** 通报 with its assessments. */
  notice(actor: Actor, id: number): Promise<RenderedPdf> {
    return this.notices.notice(actor, id);
  }
}
