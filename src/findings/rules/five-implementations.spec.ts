import { HazardLevel } from '../finding.enums';
import { checkPlan, FindingFacts, PLAN_FIELDS, PlanInput, securedElements } from './five-implementations';

/** The 治理方案 parts a MAJOR plan adds (安监总局令第16号). */
const GOVERNANCE: PlanInput = {
  goalsAndTasks: '消除调压站泄漏报警失效隐患，6月底前恢复联锁切断',
  materials: '可燃气体报警仪4台、切断阀2台已采购到货',
  responsibleOrganisation: '热电分厂隐患治理领导小组（组长：厂长）',
  timeRequirements: '5月15日前完成安装，5月31日前完成联调和验收',
  currentSituation: '2号调压站报警仪失效且无联锁，原因是检定到期未更换',
  hazardAnalysis: '泄漏不能及时发现可能引发火灾爆炸；需停气施工，整改难度中等',
};

describe('五落实 plan check', () => {
  const finding: FindingFacts = {
    level: HazardLevel.GENERAL,
    foundDate: '2023-01-05',
    deadline: '2023-03-31',
    responsibleLeader: null,
  };
  const complete: PlanInput = {
    measures: '清理皮带廊积尘，增设喷淋抑尘装置',
    responsiblePerson: '赵工段长',
    fundsAmount: 12000,
    fundsSource: '安全费用',
    deadline: '2023-03-15',
    contingencyPlan: '清扫期间停机挂牌，专人监护',
  };
  const elements = (p: PlanInput, f = finding) => checkPlan(p, f).map((x) => x.element);

  it('accepts a complete plan', () => {
    expect(checkPlan(complete, finding)).toEqual([]);
  });

  it('names every missing element of an empty plan at once', () => {
    expect(elements({})).toEqual(['整改措施', '整改责任', '整改资金', '整改时限', '整改预案']);
  });

  it('wants whole yuan, a source for money and a reason for zero', () => {
    expect(elements({ ...complete, fundsAmount: 1500.5 })).toEqual(['整改资金']);
    expect(elements({ ...complete, fundsAmount: -1 })).toEqual(['整改资金']);
    expect(
      checkPlan({ ...complete, fundsAmount: 0, fundsSource: null }, finding).map((x) => x.field),
    ).toEqual(['fundsZeroReason']);
    expect(elements({ ...complete, fundsAmount: 0, fundsZeroReason: '班组自行清扫，无需资金' })).toEqual([]);
    expect(checkPlan({ ...complete, fundsSource: '' }, finding).map((x) => x.field)).toEqual(['fundsSource']);
  });

  it('keeps the deadline between the found date and the assigned deadline', () => {
    expect(checkPlan({ ...complete, deadline: '2023-01-04' }, finding)[0].message).toContain('早于发现日期');
    expect(checkPlan({ ...complete, deadline: '2023-04-01' }, finding)[0].message).toContain('申请延期');
    expect(checkPlan({ ...complete, deadline: '2023-02-30' }, finding)[0].field).toBe('deadline');
  });

  it('accepts an on-the-spot fix with evidence instead of the five elements', () => {
    expect(elements({ onTheSpot: true, measures: '当场清理', onTheSpotEvidenceIds: [3] })).toEqual([]);
    expect(elements({ onTheSpot: true, measures: '当场清理' })).toEqual(['现场整改证据']);
  });

  it('asks more of a MAJOR hazard: interim controls, the stop-production decision and its scope, a leader', () => {
    const major = { ...finding, level: HazardLevel.MAJOR };
    expect(elements({ ...complete, ...GOVERNANCE }, major)).toEqual([
      '临时管控措施',
      '停产停工决定',
      '责任领导',
    ]);
    expect(
      elements(
        { ...complete, ...GOVERNANCE, interimControls: '设置警戒区，24小时监护', stopProduction: true },
        { ...major, responsibleLeader: '分管副总' },
      ),
    ).toEqual(['停产停工范围']);
    expect(
      elements(
        { ...complete, ...GOVERNANCE, interimControls: '设置警戒区', stopProduction: false },
        { ...major, responsibleLeader: '分管副总' },
      ),
    ).toEqual([]);
  });

  it('requires the six parts of a MAJOR 治理方案 and the status report, naming each field (安监总局令第16号)', () => {
    const major = { ...finding, level: HazardLevel.MAJOR, responsibleLeader: '分管副总' };
    const base = { ...complete, interimControls: '设置警戒区', stopProduction: false };
    expect(checkPlan(base, major).map((p) => p.field)).toEqual([
      'goalsAndTasks',
      'materials',
      'responsibleOrganisation',
      'timeRequirements',
      'currentSituation',
      'hazardAnalysis',
    ]);
    expect(checkPlan({ ...base, ...GOVERNANCE, materials: ' ' }, major).map((p) => p.element)).toEqual([
      '物资的落实',
    ]);
    // Not asked of a GENERAL finding, nor of an on-the-spot fix.
    expect(elements(complete)).toEqual([]);
    expect(elements({ onTheSpot: true, measures: '当场处理', onTheSpotEvidenceIds: [1] }, major)).toEqual([
      '临时管控措施',
      '停产停工决定',
    ]);
  });

  it('names only fields the form lists (PLAN_FIELDS), so a refusal can name them in the form’s order', () => {
    const major = { ...finding, level: HazardLevel.MAJOR };
    const named = [
      ...checkPlan({}, major),
      ...checkPlan({ stopProduction: true, fundsAmount: 0 }, major),
      ...checkPlan({ fundsAmount: 5 }, finding),
      ...checkPlan({ onTheSpot: true }, major),
    ].map((p) => p.field);
    expect(named.filter((f) => !PLAN_FIELDS.includes(f))).toEqual([]);
    expect(new Set(named)).toEqual(
      new Set([...PLAN_FIELDS].filter((f) => !/^(basedOnRevision|onTheSpot)$/.test(f))),
    );
  });

  it('feeds (9)–(12) from the 治理方案 parts; a plan recorded before they existed counts by its 五落实', () => {
    const major = { ...finding, level: HazardLevel.MAJOR, responsibleLeader: '分管副总' };
    const full = { ...complete, ...GOVERNANCE, interimControls: '设置警戒区', stopProduction: false };
    expect(securedElements({ ...full, goalsAndTasks: null, timeRequirements: null }, major)).toEqual({
      target: false,
      funds: true,
      organisation: true,
      deadline: false,
      safety: true,
    });
    expect(securedElements({ ...full, materials: '', responsibleOrganisation: null }, major)).toMatchObject({
      funds: false,
      organisation: false,
    });
    const legacy = { ...complete, interimControls: '设置警戒区', stopProduction: false };
    expect(Object.values(securedElements(legacy, major)).every(Boolean)).toBe(true);
  });

  it('counts the 五落实 a MAJOR plan has secured for the statutory table (issue 17 (9)–(13))', () => {
    const major = { ...finding, level: HazardLevel.MAJOR, responsibleLeader: '分管副总' };
    const full = { ...complete, ...GOVERNANCE, interimControls: '设置警戒区', stopProduction: false };
    expect(securedElements(full, major)).toEqual({
      target: true,
      funds: true,
      organisation: true,
      deadline: true,
      safety: true,
    });
    expect(securedElements({ ...full, interimControls: null, fundsSource: null }, major)).toEqual({
      target: true,
      funds: false,
      organisation: true,
      deadline: true,
      safety: false,
    });
    expect(securedElements(full, { ...major, responsibleLeader: null }).organisation).toBe(false);
    expect(Object.values(securedElements({ onTheSpot: true, measures: '当场处理' }, major))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
