import { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import type {
  FindingSimilarityRepository,
  SimilarityCandidate,
} from '../findings/finding-similarity.repository';
import { FindingCategory } from '../findings/finding.enums';

/**
 * Similar-finding suggestions for Chinese text. Chinese has no spaces, so plain pg_trgm sees a whole clause as one
 * "word"; instead each description is stored as its character bigrams ("皮带 带廊 廊积 积尘", made by the SQL
 * function rectify_bigrams, kept in findings.description_bigrams by a trigger) and pg_trgm compares those.
 * Measured on the newspapers' problems: near-duplicates score 0.17–0.83, unrelated findings ≤ 0.05
 * (test/closeout.e2e-spec.ts and README). The GIN index serves the `%` operator at this threshold.
 */
export const SIMILARITY_THRESHOLD = 0.15;

/** A closed finding of the same unit counts as a possible recurrence (复发) for this long after its close-out. */
export const RECURRENCE_WINDOW_MONTHS = 12;

export type Suggestion = SimilarityCandidate;

interface Probe {
  description: string;
  category: FindingCategory;
  tags: string[];
  excludeFindingId?: number;
}

/** Findings in other units with the same category or a shared tag and similar text, best first. */
export function similarInOtherUnits(
  repo: FindingSimilarityRepository,
  actor: Actor,
  unitId: number,
  probe: Probe,
  limit = 10,
): Promise<Suggestion[]> {
  return repo.inOtherUnits({
    text: probe.description,
    threshold: SIMILARITY_THRESHOLD,
    scope: UnitScope.of(actor),
    excludeFindingId: probe.excludeFindingId ?? 0,
    limit,
    unitId,
    category: probe.category,
    tags: probe.tags,
  });
}

/** Closed findings of the same unit (or its subtree) within the last 12 months with similar text: a possible 复发. */
export function possibleRecurrences(
  repo: FindingSimilarityRepository,
  actor: Actor,
  unitId: number,
  probe: Probe,
  now: Date,
  limit = 5,
): Promise<Suggestion[]> {
  return repo.closedInSubtree({
    text: probe.description,
    threshold: SIMILARITY_THRESHOLD,
    scope: UnitScope.of(actor),
    excludeFindingId: probe.excludeFindingId ?? 0,
    limit,
    unitId,
    now,
    months: RECURRENCE_WINDOW_MONTHS,
  });
}
