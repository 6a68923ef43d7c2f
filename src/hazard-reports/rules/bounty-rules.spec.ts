import {
  bountyAmountProblem,
  budgetCheck,
  budgetYearOfPeriod,
  budgetYearProblem,
  budgetYearShown,
  checkDefaults,
  decisionNoteProblem,
  reporterVisible,
  STANDARD_BOUNTY,
} from './bounty-rules';

describe('bounty rules', () => {
  it.each([[499], [2001], [1500.5], ['1000元'], ['1000'], [null], [Number.NaN]])('refuses %p', (value) => {
    expect(bountyAmountProblem(value)).not.toBeNull();
  });
  it.each([[500], [1000], [1500], [2000]])('accepts %p', (value) => {
    expect(bountyAmountProblem(value)).toBeNull();
  });
  it('says what is wrong in words a person can act on', () => {
    expect(bountyAmountProblem('1000元')).toContain('不带单位');
    expect(bountyAmountProblem(1500.5)).toContain('整数元');
    expect(bountyAmountProblem(2001)).toContain('500–2000');
  });
  it('checks configured defaults', () => {
    expect(checkDefaults(STANDARD_BOUNTY)).toEqual([]);
    expect(checkDefaults({ GENERAL: 400, SERIOUS: 1000, MAJOR: 2000 })).toHaveLength(1);
    expect(checkDefaults({ GENERAL: 1500, SERIOUS: 1000, MAJOR: 2000 })).toEqual([
      'GENERAL ≤ SERIOUS ≤ MAJOR',
    ]);
  });
  it('warns when a proposal exceeds the remaining budget', () => {
    expect(budgetCheck(null, 0, 500)).toEqual({ remaining: null, warning: null });
    expect(budgetCheck(10000, 9000, 1000).warning).toBeNull();
    expect(budgetCheck(10000, 9500, 1000)).toMatchObject({
      remaining: 500,
      warning: expect.stringContaining('超出预算 500 元'),
    });
  });
  it('takes a budget for a year from 2000 to five years after this business year, and says the range otherwise', () => {
    const today = '2026-05-10';
    for (const year of [2000, 2026, 2031]) expect(budgetYearProblem(year, today)).toBeNull();
    for (const year of [undefined, 0, 1899, 1999, 2032, 99999, 2026.5, Number.NaN])
      expect(budgetYearProblem(year, today)).toContain('2000 至 2031 年');
    expect(budgetYearProblem(2032, today)).toContain('The budget year must be from 2000 to 2031');
    // The range moves with the business year: on 1 January 2027 in Shanghai, 2032 is allowed.
    expect(budgetYearProblem(2032, '2027-01-01')).toBeNull();
  });
  it('sets a period against one year’s budget only when the period lies in that year', () => {
    const today = '2026-12-07';
    expect(budgetYearOfPeriod('2023-01-01', '2023-12-31', today)).toBe(2023);
    expect(budgetYearOfPeriod('2023-03-01', '2023-03-31', today)).toBe(2023);
    expect(budgetYearOfPeriod('2026-03-01', undefined, today)).toBe(2026); // from March to today
    // All years, every year up to a day, or a period across the turn of a year: no one year's budget.
    expect(budgetYearOfPeriod(undefined, undefined, today)).toBeNull();
    expect(budgetYearOfPeriod(undefined, '2026-12-31', today)).toBeNull();
    expect(budgetYearOfPeriod('2023-07-01', '2024-06-30', today)).toBeNull();
    expect(budgetYearOfPeriod('2023-01-01', undefined, today)).toBeNull();
  });
  it('shows the budget of the year a listed period starts in, else ends in, else this year', () => {
    const today = '2026-12-07';
    expect(budgetYearShown('2023-07-01', '2024-06-30', today)).toBe(2023);
    expect(budgetYearShown(undefined, '2023-06-30', today)).toBe(2023);
    expect(budgetYearShown(undefined, undefined, today)).toBe(2026);
  });
  it('shows a hidden reporter only to the handlers and to the reporter', () => {
    expect(reporterVisible(false, false, false)).toBe(true);
    expect(reporterVisible(true, false, false)).toBe(false);
    expect(reporterVisible(true, true, false)).toBe(true);
    expect(reporterVisible(true, false, true)).toBe(true);
  });

  describe('a decision’s note (审批意见)', () => {
    it.each([[undefined], [null], [''], ['   '], ['不行'], [' 不合格 ']])(
      'a rejection with %p is refused',
      (note) => {
        expect(decisionNoteProblem(false, note)).toContain('驳回须在审批意见中写明理由');
      },
    );
    it.each([['重复举报'], ['现场核实已整改完毕'], ['Dupe']])('a rejection saying %p is taken', (note) => {
      expect(decisionNoteProblem(false, note)).toBeNull();
    });
    it('an approval needs no note', () => {
      expect(decisionNoteProblem(true, undefined)).toBeNull();
    });
  });
});
