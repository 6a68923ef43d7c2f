import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/access/actor';
import type { Finding } from '../entities/finding.entity';
import type { ListFindingsQuery } from '../finding.dto';
import { findingListQuery } from '../finding-query';

/** One finding of the ledger with the names shown next to it and its latest rectification plan (if any). */
export interface LedgerEntry {
  finding: Finding;
  unitName: string | undefined;
  roundName: string | undefined;
  measures: string | null | undefined;
  fundsAmount: string | null | undefined;
}

/** The findings ledger's reads: the finding list's filters, scope and order, one page at a time. */
@Injectable()
export class FindingLedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    actor: Actor,
    q: ListFindingsQuery,
    today: string,
    timeZone: string,
    offset: number,
    limit: number,
  ): Promise<LedgerEntry[]> {
    const { entities, raw } = await findingListQuery(this.dataSource, actor, q, today, timeZone)
      .addSelect('u.name', 'unit_name')
      .addSelect('r.name', 'round_name')
      .limit(limit)
      .offset(offset)
      .getRawAndEntities();
    if (entities.length === 0) return [];
    const names = new Map(
      (raw as { f_id: number; unit_name: string; round_name: string }[]).map((r) => [r.f_id, r]),
    );
    const planOf = await this.latestPlans(entities.map((f) => f.id));
    return entities.map((f) => ({
      finding: f,
      unitName: names.get(f.id)?.unit_name,
      roundName: names.get(f.id)?.round_name,
      measures: planOf.get(f.id)?.measures,
      fundsAmount: planOf.get(f.id)?.funds_amount,
    }));
  }

  /** The latest revision of each finding's rectification plan. */
  private async latestPlans(findingIds: number[]) {
    const plans: { finding_id: number; measures: string | null; funds_amount: string | null }[] =
      await this.dataSource.query(
        `SELECT DISTINCT ON (finding_id) finding_id, measures, funds_amount FROM rectification_plans WHERE finding_id = ANY($1) ORDER BY finding_id, revision DESC`,
        [findingIds],
      );
    return new Map(plans.map((p) => [p.finding_id, p]));
  }
}
