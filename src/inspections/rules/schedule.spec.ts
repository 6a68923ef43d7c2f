import { PeriodUnit, TaskStatus } from '../inspection.enums';
import { DEFAULT_FREQUENCIES, duePeriods, frequencyProblems, isMissed, rangeProblems } from './schedule';

describe('inspection schedule', () => {
  it('makes three shifts a day, in Beijing time', () => {
    const p = duePeriods({ unit: PeriodUnit.SHIFT, times: 1 }, '2026-12-01', '2026-12-02');
    expect(p.map((x) => x.periodKey)).toEqual([
      '2026-12-01/S1',
      '2026-12-01/S2',
      '2026-12-01/S3',
      '2026-12-02/S1',
      '2026-12-02/S2',
      '2026-12-02/S3',
    ]);
    expect(p[1].dueFrom.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(p[1].dueUntil.toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it('makes a week on its Monday and a month on its first day only', () => {
    const w = duePeriods({ unit: PeriodUnit.WEEK, times: 1 }, '2026-11-25', '2026-12-08');
    expect(w.map((x) => x.periodKey)).toEqual(['2026-W49', '2026-W50']);
    const m = duePeriods({ unit: PeriodUnit.MONTH, times: 1 }, '2026-11-15', '2027-01-01');
    expect(m.map((x) => x.periodKey)).toEqual(['2026-12', '2027-01']);
    expect(m[0].dueUntil.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('splits a period into equal windows when it asks for several', () => {
    const p = duePeriods({ unit: PeriodUnit.DAY, times: 2 }, '2026-12-02', '2026-12-02');
    expect(p.map((x) => [x.periodKey, x.dueFrom.toISOString()])).toEqual([
      ['2026-12-02#1', '2026-12-01T16:00:00.000Z'],
      ['2026-12-02#2', '2026-12-02T04:00:00.000Z'],
    ]);
  });

  it('accepts the default table and a month of red inspections (130 a source)', () => {
    expect(frequencyProblems(DEFAULT_FREQUENCIES)).toEqual([]);
    const red = DEFAULT_FREQUENCIES.RED!;
    const n = Object.values(red).reduce((s, f) => s + duePeriods(f, '2026-12-01', '2026-12-31').length, 0);
    expect(n).toBe(93 + 31 + 4 + 1);
  });

  it('refuses a frequency of zero, an unknown period, and a table that makes too many tasks', () => {
    expect(frequencyProblems({ RED: { TEAM: { unit: 'DAY', times: 0 } } })[0]).toMatchObject({
      field: 'frequencies.RED.TEAM.times',
    });
    expect(frequencyProblems({ RED: { TEAM: { unit: 'HOUR', times: 1 } } })[0].field).toBe(
      'frequencies.RED.TEAM.unit',
    );
    expect(frequencyProblems({ RED: { TEAM: { unit: 'SHIFT', times: 2 } } })[0].messages[0]).toMatch(
      /超过上限 100/,
    );
    expect(
      frequencyProblems({
        RED: { TEAM: { unit: 'SHIFT', times: 1 }, WORKSHOP: { unit: 'DAY', times: 2 } },
      })[0],
    ).toMatchObject({ field: 'frequencies.RED' });
    expect(frequencyProblems({ PURPLE: {} })[0].field).toBe('frequencies.PURPLE');
  });

  it('refuses a reversed range and one longer than 62 days', () => {
    expect(rangeProblems('2026-12-31', '2026-12-01')[0].field).toBe('to');
    expect(rangeProblems('2026-01-01', '2026-03-04')).toHaveLength(1);
    expect(rangeProblems('2026-01-01', '2026-03-04')[0].messages[0]).toMatch(/62/);
    expect(rangeProblems('2026-01-01', '2026-03-03')).toEqual([]);
  });

  it('counts an inspection as missed once its window has ended unsigned', () => {
    const t = { status: TaskStatus.OPEN, dueUntil: new Date('2026-12-02T00:00:00Z') };
    expect(isMissed(t, new Date('2026-12-01T23:59:59Z'))).toBe(false);
    expect(isMissed(t, new Date('2026-12-02T00:00:00Z'))).toBe(true);
    expect(isMissed({ ...t, status: TaskStatus.DONE }, new Date('2026-12-03T00:00:00Z'))).toBe(false);
  });
});
