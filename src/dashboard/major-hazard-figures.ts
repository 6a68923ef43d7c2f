import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { SupervisionQueriesService } from '../major-hazard-supervision/supervision-queries.service';
import type { DashboardFigureView } from './dashboard.dto';

/** The listings' counts as SupervisionQueriesService.counts answers them. */
export type ListingCountsView = Awaited<ReturnType<SupervisionQueriesService['counts']>>;

/**
 * 挂牌督办 on the dashboard (issue 21): listed MAJOR findings as of today in the user's scope (and `unitId`'s
 * subtree) — open listings by 督办级别, overdue, awaiting acceptance and overdue acceptances — each linking to the
 * listing page with the same filter. Counted by the major-hazard-supervision module.
 */
@Injectable()
export class MajorHazardFigures {
  constructor(private readonly listings: SupervisionQueriesService) {}

  async figures(actor: Actor, unitId?: number): Promise<DashboardFigureView[]> {
    return majorHazardFigureViews(await this.listings.counts(actor, { unitId }), unitId);
  }
}

/** The four 挂牌督办 figures of the listings' counts, each linking to the listing page with the same unit filter. */
export function majorHazardFigureViews(c: ListingCountsView, unitId?: number): DashboardFigureView[] {
  const href = (filter: string) => `/major-hazards?${unitId ? `unitId=${unitId}&` : ''}${filter}`;
  const fig = (key: string, label: string, value: number, filter: string, rule: string) => ({
    key,
    label,
    value,
    unit: '项',
    href: href(filter),
    rule,
  });
  return [
    fig(
      'listedOpen',
      '挂牌督办中',
      c.open,
      'open=true',
      `截至今日未摘牌：集团督办 ${c.byLevel.GROUP}、公司督办 ${c.byLevel.COMPANY}、二级单位督办 ${c.byLevel.SECOND_LEVEL}`,
    ),
    fig('listedOverdue', '督办超期', c.overdue, 'overdue=true', '督办期限已过，单位尚未申请验收'),
    fig(
      'listedAwaitingAcceptance',
      '督办待验收',
      c.awaitingAcceptance,
      'awaitingAcceptance=true',
      '单位已申请验收',
    ),
    fig(
      'listedAcceptanceOverdue',
      '验收超期',
      c.acceptanceOverdue,
      'acceptanceOverdue=true',
      '申请验收后超过规定天数仍未现场验收',
    ),
  ];
}
