import { RoundClosingHandler } from './round-closing.handler';
import { RoundLedgerRepository } from './round-ledger.repository';
import { RoundOverviewService } from './round-overview.service';
import { RoundStatisticsRepository } from './round-statistics.repository';

export { RoundOverviewController } from './round-overview.controller';

/**
 * The findings module's part of the audit rounds — counts per round, statistics, the look-back comparison, the
 * rectification ledger's rows and the "no open findings" check on RoundClosing — provided and exported together.
 */
export const ROUND_OVERVIEW_PROVIDERS = [
  RoundOverviewService,
  RoundStatisticsRepository,
  RoundLedgerRepository,
  RoundClosingHandler,
];
