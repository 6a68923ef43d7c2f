import { OrgFixture } from './org-fixture';
import { TestApp } from './test-app';

const ok = (res: { status: number; body: unknown }, what: string) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; [k: string]: unknown };
};

/**
 * The supervision group (督导组) of company A, its office in 安全环保健康部: the fixture's `leader` is its 组长 and
 * `supervisor` a 成员 — verification and close-out need membership of the round's group (issue 16, 2).
 */
export async function buildSupervisionGroup(t: TestApp, org: OrgFixture): Promise<number> {
  const admin = org.auth(org.tokens.ADMIN);
  const group = ok(
    await t.http().post('/api/v1/supervision-groups').set(admin).send({
      name: '督察问题整改督导组',
      campaign: '2023年1月集团督察“回头看”问题整改',
      officeUnitId: org.units.safetyDept,
    }),
    'supervision group',
  );
  for (const [userId, position] of [
    [org.users.leader, 'LEADER'],
    [org.users.supervisor, 'MEMBER'],
  ] as const)
    ok(
      await t
        .http()
        .post(`/api/v1/supervision-groups/${group.id}/members`)
        .set(admin)
        .send({ userId, position }),
      'group member',
    );
  return group.id;
}

/** A PNG photo uploaded to a finding (整改后 unless told: the group's photos are 复查); returns the evidence id. */
export async function uploadPhoto(
  t: TestApp,
  org: OrgFixture,
  findingId: number,
  token = org.tokens.UNIT_OFFICER,
  kind: 'AFTER' | 'BEFORE' | 'REVIEW' | 'DOCUMENT' = 'AFTER',
): Promise<number> {
  const res = await t
    .http()
    .post(`/api/v1/findings/${findingId}/evidence`)
    .set(org.auth(token))
    .field('kind', kind)
    .attach('file', PNG, { filename: '整改后照片.png' });
  return ok(res, 'evidence upload').id;
}

/** A real 1×1 PNG: photos are decoded on upload (a damaged one is refused). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A look-back round on company A, started, with company A's supervision group assigned (unless `withGroup` is
 * false), and a helper to log findings in it as the safety office.
 */
export async function buildRound(t: TestApp, org: OrgFixture, opts: { withGroup?: boolean } = {}) {
  const office = org.auth(org.tokens.SAFETY_OFFICE);
  const groupId = opts.withGroup === false ? null : await buildSupervisionGroup(t, org);
  const original = ok(
    await t.http().post('/api/v1/rounds').set(office).send({
      name: '2022年集团第二督察组安全督察',
      kind: 'AUDIT',
      domain: 'SAFETY',
      companyUnitId: org.units.companyA,
      auditTeam: '中铝集团第二督察组',
      startDate: '2022-06-26',
      endDate: '2022-07-07',
    }),
    'original round',
  );
  const round = ok(
    await t
      .http()
      .post('/api/v1/rounds')
      .set(office)
      .send({
        name: '2023年1月职业健康安全督察“回头看”',
        kind: 'LOOK_BACK',
        domain: 'SAFETY',
        companyUnitId: org.units.companyA,
        auditTeam: '中铝集团第二督察组',
        startDate: '2023-01-04',
        endDate: '2023-01-10',
        originalRoundId: original.id,
        planMeetingDate: '2023-02-13',
        ...(groupId ? { supervisionGroupId: groupId } : {}),
      }),
    'look-back round',
  );
  ok(await t.http().post(`/api/v1/rounds/${round.id}/start`).set(office), 'start round');

  const logFinding = async (overrides: Record<string, unknown> = {}) =>
    ok(
      await t
        .http()
        .post('/api/v1/findings')
        .set(office)
        .send({
          roundId: round.id,
          unitId: org.units.power,
          description: '2号皮带廊地面及托辊积尘严重，未按规定定期清扫',
          location: '燃化工区2号皮带廊',
          level: 'GENERAL',
          category: 'UNSAFE_CONDITION',
          tags: ['扬尘', '皮带廊'],
          source: 'AUDIT_TEAM',
          foundDate: '2023-01-06',
          foundBy: '督察组',
          deadline: '2023-03-31',
          responsiblePerson: '燃化工区主任',
          ...overrides,
        }),
      'log finding',
    ) as { id: number; code: string; status: string; version: number };

  return { originalRoundId: original.id, roundId: round.id, groupId, logFinding };
}

export const COMPLETE_PLAN = {
  measures: '清理皮带廊积尘，增设喷淋抑尘装置，纳入班组日清扫制度',
  responsiblePerson: '燃化工区主任',
  fundsAmount: 12000,
  fundsSource: '安全生产费用',
  deadline: '2023-03-15',
  contingencyPlan: '清扫作业停机挂牌，专人监护；发现积尘自燃立即启动消防预案',
};

export const SUMMARY = {
  whatWasDone: '已清理全部积尘，喷淋装置投运，清扫制度已下发',
  rootCause: '清扫制度未落实到班组，抑尘设施缺失；已从制度和设施两方面整改',
};

/** The parts a MAJOR hazard's 治理方案 adds to the 五落实 (安监总局令第16号, issue 21); required for MAJOR plans. */
export const MAJOR_GOVERNANCE = {
  goalsAndTasks: '消除调压站泄漏报警失效隐患，恢复报警与切断联锁',
  materials: '可燃气体报警仪4台、紧急切断阀2台已采购到货',
  responsibleOrganisation: '热电分厂隐患治理小组（组长：厂长）',
  timeRequirements: '限期内完成安装、联调和验收，每周报告进展',
  currentSituation: '调压站报警仪失效且未联锁，原因是检定到期未更换',
  hazardAnalysis: '泄漏不能及时发现可能引发火灾爆炸，危害大；需停气施工，整改难度中等',
};
