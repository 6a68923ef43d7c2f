import { Role } from '../../../src/common/access/roles';
import { Clock } from '../../../src/common/time/clock';
import { login, OrgFixture, TEST_PASSWORD } from '../../support/org-fixture';
import type { TestApp } from '../../support/test-app';

const post = async (t: TestApp, org: OrgFixture, token: string, url: string, body: object) =>
  (await t.http().post(`/api/v1${url}`).set(org.auth(token)).send(body).expect(201)).body as { id: number };

/**
 * 煤气运行班, a team of 热电分厂's 燃化工区, and its 班组长 `banzuzhang` (王班长, a unit officer there, password
 * TEST_PASSWORD, already logged in once through the API); answers the team's id.
 */
export async function addGasTeam(t: TestApp, org: OrgFixture): Promise<number> {
  const area = (
    await post(t, org, org.tokens.ADMIN, '/units', {
      code: 'A-RDFC-RQ',
      name: '燃化工区',
      kind: 'WORK_AREA',
      parentId: org.units.power,
    })
  ).id;
  const team = (
    await post(t, org, org.tokens.ADMIN, '/units', {
      code: 'A-RDFC-RQ-1',
      name: '煤气运行班',
      kind: 'TEAM',
      parentId: area,
    })
  ).id;
  await post(t, org, org.tokens.ADMIN, '/users', {
    username: 'banzuzhang',
    displayName: '王班长',
    roles: [Role.UNIT_OFFICER],
    homeUnitId: team,
    password: TEST_PASSWORD,
  });
  await login(t, 'banzuzhang'); // clears the first-login password change
  return team;
}

/**
 * Pins the clock to 10:00 in Beijing on Wednesday 2 December 2026 (the second shift, 08–16; the first, 00–08, is
 * over), registers the team's 重要危险源 煤气管网 (RED, 王班长 its team-level responsible) and makes the day's
 * inspection tasks as the daily job does; answers the source's id. Log the browser in before: a session cookie
 * expiring on a pinned past day would be dropped at once.
 */
export async function openGasNetworkTasks(t: TestApp, org: OrgFixture, team: number): Promise<number> {
  t.app.get(Clock).pinForTesting(new Date('2026-12-02T02:00:00Z'));
  const sourceId = (
    await post(t, org, org.tokens.UNIT_OFFICER, '/hazard-sources', {
      unitId: team,
      name: '煤气管网',
      location: '热电分厂厂区架空煤气管道及2号加压站',
      kind: 'GAS',
      grade: 'RED',
      hazards: '煤气泄漏中毒、火灾、爆炸',
      controls: '固定式CO报警仪联网值守，排水器水封每班检查，两人同行',
      emergencyMeasures: '立即撤离至上风向，佩戴正压式空气呼吸器施救，关闭上游阀门，报告调度',
      responsible: [
        { level: 'SECONDARY', name: '热电主任', phone: '13900000001' },
        { level: 'TEAM', name: '王班长', phone: '13900000004' },
      ],
    })
  ).id;
  await t
    .http()
    .post('/api/v1/checklist-templates/schedule')
    .set(org.auth(org.tokens.SAFETY_OFFICE))
    .send({ from: '2026-12-02', to: '2026-12-02' })
    .expect(200);
  return sourceId;
}
