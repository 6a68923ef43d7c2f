import { Clock } from '../src/common/time/clock';
import { SupervisionRemindersService } from '../src/notifications/supervision-reminders.service';
import { buildRound, uploadPhoto } from './support/findings-fixture';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

interface Item {
  kind: string;
  link: string;
  title: string;
  body: string;
}

/**
 * Issue 21: 挂牌督办 reminders follow the supervision deadline — T−7 and T−1 to the unit, T+1 also to the listing
 * authority, re-armed by an extension, coalesced after downtime — and an overdue acceptance reminds whoever accepts;
 * a daily job claimed once across instances, never sending a step twice.
 */
describe('挂牌督办 reminders (issue 21)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  const base = '/api/v1/major-hazard-supervision';
  const pin = (day: string) => t.app.get(Clock).pinForTesting(new Date(`${day}T02:00:00Z`));
  const as = (token: string) => ({
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  /** Two instances run the day's job at the same moment: one claims it. */
  const runDay = async (day: string) => {
    pin(day);
    const svc = t.app.get(SupervisionRemindersService);
    const [a, b] = await Promise.all([svc.runDaily('instance-a'), svc.runDaily('instance-b')]);
    expect([a.day, b.day].filter(Boolean)).toEqual([day]);
    return a.sent + b.sent;
  };
  const REMINDER = /^督办(期限临近|期限已过|验收逾期)/;
  const reminders = async (token: string, code: string) =>
    (
      (await t.http().get('/api/v1/notifications?limit=100').set(org.auth(token)).expect(200)).body
        .items as Item[]
    )
      .filter(
        (n) => n.kind === 'MAJOR_HAZARD_SUPERVISION' && REMINDER.test(n.title) && n.title.includes(code),
      )
      .map((n) => n.body.replace(/https?:\S+/, '').trim())
      .reverse();

  beforeAll(async () => {
    t = await startTestApp();
    pin('2023-03-01');
    org = await buildOrg(t);
    fx = await buildRound(t, org);
  });
  afterAll(() => t.close());

  it('reminds the unit before the deadline, the authority after it, the acceptors when acceptance is late — each once', async () => {
    const f = await fx.logFinding({
      level: 'MAJOR',
      responsibleLeader: '分管副总经理',
      description: '煤气柜活塞油位低报警失效',
      location: '煤气柜区',
    });
    const office = as(org.tokens.SAFETY_OFFICE);
    const officer = as(org.tokens.UNIT_OFFICER);
    const l = (
      await office
        .post(`${base}/listings`, {
          findingId: f.id,
          level: 'COMPANY',
          supervisingUnit: '安全环保健康部',
          requirements: '限期修复油位报警并组织验收',
          deadline: '2023-04-30',
        })
        .expect(201)
    ).body;
    await office.post(`${base}/listings/${l.id}/serve`, { version: 1, servedTo: '热电分厂' }).expect(200);
    await as(org.tokens.UNIT_HEAD).post(`${base}/listings/${l.id}/sign`, { version: 2 }).expect(200);

    expect(await runDay('2023-04-22')).toBe(0);
    expect(await runDay('2023-04-23')).toBe(1); // T−7
    // The same day again (a restart, a third instance): the claim is taken; the work itself is idempotent too.
    expect((await t.app.get(SupervisionRemindersService).runDaily('instance-c')).day).toBeNull();
    expect(await t.app.get(SupervisionRemindersService).remind()).toBe(0);
    expect(await runDay('2023-04-24')).toBe(0);
    expect(await runDay('2023-04-29')).toBe(1); // T−1
    for (const token of [org.tokens.UNIT_OFFICER, org.tokens.UNIT_HEAD])
      expect(await reminders(token, f.code)).toEqual([
        `热电分厂：挂牌督办的重大隐患 ${f.code}（${l.docNumber}）督办期限 2023-04-30，还剩 7 天，请按期完成治理并申请验收。`,
        `热电分厂：挂牌督办的重大隐患 ${f.code}（${l.docNumber}）督办期限 2023-04-30，还剩 1 天，请按期完成治理并申请验收。`,
      ]);
    expect(await reminders(org.tokens.SAFETY_OFFICE, f.code)).toEqual([]);

    // An approved extension re-arms the ladder from the new deadline: nothing the day after the old one.
    await officer
      .post(`${base}/listings/${l.id}/extensions`, {
        version: 3,
        reason: '油位计备件到货延迟',
        requestedDeadline: '2023-05-31',
      })
      .expect(200);
    await office
      .post(`${base}/listings/${l.id}/extensions/decision`, { version: 4, approve: true })
      .expect(200);
    expect(await runDay('2023-05-01')).toBe(0);
    expect(await runDay('2023-05-24')).toBe(1); // T−7 of 2023-05-31
    // Downtime over the T−1 and T+1 days: one reminder, the current one, to everyone both would have reached.
    expect(await runDay('2023-06-02')).toBe(1);
    expect(await runDay('2023-06-03')).toBe(0);
    const late = `热电分厂：挂牌督办的重大隐患 ${f.code}（${l.docNumber}）督办期限 2023-05-31 已过 2 天，尚未摘牌。`;
    expect(await reminders(org.tokens.SAFETY_OFFICE, f.code)).toEqual([late]);
    const unit = await reminders(org.tokens.UNIT_OFFICER, f.code);
    expect(unit).toHaveLength(4);
    expect(unit[2]).toContain('督办期限 2023-05-31，还剩 7 天');
    expect(unit[3]).toBe(late);
    expect(await reminders(org.tokens.SUPERVISION_LEADER, f.code)).toEqual([]);

    // 验收申请 (on 2023-06-03) due in 10 days; the day after that the safety office and the group's 组长 are reminded, once.
    const photo = await uploadPhoto(t, org, f.id);
    await officer
      .post(`${base}/listings/${l.id}/acceptance-request`, { version: 5, evidenceIds: [photo] })
      .expect(200);
    expect(await runDay('2023-06-13')).toBe(0);
    expect(await runDay('2023-06-14')).toBe(1);
    expect(await runDay('2023-06-15')).toBe(0);
    const acceptanceLate = `热电分厂：挂牌督办的重大隐患 ${f.code}（${l.docNumber}）已申请验收，应于 2023-06-13 前组织现场验收，已逾期 1 天。`;
    expect(await reminders(org.tokens.SUPERVISION_LEADER, f.code)).toEqual([acceptanceLate]);
    expect(await reminders(org.tokens.SAFETY_OFFICE, f.code)).toEqual([late, acceptanceLate]);
    expect(await reminders(org.tokens.UNIT_OFFICER, f.code)).toHaveLength(4);

    // Every 挂牌督办 message — the listing, the extension request and decision, the reminders — leads to the
    // listing's page, where the notice is signed and extensions and acceptance are decided (they led to the finding,
    // whose page does not link to its listing).
    for (const token of [org.tokens.UNIT_OFFICER, org.tokens.SAFETY_OFFICE, org.tokens.SUPERVISION_LEADER]) {
      const items = (
        (await t.http().get('/api/v1/notifications?limit=100').set(org.auth(token)).expect(200)).body
          .items as Item[]
      ).filter((n) => n.kind === 'MAJOR_HAZARD_SUPERVISION' && n.title.includes(f.code));
      expect(items.length).toBeGreaterThan(0);
      for (const n of items) {
        expect({ title: n.title, link: n.link }).toEqual({ title: n.title, link: `/major-hazards/${l.id}` });
        expect(n.body).toMatch(new RegExp(`https?://\\S+/major-hazards/${l.id}$`));
      }
    }
  });
});
