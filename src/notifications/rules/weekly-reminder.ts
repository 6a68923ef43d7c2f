import type { IsoDate } from '../../common/time/business-date';

/** Wednesday and Thursday mornings (business zone): when units that have not yet reported are reminded. */
export const WEEKLY_REMINDER_DAYS = [3, 4];
/** The morning: from 08:00 up to (not including) 12:00. A morning missed in downtime is not sent in the afternoon. */
export const WEEKLY_REMINDER_HOURS = { from: 8, until: 12 };

/** The ISO weekday (1 = Monday … 7 = Sunday) of a business date. */
export const isoWeekday = (date: IsoDate): number => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/**
 * Whether the weekly reminder of `date` is due at `hour` (both in the business zone): on Wednesday and Thursday,
 * in the morning only. Each day's run is claimed once across instances (the period is the date), so a restart later
 * that morning does not repeat it, and a morning the service was down is skipped — the next one reminds instead:
 * no stale reminders in the afternoon, no two at once.
 */
export const weeklyReminderDue = (date: IsoDate, hour: number): boolean =>
  WEEKLY_REMINDER_DAYS.includes(isoWeekday(date)) &&
  hour >= WEEKLY_REMINDER_HOURS.from &&
  hour < WEEKLY_REMINDER_HOURS.until;
