import { HazardLevel } from '../../findings/finding.enums';

/** 隐患举报奖励: 500–2000 yuan by the hazard's degree (seeds/004:267, DOMAIN.md §6). */
export const BOUNTY_MIN_YUAN = 500;
export const BOUNTY_MAX_YUAN = 2000;

export type BountyDefaults = Record<HazardLevel, number>;
export const STANDARD_BOUNTY: BountyDefaults = { GENERAL: 500, SERIOUS: 1000, MAJOR: 2000 };

/** Why an amount is not a bounty, or null: a whole number of yuan from 500 to 2000, nothing else. */
export function bountyAmountProblem(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return '奖励金额须为数字（整数元，不带单位） / The amount must be a number of yuan, without units';
  }
  if (!Number.isInteger(value)) return '奖励金额须为整数元 / The amount must be whole yuan';
  if (value < BOUNTY_MIN_YUAN || value > BOUNTY_MAX_YUAN) {
    return `奖励金额须在 ${BOUNTY_MIN_YUAN}–${BOUNTY_MAX_YUAN} 元之间 / The amount must be from ${BOUNTY_MIN_YUAN} to ${BOUNTY_MAX_YUAN} yuan`;
  }
  return null;
}

/** The defaults per level, as configured; each must itself be a valid bounty and rise with the degree. */
export function checkDefaults(d: BountyDefaults): string[] {
  const problems = (Object.keys(d) as HazardLevel[]).flatMap((l) => {
    const p = bountyAmountProblem(d[l]);
    return p ? [`${l}: ${p}`] : [];
  });
  if (!problems.length && !(d.GENERAL <= d.SERIOUS && d.SERIOUS <= d.MAJOR))
    problems.push('GENERAL ≤ SERIOUS ≤ MAJOR');
  return problems;
}

/** Budget left this year, and a warning when a proposal would go beyond it (the proposal is still allowed). */
export function budgetCheck(
  budget: number | null,
  committed: number,
  proposal: number,
): { remaining: number | null; warning: string | null } {
  if (budget === null) return { remaining: null, warning: null };
  const remaining = budget - committed;
  return {
    remaining,
    warning:
      proposal > remaining
        ? `本年度奖励预算剩余 ${remaining} 元，本次 ${proposal} 元将超出预算 ${proposal - remaining} 元 / The proposal exceeds the remaining budget`
        : null,
  };
}

/**
 * The years a budget may be set for: from 2000, the first year of Rectify's periods (as the 16号令 statistics' `YYYY`),
 * to five years after this business year (a five-year plan's reach; further is a slip of the keyboard, e.g. 2052 for
 * 2025). `today` is the business date (YYYY-MM-DD).
 */
export const BUDGET_FIRST_YEAR = 2000;
export const BUDGET_YEARS_AHEAD = 5;

export function budgetYears(today: string): { first: number; last: number } {
  return { first: BUDGET_FIRST_YEAR, last: Number(today.slice(0, 4)) + BUDGET_YEARS_AHEAD };
}

/** Why a year is not one a budget may be set for, or null; undefined is a year that was not a number written in digits. */
export function budgetYearProblem(year: number | undefined, today: string): string | null {
  const { first, last } = budgetYears(today);
  if (year !== undefined && Number.isInteger(year) && year >= first && year <= last) return null;
  return (
    `预算年份须为 ${first} 至 ${last} 年（系统的年度自 ${first} 年起，预算最多提前 ${BUDGET_YEARS_AHEAD} 年设定） / ` +
    `The budget year must be from ${first} to ${last}: Rectify's years start in ${first}, and a budget is set at most ${BUDGET_YEARS_AHEAD} years ahead`
  );
}

/**
 * The one calendar year a period of bounties lies in, whose annual budget it can be set against; null when the period
 * spans several years or has no start (every year up to `to`, or all years). An open end is today: a period from
 * 2026-03-01 on, printed in 2026, is of 2026. Dates are calendar dates (YYYY-MM-DD).
 */
export function budgetYearOfPeriod(
  from: string | undefined,
  to: string | undefined,
  today: string,
): number | null {
  if (!from) return null;
  const year = from.slice(0, 4);
  return (to ?? today).slice(0, 4) === year ? Number(year) : null;
}

/**
 * The year whose budget the ledger page shows beside a list: the year its period starts in, or ends in when it has
 * only an end (a list up to 2023-06-30 beside this year's budget misled), else this year. The page always shows one
 * (its card names the year); the printed sheet prints one only when budgetYearOfPeriod finds it.
 */
export function budgetYearShown(from: string | undefined, to: string | undefined, today: string): number {
  return Number((from ?? to ?? today).slice(0, 4));
}

/** What a viewer may see of a reporter: handlers and the reporter always; everyone else nothing when hidden. */
export function reporterVisible(
  hideIdentity: boolean,
  viewerIsHandler: boolean,
  viewerIsReporter: boolean,
): boolean {
  return !hideIdentity || viewerIsHandler || viewerIsReporter;
}

/** The fewest characters a 驳回's reason (审批意见) may have: enough to tell the reporter why. */
export const REJECTION_REASON_MIN_CHARS = 4;

/**
 * Why a decision cannot be taken as it is, or null: a rejection (驳回) must say why in the 审批意见, at least
 * REJECTION_REASON_MIN_CHARS characters (spaces at the ends not counted) — the reporter is told that reason.
 * An approval needs no note.
 */
export function decisionNoteProblem(approve: boolean, note: string | null | undefined): string | null {
  if (approve) return null;
  if ([...(note ?? '').trim()].length >= REJECTION_REASON_MIN_CHARS) return null;
  return `驳回须在审批意见中写明理由（至少 ${REJECTION_REASON_MIN_CHARS} 个字），举报人会看到 / Say why it is rejected (at least ${REJECTION_REASON_MIN_CHARS} characters); the reporter is told`;
}
