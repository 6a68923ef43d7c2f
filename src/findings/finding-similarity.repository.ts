import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import type { Tx } from '../common/persistence/transactions';
import { FindingCategory } from './finding.enums';
import type { SynonymRow } from './rules/safety-synonyms';

/** A finding that reads like the probe text, with its score (text similarity plus the raises, 0–1.07). */
export interface SimilarityCandidate {
  id: number;
  code: string;
  description: string;
  unitId: number;
  unitName: string;
  status: string;
  closedAt: Date | null;
  category: FindingCategory;
  /** pg_trgm similarity of the two texts' bigrams, read through the synonym table. */
  textScore: number;
  score: number;
}

/** How text similarity and the raises for the same category and a shared tag make a score (closeout/similarity.ts). */
export interface SimilarityWeights {
  threshold: number;
  sameCategory: number;
  sharedTag: number;
}

/** What every candidate search needs: the probe, the weights, the caller's scope and a limit. */
interface CandidateSearch {
  text: string;
  category: FindingCategory;
  tags: string[];
  weights: SimilarityWeights;
  scope: UnitScope;
  excludeFindingId: number;
  limit: number;
}

/**
 * The scored candidates of one search. $1 text, $2 category, $3 tags, $4 same-category raise, $5 shared-tag raise,
 * $6 threshold, $7 excluded finding, $8 limit; `where` adds the search's own conditions (from $9 on). The `%`
 * operator (pg_trgm, GIN index) keeps only texts that could still reach the threshold with both raises.
 */
const scoredCandidates = (where: string, scopeSql: string) => `
  WITH probe AS (SELECT rectify_bigrams(rectify_canonical($1)) AS bigrams),
  scored AS (
    SELECT f.id, f.code, f.description, f.unit_id AS "unitId", u.name AS "unitName", f.status, f.closed_at AS "closedAt",
           f.category, similarity(f.description_bigrams, probe.bigrams) AS text_score,
           similarity(f.description_bigrams, probe.bigrams)
             + CASE WHEN f.category = $2 THEN $4::float8 ELSE 0 END
             + CASE WHEN f.tags && $3::text[] THEN $5::float8 ELSE 0 END AS score
      FROM findings f JOIN units u ON u.id = f.unit_id, probe
     WHERE f.description_bigrams % probe.bigrams AND f.id <> $7${where}${scopeSql})
  SELECT id, code, description, "unitId", "unitName", status, "closedAt", category,
         round(text_score::numeric, 3)::float AS "textScore", round(score::numeric, 3)::float AS score
    FROM scored WHERE score >= $6::float8
   ORDER BY score DESC, id LIMIT $8`;

/**
 * Finding similarity (同类问题) in SQL: the candidate searches over findings.description_bigrams (pg_trgm on character
 * bigrams of the text read through the synonym table, see closeout/similarity.ts for the rule), the synonym table
 * itself, and the similar-links table.
 */
@Injectable()
export class FindingSimilarityRepository {
  private readonly log = new Logger('FindingSimilarity');

  constructor(private readonly dataSource: DataSource) {}

  /** Findings outside `unitId`, not cancelled, whose text reads like the probe's, best first. */
  async inOtherUnits(q: CandidateSearch & { unitId: number }): Promise<SimilarityCandidate[]> {
    return this.search(q, [q.unitId], (next) => ` AND f.unit_id <> $${next} AND f.status <> 'CANCELLED'`);
  }

  /** Closed findings of `unitId`'s subtree, closed within `months` before `now`, whose text reads alike, best first. */
  async closedInSubtree(
    q: CandidateSearch & { unitId: number; now: Date; months: number },
  ): Promise<SimilarityCandidate[]> {
    return this.search(
      q,
      [q.unitId, q.now, q.months],
      (n) =>
        ` AND u.path LIKE (SELECT p.path FROM units p WHERE p.id = $${n}) || '%'
          AND f.status = 'CLOSED' AND f.closed_at > $${n + 1}::timestamptz - make_interval(months => $${n + 2}::int)`,
    );
  }

  /**
   * Keeps the similarity_synonyms table equal to the synonym file and, when it changed, reads every finding's text
   * again (one transaction; concurrent starts wait on an advisory lock and then find nothing to do).
   */
  async syncSynonyms(rows: SynonymRow[]): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('rectify.similarity_synonyms'))`);
      const stored: SynonymRow[] = await tx.query(`SELECT term, canonical FROM similarity_synonyms`);
      const key = (xs: SynonymRow[]) =>
        xs
          .map((r) => `${r.term}\t${r.canonical}`)
          .sort()
          .join('\n');
      if (key(stored) === key(rows)) return false;
      await tx.query(`DELETE FROM similarity_synonyms`);
      await tx.query(
        `INSERT INTO similarity_synonyms (term, canonical) SELECT * FROM unnest($1::text[], $2::text[])`,
        [rows.map((r) => r.term), rows.map((r) => r.canonical)],
      );
      await tx.query(
        `UPDATE findings SET description_bigrams = rectify_bigrams(rectify_canonical(description))`,
      );
      this.log.log(`Synonym table updated (${rows.length} terms); finding texts re-read`);
      return true;
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

  /** One candidate search: pg_trgm's `%` reads its threshold from a setting, set for one transaction only. */
  private search(
    q: CandidateSearch,
    extra: unknown[],
    where: (next: number) => string,
  ): Promise<SimilarityCandidate[]> {
    const { weights: w } = q;
    const floor = Math.max(0.01, w.threshold - w.sameCategory - w.sharedTag);
    const params: unknown[] = [
      q.text,
      q.category,
      q.tags,
      w.sameCategory,
      w.sharedTag,
      w.threshold,
      q.excludeFindingId,
      q.limit,
      ...extra,
    ];
    const scope = q.scope.sqlCondition('u.path', params.length + 1);
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(floor)]);
      return tx.query(scoredCandidates(where(9), scope.sql), [...params, ...scope.params]);
    });
  }
}
