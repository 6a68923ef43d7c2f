import { FindingStatus } from '../../findings/finding.enums';
import { UnitKind } from '../../org/unit-kind';
import { canCloseNow, evaluateGate, GateFacts, unmetRules } from './closeout-gate';

const all: GateFacts = {
  responsibleLineage: [
    { path: '/1/', kind: UnitKind.COMPANY },
    { path: '/1/5/', kind: UnitKind.BRANCH_FACTORY },
    { path: '/1/5/21/', kind: UnitKind.WORK_AREA },
  ],
  latestVerification: {
    result: 'PASS',
    evidenceCount: 2,
    verifierName: '督导员',
    verifierUnitPath: '/1/9/',
    verifiedOn: '2023-03-20',
  },
  sweeps: [{ checkedUnitNames: ['电解厂', '热电分厂'], result: 'NONE_FOUND', recordedOn: '2023-03-10' }],
  similarFindings: [],
  mechanisms: [{ kind: 'MECHANISM', title: '皮带廊清扫管理制度', documentNumber: 'XCL-AQ-2023-07' }],
  accountability: [{ kind: 'ACTION', personName: '燃化工区主任', actionLabel: '批评教育' }],
  recurrence: null,
  latestSatisfaction: {
    satisfied: true,
    representatives: '职工代表 王某',
    method: '现场座谈',
    confirmedOn: '2023-03-21',
  },
};
const unmet = (f: GateFacts) =>
  evaluateGate(f)
    .filter((r) => !r.satisfied)
    .map((r) => r.number);

describe('五个不放过 gate', () => {
  it('passes when all five hold, and says what satisfies each', () => {
    const rules = evaluateGate(all);
    expect(rules.every((r) => r.satisfied)).toBe(true);
    expect(rules.map((r) => r.text)).toEqual([
      '整改不彻底不放过',
      '同类问题没有消除不放过',
      '长效机制不健全不放过',
      '相关责任人没有受到处理不放过',
      '员工和群众不满意不放过',
    ]);
    expect(rules[2].detail).toContain('XCL-AQ-2023-07');
  });

  it('rule 1: needs a passing verification with evidence by someone outside the responsible 二级单位', () => {
    expect(unmet({ ...all, latestVerification: null })).toEqual([1]);
    expect(unmet({ ...all, latestVerification: { ...all.latestVerification!, result: 'FAIL' } })).toEqual([
      1,
    ]);
    expect(unmet({ ...all, latestVerification: { ...all.latestVerification!, evidenceCount: 0 } })).toEqual([
      1,
    ]);
    expect(
      unmet({ ...all, latestVerification: { ...all.latestVerification!, verifierUnitPath: '/1/5/12/' } }),
    ).toEqual([1]);
    // issue 16, 1: the parent 二级单位 itself is not independent either
    expect(
      unmet({ ...all, latestVerification: { ...all.latestVerification!, verifierUnitPath: '/1/5/' } }),
    ).toEqual([1]);
  });

  it('rule 2: needs the sweep, and every similar finding closed or cancelled', () => {
    expect(unmet({ ...all, sweeps: [] })).toEqual([2]);
    expect(
      unmet({ ...all, similarFindings: [{ code: 'X-1', status: 'RECTIFYING', unitPath: '/1/' }] }),
    ).toEqual([2]);
    expect(
      unmet({
        ...all,
        similarFindings: [
          { code: 'X-1', status: 'CLOSED', unitPath: '/1/' },
          { code: 'X-2', status: 'CANCELLED', unitPath: '/1/' },
        ],
      }),
    ).toEqual([]);
  });

  it('rule 2 names only the open similar findings the reader may see, and counts the others', () => {
    const facts: GateFacts = {
      ...all,
      similarFindings: [
        { code: 'X-1', status: 'RECTIFYING', unitPath: '/1/5/' },
        { code: 'X-2', status: 'ASSIGNED', unitPath: '/1/7/' },
        { code: 'X-3', status: 'VERIFIED', unitPath: '/2/9/' },
        { code: 'X-4', status: 'CLOSED', unitPath: '/2/9/' },
      ],
    };
    const rule2 = (sees?: (p: string) => boolean) => evaluateGate(facts, sees)[1];
    expect(rule2().detail).toBe('同类问题未全部销号：X-1、X-2、X-3 / Similar findings still open');
    expect(rule2((p) => p.startsWith('/1/5/'))).toMatchObject({
      satisfied: false,
      detail: '同类问题未全部销号：X-1、其他单位的问题 2 项 / Similar findings still open',
    });
  });

  it('rule 3: needs a mechanism or a statement that the existing one suffices', () => {
    expect(unmet({ ...all, mechanisms: [] })).toEqual([3]);
    expect(
      unmet({
        ...all,
        mechanisms: [{ kind: 'EXISTING_SUFFICIENT', title: '现行清扫制度已覆盖', documentNumber: null }],
      }),
    ).toEqual([]);
  });

  it('rule 4: accountability or no-fault; a recurrence must cover the earlier finding’s persons', () => {
    expect(unmet({ ...all, accountability: [] })).toEqual([4]);
    expect(
      unmet({ ...all, accountability: [{ kind: 'NO_FAULT', personName: null, actionLabel: null }] }),
    ).toEqual([]);
    const recurrence = { earlierCode: 'A-2022-AQ-0001', personsToCover: ['原工区主任'] };
    expect(unmet({ ...all, recurrence })).toEqual([4]);
    expect(
      unmet({
        ...all,
        recurrence,
        accountability: [{ kind: 'NO_FAULT', personName: null, actionLabel: null }],
      }),
    ).toEqual([4]);
    expect(
      unmet({
        ...all,
        recurrence,
        accountability: [
          ...all.accountability,
          { kind: 'ACTION', personName: '原工区主任', actionLabel: '通报批评' },
        ],
      }),
    ).toEqual([]);
  });

  it('rule 4 (倒查): earlier persons are matched on the name without unit and title, and the uncovered are listed', () => {
    const recurrence = {
      earlierCode: 'A-2022-AQ-0001',
      personsToCover: ['燃化工区主任 赵立新', '分管生产副总经理 钱卫东'],
      unitNames: ['燃化工区'],
    };
    const held = (personName: string) => ({ kind: 'ACTION' as const, personName, actionLabel: '通报批评' });
    const r4 = (accountability: GateFacts['accountability']) =>
      evaluateGate({ ...all, recurrence, accountability })[3];
    expect(r4([held('赵立新')])).toMatchObject({
      satisfied: false,
      uncoveredPersons: ['分管生产副总经理 钱卫东'],
    });
    expect(r4([held('赵立新'), held('钱卫东')])).toMatchObject({ satisfied: true, uncoveredPersons: [] });
  });

  it('rule 5: the latest confirmation must say satisfied', () => {
    expect(unmet({ ...all, latestSatisfaction: null })).toEqual([5]);
    expect(unmet({ ...all, latestSatisfaction: { ...all.latestSatisfaction!, satisfied: false } })).toEqual([
      5,
    ]);
  });

  it('names every unmet rule at once', () => {
    expect(
      unmet({
        ...all,
        latestVerification: null,
        sweeps: [],
        mechanisms: [],
        accountability: [],
        latestSatisfaction: null,
      }),
    ).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('销号 decisions', () => {
  const rules = evaluateGate(all);
  const failing = evaluateGate({ ...all, latestSatisfaction: null });

  it('closes a VERIFIED finding only when every rule holds', () => {
    expect(canCloseNow(FindingStatus.VERIFIED, rules)).toBe(true);
    expect(canCloseNow(FindingStatus.VERIFIED, failing)).toBe(false);
    expect(canCloseNow(FindingStatus.PENDING_VERIFICATION, rules)).toBe(false);
    expect(unmetRules(failing).map((r) => r.number)).toEqual([5]);
    expect(unmetRules(rules)).toEqual([]);
  });
});
