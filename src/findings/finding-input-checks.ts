import type { Unit } from '../org/unit.entity';
import { HazardLevel } from './finding.enums';

// The checks of a finding's input that need no database: each answers the problems (field, messages) it finds,
// so a 400 names every wrong field at once. FindingsService runs them with the checks that do read.

export type FieldProblem = { field: string; messages: string[] };

const MAJOR_NEEDS_LEADER: FieldProblem = {
  field: 'responsibleLeader',
  messages: ['重大隐患须指定责任领导 / A MAJOR finding needs a responsible leader'],
};

/** A MAJOR finding needs a responsible leader. */
export const leaderProblems = (level: HazardLevel, leader: string | null | undefined): FieldProblem[] =>
  level === HazardLevel.MAJOR && !leader ? [MAJOR_NEEDS_LEADER] : [];

/** A finding's unit is an active unit inside the round's audited company. */
export function unitProblems(unit: Unit | null, company: Unit): FieldProblem[] {
  if (!unit || !unit.active)
    return [{ field: 'unitId', messages: ['责任单位不存在或已停用 / No such active unit'] }];
  if (unit.path.startsWith(company.path)) return [];
  return [
    {
      field: 'unitId',
      messages: [
        `「${unit.name}」不属于被督察单位「${company.name}」 / The unit is not in the audited company`,
      ],
    },
  ];
}

/** Found not after today; the deadline not before the found date. */
export function dateProblems(foundDate: string, deadline: string, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (foundDate > today)
    problems.push({
      field: 'foundDate',
      messages: ['发现日期不能晚于今天 / The found date is in the future'],
    });
  if (deadline < foundDate)
    problems.push({
      field: 'deadline',
      messages: ['整改时限不能早于发现日期 / The deadline is before the found date'],
    });
  return problems;
}

/**
 * The checks above that need no database, on a registration whose other fields the form's check refused (each value
 * given only where well-formed): so the page names the dates and the leader in the same answer as a missing 隐患等级,
 * not one round later. The checks that read (the round, the unit) wait for a well-formed form.
 */
export function draftProblems(
  draft: { foundDate?: string; deadline?: string; level?: HazardLevel; responsibleLeader?: string | null },
  today: string,
): FieldProblem[] {
  const dates =
    draft.foundDate === undefined
      ? []
      : dateProblems(draft.foundDate, draft.deadline ?? draft.foundDate, today);
  return [...dates, ...(draft.level ? leaderProblems(draft.level, draft.responsibleLeader) : [])];
}
