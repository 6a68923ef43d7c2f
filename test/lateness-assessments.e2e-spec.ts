import { INestApplication } from '@nestjs/common';
import { Clock } from '../src/common/time/clock';
import { LatenessAssessmentsService } from '../src/findings/lateness-assessments.service';
import { bootTestApp } from './support/app-boot';
import { statementsSent } from './support/pg-statements';
import { buildRound, COMPLETE_PLAN, SUMMARY } from './support/findings-fixture';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface AssessmentItem {
  id: number;
  reason: string;
  reasonLabel: string;
  assessedOn: string;
  unitId: number;
  createdById: number | null;
  text: string;
}

/**
 * Issue 16 points 6–9: lateness is assessed once per deadline — OVERDUE by the overdue job when the deadline passes
 * with nothing handed in (exactly once across instances, catching up after downtime), LATE_RECTIFICATION when a late
 * summary comes first — extensions are asked for in time, and self-found problems are assessed only by hand.
 */
describe('Lateness and its assessment (issue 16, points 6–9)', () => {
  let t: TestApp;
  let second: INestApplication; // a second instance of the service on the same database
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;

  /** Both instances' clocks at the same instant (they share the database, as deployed instances do). */
  const at = (iso: string) => {
    t.app.get(Clock).pinForTesting(new Date(iso));
    second.get(Clock).pinForTesting(new Date(iso));
  };
  const jobOn = (app: INestApplication, instance: string) =>
    app.get(LatenessAssessmentsService).runOverdueJob(instance);
  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const officer = () => as(org.tokens.UNIT_OFFICER);
  const assessmentsOf = async (findingId: number, token = org.tokens.SAFETY_OFFICE) =>
    (await as(token).get(`/api/v1/assessments?findingId=${findingId}`).expect(200)).body
      .items as AssessmentItem[];
  const reasonsOf = async (findingId: number) => (await assessmentsOf(findingId)).map((a) => a.reason).sort();

  /** A finding of 热电分厂 with its 五落实 plan recorded (RECTIFYING), the deadline as given. */
  async function rectifying(deadline: string, overrides: Record<string, unknown> = {}) {
    const f = await fx.logFinding({ deadline, ...overrides });
    await officer()
      .post(`/api/v1/findings/${f.id}/plan`, { ...COMPLETE_PLAN, deadline })
      .expect(200);
    return f;
  }
  /** The unit hands in its summary with an "after" photo. */
  async function summary(findingId: number) {
    await t
      .http()
      .post(`/api/v1/findings/${findingId}/evidence`)
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .field('kind', 'AFTER')
      .attach('file', PNG, { filename: '整改后.png', contentType: 'image/png' })
      .expect(201);
    return (await officer().post(`/api/v1/findings/${findingId}/summary`, SUMMARY).expect(200)).body;
  }

  beforeAll(async () => {
    t = await startTestApp();
    second = await bootTestApp(t.databaseUrl);
    at('2023-02-14T02:00:00Z');
    org = await buildOrg(t);
    fx = await buildRound(t, org);
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('16.6: a finding whose deadline passes with nothing handed in is assessed OVERDUE once — two instances run the job at the same moment, one does the work — and the late summary adds nothing', async () => {
    at('2023-02-14T02:00:00Z');
    const f = await rectifying('2023-03-10', { description: '输煤栈桥照明灯具损坏，夜间巡检照度不足' });
    at('2023-03-10T15:59:59Z'); // 23:59:59 on the deadline day in Shanghai: not yet late
    await jobOn(t.app, 'instance-a');
    expect(await reasonsOf(f.id)).toEqual([]);

    at('2023-03-10T16:30:00Z'); // 00:30 on 11 March in Shanghai
    const [a, b] = await Promise.all([jobOn(t.app, 'instance-a'), jobOn(second, 'instance-b')]);
    expect([a.day, b.day].filter(Boolean)).toEqual(['2023-03-11']);
    expect([...a.assessed, ...b.assessed]).toEqual([f.code]);
    const seen = await assessmentsOf(f.id, org.tokens.UNIT_OFFICER); // the unit sees it too
    expect(seen).toEqual([
      expect.objectContaining({
        reason: 'OVERDUE',
        reasonLabel: '逾期未整改',
        assessedOn: '2023-03-11',
        unitId: org.units.power,
        createdById: null,
      }),
    ]);
    // Later runs, on either instance, change nothing.
    expect((await jobOn(second, 'instance-b')).day).toBeNull();
    at('2023-03-12T02:00:00Z');
    expect((await jobOn(t.app, 'instance-a')).assessed).toEqual([]);

    // The summary finally arrives: recorded as late, but that lateness is already assessed.
    at('2023-03-15T02:00:00Z');
    expect((await summary(f.id)).summary.late).toBe(true);
    expect(await reasonsOf(f.id)).toEqual(['OVERDUE']);
  });

  it('16.6: after downtime, the first run catches up on every deadline passed meanwhile, each dated the day after its deadline', async () => {
    at('2023-03-15T02:00:00Z');
    const first = await rectifying('2023-03-20', { description: '卸煤沟除尘器布袋破损，排放口可见粉尘' });
    const next = await fx.logFinding({ deadline: '2023-03-25', description: '输煤皮带跑偏开关失效未修复' });
    // No instance runs from 16 to 28 March (the service is down); the first start after it catches up.
    at('2023-03-28T02:00:00Z');
    const run = await jobOn(second, 'instance-b');
    expect(run.day).toBe('2023-03-28');
    expect(run.assessed).toEqual(expect.arrayContaining([first.code, next.code]));
    expect((await assessmentsOf(first.id)).map((x) => [x.reason, x.assessedOn])).toEqual([
      ['OVERDUE', '2023-03-21'],
    ]);
    expect((await assessmentsOf(next.id)).map((x) => [x.reason, x.assessedOn])).toEqual([
      ['OVERDUE', '2023-03-26'],
    ]);
  });

  it('16.7: after a failed verification, a second late summary does not assess the same lateness again (nor does the job)', async () => {
    at('2023-03-28T02:00:00Z');
    const f = await rectifying('2023-03-31', { description: '2号炉零米层电缆沟盖板缺失' });
    at('2023-04-03T02:00:00Z'); // late, before any job noticed
    expect((await summary(f.id)).summary.late).toBe(true);
    expect(await reasonsOf(f.id)).toEqual(['LATE_RECTIFICATION']);
    at('2023-04-05T02:00:00Z');
    await as(org.tokens.SUPERVISOR)
      .post(`/api/v1/findings/${f.id}/verifications`, {
        result: 'FAIL',
        verifiedOn: '2023-04-05',
        notes: '仍有两处盖板未恢复',
      })
      .expect(200);
    at('2023-04-06T02:00:00Z'); // back with the unit and overdue: the job does not assess it again
    expect((await office().get(`/api/v1/findings/${f.id}`).expect(200)).body.overdue).toBe(true);
    expect((await jobOn(t.app, 'instance-a')).assessed).not.toContain(f.code);
    at('2023-04-10T02:00:00Z');
    expect((await summary(f.id)).summary.late).toBe(true);
    expect(await reasonsOf(f.id)).toEqual(['FAILED_VERIFICATION', 'LATE_RECTIFICATION']);
  });

  it('issue 22: a late summary sends its reads, the automatic assessment, the outbox and the change log prepared', async () => {
    at('2023-04-20T02:00:00Z');
    const f = await rectifying('2023-04-25', { description: '2号皮带机尾部滚筒防护罩缺失' });
    await t
      .http()
      .post(`/api/v1/findings/${f.id}/evidence`)
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .field('kind', 'AFTER')
      .attach('file', PNG, { filename: '整改后.png', contentType: 'image/png' })
      .expect(201);
    at('2023-04-27T02:00:00Z'); // late: the summary is assessed LATE_RECTIFICATION and the unit heads are told

    // Every statement the service sends through pg while the summary is handled, and whether it went by a name.
    const sent = (
      await statementsSent(async () => {
        const res = await officer().post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
        expect(res.body.summary.late).toBe(true);
      })
    ).map((q) => ({ text: q.text, named: !!q.name }));
    expect(await reasonsOf(f.id)).toEqual(['LATE_RECTIFICATION']);

    // Fixed texts, each planned once per connection (issue 22); a plain tx.query would send them unnamed.
    const prepared: Record<string, RegExp> = {
      'the finding in scope, locked': /FROM "findings" "f".* FOR UPDATE/s,
      'the latest plan': /FROM "rectification_plans" "RectificationPlan"/,
      'the evidence times': /FROM "evidence_files" "EvidenceFile"/,
      'the finding updated (its changed columns)':
        /^UPDATE "findings" SET "status" = \$1, "version" = "version" \+ 1/,
      'the assessment inserted': /^INSERT INTO assessments/,
      'the assessment read back': /FROM "assessments" "Assessment"/,
      'the assessed unit': /FROM "units" "Unit" WHERE \(\("Unit"\."id" = \$1\)\) LIMIT 1/,
      'the recipients': /FROM users u LEFT JOIN units un/,
      'their preferences': /FROM "notification_preferences" "p" WHERE "p"\."user_id" = ANY\(\$1\)/,
      'the notifications': /^INSERT INTO notifications/,
      'the robots': /FROM notification_webhooks w/,
      'the reminders cancelled': /^UPDATE notification_deliveries d SET status/,
      'the change log entries (appended under the head in one statement)': /FROM append_change_events\(/,
    };
    for (const [what, pattern] of Object.entries(prepared)) {
      const hits = sent.filter((s) => pattern.test(s.text.trim()));
      expect({ what, sent: hits.length > 0, allNamed: hits.every((h) => h.named) }).toEqual({
        what,
        sent: true,
        allNamed: true,
      });
    }
  });

  it('16.8: an extension asked for after the deadline is refused with the reason; one asked in time holds the assessment until decided', async () => {
    at('2023-05-01T02:00:00Z');
    const approved = await rectifying('2023-05-10', { description: '脱硫塔检修平台护栏松动' });
    const rejected = await rectifying('2023-05-10', { description: '化学水处理间酸碱罐区洗眼器失效' });
    const tooLate = await rectifying('2023-05-10', { description: '汽机房行车限位器失灵' });
    for (const f of [approved, rejected])
      await officer()
        .post(`/api/v1/findings/${f.id}/extensions`, {
          requestedDeadline: '2023-06-10',
          reason: '备件到货延迟',
        })
        .expect(201);

    at('2023-05-11T02:00:00Z');
    const refused = await officer()
      .post(`/api/v1/findings/${tooLate.id}/extensions`, {
        requestedDeadline: '2023-06-10',
        reason: '人手不足',
      })
      .expect(409);
    expect(refused.body.code).toBe('EXTENSION_AFTER_DEADLINE');
    expect(refused.body.message).toContain('2023-05-10 已过');
    const run = await jobOn(t.app, 'instance-a');
    expect(run.assessed).toContain(tooLate.code);
    expect(run.assessed).not.toContain(approved.code);
    expect(run.assessed).not.toContain(rejected.code);

    // Decided after the deadline: approved, the new deadline counts and nothing is assessed; rejected, the lateness is.
    at('2023-05-12T02:00:00Z');
    const pendingOf = async (id: number) =>
      (await office().get(`/api/v1/findings/${id}`).expect(200)).body.extensions[0].id as number;
    await office()
      .post(`/api/v1/findings/${approved.id}/extensions/${await pendingOf(approved.id)}/decision`, {
        approve: true,
      })
      .expect(200);
    await office()
      .post(`/api/v1/findings/${rejected.id}/extensions/${await pendingOf(rejected.id)}/decision`, {
        approve: false,
        note: '理由不充分',
      })
      .expect(200);
    expect((await office().get(`/api/v1/findings/${approved.id}`).expect(200)).body).toMatchObject({
      deadline: '2023-06-10',
      overdue: false,
    });
    expect(await reasonsOf(approved.id)).toEqual([]);
    expect((await assessmentsOf(rejected.id)).map((x) => [x.reason, x.assessedOn])).toEqual([
      ['OVERDUE', '2023-05-11'],
    ]);
    at('2023-05-13T02:00:00Z');
    expect((await jobOn(second, 'instance-b')).assessed).toEqual([]);
  });

  it('16.9: a self-found problem handed in late is not assessed automatically, stays visible as overdue, and the safety office can assess it by hand', async () => {
    at('2023-06-01T02:00:00Z');
    const f = await rectifying('2023-06-10', {
      source: 'SELF_CHECK',
      foundBy: '热电分厂自查',
      description: '热电分厂自查：油库防静电接地线锈蚀断开',
    });
    at('2023-06-15T02:00:00Z');
    expect((await jobOn(t.app, 'instance-a')).assessed).not.toContain(f.code);
    const overdue = (
      await office().get(`/api/v1/findings?roundId=${fx.roundId}&overdue=true&source=SELF_CHECK`).expect(200)
    ).body.items.map((x: { code: string }) => x.code);
    expect(overdue).toContain(f.code);
    at('2023-06-16T02:00:00Z');
    expect((await summary(f.id)).summary.late).toBe(true);
    expect(await reasonsOf(f.id)).toEqual([]);

    // By hand, with the reason: the safety office decides (a unit may not assess itself).
    const byHand = {
      unitId: org.units.power,
      reason: 'LATE_RECTIFICATION',
      findingId: f.id,
      points: 1,
      text: '自查问题逾期6天方提交整改总结，经安委会研究予以考核',
    };
    await officer().post('/api/v1/assessments', byHand).expect(403);
    await office().post('/api/v1/assessments', byHand).expect(201);
    // Once, as any lateness: a second hand assessment of it is refused.
    const again = await office()
      .post('/api/v1/assessments', { ...byHand, reason: 'OVERDUE' })
      .expect(409);
    expect(again.body.code).toBe('LATENESS_ALREADY_ASSESSED');
    expect(await assessmentsOf(f.id)).toEqual([
      expect.objectContaining({
        reason: 'LATE_RECTIFICATION',
        text: byHand.text,
        createdById: expect.any(Number),
      }),
    ]);
  });
});
