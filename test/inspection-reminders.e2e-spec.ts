import { INestApplication } from '@nestjs/common';
import { Role } from '../src/common/access/roles';
import { InspectionRemindersService } from '../src/notifications/inspection-reminders.service';
import { OutboxWorker } from '../src/notifications/outbox.worker';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startInstancesWithMail } from './support/mail-instances';
import type { TestApp } from './support/test-app';
import { webSession } from './support/web-session';

interface Item {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
}
interface Task {
  id: number;
  level: string;
  periodKey: string;
  templateName: string;
}

type Instances = Awaited<ReturnType<typeof startInstancesWithMail>>;

const KIND = 'INSPECTION_REMINDER';
const SITE = 'https://rectify.plant.example';

/**
 * Issue 20: reminders of due 重要危险源 inspections. Each morning (Asia/Shanghai), once across instances, whoever has
 * inspections open today gets one notification listing them; the day after an inspection was missed, the unit's
 * officers and heads get one notification per unit listing the missed ones. Nobody outside the unit hears of them.
 */
describe('Inspection reminders (issue 20)', () => {
  let t: TestApp;
  let second: INestApplication;
  let smtp: Instances['smtp'];
  let instances: Instances | undefined;
  let org: OrgFixture;
  let gasTeam: number;
  let teamLeader: string;
  let smelterOfficer: string;

  const at = (iso: string) => instances!.at(iso);
  const as = (token: string) => ({
    get: (url: string) => t.http().get(`/api/v1${url}`).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(`/api/v1${url}`).set(org.auth(token)).send(body),
    put: (url: string, body: object = {}) => t.http().put(`/api/v1${url}`).set(org.auth(token)).send(body),
  });
  const reminders = async (token: string) =>
    ((await as(token).get('/notifications?limit=200').expect(200)).body.items as Item[]).filter(
      (n) => n.kind === KIND,
    );
  /** Both instances run the morning job at the same moment. */
  const morning = () =>
    Promise.all([
      t.app.get(InspectionRemindersService).runMorning('instance-a'),
      second.get(InspectionRemindersService).runMorning('instance-b'),
    ]);

  beforeAll(async () => {
    instances = await startInstancesWithMail(SITE);
    ({ t, second, smtp } = instances);
    at('2026-12-01T02:00:00Z'); // Tuesday 1 December, 10:00 in Shanghai
    org = await buildOrg(t);
    const admin = as(org.tokens.ADMIN);
    const area = (
      await admin
        .post('/units', {
          code: 'A-RDFC-RQ',
          name: '燃气管网工区',
          kind: 'WORK_AREA',
          parentId: org.units.power,
        })
        .expect(201)
    ).body.id as number;
    gasTeam = (
      await admin
        .post('/units', { code: 'A-RDFC-RQ-1', name: '煤气运行班', kind: 'TEAM', parentId: area })
        .expect(201)
    ).body.id as number;
    for (const [username, displayName, homeUnitId] of [
      ['banzuzhang', '王班长', gasTeam],
      ['djofficer', '电解安全员', org.units.smelter],
    ] as const)
      await admin
        .post('/users', {
          username,
          displayName,
          roles: [Role.UNIT_OFFICER],
          homeUnitId,
          password: TEST_PASSWORD,
        })
        .expect(201);
    teamLeader = await login(t, 'banzuzhang');
    smelterOfficer = await login(t, 'djofficer');

    await as(org.tokens.UNIT_OFFICER)
      .post('/hazard-sources', {
        unitId: gasTeam,
        name: '煤气管网',
        location: '热电分厂厂区架空煤气管道及加压站',
        kind: 'GAS',
        grade: 'RED',
        hazards: '煤气泄漏中毒、火灾、爆炸',
        controls: '固定式CO报警仪、排水器水封、两人同行',
        emergencyMeasures: '立即撤离至上风向，佩戴空气呼吸器救人',
        responsible: [{ level: 'TEAM', name: '王班长', phone: '13900000004' }],
      })
      .expect(201);
    // Tuesday to Thursday: 3 shifts (班组) and the 煤气 and 有限空间 dailies (车间) each day, and December's 公司级.
    await as(org.tokens.SAFETY_OFFICE)
      .post('/checklist-templates/schedule', { from: '2026-12-01', to: '2026-12-03' })
      .expect(200);

    // The 班组长 gives an address (all kinds by e-mail, the default); 热电安全员 saved a choice before the kind existed.
    await as(teamLeader)
      .put('/notifications/preferences', { email: 'wang.banzhang@plant.example' })
      .expect(200);
    const all = (await as(org.tokens.UNIT_OFFICER).get('/notifications/preferences').expect(200)).body
      .inApp as string[];
    await as(org.tokens.UNIT_OFFICER)
      .put('/notifications/preferences', {
        email: 'rdfc.anquan@plant.example',
        emailKinds: all.filter((k) => k !== KIND),
      })
      .expect(200);
  }, 120_000);
  afterAll(() => instances?.close());

  it('the kind is on the preferences page; a choice saved before it existed keeps it off the e-mail', async () => {
    const page = async (username: string) =>
      (
        await t
          .http()
          .get('/notifications/preferences')
          .set('Cookie', (await webSession(t, username, TEST_PASSWORD)).cookie)
          .expect(200)
      ).text;
    const box =
      /<input type="checkbox" name="emailKinds" value="INSPECTION_REMINDER"( checked)?> 重要危险源检查提醒/;
    expect(box.exec(await page('banzuzhang'))?.[1]).toBe(' checked');
    const officerPage = box.exec(await page('unitofficer'));
    expect(officerPage).not.toBeNull();
    expect(officerPage![1]).toBeUndefined();
  });

  it('on Wednesday morning the 班组长 gets one reminder naming today’s inspections; once across two instances', async () => {
    at('2026-12-01T23:30:00Z'); // Wednesday 07:30 in Shanghai: not yet the morning
    expect(await morning()).toEqual([null, null]);
    expect(await reminders(teamLeader)).toHaveLength(0);

    at('2026-12-02T01:00:00Z'); // Wednesday 09:00
    const runs = await morning();
    expect(runs.filter((r) => r !== null)).toEqual([{ day: '2026-12-02', users: 4, units: 1 }]);

    const mine = await reminders(teamLeader);
    const due = mine.filter((n) => n.title.startsWith('今日'));
    expect(due).toHaveLength(1);
    // The first shift ended at 08:00 (missed: reported tomorrow); the second and third shifts and the two dailies.
    expect(due[0].title).toBe('今日重要危险源检查 4 项');
    const prefix = '2026-12-02 您有 4 项重要危险源检查待完成：';
    const suffix = `。请在时限内逐项检查并签字。${SITE}/inspections`;
    expect(due[0].body.startsWith(prefix) && due[0].body.endsWith(suffix)).toBe(true);
    expect(due[0].body.slice(prefix.length, -suffix.length).split('；').sort()).toEqual(
      [
        '煤气管网（煤气运行班）班组级·煤气区域专项检查表，截止 2026-12-02 16:00',
        '煤气管网（煤气运行班）班组级·煤气区域专项检查表，截止 2026-12-02 24:00',
        '煤气管网（煤气运行班）车间级·有限空间作业专项检查表，截止 2026-12-02 24:00',
        '煤气管网（煤气运行班）车间级·煤气区域专项检查表，截止 2026-12-02 24:00',
      ].sort(),
    );
    expect(due[0].link).toBe('/inspections');
    // Tuesday's were missed: the unit hears of them (one notification, all five named).
    const missed = mine.filter((n) => n.title.startsWith('漏检'));
    expect(missed.map((n) => n.title)).toEqual(['漏检 5 项 煤气运行班']);

    // The unit's officer and head over the team are reminded of the same inspections; the safety office of the
    // 公司级 one only (a single task: the link opens it); units elsewhere hear nothing.
    for (const token of [org.tokens.UNIT_OFFICER, org.tokens.UNIT_HEAD])
      expect((await reminders(token)).map((n) => n.title).sort()).toEqual([
        '今日重要危险源检查 4 项',
        '漏检 5 项 煤气运行班',
      ]);
    const office = await reminders(org.tokens.SAFETY_OFFICE);
    expect(office).toHaveLength(1);
    expect(office[0]).toMatchObject({ title: '今日重要危险源检查 1 项' });
    expect(office[0].body).toContain(
      '煤气管网（煤气运行班）公司级·煤气区域专项检查表，截止 2026-12-31 24:00',
    );
    const companyTask = (
      (await as(org.tokens.SAFETY_OFFICE).get('/inspection-tasks?state=due&level=COMPANY').expect(200)).body
        .items as Task[]
    )[0];
    expect(office[0].link).toBe(`/inspections/tasks/${companyTask.id}`);
    expect(office[0].body.endsWith(`${SITE}/inspections/tasks/${companyTask.id}`)).toBe(true);
    for (const token of [smelterOfficer, org.tokens.otherUnitOfficer, org.tokens.VIEWER])
      expect(await reminders(token)).toEqual([]);

    // Later that morning, on either instance, and a run without the claim: nothing more.
    at('2026-12-02T03:30:00Z');
    expect(await morning()).toEqual([null, null]);
    expect(await t.app.get(InspectionRemindersService).remind()).toEqual({ users: 0, units: 0 });
    expect(await reminders(teamLeader)).toHaveLength(2);

    // E-mail: the 班组长 gets the list; the officer whose saved choice predates the kind gets it in-app only.
    await t.app.get(OutboxWorker).drain();
    const toLeader = smtp.mails.filter((m) => m.to.includes('wang.banzhang@plant.example'));
    expect(toLeader.map((m) => m.subject).sort()).toEqual([
      '今日重要危险源检查 4 项',
      '漏检 5 项 煤气运行班',
    ]);
    expect(toLeader.find((m) => m.subject.startsWith('今日'))!.text).toContain(
      '煤气管网（煤气运行班）班组级·煤气区域专项检查表，截止 2026-12-02 16:00',
    );
    expect(smtp.mails.filter((m) => m.to.includes('rdfc.anquan@plant.example'))).toEqual([]);
  });

  it('the day after, the missed inspections are reported to the unit once; the one signed in time is not', async () => {
    // On Wednesday the 班组长 does the second shift's inspection and leaves the rest.
    at('2026-12-02T05:00:00Z');
    const leader = as(teamLeader);
    const s2 = ((await leader.get('/inspection-tasks/mine').expect(200)).body.due as Task[]).find(
      (x) => x.level === 'TEAM' && x.periodKey === '2026-12-02/S2',
    )!;
    const detail = (await leader.get(`/inspection-tasks/${s2.id}`).expect(200)).body;
    for (const item of detail.items as { no: number }[])
      await leader.put(`/inspection-tasks/${s2.id}/answers/${item.no}`, { result: 'PASS' }).expect(200);
    const version = (await leader.get(`/inspection-tasks/${s2.id}`).expect(200)).body.version;
    await leader.post(`/inspection-tasks/${s2.id}/sign`, { signature: '王班长', version }).expect(200);

    at('2026-12-03T01:00:00Z'); // Thursday 09:00
    expect((await morning()).filter((r) => r !== null)).toEqual([{ day: '2026-12-03', users: 4, units: 1 }]);
    const missed = (await reminders(teamLeader)).filter((n) => n.title === '漏检 4 项 煤气运行班');
    expect(missed).toHaveLength(1);
    expect(missed[0].link).toBe(`/inspections?unitId=${gasTeam}#missed`);
    expect(missed[0].body).toContain('煤气运行班：4 项重要危险源检查到期未做（漏检）：');
    expect(missed[0].body).toContain('班组级·煤气区域专项检查表，2026-12-02 00:00–08:00');
    expect(missed[0].body).toContain('班组级·煤气区域专项检查表，2026-12-02 16:00–24:00');
    expect(missed[0].body).not.toContain('08:00–16:00'); // signed in time
    expect(missed[0].body).not.toContain('2026-12-01'); // Tuesday's were reported yesterday
    expect(missed[0].body.endsWith(`${SITE}/inspections?unitId=${gasTeam}#missed`)).toBe(true);
    for (const token of [org.tokens.UNIT_OFFICER, org.tokens.UNIT_HEAD])
      expect((await reminders(token)).filter((n) => n.title === '漏检 4 项 煤气运行班')).toHaveLength(1);
    for (const token of [smelterOfficer, org.tokens.otherUnitOfficer])
      expect(await reminders(token)).toEqual([]);
    // Not the unit's: the safety office hears of no 漏检 (only its own 公司级 inspection, still open, each day).
    expect((await reminders(org.tokens.SAFETY_OFFICE)).map((n) => n.title)).toEqual([
      '今日重要危险源检查 1 项',
      '今日重要危险源检查 1 项',
    ]);
    // Thursday's own list came too, one notification.
    expect((await reminders(teamLeader)).filter((n) => n.title.startsWith('今日'))).toHaveLength(2);

    // Friday: Thursday's inspections (none done) are reported; Wednesday's are not reported again. (Friday's tasks
    // were not made — the schedule job does not run in tests — so only the safety office has one open.)
    at('2026-12-04T02:00:00Z');
    expect((await morning()).filter((r) => r !== null)).toEqual([{ day: '2026-12-04', users: 1, units: 1 }]);
    const friday = (await reminders(teamLeader)).filter((n) => n.title.startsWith('漏检'));
    expect(friday.map((n) => n.title)).toEqual([
      '漏检 5 项 煤气运行班',
      '漏检 4 项 煤气运行班',
      '漏检 5 项 煤气运行班',
    ]);
    expect(friday[0].body).toContain('2026-12-03 00:00–08:00');
    expect(friday[0].body).not.toContain('2026-12-02');
  });
});
