import { Clock } from '../src/common/time/clock';
import {
  COMPLETE_PLAN,
  MAJOR_GOVERNANCE,
  SUMMARY,
  buildRound,
  uploadPhoto,
} from './support/findings-fixture';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { webLogin } from './support/web-session';
import { startTestApp, TestApp } from './support/test-app';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('Verification and the 五个不放过 close-out gate', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  let localSupervisor: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).pinForTesting(new Date('2023-03-01T02:00:00Z'));
    org = await buildOrg(t);
    fx = await buildRound(t, org);
    await t
      .http()
      .post('/api/v1/users')
      .set(org.auth(org.tokens.ADMIN))
      .send({
        username: 'localsup',
        displayName: '热电分厂的督导员',
        roles: ['SUPERVISOR'],
        homeUnitId: org.units.power,
        password: TEST_PASSWORD,
      })
      .expect(201);
    localSupervisor = await login(t, 'localsup');
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const officer = () => as(org.tokens.UNIT_OFFICER);
  const supervisor = () => as(org.tokens.SUPERVISOR);
  const leader = () => as(org.tokens.SUPERVISION_LEADER);

  async function evidence(findingId: number, token = org.tokens.SUPERVISOR): Promise<number> {
    const res = await t
      .http()
      .post(`/api/v1/findings/${findingId}/evidence`)
      .set(org.auth(token))
      .field('kind', 'REVIEW')
      .attach('file', PNG, { filename: '复查照片.png' })
      .expect(201);
    return res.body.id;
  }

  /** A finding walked to PENDING_VERIFICATION by the unit. */
  async function pending(overrides: Record<string, unknown> = {}) {
    const f = await fx.logFinding(overrides);
    await officer().post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(200);
    await uploadPhoto(t, org, f.id);
    await officer().post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    return f;
  }

  type Rule = 1 | 2 | 3 | 4 | 5;
  /** Records what each rule needs, except the rules listed in `skip` (2–5). Ends VERIFIED. */
  async function verifiedWith(skip: Rule[] = [], overrides: Record<string, unknown> = {}) {
    const f = await pending(overrides);
    const evidenceIds = [await evidence(f.id)];
    await supervisor()
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-02-28',
        notes: '现场复查，积尘已清理',
        evidenceIds,
      })
      .expect(200);
    if (!skip.includes(2)) {
      await office()
        .post(`/api/v1/findings/${f.id}/sweep`, {
          checkedUnitIds: [org.units.smelter, org.units.power],
          checkedBy: '安全环保健康部',
          result: 'NONE_FOUND',
          sweptOn: '2023-02-25',
        })
        .expect(201);
    }
    if (!skip.includes(3)) {
      await officer()
        .post(`/api/v1/findings/${f.id}/mechanisms`, {
          kind: 'MECHANISM',
          title: '皮带廊清扫管理规定（修订）',
          documentNumber: 'A-AQ-ZD-2023-07',
          effectiveDate: '2023-02-20',
        })
        .expect(201);
    }
    if (!skip.includes(4)) {
      await supervisor()
        .post(`/api/v1/findings/${f.id}/accountability`, {
          kind: 'ACTION',
          personName: '燃化工区主任',
          action: 'CRITICISM',
          decidedBy: '公司安委会',
          decidedOn: '2023-02-26',
        })
        .expect(201);
    }
    if (!skip.includes(5)) {
      await supervisor()
        .post(`/api/v1/findings/${f.id}/satisfaction`, {
          representatives: '职工代表 李师傅',
          method: '现场座谈',
          confirmedOn: '2023-02-27',
          satisfied: true,
        })
        .expect(201);
    }
    return f;
  }

  it('closes a finding when all five rules hold, and closed is final', async () => {
    const f = await verifiedWith();
    const gate = await office().get(`/api/v1/findings/${f.id}/closeout`).expect(200);
    expect(gate.body.canClose).toBe(true);
    expect(
      gate.body.rules.map((r: { number: number; satisfied: boolean }) => [r.number, r.satisfied]),
    ).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
      [5, true],
    ]);
    expect(gate.body.rules[2].detail).toContain('A-AQ-ZD-2023-07');
    const closed = await supervisor().post(`/api/v1/findings/${f.id}/closeout`).expect(200);
    expect(closed.body.status).toBe('CLOSED');
    await supervisor().post(`/api/v1/findings/${f.id}/closeout`).expect(409);
    await office().post(`/api/v1/findings/${f.id}/cancel`, { reason: '作废试试' }).expect(409);
    await supervisor()
      .post(`/api/v1/findings/${f.id}/satisfaction`, {
        representatives: 'x 代表',
        method: '现场询问',
        confirmedOn: '2023-02-27',
        satisfied: false,
      })
      .expect(409);
  });

  // Rule 1 can no longer be unmet on a VERIFIED finding through the API (a PASS needs evidence and an independent
  // group member): test/closeout-rules.e2e-spec.ts covers it, and the gate's unit test every way it can fail.
  it.each([2, 3, 4, 5] as Rule[])(
    'refuses close-out when rule %i alone is unmet, naming it by number, code and words',
    async (n) => {
      const f = await verifiedWith([n]);
      const res = await supervisor().post(`/api/v1/findings/${f.id}/closeout`).expect(409);
      expect(res.body.code).toBe('CLOSEOUT_RULES_UNMET');
      const words = [
        '整改不彻底不放过',
        '同类问题没有消除不放过',
        '长效机制不健全不放过',
        '相关责任人没有受到处理不放过',
        '员工和群众不满意不放过',
      ];
      expect(res.body.details.unmet).toEqual([
        expect.objectContaining({ number: n, code: expect.any(String), text: words[n - 1] }),
      ]);
      expect(res.body.message).toContain(`第${n}条 ${words[n - 1]}`);
      expect((await office().get(`/api/v1/findings/${f.id}`)).body.status).toBe('VERIFIED');
    },
  );

  it('lists every unmet rule at once', async () => {
    const f = await pending();
    await supervisor()
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-02-28',
        notes: '复查通过',
        evidenceIds: [await evidence(f.id)],
      })
      .expect(200);
    const res = await supervisor().post(`/api/v1/findings/${f.id}/closeout`).expect(409);
    expect(res.body.details.unmet.map((r: { number: number }) => r.number)).toEqual([2, 3, 4, 5]);
  });

  it('shows the gate to the responsible unit and answers "not found" to a unit of another company', async () => {
    const f = await pending();
    const own = await officer().get(`/api/v1/findings/${f.id}/closeout`).expect(200);
    expect(own.body).toMatchObject({
      findingId: f.id,
      code: f.code,
      status: 'PENDING_VERIFICATION',
      canClose: false,
    });
    expect(own.body.rules.map((r: { satisfied: boolean }) => r.satisfied)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const other = await as(await login(t, 'otherofficer'))
      .get(`/api/v1/findings/${f.id}/closeout`)
      .expect(404);
    expect(other.body.code).toBe('NOT_FOUND');
    await office().get('/api/v1/findings/999999/closeout').expect(404);
  });

  it('keeps rule 2 unmet while a similar finding is still open', async () => {
    const f = await verifiedWith([2]);
    const other = await fx.logFinding({
      unitId: org.units.smelter,
      description: '3号皮带廊积尘严重，未定期清扫',
    });
    await office()
      .post(`/api/v1/findings/${f.id}/sweep`, {
        checkedUnitIds: [org.units.smelter],
        checkedBy: '电解厂',
        result: 'SIMILAR_FOUND',
        similarFindingIds: [other.id],
        sweptOn: '2023-02-25',
      })
      .expect(201);
    const gate = await office().get(`/api/v1/findings/${f.id}/closeout`).expect(200);
    expect(gate.body.rules[1]).toMatchObject({ number: 2, satisfied: false });
    expect(gate.body.rules[1].detail).toContain(other.code);
    // The linked finding's own history shows the link as well (it holds up its close-out too), once.
    const history = async (id: number) =>
      (await office().get(`/api/v1/audit-log?entityType=Finding&entityId=${id}`).expect(200)).body.items
        .filter((e: { action: string }) => e.action === 'SIMILAR_LINKED')
        .map((e: { changes: { linked: { after: unknown } } }) => e.changes.linked.after);
    expect(await history(other.id)).toEqual([[f.id]]);
    await office()
      .post(`/api/v1/findings/${f.id}/similar`, { findingIds: [other.id] })
      .expect(200);
    expect(await history(other.id)).toHaveLength(1); // linked already: nothing new to log on its side
    await office().post(`/api/v1/findings/${other.id}/cancel`, { reason: '并入主问题整改' }).expect(200);
    await supervisor().post(`/api/v1/findings/${f.id}/closeout`).expect(200);
  });

  it('lets a unit link only its own subtree’s findings as similar, and names no other unit’s finding in its gate', async () => {
    const f = await fx.logFinding({ description: '热电分厂输煤皮带廊积尘' });
    const elsewhere = await fx.logFinding({ unitId: org.units.smelter, description: '电解厂皮带廊积尘' });
    const sweep = (ids: number[]) => ({
      checkedUnitIds: [org.units.power],
      checkedBy: '热电安全员',
      result: 'SIMILAR_FOUND',
      similarFindingIds: ids,
      sweptOn: '2023-02-25',
    });
    // Another unit's finding is refused as a missing one is: the unit learns nothing of it, and cannot hold up its
    // close-out (rule 2 waits for every finding linked as similar).
    const refused = await officer()
      .post(`/api/v1/findings/${f.id}/sweep`, sweep([elsewhere.id]))
      .expect(400);
    const missing = await officer()
      .post(`/api/v1/findings/${f.id}/sweep`, sweep([999999]))
      .expect(400);
    expect(refused.body.details).toEqual(missing.body.details);
    expect(refused.body.details).toEqual([{ field: 'similarFindingIds', messages: [expect.any(String)] }]);
    const linked = await office().get(`/api/v1/findings/${elsewhere.id}`).expect(200);
    expect(linked.body.similar).toEqual([]);

    // The safety office may link them; the unit's gate then counts the open one without naming it.
    await office()
      .post(`/api/v1/findings/${f.id}/sweep`, sweep([elsewhere.id]))
      .expect(201);
    const own = await officer().get(`/api/v1/findings/${f.id}/closeout`).expect(200);
    expect(own.body.rules[1].detail).toBe(
      '同类问题未全部销号：其他单位的问题 1 项 / Similar findings still open',
    );
    const office_ = await office().get(`/api/v1/findings/${f.id}/closeout`).expect(200);
    expect(office_.body.rules[1].detail).toContain(elsewhere.code);
  });

  it('lets only the 组长/副组长 of the finding’s supervision group close a MAJOR finding', async () => {
    // A MAJOR plan needs interim controls and the stop decision; the unit head records it directly.
    const m = await fx.logFinding({
      level: 'MAJOR',
      responsibleLeader: '分管副总',
      description: '燃气调压站阀门井内积水，燃气泄漏报警仪失效',
    });
    await as(org.tokens.UNIT_HEAD)
      .post(`/api/v1/findings/${m.id}/plan`, {
        ...COMPLETE_PLAN,
        interimControls: '设警戒区，专人监护',
        stopProduction: false,
        ...MAJOR_GOVERNANCE,
      })
      .expect(200);
    await uploadPhoto(t, org, m.id);
    await officer().post(`/api/v1/findings/${m.id}/summary`, SUMMARY).expect(200);
    await supervisor()
      .post(`/api/v1/findings/${m.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-02-28',
        notes: '复查通过',
        evidenceIds: [await evidence(m.id)],
      })
      .expect(200);
    await office()
      .post(`/api/v1/findings/${m.id}/sweep`, {
        checkedUnitIds: [org.units.power],
        checkedBy: '热电分厂',
        result: 'NONE_FOUND',
        sweptOn: '2023-02-25',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${m.id}/mechanisms`, {
        kind: 'EXISTING_SUFFICIENT',
        title: '现行燃气设施巡检制度已覆盖，属执行不到位',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${m.id}/accountability`, {
        kind: 'ACTION',
        personName: '燃气工区主任',
        action: 'ECONOMIC',
        amountYuan: 2000,
        decidedBy: '公司安委会',
        decidedOn: '2023-02-26',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${m.id}/satisfaction`, {
        representatives: '职工代表',
        method: '座谈',
        confirmedOn: '2023-02-27',
        satisfied: true,
      })
      .expect(201);
    // The plain member's page offers no 销号 form and says who closes it; the 组长's page offers the form.
    const page = async (username: string) =>
      (
        await t
          .http()
          .get(`/findings/${m.id}`)
          .set('Cookie', await webLogin(t, username, TEST_PASSWORD))
          .expect(200)
      ).text;
    const memberPage = await page('supervisor');
    expect(memberPage).toContain('五条均已落实，督导组可以销号。');
    expect(memberPage).not.toContain(`action="/findings/${m.id}/closeout"`);
    expect(memberPage).toContain('重大隐患须由督导组组长或副组长销号');
    const leaderPage = await page('leader');
    expect(leaderPage).toContain(`action="/findings/${m.id}/closeout"`);
    expect(leaderPage).not.toContain('您不能销号');
    const refused = await supervisor().post(`/api/v1/findings/${m.id}/closeout`).expect(403);
    expect(refused.body.code).toBe('GROUP_LEADER_REQUIRED');
    expect(refused.body.message).toContain('重大隐患');
    await leader().post(`/api/v1/findings/${m.id}/closeout`).expect(200);
  });

  it('refuses a verifier from the responsible unit, and a unit stating its own mechanism suffices', async () => {
    const f = await pending();
    const res = await as(localSupervisor)
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-02-28',
        notes: '自己复查自己',
      })
      .expect(403);
    expect(res.body.code).toBe('VERIFIER_FROM_RESPONSIBLE_UNIT');
    await officer()
      .post(`/api/v1/findings/${f.id}/mechanisms`, {
        kind: 'EXISTING_SUFFICIENT',
        title: '我们觉得现有制度够了',
      })
      .expect(403);
    await officer()
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-02-28',
        notes: 'x',
      })
      .expect(403);
  });

  it('refuses a 复查 dated after today, naming it with a PASS’s missing evidence in one answer, and writes nothing', async () => {
    const f = await pending();
    const before = await t.db.query(`SELECT count(*)::int AS n FROM change_events`);
    const res = await supervisor()
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-03-02',
        notes: '现场复查，积尘已清理',
      })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['verifiedOn', 'evidenceIds']);
    expect(res.body.details[0].messages[0]).toContain('复查日期不能晚于今天（2023-03-01）');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM change_events`)).toEqual(before);
    const seen = await officer().get(`/api/v1/findings/${f.id}`).expect(200);
    expect(seen.body.status).toBe('PENDING_VERIFICATION');
    // Today itself is fine.
    await supervisor()
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-03-01',
        notes: '现场复查，积尘已清理',
        evidenceIds: [await evidence(f.id)],
      })
      .expect(200);
  });

  it('sends a failed verification back to RECTIFYING with the reason the unit sees, and assesses the unit', async () => {
    const f = await pending();
    const failed = await supervisor()
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'FAIL',
        verifiedOn: '2023-02-28',
        notes: '托辊下仍有积尘，喷淋未投运',
      })
      .expect(200);
    // The supervisor's change and the assessment the rule made in the same transaction (recorded as the system) both
    // name the request that caused them.
    const logged: { action: string; actor_id: number | null; request_id: string }[] = await t.db.query(
      `SELECT action, actor_id, request_id FROM change_events
        WHERE seq > (SELECT max(seq) - 10 FROM change_events)
          AND ((entity_type = 'Finding' AND entity_id = $1) OR action = 'ASSESSMENT_CREATED')
        ORDER BY seq`,
      [String(f.id)],
    );
    const requestId = failed.headers['x-request-id'];
    expect(
      logged.filter((e) => e.request_id === requestId).map((e) => [e.action, e.actor_id === null]),
    ).toEqual([
      ['VERIFICATION_FAILED', false],
      ['ASSESSMENT_CREATED', true],
    ]);
    const seen = await officer().get(`/api/v1/findings/${f.id}`).expect(200);
    expect(seen.body).toMatchObject({ status: 'RECTIFYING', returnReason: '托辊下仍有积尘，喷淋未投运' });
    const assessments = await officer().get(`/api/v1/assessments?findingId=${f.id}`).expect(200);
    expect(assessments.body.items).toEqual([
      expect.objectContaining({
        reason: 'FAILED_VERIFICATION',
        unitId: org.units.power,
        reasonLabel: '复查不通过',
      }),
    ]);
  });

  it('lets exactly one of two supervisors closing at once succeed, with one change-log event', async () => {
    const f = await verifiedWith();
    const results = await Promise.all([
      supervisor().post(`/api/v1/findings/${f.id}/closeout`),
      leader().post(`/api/v1/findings/${f.id}/closeout`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM change_events WHERE entity_id = $1 AND action = 'FINDING_CLOSED'`,
      [String(f.id)],
    );
    expect(n).toBe(1);
  });

  it('links a recurrence: a RECURRENCE assessment, and rule 4 must cover the earlier finding’s persons', async () => {
    const earlier = await verifiedWith([], {
      responsiblePerson: '原燃化工区主任',
      description: '皮带廊托辊积尘严重',
    });
    await supervisor().post(`/api/v1/findings/${earlier.id}/closeout`).expect(200);

    const again = await fx.logFinding({
      description: '皮带廊托辊积尘严重，清扫制度未执行',
      responsiblePerson: '燃化工区主任',
    });
    const suggestions = await office().get(`/api/v1/findings/${again.id}/suggestions`).expect(200);
    expect(suggestions.body.recurrence.map((s: { id: number }) => s.id)).toContain(earlier.id);
    await office()
      .post(`/api/v1/findings/${again.id}/recurrence-of`, { earlierFindingId: earlier.id })
      .expect(200);
    const assessed = await office()
      .get(`/api/v1/assessments?reason=RECURRENCE&findingId=${again.id}`)
      .expect(200);
    expect(assessed.body.items).toEqual([
      expect.objectContaining({ unitId: org.units.power, personNames: ['原燃化工区主任'] }),
    ]);

    await officer().post(`/api/v1/findings/${again.id}/plan`, COMPLETE_PLAN).expect(200);
    await uploadPhoto(t, org, again.id);
    await officer().post(`/api/v1/findings/${again.id}/summary`, SUMMARY).expect(200);
    await supervisor()
      .post(`/api/v1/findings/${again.id}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-02-28',
        notes: '复查通过',
        evidenceIds: [await evidence(again.id)],
      })
      .expect(200);
    await office()
      .post(`/api/v1/findings/${again.id}/sweep`, {
        checkedUnitIds: [org.units.power],
        checkedBy: '热电分厂',
        result: 'NONE_FOUND',
        sweptOn: '2023-02-25',
      })
      .expect(201);
    await officer()
      .post(`/api/v1/findings/${again.id}/mechanisms`, {
        kind: 'MECHANISM',
        title: '清扫责任制',
        documentNumber: 'A-AQ-2023-09',
        effectiveDate: '2023-02-20',
      })
      .expect(201);
    await office()
      .post(`/api/v1/findings/${again.id}/satisfaction`, {
        representatives: '职工代表',
        method: '问卷',
        confirmedOn: '2023-02-27',
        satisfied: true,
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${again.id}/accountability`, {
        kind: 'ACTION',
        personName: '燃化工区主任',
        action: 'NOTICE_CRITICISM',
        decidedBy: '公司安委会',
        decidedOn: '2023-02-26',
      })
      .expect(201);
    const refused = await supervisor().post(`/api/v1/findings/${again.id}/closeout`).expect(409);
    expect(refused.body.details.unmet).toEqual([expect.objectContaining({ number: 4 })]);
    expect(refused.body.details.unmet[0].detail).toContain('原燃化工区主任');
    await supervisor()
      .post(`/api/v1/findings/${again.id}/accountability`, {
        kind: 'ACTION',
        personName: '原燃化工区主任',
        action: 'ECONOMIC',
        amountYuan: 500,
        decidedBy: '公司安委会',
        decidedOn: '2023-02-26',
      })
      .expect(201);
    await supervisor().post(`/api/v1/findings/${again.id}/closeout`).expect(200);
  });

  it('suggests a Chinese near-duplicate in another unit, and not an unrelated finding', async () => {
    const here = await fx.logFinding({ description: '2号皮带廊地面及托辊积尘严重，未按规定定期清扫' });
    const nearDuplicate = await fx.logFinding({
      unitId: org.units.smelter,
      description: '燃料输送皮带廊托辊下积尘较厚，未及时清理',
    });
    const unrelated = await fx.logFinding({
      unitId: org.units.smelter,
      description: '配电室电气抽屉开关发热',
    });
    const otherCategory = await fx.logFinding({
      unitId: org.units.smelter,
      description: '皮带廊积尘严重',
      category: 'ENVIRONMENTAL',
      tags: [],
    });
    const res = await office().get(`/api/v1/findings/${here.id}/suggestions`).expect(200);
    const ids = res.body.similar.map((s: { id: number }) => s.id);
    expect(ids).toContain(nearDuplicate.id);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).toContain(otherCategory.id); // text decides; the category only raises the score (issue 16, 14)
    expect(res.body.similar.every((s: { unitId: number }) => s.unitId !== org.units.power)).toBe(true);
    const preview = await office()
      .post('/api/v1/findings/suggestions', {
        unitId: org.units.power,
        description: '重要危险源未设公示牌',
        category: 'UNSAFE_CONDITION',
      })
      .expect(200);
    expect(preview.body.similar.map((s: { id: number }) => s.id)).not.toContain(nearDuplicate.id);
  });

  it('closes a round only when every finding is closed or cancelled; assessments and notices are scoped', async () => {
    const open = await office().post(`/api/v1/rounds/${fx.roundId}/close`).expect(409);
    expect(open.body.code).toBe('ROUND_HAS_OPEN_FINDINGS');
    const all = await office()
      .get(
        `/api/v1/findings?roundId=${fx.roundId}&status=ASSIGNED,RECTIFYING,PENDING_VERIFICATION,VERIFIED&limit=200`,
      )
      .expect(200);
    for (const f of all.body.items as { id: number }[])
      await office().post(`/api/v1/findings/${f.id}/cancel`, { reason: '测试结束，作废' }).expect(200);
    await office().post(`/api/v1/rounds/${fx.roundId}/close`).expect(200);
    await expect(fx.logFinding()).rejects.toThrow('ROUND_CLOSED');

    const mine = await officer().get('/api/v1/assessments').expect(200);
    expect(mine.body.total).toBeGreaterThan(0);
    expect(mine.body.items.every((a: { unitId: number }) => a.unitId === org.units.power)).toBe(true);
    expect((await as(org.tokens.otherUnitOfficer).get('/api/v1/assessments').expect(200)).body.total).toBe(0);
    const notice = await office()
      .post('/api/v1/notices', {
        title: '关于督察问题整改情况的通报',
        documentNumber: '安环〔2023〕5号',
        body: '现将整改不力情况通报如下。',
        assessmentIds: mine.body.items.map((a: { id: number }) => a.id),
      })
      .expect(201);
    await officer().get(`/api/v1/notices/${notice.body.id}`).expect(404); // a draft is not visible to units
    await office().post(`/api/v1/notices/${notice.body.id}/publish`).expect(200);
    const read = await officer().get(`/api/v1/notices/${notice.body.id}`).expect(200);
    expect(read.body.assessments.length).toBe(mine.body.total);
  });
});
