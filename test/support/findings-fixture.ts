import { OrgFixture } from './org-fixture';
import { TestApp } from './test-app';

/** A look-back round on company A, started, and a helper to log findings in it as the safety office. */
export async function buildRound(t: TestApp, org: OrgFixture) {
  const office = org.auth(org.tokens.SAFETY_OFFICE);
  const ok = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number; [k: string]: unknown };
  };
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
    await t.http().post('/api/v1/rounds').set(office).send({
      name: '2023年1月职业健康安全督察“回头看”',
      kind: 'LOOK_BACK',
      domain: 'SAFETY',
      companyUnitId: org.units.companyA,
      auditTeam: '中铝集团第二督察组',
      startDate: '2023-01-04',
      endDate: '2023-01-10',
      originalRoundId: original.id,
      planMeetingDate: '2023-02-13',
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

  return { originalRoundId: original.id, roundId: round.id, logFinding };
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
