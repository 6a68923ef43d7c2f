import { resolvePeriod, twelveMonthsEnding } from './period';

describe('dashboard period (issue 17)', () => {
  it('month, quarter and year contain the chosen day', () => {
    expect(resolvePeriod('month', '2023-02-14')).toEqual({
      kind: 'month',
      from: '2023-02-01',
      to: '2023-02-28',
      label: '2023年2月',
    });
    expect(resolvePeriod('quarter', '2023-02-14')).toMatchObject({ from: '2023-01-01', to: '2023-03-31' });
    expect(resolvePeriod('quarter', '2024-11-30')).toMatchObject({ from: '2024-10-01', to: '2024-12-31' });
    expect(resolvePeriod('year', '2024-02-29')).toMatchObject({ from: '2024-01-01', to: '2024-12-31' });
  });

  it('a custom period needs both dates in order, at most ten years', () => {
    expect(resolvePeriod('custom', '2023-01-01', '2022-01-01', '2023-06-30')).toMatchObject({
      from: '2022-01-01',
      to: '2023-06-30',
    });
    expect(resolvePeriod('custom', '2023-01-01', '2022-01-01')).toMatchObject({ field: 'to' });
    expect(resolvePeriod('custom', '2023-01-01', '2023-02-01', '2023-01-01')).toMatchObject({ field: 'to' });
    expect(resolvePeriod('custom', '2023-01-01', '2000-01-01', '2023-01-01')).toMatchObject({ field: 'to' });
  });

  it('twelve months end with the period, the last cut at its end', () => {
    const months = twelveMonthsEnding('2023-03-15');
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: '2022-04', from: '2022-04-01', to: '2022-04-30' });
    expect(months[11]).toEqual({ month: '2023-03', from: '2023-03-01', to: '2023-03-15' });
  });
});
