import type { Finding } from './entities/finding.entity';
import type { FindingDetailRecord } from './finding-detail.repository';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  HAZARD_LEVEL_LABEL,
} from './finding.enums';
import { isOverdue } from './rules/open-and-overdue';

/** What the change log records of a finding (before/after of FINDING_* entries). */
export const findingSnapshot = (f: Finding) => ({
  code: f.code,
  roundId: f.roundId,
  unitId: f.unitId,
  description: f.description,
  location: f.location,
  level: f.level,
  category: f.category,
  tags: f.tags,
  source: f.source,
  foundDate: f.foundDate,
  foundBy: f.foundBy,
  deadline: f.deadline,
  responsiblePerson: f.responsiblePerson,
  responsibleLeader: f.responsibleLeader,
  status: f.status,
  recurrenceOfId: f.recurrenceOfId,
  cancelReason: f.cancelReason,
  returnReason: f.returnReason,
});

/**
 * A finding as the views read it. The list reads its three timestamps as the JSON text they become (made by
 * PostgreSQL: no Date is parsed or stringified per row, issue 22); the detail and the pages' reads keep Dates.
 */
export type ViewedFinding = Omit<Finding, 'createdAt' | 'updatedAt' | 'closedAt'> & {
  createdAt: Date | string;
  updatedAt: Date | string;
  closedAt: Date | string | null;
};

/** What the detail shows of a finding's round, unit and recurred-from finding (the list shows none). */
export interface FindingRelatedViews<R, U, P> {
  round: R;
  unit: U;
  recurrenceOf: P;
}

const NOTHING_RELATED: FindingRelatedViews<undefined, undefined, undefined> = {
  round: undefined,
  unit: undefined,
  recurrenceOf: undefined,
};

/**
 * A finding as the API lists it: its columns in the entity's order, the names of its unit and round when given,
 * the derived overdue flag and labels for people.
 */
export function findingView(
  f: ViewedFinding,
  today: string,
  names: { unitName?: string; roundName?: string } = {},
) {
  return findingDetailView(f, today, names, NOTHING_RELATED);
}

/**
 * The same with the detail's round, unit and recurred-from finding, each beside its id as the entity declares
 * them (the detail's JSON has always had them there).
 */
export function findingDetailView<R, U, P>(
  f: ViewedFinding,
  today: string,
  names: { unitName?: string; roundName?: string },
  related: FindingRelatedViews<R, U, P>,
) {
  return {
    id: f.id,
    code: f.code,
    roundId: f.roundId,
    round: related.round,
    unitId: f.unitId,
    unit: related.unit,
    description: f.description,
    location: f.location,
    level: f.level,
    category: f.category,
    tags: f.tags,
    source: f.source,
    foundDate: f.foundDate,
    foundBy: f.foundBy,
    deadline: f.deadline,
    responsiblePerson: f.responsiblePerson,
    responsibleLeader: f.responsibleLeader,
    status: f.status,
    recurrenceOfId: f.recurrenceOfId,
    recurrenceOf: related.recurrenceOf,
    cancelReason: f.cancelReason,
    closedAt: f.closedAt,
    returnReason: f.returnReason,
    createdById: f.createdById,
    version: f.version,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    unitName: names.unitName,
    roundName: names.roundName,
    overdue: isOverdue(f, today),
    statusLabel: FINDING_STATUS_LABEL[f.status],
    levelLabel: HAZARD_LEVEL_LABEL[f.level],
    categoryLabel: FINDING_CATEGORY_LABEL[f.category],
    sourceLabel: FINDING_SOURCE_LABEL[f.source],
  };
}

export type FindingView = ReturnType<typeof findingView>;

/** The detail's answer: the finding's view with its round, unit and recurred-from finding, then its records. */
export function findingDetailAnswer(d: FindingDetailRecord, today: string) {
  const { round, unit, recurrenceOf, plans } = d;
  return {
    ...findingDetailView(
      d.finding,
      today,
      { unitName: unit.name, roundName: round.name },
      { round, unit, recurrenceOf },
    ),
    plan: plans[0] ?? null,
    planHistory: plans,
    progress: d.progress,
    summaries: d.summaries,
    evidence: d.evidence,
    extensions: d.extensions,
    similar: d.similar,
  };
}
