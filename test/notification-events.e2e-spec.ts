import { INestApplication } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { DomainEvents } from '../src/common/events/domain-events';
import { Transactions } from '../src/common/persistence/transactions';
import { Clock } from '../src/common/time/clock';
import { FindingClosed, VerificationPassed } from '../src/closeout/closeout.events';
import { FindingsService } from '../src/findings/findings.service';
import { EmailTransport } from '../src/notifications/email-transport';
import { OutboxWorker } from '../src/notifications/outbox.worker';
import { WeeklyNotifications } from '../src/notifications/weekly-notifications';
import { WeeklyDeadlinesService } from '../src/weekly-reports/weekly-deadlines.service';
import { bootTestApp } from './support/app-boot';
import {
  buildRound,
  COMPLETE_PLAN,
  MAJOR_GOVERNANCE,
  SUMMARY,
  uploadPhoto,
} from './support/findings-fixture';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin } from './support/web-session';

interface Item {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
}

const GROUP_SECRET = 'SECgroup0123456789';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Issue 19, the remaining events: each reaches the right people in the transaction of its change — awaiting
 * verification (the round's group, and the group's robot), verification failed and close-out refused, extensions,
 * a MAJOR plan awaiting the head, bounties (a hidden reporter named to nobody), assessments and notices, and the
 * weekly 举一反三 reminders on Wednesday and Thursday mornings in Asia/Shanghai, sent once by two instances, with
 * the missing list to the safety office after the deadline.
 */
describe('Notification events (issue 19, the remaining events)', () => {
  let t: TestApp;
  let second: INestApplication;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  let smelterOfficer: string;
  let receiver: Server;
  const received: { path: string; content: string }[] = [];
  let base = '';

  const at = (iso: string) => {
    t.app.get(Clock).pinForTesting(new Date(iso));
    second.get(Clock).pinForTesting(new Date(iso));
  };
  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const inbox = async (token: string, kind?: string) =>
    ((await as(token).get('/api/v1/notifications?limit=200').expect(200)).body.items as Item[]).filter(
      (n) => !kind || n.kind === kind,
    );
  const about = async (token: string, kind: string, text: string) =>
    (await inbox(token, kind)).filter((n) => n.body.includes(text) || n.title.includes(text));
  /** A 复查 photo uploaded by the supervisor, for a passing verification. */
  const reviewPhoto = async (findingId: number) =>
    (
      await t
        .http()
        .post(`/api/v1/findings/${findingId}/evidence`)
        .set(org.auth(org.tokens.SUPERVISOR))
        .field('kind', 'REVIEW')
        .attach('file', PNG, { filename: '复查照片.png' })
        .expect(201)
    ).body.id as number;
  /** 复查 by the supervisor (a PASS with a 复查 photo of its own). */
  const verify = async (findingId: number, result: 'PASS' | 'FAIL', notes: string) =>
    as(org.tokens.SUPERVISOR)
      .post(`/api/v1/findings/${findingId}/verifications`, {
        result,
        // The day of the test's clock: a 复查 cannot be dated after today.
        verifiedOn: '2023-02-13',
        notes,
        ...(result === 'PASS' ? { evidenceIds: [await reviewPhoto(findingId)] } : {}),
      })
      .expect(200);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(raw) as { msgtype: string; text: { content: string } };
        const url = new URL(req.url!, 'http://x');
        if (body.msgtype !== 'text' || !body.text?.content)
          return res.writeHead(200).end(JSON.stringify({ errcode: 40001, errmsg: 'bad message' }));
        if (url.pathname === '/group-robot') {
          // The group's robot is a 钉钉 robot with 加签: the signature is checked as DingTalk does.
          const ts = url.searchParams.get('timestamp');
          const sign = createHmac('sha256', GROUP_SECRET).update(`${ts}\n${GROUP_SECRET}`).digest('base64');
          if (!ts || url.searchParams.get('sign') !== sign)
            return res.writeHead(200).end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
        }
        received.push({ path: url.pathname, content: body.text.content });
        res.writeHead(200).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const env = { PUBLIC_BASE_URL: 'https://rectify.plant.example' };
    t = await startTestApp({ env });
    second = await bootTestApp(t.databaseUrl, { env });
    at('2023-02-13T02:00:00Z'); // Monday 13 February, 10:00 in Shanghai
    org = await buildOrg(t);
    fx = await buildRound(t, org);
    await as(org.tokens.ADMIN)
      .post('/api/v1/users', {
        username: 'djofficer',
        displayName: '电解安全员',
        roles: ['UNIT_OFFICER'],
        homeUnitId: org.units.smelter,
        password: TEST_PASSWORD,
      })
      .expect(201);
    smelterOfficer = await login(t, 'djofficer');
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('a MAJOR plan recorded by the unit officer waits for the unit head, who is told', async () => {
    const f = await fx.logFinding({
      level: 'MAJOR',
      responsibleLeader: '分管副总经理',
      deadline: '2023-03-31',
      description: '锅炉汽包水位计失灵',
    });
    await as(org.tokens.UNIT_OFFICER)
      .post(`/api/v1/findings/${f.id}/plan`, {
        ...COMPLETE_PLAN,
        interimControls: '设警戒区，专人监护',
        stopProduction: false,
        ...MAJOR_GOVERNANCE,
      })
      .expect(200);
    const head = await about(org.tokens.UNIT_HEAD, 'PLAN_AWAITING_CONFIRMATION', f.code);
    expect(head).toHaveLength(1);
    expect(head[0].body).toBe(
      `热电分厂：重大隐患 ${f.code} 的整改方案（第 1 版）待单位负责人确认，整改时限 2023-03-31。https://rectify.plant.example/findings/${f.id}`,
    );
    expect(await about(org.tokens.UNIT_OFFICER, 'PLAN_AWAITING_CONFIRMATION', f.code)).toHaveLength(0);
  });

  it('awaiting verification reaches the round’s supervision group and its 钉钉 robot (signed); a disabled robot hears nothing more', async () => {
    const admin = as(org.tokens.ADMIN);
    const robot = (
      await admin
        .post('/api/v1/notifications/webhooks', {
          supervisionGroupId: fx.groupId,
          name: '督导组群',
          channel: 'DINGTALK',
          url: `${base}/group-robot?access_token=g1`,
          secret: GROUP_SECRET,
        })
        .expect(201)
    ).body as { id: number };
    await admin
      .post('/api/v1/notifications/webhooks', {
        unitId: org.units.flyAsh,
        channel: 'WECOM',
        url: `${base}/other-unit-robot?key=u9`,
      })
      .expect(201);
    // A unit or a group, not both and not neither.
    const both = await admin
      .post('/api/v1/notifications/webhooks', {
        unitId: org.units.power,
        supervisionGroupId: fx.groupId,
        channel: 'WECOM',
        url: `${base}/x`,
      })
      .expect(400);
    expect(both.body.details).toEqual([expect.objectContaining({ field: 'unitId' })]);

    const f = await fx.logFinding({ deadline: '2023-03-31', description: '输煤皮带跑偏开关失效' });
    await as(org.tokens.UNIT_OFFICER).post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(200);
    await uploadPhoto(t, org, f.id);
    await as(org.tokens.UNIT_OFFICER).post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    for (const member of [org.tokens.SUPERVISION_LEADER, org.tokens.SUPERVISOR])
      expect(await about(member, 'AWAITING_VERIFICATION', f.code)).toEqual([
        expect.objectContaining({ title: `待复查 ${f.code}`, link: `/findings/${f.id}` }),
      ]);
    expect(await about(org.tokens.UNIT_OFFICER, 'AWAITING_VERIFICATION', f.code)).toHaveLength(0);
    expect(await about(org.tokens.SAFETY_OFFICE, 'AWAITING_VERIFICATION', f.code)).toHaveLength(0);

    await t.app.get(OutboxWorker).drain();
    const forGroup = received.filter((r) => r.path === '/group-robot' && r.content.includes(f.code));
    expect(forGroup.map((r) => r.content.split('\n')[0])).toEqual([
      `新交办问题 ${f.code}`,
      `待复查 ${f.code}`,
    ]);
    expect(received.filter((r) => r.path === '/other-unit-robot')).toHaveLength(0);

    await admin.post(`/api/v1/notifications/webhooks/${robot.id}/disable`).expect(201);
    await admin.post(`/api/v1/notifications/webhooks/${robot.id}/disable`).expect(409);
    const listed = (await admin.get('/api/v1/notifications/webhooks').expect(200)).body as {
      id: number;
      active: boolean;
    }[];
    expect(listed.find((r) => r.id === robot.id)).toEqual(expect.objectContaining({ active: false }));
    const g = await fx.logFinding({ deadline: '2023-03-31', description: '煤仓除尘器滤袋破损' });
    await t.app.get(OutboxWorker).drain();
    expect(received.filter((r) => r.content.includes(g.code))).toHaveLength(0);
  });

  it('verification FAIL tells the unit (and its assessment the head); a refused close-out tells the unit and the group with the unmet rules', async () => {
    const officer = as(org.tokens.UNIT_OFFICER);
    const supervisor = as(org.tokens.SUPERVISOR);
    const f = await fx.logFinding({ deadline: '2023-03-31', description: '2号炉引风机联轴器护罩缺失' });
    await officer.post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(200);
    await uploadPhoto(t, org, f.id);
    await officer.post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    await verify(f.id, 'FAIL', '护罩未固定牢靠');
    const failed = await about(org.tokens.UNIT_OFFICER, 'VERIFICATION_FAILED', f.code);
    expect(failed).toHaveLength(1);
    expect(failed[0].body).toContain('复查未通过，已退回整改：护罩未固定牢靠');
    expect(await about(org.tokens.SUPERVISOR, 'VERIFICATION_FAILED', f.code)).toHaveLength(0);
    expect(await about(org.tokens.otherUnitOfficer, 'VERIFICATION_FAILED', f.code)).toHaveLength(0);
    // The failure's assessment (考核) reaches the unit head.
    const assessed = await inbox(org.tokens.UNIT_HEAD, 'ASSESSMENT_CREATED');
    expect(assessed.filter((n) => n.body.includes(`${f.code} 复查不通过：护罩未固定牢靠`))).toHaveLength(1);

    await officer.post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    await verify(f.id, 'PASS', '已整改');
    await supervisor.post(`/api/v1/findings/${f.id}/closeout`).expect(409);
    for (const token of [org.tokens.UNIT_OFFICER, org.tokens.SUPERVISOR, org.tokens.SUPERVISION_LEADER]) {
      const refused = await about(token, 'CLOSEOUT_REFUSED', f.code);
      expect(refused).toHaveLength(1);
      expect(refused[0].body).toMatch(/销号未通过，未落实：第2条 .+；第3条/);
    }
    expect(await about(org.tokens.otherUnitOfficer, 'CLOSEOUT_REFUSED', f.code)).toHaveLength(0);
  });

  it('复查通过 and 销号 tell the unit once each, linking to the finding; verifying again or a repeated event adds nothing', async () => {
    const officer = as(org.tokens.UNIT_OFFICER);
    const supervisor = as(org.tokens.SUPERVISOR);
    const f = await fx.logFinding({ deadline: '2023-03-31', description: '3号皮带机尾轮防护罩缺失' });
    const link = `/findings/${f.id}`;
    await officer.post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(200);
    await uploadPhoto(t, org, f.id);
    await officer.post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    await verify(f.id, 'PASS', '防护罩已恢复');
    for (const token of [org.tokens.UNIT_OFFICER, org.tokens.UNIT_HEAD])
      expect(await about(token, 'VERIFICATION_PASSED', f.code)).toEqual([
        expect.objectContaining({
          title: `复查通过 ${f.code}`,
          body: `热电分厂：问题 ${f.code} 已于 2023-02-13 复查通过（复查人：督导员），待销号。https://rectify.plant.example${link}`,
          link,
        }),
      ]);
    for (const token of [org.tokens.SUPERVISOR, org.tokens.otherUnitOfficer])
      expect(await about(token, 'VERIFICATION_PASSED', f.code)).toHaveLength(0);
    // A further verification of the VERIFIED finding (the lifecycle allows it) is not news.
    await verify(f.id, 'PASS', '补充复查照片');
    expect(await about(org.tokens.UNIT_OFFICER, 'VERIFICATION_PASSED', f.code)).toHaveLength(1);

    // 五个不放过 2–5 recorded, then 销号 by the 督导员; a second attempt is refused.
    const rules: [string, string, object][] = [
      [
        org.tokens.SAFETY_OFFICE,
        'sweep',
        {
          checkedUnitIds: [org.units.smelter, org.units.power],
          checkedBy: '安全环保健康部',
          result: 'NONE_FOUND',
          sweptOn: '2023-02-13',
        },
      ],
      [
        org.tokens.UNIT_OFFICER,
        'mechanisms',
        {
          kind: 'MECHANISM',
          title: '皮带机防护设施管理规定',
          documentNumber: 'A-AQ-ZD-2023-09',
          effectiveDate: '2023-02-10',
        },
      ],
      [
        org.tokens.SUPERVISOR,
        'accountability',
        {
          kind: 'ACTION',
          personName: '燃化工区主任',
          action: 'CRITICISM',
          decidedBy: '公司安委会',
          decidedOn: '2023-02-13',
        },
      ],
      [
        org.tokens.SUPERVISOR,
        'satisfaction',
        { representatives: '职工代表', method: '现场座谈', confirmedOn: '2023-02-13', satisfied: true },
      ],
    ];
    for (const [token, step, body] of rules)
      await as(token).post(`/api/v1/findings/${f.id}/${step}`, body).expect(201);
    await supervisor.post(`/api/v1/findings/${f.id}/closeout`).expect(200);
    await supervisor.post(`/api/v1/findings/${f.id}/closeout`).expect(409);
    for (const token of [org.tokens.UNIT_OFFICER, org.tokens.UNIT_HEAD])
      expect(await about(token, 'FINDING_CLOSED', f.code)).toEqual([
        expect.objectContaining({
          title: `已销号 ${f.code}`,
          body: `热电分厂：问题 ${f.code} 已于 2023-02-13 由 督导员 销号，“五个不放过”均已落实。https://rectify.plant.example${link}`,
          link,
        }),
      ]);
    for (const token of [org.tokens.SUPERVISOR, org.tokens.otherUnitOfficer])
      expect(await about(token, 'FINDING_CLOSED', f.code)).toHaveLength(0);

    // The same events again (a retried handler): each user already has the dedupe key, so nothing is written.
    const saved = (await t.app.get(FindingsService).findById(f.id))!;
    await t.app.get(Transactions).run(async (tx) => {
      const events = t.app.get(DomainEvents);
      await events.publish(new VerificationPassed(tx, f.id, '2023-02-13', '督导员', saved));
      await events.publish(new FindingClosed(tx, f.id, saved.closedAt!, '督导员', saved));
    });
    for (const kind of ['VERIFICATION_PASSED', 'FINDING_CLOSED'])
      expect(await about(org.tokens.UNIT_OFFICER, kind, f.code)).toHaveLength(1);
  });

  it('the two kinds are on the notification settings page, sent by e-mail by default', async () => {
    const page = (
      await t
        .http()
        .get('/notifications/preferences')
        .set('Cookie', await webLogin(t, 'unitofficer', TEST_PASSWORD))
        .expect(200)
    ).text;
    expect(page).toContain(
      '<input type="checkbox" name="emailKinds" value="VERIFICATION_PASSED" checked> 复查通过',
    );
    expect(page).toContain('<input type="checkbox" name="emailKinds" value="FINDING_CLOSED" checked> 已销号');
  });

  it('an extension request reaches the approver (the safety office), the decision the unit', async () => {
    const f = await fx.logFinding({ deadline: '2023-03-31', description: '化水车间酸罐液位计损坏' });
    await as(org.tokens.UNIT_OFFICER).post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(200);
    const ext = (
      await as(org.tokens.UNIT_OFFICER)
        .post(`/api/v1/findings/${f.id}/extensions`, { requestedDeadline: '2023-04-30', reason: '备件未到' })
        .expect(201)
    ).body as { id: number };
    const asked = await about(org.tokens.SAFETY_OFFICE, 'EXTENSION_REQUESTED', f.code);
    expect(asked).toHaveLength(1);
    expect(asked[0].body).toContain('申请将整改时限由 2023-03-31 延至 2023-04-30');
    expect(await about(org.tokens.SUPERVISION_LEADER, 'EXTENSION_REQUESTED', f.code)).toHaveLength(0);
    await as(org.tokens.SAFETY_OFFICE)
      .post(`/api/v1/findings/${f.id}/extensions/${ext.id}/decision`, { approve: false, note: '理由不足' })
      .expect(200);
    const decided = await about(org.tokens.UNIT_OFFICER, 'EXTENSION_DECIDED', f.code);
    expect(decided).toHaveLength(1);
    expect(decided[0].body).toContain('延期至 2023-04-30 未获批准（理由不足），整改时限仍为 2023-03-31');
  });

  it('bounties: awaiting approval to the leaders, approved and paid to the reporter alone — a hidden reporter is named to nobody, and no robot hears of it', async () => {
    const reportBy = async (hideIdentity: boolean, description: string) => {
      const r = (
        await as(org.tokens.REPORTER)
          .post('/api/v1/hazard-reports', {
            hazardUnitId: org.units.power,
            location: '输煤栈桥',
            description,
            onBehalfOfUnit: false,
            hideIdentity,
          })
          .expect(201)
      ).body as { id: number };
      await as(org.tokens.SAFETY_OFFICE)
        .post(`/api/v1/hazard-reports/${r.id}/triage`, {
          result: 'VALID',
          level: 'GENERAL',
          category: 'UNSAFE_CONDITION',
          deadline: '2023-03-31',
          responsiblePerson: '燃化工区主任',
        })
        .expect(200);
      const b = (
        await as(org.tokens.SAFETY_OFFICE).post('/api/v1/bounties', { hazardReportId: r.id }).expect(201)
      ).body as { id: number };
      return { report: r.id, bounty: b.id };
    };
    const robotsBefore = received.length;
    const hidden = await reportBy(true, '栈桥照明线路绝缘破损');
    const open = await reportBy(false, '栈桥消防栓无水');
    const waiting = await inbox(org.tokens.SUPERVISION_LEADER, 'BOUNTY');
    const hiddenWaiting = waiting.filter((n) => n.title === `举报奖励待审批 #${hidden.report}`);
    expect(hiddenWaiting).toHaveLength(1);
    expect(hiddenWaiting[0].body).toBe(
      `热电分厂：隐患举报 #${hidden.report}（匿名举报人）奖励 500 元待审批。https://rectify.plant.example/hazard-reports/${hidden.report}`,
    );
    // A reporter who does not hide is named, so the hiding is the report's choice, not a blanket rule.
    expect(waiting.find((n) => n.title === `举报奖励待审批 #${open.report}`)!.body).toContain('（电气职工）');
    // The proposer (the safety office) is not asked to approve.
    expect(await inbox(org.tokens.SAFETY_OFFICE, 'BOUNTY')).toHaveLength(0);

    await as(org.tokens.SUPERVISION_LEADER)
      .post(`/api/v1/bounties/${hidden.bounty}/decision`, { approve: true })
      .expect(200);
    await as(org.tokens.SAFETY_OFFICE)
      .post(`/api/v1/bounties/${hidden.bounty}/payment`, { paidOn: '2023-02-20', paymentRef: '凭证-001' })
      .expect(200);
    const mine = (await inbox(org.tokens.REPORTER, 'BOUNTY')).map((n) => n.body);
    expect(mine).toEqual([
      `您的隐患举报 #${hidden.report}（热电分厂）奖励 500 元已于 2023-02-20 发放。https://rectify.plant.example/hazard-reports/${hidden.report}`,
      `您的隐患举报 #${hidden.report}（热电分厂）奖励 500 元已批准，待发放。https://rectify.plant.example/hazard-reports/${hidden.report}`,
    ]);
    // Nobody but the reporter reads the reporter's name about the hidden report; no robot posts bounty news.
    for (const token of Object.values(org.tokens).filter((x) => x !== org.tokens.REPORTER))
      for (const n of await inbox(token))
        if (n.body.includes(`#${hidden.report}`)) expect(n.body).not.toContain('电气职工');
    await t.app.get(OutboxWorker).drain();
    expect(received.slice(robotsBefore).filter((r) => r.content.includes('举报'))).toEqual([]);
  });

  it('an assessment reaches the unit head; a published notice the units it assesses', async () => {
    const a = (
      await as(org.tokens.SAFETY_OFFICE)
        .post('/api/v1/assessments', {
          unitId: org.units.power,
          reason: 'OTHER',
          points: 3,
          text: '安全例会连续两次缺席',
        })
        .expect(201)
    ).body as { id: number };
    const head = await about(org.tokens.UNIT_HEAD, 'ASSESSMENT_CREATED', '安全例会连续两次缺席');
    expect(head).toHaveLength(1);
    expect(head[0].body).toContain('热电分厂：考核（');
    expect(head[0].body).toContain('3 分');
    expect(await about(org.tokens.UNIT_OFFICER, 'ASSESSMENT_CREATED', '安全例会连续两次缺席')).toHaveLength(
      0,
    );
    const notice = (
      await as(org.tokens.SAFETY_OFFICE)
        .post('/api/v1/notices', {
          title: '关于安全例会纪律的通报',
          documentNumber: '安环〔2023〕5号',
          body: '通报如下。',
          assessmentIds: [a.id],
        })
        .expect(201)
    ).body as { id: number };
    await as(org.tokens.SAFETY_OFFICE).post(`/api/v1/notices/${notice.id}/publish`).expect(200);
    for (const token of [org.tokens.UNIT_OFFICER, org.tokens.UNIT_HEAD]) {
      const told = await inbox(token, 'NOTICE_PUBLISHED');
      expect(told).toEqual([
        expect.objectContaining({
          title: '通报已发布 关于安全例会纪律的通报',
          link: `/notices/${notice.id}`,
        }),
      ]);
    }
    expect(await inbox(org.tokens.otherUnitOfficer, 'NOTICE_PUBLISHED')).toHaveLength(0);
    expect(await inbox(smelterOfficer, 'NOTICE_PUBLISHED')).toHaveLength(0);
  });

  it('weekly 举一反三: reminders on Wednesday and Thursday mornings in Asia/Shanghai, once across two instances, only to units still owing; the missing list to the safety office after the deadline', async () => {
    at('2023-02-20T02:00:00Z'); // Monday 20 February
    const o = (
      await as(org.tokens.SAFETY_OFFICE)
        .post('/api/v1/weekly-reports/obligations', {
          name: '“回头看”举一反三周报',
          roundId: fx.roundId,
          startDate: '2023-02-20',
        })
        .expect(201)
    ).body as { id: number; unitIds: number[] };
    const morning = () =>
      Promise.all([
        t.app.get(WeeklyNotifications).runMorning('instance-a'),
        second.get(WeeklyNotifications).runMorning('instance-b'),
      ]);
    const weekly = (token: string) => inbox(token, 'WEEKLY_REMINDER');
    const form = `/weekly-reports/new?obligationId=${o.id}&unitId=${org.units.power}&week=2023-W08`;

    at('2023-02-21T01:00:00Z'); // Tuesday 09:00: no reminder
    expect(await morning()).toEqual([null, null]);
    at('2023-02-21T23:30:00Z'); // Wednesday 07:30 in Shanghai (still Tuesday in UTC): not yet
    expect(await morning()).toEqual([null, null]);
    at('2023-02-22T00:30:00Z'); // Wednesday 08:30 in Shanghai
    const wed = await morning();
    // One instance does it: 电解厂 and 热电分厂 reminded (安全环保健康部 owes too but has no unit users to tell).
    expect(o.unitIds).toHaveLength(3);
    expect(wed.filter((x) => x !== null)).toEqual([2]);
    expect(await weekly(org.tokens.UNIT_OFFICER)).toHaveLength(1);
    expect((await weekly(org.tokens.UNIT_OFFICER))[0].body).toBe(
      `热电分厂：“回头看”举一反三周报 2023-W08 周报尚未报送，截止 2023-02-23 24:00。https://rectify.plant.example${form}`,
    );
    // The link opens the form of that campaign, unit and week (it opened the form's defaults: with two campaigns, or
    // a reminder for another unit of one's subtree, the wrong one).
    expect((await weekly(org.tokens.UNIT_OFFICER))[0].link).toBe(form);
    expect(await weekly(smelterOfficer)).toHaveLength(1);
    at('2023-02-22T02:30:00Z'); // later that morning: the day is done
    expect(await morning()).toEqual([null, null]);

    // 热电分厂 reports on Wednesday afternoon; on Thursday only the others are reminded.
    at('2023-02-22T07:00:00Z');
    await as(org.tokens.UNIT_OFFICER)
      .post('/api/v1/weekly-reports', {
        obligationId: o.id,
        unitId: org.units.power,
        week: '2023-W08',
        noneFound: true,
        items: [],
      })
      .expect(201);
    at('2023-02-22T08:00:00Z'); // Wednesday 16:00: an afternoon never reminds (a morning missed is not made up)
    expect(await morning()).toEqual([null, null]);
    at('2023-02-23T01:00:00Z'); // Thursday 09:00
    const thu = await morning();
    expect(thu.filter((x) => x !== null)).toEqual([1]);
    expect(await weekly(smelterOfficer)).toHaveLength(2);
    expect(await weekly(org.tokens.UNIT_OFFICER)).toHaveLength(1);

    // After the deadline (Friday 00:00 in Shanghai) the deadline job, on both instances, lists the missing units once.
    at('2023-02-23T16:30:00Z');
    await Promise.all([
      t.app.get(WeeklyDeadlinesService).runDeadlines('instance-a'),
      second.get(WeeklyDeadlinesService).runDeadlines('instance-b'),
    ]);
    const missing = await inbox(org.tokens.SAFETY_OFFICE, 'WEEKLY_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0].title).toBe('举一反三周报缺报 2023-W08');
    expect(missing[0].body).toContain('电解厂');
    expect(missing[0].body).not.toContain('热电分厂');
    expect(missing[0].link).toBe('/weekly-reports/compliance');
    expect(await inbox(org.tokens.UNIT_OFFICER, 'WEEKLY_MISSING')).toHaveLength(0);
  });

  it('an unreachable SMTP host: the instance starts anyway, the check is shown to ADMIN, a change still goes through', async () => {
    // A port nobody listens on: 1 (tcpmux, never served here). A port freed by a listener of our own was taken in
    // the meantime by another test file's server once, which answered the connection but not as SMTP.
    const port = 1;
    const third = await bootTestApp(t.databaseUrl, {
      env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) },
    });
    try {
      third.get(Clock).pinForTesting(new Date('2023-03-01T02:00:00Z'));
      const status = await third.get(EmailTransport).verify();
      expect(status).toEqual(expect.objectContaining({ host: '127.0.0.1', port, ok: false }));
      expect(status!.error).toMatch(/ECONNREFUSED|connect/i);
      const http = () => request(third.getHttpServer());
      const failures = (
        await http().get('/api/v1/notifications/failures').set(org.auth(org.tokens.ADMIN)).expect(200)
      ).body;
      expect(failures.smtp).toEqual(expect.objectContaining({ ok: false, port }));
      // A finding logged on this instance is saved and notified in-app; its mail waits in the outbox.
      await http()
        .put('/api/v1/notifications/preferences')
        .set(org.auth(org.tokens.UNIT_HEAD))
        .send({ email: 'rdfc.zhuren@plant.example' })
        .expect(200);
      const f = (
        await http()
          .post('/api/v1/findings')
          .set(org.auth(org.tokens.SAFETY_OFFICE))
          .send({
            roundId: fx.roundId,
            unitId: org.units.power,
            description: '空压机房安全阀校验过期',
            location: '空压机房',
            level: 'GENERAL',
            category: 'UNSAFE_CONDITION',
            source: 'AUDIT_TEAM',
            foundDate: '2023-02-28',
            foundBy: '督察组',
            deadline: '2023-03-31',
            responsiblePerson: '燃化工区主任',
          })
          .expect(201)
      ).body as { code: string };
      expect(await about(org.tokens.UNIT_HEAD, 'FINDING_ASSIGNED', f.code)).toHaveLength(1);
      expect(await third.get(OutboxWorker).drain()).toEqual({ sent: 0, failed: 1 });
      const after = (
        await http().get('/api/v1/notifications/failures').set(org.auth(org.tokens.ADMIN)).expect(200)
      ).body;
      expect(after.items[0]).toEqual(
        expect.objectContaining({ channel: 'EMAIL', status: 'PENDING', title: `新交办问题 ${f.code}` }),
      );
    } finally {
      await third.close();
    }
  });
});
