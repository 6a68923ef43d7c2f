import { adjusted, crossChecks, rowFigures } from './statutory-table';

describe('statutory statistics table (issue 17 part 2)', () => {
  const plan = {
    measures: '更换法兰垫片，报警仪联锁',
    responsiblePerson: '王工',
    fundsAmount: 180000,
    fundsSource: '安全生产费用',
    deadline: '2023-02-20',
    contingencyPlan: '停运，警戒，专项应急预案',
    interimControls: '设警戒区，24小时值守',
    stopProduction: true,
    stopProductionScope: '调压站',
    confirmed: true,
  };
  const major = {
    foundDate: '2023-01-06',
    deadline: '2023-02-28',
    responsibleLeader: '分管副总',
    rectifiedByEnd: false,
    plan,
  };
  const counts = { unitsChecked: 3, general: 8, generalRectified: 3, major: 3, majorRectified: 1 };

  it('derives (8)–(14) from the MAJOR hazards’ confirmed 治理方案 and (4), (7) from their counts', () => {
    const f = rowFigures(counts, [
      major,
      { ...major, plan: { ...plan, contingencyPlan: null, fundsAmount: 20000 } },
      { ...major, plan: { ...plan, confirmed: false } }, // waits for the unit head: not in the plan yet
      { ...major, rectifiedByEnd: true }, // closed out: not in (8), its funds still count in (14)
    ]);
    expect(f).toMatchObject({ c4: 37.5, c7: 33.3, c8: 2, c9: 2, c10: 2, c11: 2, c12: 2, c13: 1 });
    expect(f.fundsYuan).toBe(380000);
    expect(f.c14).toBe(38);
    expect(crossChecks('TOTAL', '合计', f).every((c) => c.ok)).toBe(true);
  });

  it('flags each violated cross-check, and recomputes percentages after an adjustment', () => {
    const f = adjusted(rowFigures(counts, [major]), [
      { row: 'TOTAL', column: 'c8', value: 5 },
      { row: 'TOTAL', column: 'c3', value: 9 },
    ]);
    expect(f.c4).toBe(112.5);
    const failed = crossChecks('TOTAL', '合计', f)
      .filter((c) => !c.ok)
      .map((c) => c.rule);
    expect(failed).toEqual(['(8) ≤ (5) − (6)', '(3) ≤ (2)']);
    const wrongRate = crossChecks('TOTAL', '合计', { ...f, c4: 50 }).filter((c) => !c.ok);
    expect(wrongRate.map((c) => c.rule)).toContain('(4) = (3) ÷ (2)');
  });
});
