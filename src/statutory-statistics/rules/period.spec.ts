import { daysFiledLate, lastDuePeriod, lateFilingNote, parsePeriod, previousPeriod } from './period';

describe('statutory reporting periods (issue 17 part 2)', () => {
  it('reads quarters and years, cumulative from 1 January, with their due dates', () => {
    expect(parsePeriod('2023-Q1')).toMatchObject({
      kind: 'QUARTER',
      yearStart: '2023-01-01',
      periodEnd: '2023-03-31',
      dueDate: '2023-04-15',
      label: '2023年第一季度',
    });
    expect(parsePeriod('2023-Q4')).toMatchObject({ periodEnd: '2023-12-31', dueDate: '2024-01-15' });
    expect(parsePeriod('2023')).toMatchObject({
      kind: 'YEAR',
      periodEnd: '2023-12-31',
      dueDate: '2024-01-31',
      label: '2023年度',
    });
    for (const bad of ['2023-Q5', '23', '2023Q1', '1999', ''] as const) expect(parsePeriod(bad)).toBeNull();
  });

  it('compares a quarter with the one before, a first quarter and a year with the previous year', () => {
    expect(previousPeriod(parsePeriod('2023-Q3')!).key).toBe('2023-Q2');
    expect(previousPeriod(parsePeriod('2023-Q1')!).key).toBe('2022');
    expect(previousPeriod(parsePeriod('2023')!).key).toBe('2022');
  });

  it('knows the last quarter due', () => {
    expect(lastDuePeriod('2023-04-02').key).toBe('2023-Q1');
    expect(lastDuePeriod('2023-02-10').key).toBe('2022-Q4');
  });

  it('counts a filing late from the due date to the day its first version was locked', () => {
    const q1 = parsePeriod('2023-Q1')!;
    expect(daysFiledLate(q1, null)).toBeNull();
    expect(daysFiledLate(q1, '2023-04-02')).toBe(0);
    expect(daysFiledLate(q1, '2023-04-15')).toBe(0);
    expect(daysFiledLate(q1, '2023-04-16')).toBe(1);
    expect(daysFiledLate(parsePeriod('2023')!, '2024-03-01')).toBe(30);
    expect(lateFilingNote(daysFiledLate(q1, '2023-04-18'))).toBe('（逾期 3 天报送）');
    expect(lateFilingNote(0)).toBe('');
    expect(lateFilingNote(null)).toBe('');
  });
});
