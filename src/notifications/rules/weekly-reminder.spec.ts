import { isoWeekday, weeklyReminderDue } from './weekly-reminder';

describe('the weekly 举一反三 reminder', () => {
  it('knows the weekday of a date', () => {
    expect(isoWeekday('2023-02-15')).toBe(3); // a Wednesday
    expect(isoWeekday('2023-02-19')).toBe(7);
  });
  it('is due on Wednesday and Thursday mornings only', () => {
    expect(weeklyReminderDue('2023-02-15', 8)).toBe(true);
    expect(weeklyReminderDue('2023-02-16', 11)).toBe(true);
    expect(weeklyReminderDue('2023-02-15', 7)).toBe(false);
    expect(weeklyReminderDue('2023-02-15', 12)).toBe(false); // a morning missed is not sent in the afternoon
    expect(weeklyReminderDue('2023-02-14', 9)).toBe(false); // Tuesday
    expect(weeklyReminderDue('2023-02-17', 9)).toBe(false); // Friday
  });
});
