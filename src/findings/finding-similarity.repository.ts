import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import type { Tx } from '../common/persistence/transactions';
import { FindingCategory, FindingStatus } from './finding.enums';

/** A finding that reads like the probe text, with its similarity score (0–1). */
export interface SimilarityCandidate {
  id: number;
  code: string;
  description: string;
  unitId: number;
  unitName: string;
  status: string;
  closedAt: Date | null;
  score: number;
}

/** What every candidate search needs: the text, the pg_trgm threshold, the caller's scope and a limit. */
interface CandidateSearch {
  text: string;
  threshold: number;
  scope: UnitScope;
  excludeFindingId: number;
  limit: number;
}

const CANDIDATE_COLUMNS = `f.id, f.code, f.description, f.unit_id AS "unitId", u.name AS "unitName", f.status, f.closed_at AS "closedAt",
              round(similarity(f.description_bigrams, rectify_bigrams($1))::numeric, 3)::float AS score`;

/**
 * Finding similarity (同类问题) in SQL: the candidate searches over findings.description_bigrams (pg_trgm on character
 * bigrams, see closeout/similarity.ts for the rules that use them) and the similar-links table.
 */
@Injectable()
export class FindingSimilarityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Findings outside `unitId`, not cancelled, with the same category or a shared tag and similar text, best first. */
  async inOtherUnits(
    q: CandidateSearch & { unitId: number; category: FindingCategory; tags: string[] },
  ): Promise<SimilarityCandidate[]> {
    return this.withThreshold(q.threshold, (tx) => {
      const params: unknown[] = [q.text, q.unitId, q.category, q.tags, q.excludeFindingId, q.limit];
      const scope = q.scope.sqlCondition('u.path', params.length + 1);
      return tx.query(
        `SELECT ${CANDIDATE_COLUMNS}
           FROM findings f JOIN units u ON u.id = f.unit_id
          WHERE f.description_bigrams % rectify_bigrams($1)
            AND f.unit_id <> $2 AND f.id <> $5 AND f.status <> 'CANCELLED'
            AND (f.category = $3 OR f.tags && $4::text[])${scope.sql}
          ORDER BY score DESC, f.id LIMIT $6`,
        [...params, ...scope.params],
      );
    });
  }

  /** Closed findings of `unitId`'s subtree, closed within `months` before `now`, with similar text, best first. */
  async closedInSubtree(
    q: CandidateSearch & { unitId: number; now: Date; months: number },
  ): Promise<SimilarityCandidate[]> {
    return this.withThreshold(q.threshold, (tx) => {
      const params: unknown[] = [q.text, q.unitId, q.excludeFindingId, q.now, q.limit, q.months];
      const scope = q.scope.sqlCondition('u.path', params.length + 1);
      return tx.query(
        `SELECT ${CANDIDATE_COLUMNS}
           FROM findings f JOIN units u ON u.id = f.unit_id
          WHERE f.description_bigrams % rectify_bigrams($1)
            AND u.path LIKE (SELECT p.path FROM units p WHERE p.id = $2) || '%'
            AND f.status = 'CLOSED' AND f.closed_at > $4::timestamptz - make_interval(months => $6::int)
            AND f.id <> $3${scope.sql}
          ORDER BY score DESC, f.id LIMIT $5`,
        [...params, ...scope.params],
      );
    });
  }

  /** Links `findingId` as similar to `similarToId`, unless the two are already linked either way. */
  async insertLink(tx: Tx, findingId: number, similarToId: number, linkedById: number): Promise<void> {
    await tx.query(
      `INSERT INTO finding_similar_links (finding_id, similar_to_id, linked_by_id) SELECT $1, $2, $3
        WHERE NOT EXISTS (SELECT 1 FROM finding_similar_links WHERE (finding_id = $1 AND similar_to_id = $2) OR (finding_id = $2 AND similar_to_id = $1))`,
      [findingId, similarToId, linkedById],
    );
  }

  /** The findings linked as similar to `findingId`, in either direction (not limited by scope). */
  async linkedTo(tx: Tx, findingId: number): Promise<{ code: string; status: FindingStatus }[]> {
    return tx.query(
      `SELECT code, status FROM findings WHERE id IN (SELECT similar_to_id FROM finding_similar_links WHERE finding_id = $1
                                                     UNION SELECT finding_id FROM finding_similar_links WHERE similar_to_id = $1)`,
      [findingId],
    );
  }

  /** pg_trgm's `%` reads its threshold from a setting: set it for one transaction only. */
  private withThreshold<T>(threshold: number, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(threshold)]);
      return work(tx);
    });
  }
}
