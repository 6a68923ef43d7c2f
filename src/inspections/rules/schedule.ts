import type { FieldProblem } from '../../common/errors/domain-error';
import { addDays, type IsoDate } from '../../common/time/business-date';
import { formatWeek, isoWeekOf } from '../../weekly-reports/rules/iso-week';
import {
  INSPECTION_LEVEL_LABEL,
  INSPECTION_LEVELS,
  InspectionLevel,
  PERIOD_UNIT_LABEL,
  PERIOD_UNITS,
  PeriodUnit,
  RISK_GRADE_LABEL,
  RISK_GRADES,
  RiskGrade,
  TaskStatus,
} from '../inspection.enums';
import type { Frequency, FrequencyTable } from '../inspections.entities';

/** Business days start at 00:00 Asia/Shanghai (UTC+8, no daylight saving); shifts are 00–08, 08–16, 16–24. */
const ZONE_OFFSET = '+08:00';
const HOUR = 3_600_000;

/** The most inspections one level of one checklist may ask of one source in a month (a shift a day is 93). */
export const MAX_TASKS_PER_LEVEL_MONTH = 100;
/** The most one checklist may ask of one source in a month, all levels together. */
export const MAX_TASKS_PER_SOURCE_MONTH = 150;
/** The longest range one schedule run covers (the job runs day by day; a longer request is a mistake). */
export const MAX_SCHEDULE_DAYS = 62;

/** The frequency the issue suggests for red sources: 班组 each shift, 车间 daily, 二级单位 weekly, 公司 monthly. */
export const DEFAULT_FREQUENCIES: FrequencyTable = {
  RED: {
    TEAM: { unit: PeriodUnit.SHIFT, times: 1 },
    WORKSHOP: { unit: PeriodUnit.DAY, times: 1 },
    SECONDARY: { unit: PeriodUnit.WEEK, times: 1 },
    COMPANY: { unit: PeriodUnit.MONTH, times: 1 },
  },
  ORANGE: {
    TEAM: { unit: PeriodUnit.DAY, times: 1 },
    WORKSHOP: { unit: PeriodUnit.WEEK, times: 1 },
    SECONDARY: { unit: PeriodUnit.MONTH, times: 1 },
  },
  YELLOW: { WORKSHOP: { unit: PeriodUnit.WEEK, times: 1 }, SECONDARY: { unit: PeriodUnit.MONTH, times: 1 } },
  BLUE: { SECONDARY: { unit: PeriodUnit.MONTH, times: 1 } },
};

/** One inspection due: its period key and window [dueFrom, dueUntil). */
export interface DuePeriod {
  periodKey: string;
  dueFrom: Date;
  dueUntil: Date;
}

const at = (date: IsoDate, hour = 0) =>
  new Date(new Date(`${date}T00:00:00${ZONE_OFFSET}`).getTime() + hour * HOUR);

/** The instant a business day begins (00:00 in Asia/Shanghai): where inspection windows start and end. */
export const dayStart = (date: IsoDate): Date => at(date);

/** Periods of a unit that start on a day: three shifts, the day, the ISO week on Monday, the month on the 1st. */
function periodsStartingOn(unit: PeriodUnit, day: IsoDate): DuePeriod[] {
  switch (unit) {
    case PeriodUnit.SHIFT:
      return [0, 1, 2].map((i) => ({
        periodKey: `${day}/S${i + 1}`,
        dueFrom: at(day, 8 * i),
        dueUntil: at(day, 8 * (i + 1)),
      }));
    case PeriodUnit.DAY:
      return [{ periodKey: day, dueFrom: at(day), dueUntil: at(addDays(day, 1)) }];
    case PeriodUnit.WEEK:
      if (new Date(`${day}T00:00:00Z`).getUTCDay() !== 1) return [];
      return [{ periodKey: formatWeek(isoWeekOf(day)), dueFrom: at(day), dueUntil: at(addDays(day, 7)) }];
    case PeriodUnit.MONTH: {
      if (!day.endsWith('-01')) return [];
      const [y, m] = day.split('-').map(Number);
      const next = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`;
      return [{ periodKey: day.slice(0, 7), dueFrom: at(day), dueUntil: at(next) }];
    }
  }
}

/**
 * The inspections a frequency asks for whose period starts between `from` and `to` (inclusive, business days). Several
 * a period split it into equal windows, keyed `#1`, `#2` … (twice a day: 00–12 and 12–24).
 */
export function duePeriods(freq: Frequency, from: IsoDate, to: IsoDate): DuePeriod[] {
  const out: DuePeriod[] = [];
  for (let day = from; day <= to; day = addDays(day, 1))
    for (const p of periodsStartingOn(freq.unit, day)) {
      if (freq.times === 1) {
        out.push(p);
        continue;
      }
      const span = (p.dueUntil.getTime() - p.dueFrom.getTime()) / freq.times;
      for (let i = 0; i < freq.times; i++)
        out.push({
          periodKey: `${p.periodKey}#${i + 1}`,
          dueFrom: new Date(p.dueFrom.getTime() + span * i),
          dueUntil: new Date(p.dueFrom.getTime() + span * (i + 1)),
        });
    }
  return out;
}

/** The inspections a frequency asks of one source in the longest month. */
export const tasksPerMonth = (f: Frequency): number =>
  f.times * { SHIFT: 3 * 31, DAY: 31, WEEK: 5, MONTH: 1 }[f.unit];

/**
 * Checks a frequency table: known grades and levels, a known period, a whole number of times from 1, and no more
 * than MAX_TASKS_PER_LEVEL_MONTH per level or MAX_TASKS_PER_SOURCE_MONTH per source and month.
 */
export function frequencyProblems(table: unknown, field = 'frequencies'): FieldProblem[] {
  if (typeof table !== 'object' || table === null || Array.isArray(table))
    return [{ field, messages: ['频次须按风险等级和检查层级填写 / Frequencies by grade and level'] }];
  const problems: FieldProblem[] = [];
  for (const [grade, levels] of Object.entries(table as Record<string, unknown>)) {
    if (!RISK_GRADES.includes(grade as RiskGrade)) {
      problems.push({ field: `${field}.${grade}`, messages: [`未知的风险等级：${grade} / Unknown grade`] });
      continue;
    }
    if (typeof levels !== 'object' || levels === null) {
      problems.push({ field: `${field}.${grade}`, messages: ['须按检查层级填写 / By level'] });
      continue;
    }
    let sum = 0;
    for (const [level, f] of Object.entries(levels as Record<string, Partial<Frequency>>)) {
      const at = `${field}.${grade}.${level}`;
      if (!INSPECTION_LEVELS.includes(level as InspectionLevel)) {
        problems.push({ field: at, messages: [`未知的检查层级：${level} / Unknown level`] });
        continue;
      }
      if (!f || !PERIOD_UNITS.includes(f.unit as PeriodUnit)) {
        problems.push({
          field: `${at}.unit`,
          messages: ['周期须为 每班/每天/每周/每月 / SHIFT, DAY, WEEK or MONTH'],
        });
        continue;
      }
      if (!Number.isInteger(f.times) || (f.times as number) < 1) {
        problems.push({
          field: `${at}.times`,
          messages: [`检查频次须为不小于 1 的整数（不能为 0） / Times must be a whole number from 1`],
        });
        continue;
      }
      const n = tasksPerMonth(f as Frequency);
      sum += n;
      if (n > MAX_TASKS_PER_LEVEL_MONTH)
        problems.push({
          field: `${at}.times`,
          messages: [
            `${RISK_GRADE_LABEL[grade as RiskGrade]}${INSPECTION_LEVEL_LABEL[level as InspectionLevel]}${PERIOD_UNIT_LABEL[f.unit as PeriodUnit]}${f.times}次，每月每个危险源多达 ${n} 次检查，超过上限 ${MAX_TASKS_PER_LEVEL_MONTH} / Too many tasks`,
          ],
        });
    }
    if (sum > MAX_TASKS_PER_SOURCE_MONTH)
      problems.push({
        field: `${field}.${grade}`,
        messages: [
          `${RISK_GRADE_LABEL[grade as RiskGrade]}各层级合计每月多达 ${sum} 次检查，超过上限 ${MAX_TASKS_PER_SOURCE_MONTH} / Too many tasks`,
        ],
      });
  }
  return problems;
}

/** A schedule range: real dates, from ≤ to, at most MAX_SCHEDULE_DAYS days. */
export function rangeProblems(from: IsoDate, to: IsoDate): FieldProblem[] {
  if (to < from) return [{ field: 'to', messages: ['结束日期不能早于开始日期 / to before from'] }];
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > MAX_SCHEDULE_DAYS)
    return [
      {
        field: 'to',
        messages: [
          `一次最多排 ${MAX_SCHEDULE_DAYS} 天的检查任务（所选 ${days} 天） / At most ${MAX_SCHEDULE_DAYS} days`,
        ],
      },
    ];
  return [];
}

/** A missed inspection: still open when its window has ended. */
export const isMissed = (t: { status: TaskStatus; dueUntil: Date }, now: Date): boolean =>
  t.status === TaskStatus.OPEN && t.dueUntil.getTime() <= now.getTime();

/** Due now: open and its window has begun and not ended. */
export const isDueNow = (t: { status: TaskStatus; dueFrom: Date; dueUntil: Date }, now: Date): boolean =>
  t.status === TaskStatus.OPEN &&
  t.dueFrom.getTime() <= now.getTime() &&
  now.getTime() < t.dueUntil.getTime();
