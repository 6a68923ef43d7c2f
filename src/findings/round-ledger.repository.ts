import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/access/actor';
import type { ListFindingsQuery } from './finding.dto';
import type { FindingStatus, HazardLevel } from './finding.enums';
import { findingListQuery } from './finding-query';

/** One line of the rectification ledger: the finding, its unit and its latest rectification plan. */
export interface LedgerLine {
  id: number;
  code: string;
  unit_name: string;
  description: string;
  level: HazardLevel;
  measures: string | null;
  plan_person: string | null;
  responsible_person: string;
  funds_amount: string | null;
  deadline: string;
  status: FindingStatus;
  closed_at: Date | null;
}

/**
 * The rows of the rectification ledger (整改台账) — a round's, or any filtered finding list's: the ids in list
 * order (the same filters and unit scope as GET /findings), then the lines of a batch of ids.
 */
@Injectable()
export class RoundLedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The ids of the findings the list query selects, in its order. */
  async ids(actor: Actor, q: ListFindingsQuery, today: string, timeZone: string): Promise<number[]> {
    const rows = (await findingListQuery(this.dataSource, actor, q, today, timeZone)
      .select('f.id', 'id')
      .getRawMany()) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** The ledger lines of these findings (in no particular order). */
  lines(ids: number[]): Promise<LedgerLine[]> {
    return this.dataSource.query(
      `SELECT f.id, f.code, u.name AS unit_name, f.description, f.level, p.measures, p.responsible_person AS plan_person, f.responsible_person,
              p.funds_amount, f.deadline, f.status, f.closed_at
         FROM findings f JOIN units u ON u.id = f.unit_id
         LEFT JOIN LATERAL (SELECT * FROM rectification_plans rp WHERE rp.finding_id = f.id ORDER BY rp.revision DESC LIMIT 1) p ON true
        WHERE f.id = ANY($1)`,
      [ids],
    );
  }
}
