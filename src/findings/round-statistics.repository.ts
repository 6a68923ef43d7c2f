import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import { preparedQuery } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import { FindingCategory, FindingSource, FindingStatus, HazardLevel } from './finding.enums';
import { countedSql, rectifiedSql } from './rules/counting';
import { OPEN_STATUSES, overdueSql, UNIT_OWES_STATUSES } from './rules/open-and-overdue';

/** One GROUP BY cell of a round's findings: source × status × level × category × unit. */
export interface RoundCountRow {
  source: FindingSource;
  status: FindingStatus;
  level: HazardLevel;
  category: FindingCategory;
  unit_id: number;
  unit_name: string;
  n: number;
  overdue: number;
}

/** Per round and source: how many findings are counted (not cancelled), closed, cancelled and overdue. */
export interface RoundTotalsRow {
  round_id: number;
  source: FindingSource;
  counted: number;
  closed: number;
  cancelled: number;
  overdue: number;
}

/** A finding of a round as the look-back comparison lists it. */
export type LookBackRow = Record<string, unknown>;

/**
 * The counts of findings per audit round (statistics, list summaries, the look-back comparison and the
 * "no open findings" check before a round closes) — hand-written SQL over the findings table, in the unit scope.
 */
@Injectable()
export class RoundStatisticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Totals per round and source for a page of rounds, counting only the findings inside the scope. */
  totalsByRound(scope: UnitScope, roundIds: number[], today: string): Promise<RoundTotalsRow[]> {
    const cond = scope.sqlCondition('u.path', 4);
    return this.dataSource.query(
      `SELECT f.round_id, f.source, count(*) FILTER (WHERE ${countedSql('f')})::int AS counted,
              count(*) FILTER (WHERE ${rectifiedSql('f')})::int AS closed,
              count(*) FILTER (WHERE NOT ${countedSql('f')})::int AS cancelled,
              count(*) FILTER (WHERE ${overdueSql('f', '$2', '$3')})::int AS overdue
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.round_id = ANY($1)${cond.sql}
        GROUP BY f.round_id, f.source`,
      [roundIds, UNIT_OWES_STATUSES, today, ...cond.params],
    );
  }

  /**
   * A round's findings in the scope, counted per status, level, category and unit (units in tree order). The
   * findings are folded into cells before the unit names are joined (5,000 findings become a few hundred rows
   * first), the scope taken as unit ids, and the statement is prepared (issue 22).
   */
  countsOfRound(scope: UnitScope, roundId: number, today: string): Promise<RoundCountRow[]> {
    const pattern = scope.likePattern;
    return preparedQuery<RoundCountRow>(
      this.dataSource,
      `SELECT c.source, c.status, c.level, c.category, c.unit_id, u.name AS unit_name, c.n, c.overdue
         FROM (SELECT f.source, f.status, f.level, f.category, f.unit_id, count(*)::int AS n,
                      count(*) FILTER (WHERE ${overdueSql('f', '$2', '$3')})::int AS overdue
                 FROM findings f
                WHERE f.round_id = $1${pattern === null ? '' : ` AND f.unit_id = ANY (${UnitScope.unitIdsLike('$4')})`}
                GROUP BY f.source, f.status, f.level, f.category, f.unit_id) c
         JOIN units u ON u.id = c.unit_id
        ORDER BY u.path`,
      pattern === null ? [roundId, UNIT_OWES_STATUSES, today] : [roundId, UNIT_OWES_STATUSES, today, pattern],
    );
  }

  /**
   * The original round's findings in the scope, each with the (not cancelled) findings linked as its recurrence —
   * in the look-back or in any other round — and the round each was logged in.
   */
  originalFindings(scope: UnitScope, originalRoundId: number): Promise<LookBackRow[]> {
    const cond = scope.sqlCondition('u.path', 2);
    return this.dataSource.query(
      `SELECT f.id, f.code, f.description, f.status, f.level, f.source, u.name AS "unitName", f.closed_at AS "closedAt",
              coalesce((SELECT json_agg(json_build_object('id', n.id, 'code', n.code, 'status', n.status,
                                                          'roundId', n.round_id) ORDER BY n.code)
                          FROM findings n
                         WHERE n.recurrence_of_id = f.id AND ${countedSql('n')}), '[]') AS "recurredAs"
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.round_id = $1${cond.sql}
        ORDER BY f.code`,
      [originalRoundId, ...cond.params],
    );
  }

  /** A look-back's own findings in the scope, with the code of the finding each one recurs (if any). */
  ownFindings(scope: UnitScope, roundId: number): Promise<LookBackRow[]> {
    const cond = scope.sqlCondition('u.path', 2);
    return this.dataSource.query(
      `SELECT f.id, f.code, f.description, f.status, f.level, f.source, u.name AS "unitName", f.recurrence_of_id AS "recurrenceOfId",
              o.code AS "recurrenceOfCode"
         FROM findings f JOIN units u ON u.id = f.unit_id LEFT JOIN findings o ON o.id = f.recurrence_of_id
        WHERE f.round_id = $1${cond.sql}
        ORDER BY f.code`,
      [roundId, ...cond.params],
    );
  }

  /** How many of a round's findings are still open (in the caller's transaction). */
  async openCount(tx: Tx, roundId: number): Promise<number> {
    const [{ open }]: { open: number }[] = await tx.query(
      `SELECT count(*)::int AS open FROM findings WHERE round_id = $1 AND status = ANY($2)`,
      [roundId, OPEN_STATUSES],
    );
    return open;
  }
}
