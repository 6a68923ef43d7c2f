import { sendBackEvidenceLessPasses } from '../migrations/1796310000000-VerificationRules';
import { Clock } from '../src/common/time/clock';
import {
  COMPLETE_PLAN,
  MAJOR_GOVERNANCE,
  SUMMARY,
  buildRound,
  uploadPhoto,
} from './support/findings-fixture';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 16, points 1–5: verification (复查) and close-out (销号) walked as each user would — who may verify, who may
 * close, what a PASS and a summary need, and who records the employees' and public's satisfaction (rule 5).
 */
describe('Verification and close-out rules (issue 16, 1–5)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  let fuelArea: number;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, number> = {};

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const admin = () => as(org.tokens.ADMIN);
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const officer = () => as(org.tokens.UNIT_OFFICER);
  const supervisor = () => as(org.tokens.SUPERVISOR);
  const leader = () => as(org.tokens.SUPERVISION_LEADER);

  async function person(username: string, displayName: string, roles: string[], homeUnitId: number) {
    const res = await admin()
      .post('/api/v1/users', { username, displayName, roles, homeUnitId, password: TEST_PASSWORD })
      .expect(201);
    userIds[username] = res.body.user.id;
    tokens[username] = await login(t, username);
  }
  const joinGroup = (groupId: number, username: string, position: string) =>
    admin()
      .post(`/api/v1/supervision-groups/${groupId}/members`, { userId: userIds[username], position })
      .expect(201);

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).pinForTesting(new Date('2023-03-01T02:00:00Z'));
    org = await buildOrg(t);
    fx = await buildRound(t, org);
    fuelArea = (
      await admin()
        .post('/api/v1/units', {
          code: 'A-RDFC-RH',
          name: '燃化工区',
          kind: 'WORK_AREA',
          parentId: org.units.power,
        })
        .expect(201)
    ).body.id;
    // Group members from the responsible 二级单位 (热电分厂 itself, and its 燃化工区), one from the company itself.
    await person('parentsup', '热电分厂督导员', ['SUPERVISOR'], org.units.power);
    await person('siblingsup', '燃化工区督导员', ['SUPERVISOR'], fuelArea);
    await person('companysup', '公司督导员', ['SUPERVISOR'], org.units.companyA);
    // Not in the group at all; a SUPERVISION_LEADER who is a plain 成员 of the group; one who is in no group.
    await person('outsider', '组外督导员', ['SUPERVISOR'], org.units.safetyDept);
    await person('rolelead', '成员身份的组长角色', ['SUPERVISION_LEADER'], org.units.safetyDept);
    await person('otherlead', '别组组长', ['SUPERVISION_LEADER'], org.units.safetyDept);
    for (const u of ['parentsup', 'siblingsup', 'companysup', 'rolelead'])
      await joinGroup(fx.groupId!, u, 'MEMBER');
  });
  afterAll(() => t.close());

  /** A finding the unit rectified (plan, after photo, summary), waiting for verification. */
  async function pending(overrides: Record<string, unknown> = {}, logFinding = fx.logFinding) {
    const f = await logFinding(overrides);
    const plan =
      overrides.level === 'MAJOR'
        ? { interimControls: '设警戒区', stopProduction: false, ...MAJOR_GOVERNANCE }
        : {};
    await as(overrides.level === 'MAJOR' ? org.tokens.UNIT_HEAD : org.tokens.UNIT_OFFICER)
      .post(`/api/v1/findings/${f.id}/plan`, { ...COMPLETE_PLAN, ...plan })
      .expect(200);
    await uploadPhoto(t, org, f.id);
    await officer().post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    return f;
  }

  /** A PASS with a fresh verification photo, as `token`; expects `expected` and returns the response. */
  const pass = async (token: string, findingId: number, expected: number) => {
    const evidenceIds = [await uploadPhoto(t, org, findingId, org.tokens.SUPERVISOR, 'REVIEW')];
    return as(token)
      .post(`/api/v1/findings/${findingId}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-02-28',
        notes: '现场复查，整改到位',
        evidenceIds,
      })
      .expect(expected);
  };

  /** Rules 2–5 recorded as the office and the group would. */
  async function recordRules2to5(findingId: number) {
    await office()
      .post(`/api/v1/findings/${findingId}/sweep`, {
        checkedUnitIds: [org.units.power],
        checkedBy: '安全环保健康部',
        result: 'NONE_FOUND',
        sweptOn: '2023-02-25',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${findingId}/mechanisms`, {
        kind: 'EXISTING_SUFFICIENT',
        title: '现行制度已覆盖',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${findingId}/accountability`, {
        kind: 'NO_FAULT',
        details: '设备老化所致，无人员过错',
        decidedBy: '督导组',
        decidedOn: '2023-02-26',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${findingId}/satisfaction`, {
        representatives: '职工代表 李师傅',
        method: '现场座谈',
        confirmedOn: '2023-02-27',
        satisfied: true,
      })
      .expect(201);
  }

  const gate = async (findingId: number) =>
    (await office().get(`/api/v1/findings/${findingId}/closeout`).expect(200)).body as {
      canClose: boolean;
      rules: { number: number; satisfied: boolean; detail: string }[];
    };
  const status = async (findingId: number) =>
    (await office().get(`/api/v1/findings/${findingId}`).expect(200)).body.status as string;

  /** A round of `companyUnitId`, started, with or without a supervision group, and a way to log findings in it. */
  async function round(companyUnitId: number, name: string, supervisionGroupId?: number) {
    const r = await office()
      .post('/api/v1/rounds', {
        name,
        kind: 'COMPANY_CHECK',
        domain: 'SAFETY',
        companyUnitId,
        auditTeam: '公司安全检查组',
        startDate: '2023-01-15',
        endDate: '2023-01-16',
        ...(supervisionGroupId ? { supervisionGroupId } : {}),
      })
      .expect(201);
    expect((await office().post(`/api/v1/rounds/${r.body.id}/start`)).status).toBeLessThan(300);
    return async (overrides: Record<string, unknown> = {}) =>
      (
        await office()
          .post('/api/v1/findings', {
            roundId: r.body.id,
            unitId: org.units.power,
            description: '配电室电缆沟盖板缺失',
            location: '热电分厂配电室',
            level: 'GENERAL',
            category: 'UNSAFE_CONDITION',
            tags: ['电气'],
            source: 'COMPANY_CHECK',
            foundDate: '2023-01-15',
            foundBy: '公司安全检查组',
            deadline: '2023-03-31',
            responsiblePerson: '热电分厂主任',
            ...overrides,
          })
          .expect(201)
      ).body as { id: number; code: string; status: string; version: number };
  }

  it('issue 16, 1: the parent 二级单位 and a sibling 工区 may not verify; a company-level department may, and rule 1 of the gate applies the same rule', async () => {
    const f = await pending({ unitId: org.units.powerElectric });
    for (const who of ['parentsup', 'siblingsup']) {
      const res = await pass(tokens[who], f.id, 403);
      expect(res.body.code).toBe('VERIFIER_FROM_RESPONSIBLE_UNIT');
      expect(res.body.message).toContain('热电分厂');
    }
    expect(await status(f.id)).toBe('PENDING_VERIFICATION');
    await pass(org.tokens.SUPERVISOR, f.id, 200); // 安全环保健康部, a company-level department
    expect((await gate(f.id)).rules[0]).toMatchObject({ number: 1, satisfied: true });

    // A verification recorded under the old rule by someone of 热电分厂: the gate no longer counts it.
    await t.db.query(
      `UPDATE verifications SET verifier_unit_id = $2
        WHERE id = (SELECT max(id) FROM verifications WHERE finding_id = $1)`,
      [f.id, org.units.power],
    );
    const rule1 = (await gate(f.id)).rules[0];
    expect(rule1).toMatchObject({ number: 1, satisfied: false });
    expect(rule1.detail).toContain('二级单位');

    // The company itself (not a 二级单位) may verify too.
    const g = await pending({ unitId: org.units.powerElectric });
    await pass(tokens.companysup, g.id, 200);
  });

  it('issue 16, 2: only members of the round’s supervision group verify and close; a MAJOR close-out needs its 组长 or 副组长, not the role', async () => {
    const f = await pending();
    const refused = await pass(tokens.outsider, f.id, 403);
    expect(refused.body.code).toBe('NOT_SUPERVISION_GROUP_MEMBER');
    await pass(org.tokens.SUPERVISOR, f.id, 200);
    await recordRules2to5(f.id);
    expect((await gate(f.id)).canClose).toBe(true);
    const notMember = await as(tokens.outsider).post(`/api/v1/findings/${f.id}/closeout`).expect(403);
    expect(notMember.body.code).toBe('NOT_SUPERVISION_GROUP_MEMBER');
    await as(tokens.otherlead).post(`/api/v1/findings/${f.id}/closeout`).expect(403);
    await as(tokens.rolelead).post(`/api/v1/findings/${f.id}/closeout`).expect(200); // a member may close a GENERAL one

    const m = await pending({
      level: 'MAJOR',
      responsibleLeader: '分管副总',
      description: '燃气调压站泄漏报警仪失效',
    });
    await pass(org.tokens.SUPERVISOR, m.id, 200);
    await recordRules2to5(m.id);
    const roleOnly = await as(tokens.rolelead).post(`/api/v1/findings/${m.id}/closeout`).expect(403);
    expect(roleOnly.body.code).toBe('GROUP_LEADER_REQUIRED');
    expect(roleOnly.body.message).toContain('组长或副组长');
    const otherGroupLeader = await as(tokens.otherlead).post(`/api/v1/findings/${m.id}/closeout`).expect(403);
    expect(otherGroupLeader.body.code).toBe('NOT_SUPERVISION_GROUP_MEMBER');
    expect(await status(m.id)).toBe('VERIFIED');
    await leader().post(`/api/v1/findings/${m.id}/closeout`).expect(200); // the group's 组长
  });

  it('issue 16, 2: a round without a group is supervised by the groups covering its company (office there, or another of its rounds); none → nobody verifies', async () => {
    const logA = await round(org.units.companyA, '2023年1月热电分厂专项检查');
    const a = await pending({}, logA);
    expect((await pass(tokens.outsider, a.id, 403)).body.code).toBe('NOT_SUPERVISION_GROUP_MEMBER');
    await pass(org.tokens.SUPERVISOR, a.id, 200);

    const logB = await round(org.units.companyB, '2023年1月宏泰事业部专项检查');
    const b = await logB({ unitId: org.units.flyAsh });
    await as(org.tokens.otherUnitOfficer).post(`/api/v1/findings/${b.id}/plan`, COMPLETE_PLAN).expect(200);
    await uploadPhoto(t, org, b.id, org.tokens.otherUnitOfficer);
    await as(org.tokens.otherUnitOfficer).post(`/api/v1/findings/${b.id}/summary`, SUMMARY).expect(200);
    const none = await pass(org.tokens.SUPERVISOR, b.id, 403);
    expect(none.body.code).toBe('NOT_SUPERVISION_GROUP_MEMBER');
    expect(none.body.message).toContain('没有覆盖');
    // Once company A's group supervises a round of company B, it covers B's rounds that name no group.
    await round(org.units.companyB, '2023年1月宏泰事业部督察', fx.groupId!);
    await pass(org.tokens.SUPERVISOR, b.id, 200);
  });

  it('issue 16, 3: a PASS without evidence is refused naming the field; a VERIFIED finding may be verified again; old evidence-less PASSes are sent back', async () => {
    const f = await pending();
    const bare = await supervisor()
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-02-28',
        notes: '看过了',
      })
      .expect(400);
    expect(bare.body.code).toBe('VALIDATION_FAILED');
    expect(bare.body.details).toEqual([expect.objectContaining({ field: 'evidenceIds' })]);
    expect(await status(f.id)).toBe('PENDING_VERIFICATION');
    await pass(org.tokens.SUPERVISOR, f.id, 200);
    const again = await pass(org.tokens.SUPERVISOR, f.id, 200); // verified again from VERIFIED
    expect(again.body.findingStatus).toBe('VERIFIED');

    // Data from before the rule: a VERIFIED finding whose latest PASS has no evidence (the gate refuses it for
    // rule 1). The migration sends it back to the group's queue with a change-log entry; the chain still holds.
    const old = await pending();
    await pass(org.tokens.SUPERVISOR, old.id, 200);
    await t.db.query(`UPDATE verifications SET evidence_ids = '{}' WHERE finding_id = $1`, [old.id]);
    await recordRules2to5(old.id);
    expect((await gate(old.id)).rules[0]).toMatchObject({ satisfied: false });
    const sentBack = await t.db.transaction((m) => sendBackEvidenceLessPasses(m));
    expect(sentBack).toEqual([old.id]);
    expect(await status(old.id)).toBe('PENDING_VERIFICATION');
    const history = await office().get(`/api/v1/audit-log?entityType=Finding&entityId=${old.id}`).expect(200);
    expect(history.body.items[0]).toMatchObject({ action: 'VERIFICATION_VOIDED_NO_EVIDENCE' });
    expect((await admin().get('/api/v1/audit-log/verify').expect(200)).body.ok).toBe(true);
    await pass(org.tokens.SUPERVISOR, old.id, 200);
    await supervisor().post(`/api/v1/findings/${old.id}/closeout`).expect(200);
  });

  it('issue 16, 4: a summary needs an after-photo or document attached since the plan, or the on-the-spot fix’s evidence', async () => {
    const f = await fx.logFinding();
    const clock = t.app.get(Clock);
    clock.pinForTesting(new Date('2023-02-20T02:00:00Z'));
    await uploadPhoto(t, org, f.id, org.tokens.UNIT_OFFICER, 'AFTER'); // before the plan: shows nothing done
    clock.pinForTesting(new Date('2023-03-01T02:00:00Z'));
    await officer().post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(200);
    await uploadPhoto(t, org, f.id, org.tokens.UNIT_OFFICER, 'BEFORE');
    const refused = await officer().post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(409);
    expect(refused.body.code).toBe('SUMMARY_EVIDENCE_MISSING');
    expect(refused.body.message).toContain('整改后照片');
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'evidenceIds' })]);
    expect(await status(f.id)).toBe('RECTIFYING');
    await uploadPhoto(t, org, f.id, org.tokens.UNIT_OFFICER, 'DOCUMENT');
    await officer().post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    expect(await status(f.id)).toBe('PENDING_VERIFICATION');

    const spot = await fx.logFinding({ description: '配电室门口堆放杂物' });
    const photo = await uploadPhoto(t, org, spot.id);
    await officer()
      .post(`/api/v1/findings/${spot.id}/plan`, {
        onTheSpot: true,
        onTheSpotEvidenceIds: [photo],
        measures: '当场清理杂物',
      })
      .expect(200);
    await officer().post(`/api/v1/findings/${spot.id}/summary`, SUMMARY).expect(200);
  });

  it('issue 16, 5: satisfaction is recorded by the group or the safety office (names, how asked, result); the unit only attaches the confirmation', async () => {
    const f = await pending();
    await pass(org.tokens.SUPERVISOR, f.id, 200);
    const body = {
      representatives: '职工代表 李师傅、王师傅',
      method: '现场座谈',
      confirmedOn: '2023-02-27',
      satisfied: true,
    };
    for (const unitRole of [org.tokens.UNIT_OFFICER, org.tokens.UNIT_HEAD])
      await as(unitRole).post(`/api/v1/findings/${f.id}/satisfaction`, body).expect(403);
    const sheet = await uploadPhoto(t, org, f.id, org.tokens.UNIT_OFFICER, 'DOCUMENT'); // the signed confirmation
    const noMethod = await supervisor()
      .post(`/api/v1/findings/${f.id}/satisfaction`, { ...body, method: undefined })
      .expect(400);
    expect(noMethod.body.details).toEqual([expect.objectContaining({ field: 'method' })]);
    await supervisor()
      .post(`/api/v1/findings/${f.id}/satisfaction`, { ...body, evidenceIds: [sheet] })
      .expect(201);
    const rule5 = (await gate(f.id)).rules[4];
    expect(rule5).toMatchObject({ number: 5, satisfied: true });
    expect(rule5.detail).toContain('现场座谈');
    expect(rule5.detail).toContain('李师傅');

    // A confirmation a unit recorded itself before the rule does not count.
    const g = await pending();
    await t.db.query(
      `INSERT INTO satisfaction_confirmations (finding_id, representatives, confirmed_on, satisfied, recorded_by_id)
       VALUES ($1, '本单位职工', '2023-02-27', true, $2)`,
      [g.id, org.users.unitofficer],
    );
    expect((await gate(g.id)).rules[4]).toMatchObject({ satisfied: false });
    await office()
      .post(`/api/v1/findings/${g.id}/satisfaction`, { ...body, method: '问卷调查' })
      .expect(201);
    expect((await gate(g.id)).rules[4]).toMatchObject({ satisfied: true });
  });
});
