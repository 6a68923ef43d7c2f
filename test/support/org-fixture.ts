import { Role } from '../../src/common/access/roles';
import { TEST_ADMIN_PASSWORD, TestApp } from './test-app';

export const TEST_PASSWORD = 'Passw0rd-2023';

/**
 * Logs in through the API; fails the test loudly when login does not work. Users the tests create through the API
 * (as `admin`) would first have to choose their own password (`mustChangePassword`); the fixtures' users are taken
 * to have done so already and keep TEST_PASSWORD — test/auth-abuse.e2e-spec.ts covers the change itself.
 */
export async function login(t: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.http().post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (res.body.mustChangePassword)
    await t.db.query(`UPDATE users SET must_change_password = false WHERE username = $1`, [username]);
  return res.body.accessToken as string;
}

/**
 * One more user of the safety department holding several organisation-wide roles at once, logged in: the bad-input
 * suites use one so that the role checks let their requests reach validation on as many routes as possible.
 */
export async function loginAsManyRoles(
  t: TestApp,
  org: OrgFixture,
  username: string,
  roles: Role[],
): Promise<string> {
  await t
    .http()
    .post('/api/v1/users')
    .set(org.auth(org.tokens.ADMIN))
    .send({
      username,
      displayName: username,
      roles,
      homeUnitId: org.units.safetyDept,
      password: TEST_PASSWORD,
    })
    .expect(201);
  return login(t, username);
}

export interface OrgFixture {
  units: Record<
    'companyA' | 'smelter' | 'power' | 'powerElectric' | 'safetyDept' | 'companyB' | 'flyAsh',
    number
  >;
  users: Record<string, number>;
  tokens: Record<Role | 'otherUnitOfficer', string>;
  auth: (token: string) => { Authorization: string };
}

/**
 * A small organisation built through the API as `admin`:
 *   A 公司 ─ 电解厂 (smelter), 热电分厂 (power) ─ 电气工区 (powerElectric), 安全环保健康部 (safetyDept)
 *   B 公司 ─ 宏泰粉煤灰开发事业部 (flyAsh)
 * and one user per role; unit roles and the reporter work in 热电分厂, `otherUnitOfficer` in B's 事业部.
 */
export async function buildOrg(t: TestApp): Promise<OrgFixture> {
  const adminToken = await login(t, 'admin', TEST_ADMIN_PASSWORD);
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = async (url: string, body: object) => {
    const res = await t.http().post(url).set(auth(adminToken)).send(body);
    if (res.status >= 300) throw new Error(`${url} ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number; user?: { id: number } };
  };
  const unit = async (code: string, name: string, kind: string, parentId?: number) =>
    (await post('/api/v1/units', { code, name, kind, parentId })).id;

  const companyA = await unit('A', '中铝山西新材料有限公司', 'COMPANY');
  const smelter = await unit('A-DJC', '电解厂', 'FACTORY', companyA);
  const power = await unit('A-RDFC', '热电分厂', 'BRANCH_FACTORY', companyA);
  const powerElectric = await unit('A-RDFC-DQ', '电气工区', 'WORK_AREA', power);
  const safetyDept = await unit('A-AHB', '安全环保健康部', 'DEPARTMENT', companyA);
  const companyB = await unit('B', '中铝山西铝业有限公司', 'COMPANY');
  const flyAsh = await unit('B-HT', '宏泰粉煤灰开发事业部', 'DIVISION', companyB);

  const people: [string, string, Role[], number][] = [
    ['office', '安办员', [Role.SAFETY_OFFICE], safetyDept],
    ['supervisor', '督导员', [Role.SUPERVISOR], safetyDept],
    ['leader', '督导组长', [Role.SUPERVISION_LEADER], safetyDept],
    ['unitofficer', '热电安全员', [Role.UNIT_OFFICER], power],
    ['unithead', '热电主任', [Role.UNIT_HEAD], power],
    ['reporter', '电气职工', [Role.REPORTER], powerElectric],
    ['viewer', '公司领导', [Role.VIEWER], companyA],
    ['otherofficer', '宏泰安全员', [Role.UNIT_OFFICER], flyAsh],
    ['spare', '备用账号', [Role.REPORTER], flyAsh],
  ];
  const users: Record<string, number> = {};
  for (const [username, displayName, roles, homeUnitId] of people) {
    users[username] = (
      await post('/api/v1/users', { username, displayName, roles, homeUnitId, password: TEST_PASSWORD })
    ).user!.id;
  }
  users.admin = 1;
  const tokens = {
    [Role.ADMIN]: adminToken,
    [Role.SAFETY_OFFICE]: await login(t, 'office'),
    [Role.SUPERVISOR]: await login(t, 'supervisor'),
    [Role.SUPERVISION_LEADER]: await login(t, 'leader'),
    [Role.UNIT_OFFICER]: await login(t, 'unitofficer'),
    [Role.UNIT_HEAD]: await login(t, 'unithead'),
    [Role.REPORTER]: await login(t, 'reporter'),
    [Role.VIEWER]: await login(t, 'viewer'),
    otherUnitOfficer: await login(t, 'otherofficer'),
  };
  return {
    units: { companyA, smelter, power, powerElectric, safetyDept, companyB, flyAsh },
    users,
    tokens,
    auth,
  };
}
