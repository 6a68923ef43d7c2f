import { EntityManager } from 'typeorm';
import { Actor } from '../common/access/actor';
import { FindingCategory } from '../findings/finding.enums';

/**
 * Similar-finding suggestions for Chinese text. Chinese has no spaces, so plain pg_trgm sees a whole clause as one
 * "word"; instead each description is stored as its character bigrams ("皮带 带廊 廊积 积尘", made by the SQL
 * function rectify_bigrams, kept in findings.description_bigrams by a trigger) and pg_trgm compares those.
 * Measured on the newspapers' problems: near-duplicates score 0.17–0.83, unrelated findings ≤ 0.05
 * (test/closeout.e2e-spec.ts and README). The GIN index serves the `%` operator at this threshold.
 */
export const SIMILARITY_THRESHOLD = 0.15;

export interface Suggestion {
  id: number;
  code: string;
  description: string;
  unitId: number;
  unitName: string;
  status: string;
  closedAt: Date | null;
  score: number;
}

interface Probe {
  description: string;
  category: FindingCategory;
  tags: string[];
  excludeFindingId?: number;
}

/** Findings in other units with the same category or a shared tag and similar text, best first. */
export async function similarInOtherUnits(
  m: EntityManager,
  actor: Actor,
  unitId: number,
  probe: Probe,
  limit = 10,
): Promise<Suggestion[]> {
  return m.transaction(async (tx) => {
    await tx.query(`SET LOCAL pg_trgm.similarity_threshold = ${SIMILARITY_THRESHOLD}`);
    const params: unknown[] = [
      probe.description,
      unitId,
      probe.category,
      probe.tags,
      probe.excludeFindingId ?? 0,
      limit,
    ];
    let scope = '';
    if (actor.unitScopePath !== null) {
      params.push(`${actor.unitScopePath}%`);
      scope = ` AND u.path LIKE $${params.length}`;
    }
    return tx.query(
      `SELECT f.id, f.code, f.description, f.unit_id AS "unitId", u.name AS "unitName", f.status, f.closed_at AS "closedAt",
              round(similarity(f.description_bigrams, rectify_bigrams($1))::numeric, 3)::float AS score
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.description_bigrams % rectify_bigrams($1)
          AND f.unit_id <> $2 AND f.id <> $5 AND f.status <> 'CANCELLED'
          AND (f.category = $3 OR f.tags && $4::text[])${scope}
        ORDER BY score DESC, f.id LIMIT $6`,
      params,
    );
  });
}

/** Closed findings of the same unit (or its subtree) within the last 12 months with similar text: a possible 复发. */
export async function possibleRecurrences(
  m: EntityManager,
  actor: Actor,
  unitId: number,
  probe: Probe,
  now: Date,
  limit = 5,
): Promise<Suggestion[]> {
  return m.transaction(async (tx) => {
    await tx.query(`SET LOCAL pg_trgm.similarity_threshold = ${SIMILARITY_THRESHOLD}`);
    const params: unknown[] = [probe.description, unitId, probe.excludeFindingId ?? 0, now, limit];
    let scope = '';
    if (actor.unitScopePath !== null) {
      params.push(`${actor.unitScopePath}%`);
      scope = ` AND u.path LIKE $${params.length}`;
    }
    return tx.query(
      `SELECT f.id, f.code, f.description, f.unit_id AS "unitId", u.name AS "unitName", f.status, f.closed_at AS "closedAt",
              round(similarity(f.description_bigrams, rectify_bigrams($1))::numeric, 3)::float AS score
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.description_bigrams % rectify_bigrams($1)
          AND u.path LIKE (SELECT p.path FROM units p WHERE p.id = $2) || '%'
          AND f.status = 'CLOSED' AND f.closed_at > $4::timestamptz - interval '12 months' AND f.id <> $3${scope}
        ORDER BY score DESC, f.id LIMIT $5`,
      params,
    );
  });
}
