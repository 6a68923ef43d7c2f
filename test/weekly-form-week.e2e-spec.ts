import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { Clock } from '../src/common/time/clock';
import { login } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin } from './support/web-session';
import { DEMO_CAMPAIGN_WEEKS as DEMO_WEEKS } from './support/demo-weekly';

interface Obligation {
  id: number;
  startDate: string;
  endDate: string | null;
  active: boolean;
}

/**
 * 填报周报 (QA, today 2026-12-06): the form defaulted to the demo's campaign that ended 2023-04-09 and said 2026-W49
 * was 尚未报送 and already late, while submitting it was refused as outside the campaign. The form now defaults only
 * to a campaign that asks for the shown week, and never says a week is due or late that its campaign does not ask for.
 */
describe('Weekly report form: only a week the campaign asks for is due', () => {
  let t: TestApp;
  let cookie: string;
  let ended: Obligation;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    t.app.get(Clock).pinForTesting(new Date('2026-12-06T04:00:00Z'));
    cookie = await webLogin(t, 'wen.xiaofeng');
    const token = await login(t, 'wen.xiaofeng', DEMO_PASSWORD_HINT);
    const list = await t
      .http()
      .get('/api/v1/weekly-reports/obligations')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    ended = (list.body.items as Obligation[]).find((o) => o.active && o.endDate && o.endDate < '2026-01-01')!;
    expect(ended).toBeDefined();
  }, 120_000);
  afterAll(() => t.close());

  const page = async (qs = '') =>
    (await t.http().get(`/weekly-reports/new${qs}`).set('Cookie', cookie).expect(200)).text;

  /** The week select's choices as the user reads them, newest first, and the one chosen. */
  const weekChoices = (html: string) => {
    const select = /<select name="week">([\s\S]*?)<\/select>/.exec(html)![1];
    const options = [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)];
    return {
      values: options.map((o) => o[1]).filter(Boolean),
      labels: options.map((o) => o[3]),
      chosen: options.find((o) => o[2])?.[1] ?? options[0]?.[1],
    };
  };
  /** The text of the "no report due" card, tags dropped. */
  const notRequired = (html: string) =>
    (/<section class="card" id="weekly-not-required">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ');

  it('defaults to no campaign when none asks for this week, and says no report is due', async () => {
    const html = await page();
    expect(html).toContain('本周（2026-W49，11月30日–12月6日）没有要求本单位报送的举一反三周报');
    expect(html).not.toContain('尚未报送');
    expect(html).not.toContain('迟报');
    expect(html).not.toContain('action="/weekly-reports?_csrf');
  });

  it('a campaign chosen for a week it does not ask for says so, with no due, late or submit', async () => {
    const html = await page(`?obligationId=${ended.id}&week=2026-W49`);
    expect(html).toContain('不要求报送本周（2026-W49，11月30日–12月6日）的周报');
    expect(html).not.toContain('尚未报送');
    expect(html).not.toContain('已过截止时间');
    expect(html).not.toContain('action="/weekly-reports?_csrf');
  });

  it('a week inside the campaign still opens the form', async () => {
    const html = await page(`?obligationId=${ended.id}&week=2023-W12`);
    expect(html).not.toContain('id="weekly-not-required"');
    expect(html).toContain('<dt>截止时间</dt>');
  });

  /*
   * Review on a 390 px phone (today 2026-12-06): the week select offered every week from 2023-W07 to 2026-W49 under
   * the campaign that ended 2023-04-09 (and the last twelve weeks, none asked for, with no campaign), and a week no
   * campaign asks for said 如需补报其他周次，请在上方选择周报要求和周次 — pointing at the campaign that had ended.
   */
  it('offers under a campaign only the weeks it asks for, each with how the unit stands', async () => {
    const picker = weekChoices(await page(`?obligationId=${ended.id}&week=2023-W12`));
    expect(picker.values).toEqual(DEMO_WEEKS);
    expect(picker.chosen).toBe('2023-W12');
    // 热电分厂 reported every week of the campaign.
    expect(picker.labels[0]).toBe('2023-W14（4月3日–4月9日）已报');
  });

  it('with no campaign asking for this week, offers only weeks one asks for and says in plain words why', async () => {
    const html = await page();
    const picker = weekChoices(html);
    expect(picker.values).toEqual(DEMO_WEEKS);
    // Nothing is chosen: the week in view is not one to report.
    expect(picker.chosen).toBe('');
    const card = notRequired(html);
    expect(card).toContain('「“回头看”举一反三周报（每周四）」已于 2023-04-09 结束');
    expect(card).toContain('以往要求报送的周报都已报送，没有需要补报的');
    expect(card).not.toContain('请在上方选择周报要求');
    // The campaign is marked as ended where it is chosen.
    expect(html).toContain('“回头看”举一反三周报（每周四）（2023-02-13 起，2023-04-09 止，已结束）');
  });

  it('a campaign chosen for a later week says it has ended, offering its own weeks', async () => {
    const html = await page(`?obligationId=${ended.id}&week=2026-W49`);
    expect(notRequired(html)).toContain('该周报要求已于 2023-04-09 结束');
    expect(notRequired(html)).not.toContain('请选择要求期间内的周次');
    expect(weekChoices(html).values).toEqual(DEMO_WEEKS);
  });

  /** The demo campaign's round, its findings the user sees, and the first not self-found (one that prompts a sweep). */
  const roundFinding = async (username: string) => {
    const token = await login(t, username, DEMO_PASSWORD_HINT);
    const get = async (url: string) =>
      (await t.http().get(url).set('Authorization', `Bearer ${token}`).expect(200)).body;
    const obligations = (await get('/api/v1/weekly-reports/obligations')).items as (Obligation & {
      roundId: number;
    })[];
    const round = obligations.find((o) => o.id === ended.id)!.roundId;
    const listed = { body: await get(`/api/v1/findings?roundId=${round}&limit=50`) };
    const finding = (listed.body.items as { id: number; code: string; source: string }[]).find(
      (f) => f.source !== 'SELF_CHECK',
    )!;
    return { round, listed, finding };
  };

  it('opened from a finding’s 举一反三排查 (?prompt=): its round’s campaign, the week still owed, the finding as the first row’s 对照的督察问题', async () => {
    const smelter = await webLogin(t, 'jia.pengfei');
    const { round, listed, finding } = await roundFinding('jia.pengfei');
    const html = (
      await t.http().get(`/weekly-reports/new?prompt=${finding.id}`).set('Cookie', smelter).expect(200)
    ).text;
    expect(weekChoices(html).chosen).toBe('2023-W11');
    expect(html).toContain('action="/weekly-reports?_csrf');
    const firstRow = /<fieldset class="weekly-item" data-index="0">[\s\S]*?<\/fieldset>/.exec(html)![0];
    expect(firstRow).toMatch(new RegExp(`<option value="${finding.id}" selected>${finding.code} `));
    // Only the first new row: the next is blank.
    const second = /<fieldset class="weekly-item" data-index="1">[\s\S]*?<\/fieldset>/.exec(html)![0];
    expect(second).not.toContain(' selected>');
    // A finding of the same round the user may not see (热电分厂's, for 电解厂) opens the form as without it.
    const office = await login(t, 'han.jingyi', DEMO_PASSWORD_HINT);
    const all = await t
      .http()
      .get(`/api/v1/findings?roundId=${round}&limit=200`)
      .set('Authorization', `Bearer ${office}`)
      .expect(200);
    const mine = new Set((listed.body.items as { id: number }[]).map((f) => f.id));
    const unseen = (all.body.items as { id: number; source: string }[]).find(
      (f) => !mine.has(f.id) && f.source !== 'SELF_CHECK',
    )!;
    expect(unseen).toBeDefined();
    const promptSelect = (page: string) =>
      /<fieldset class="weekly-item" data-index="0">[\s\S]*?name="items\.0\.promptedByFindingId">([\s\S]*?)<\/select>/.exec(
        page,
      )![1];
    for (const qs of [
      `?prompt=${unseen.id}`,
      '?prompt=abc',
      '?prompt=99999999999',
      `?prompt=${finding.id}.0`,
    ]) {
      const page = (
        await t
          .http()
          .get(`/weekly-reports/new${qs}&obligationId=${ended.id}&week=2023-W11`)
          .set('Cookie', smelter)
          .expect(200)
      ).text;
      expect(promptSelect(page)).not.toContain(' selected');
      expect(page).not.toContain('id="weekly-prompt-note"');
    }
  });

  it('opened from a finding whose campaign has no week left to fill, the form says so instead of leaving it unchosen', async () => {
    // 热电分厂 reported every week of the demo's campaign: its last week is locked.
    const { finding } = await roundFinding('wen.xiaofeng');
    const html = await page(`?prompt=${finding.id}`);
    const note = /<p class="card warn" id="weekly-prompt-note">([^<]*)<\/p>/.exec(html)![1];
    expect(note).toContain(`${finding.code} 所在轮次的周报要求`);
    expect(note).toContain('没有本单位可填写的周次');
    expect(note).toContain('请报公司安全环保部门登记');
  });

  it('keeps a week a unit still owes reachable: listed with its link, chosen by default, submitted late', async () => {
    // 电解厂 never reported 2023-W11 (the demo's missing report).
    const smelter = await webLogin(t, 'jia.pengfei');
    const get = async (qs: string) =>
      (await t.http().get(`/weekly-reports/new${qs}`).set('Cookie', smelter).expect(200)).text;
    const home = await get('');
    expect(notRequired(home)).toContain('以下周次尚未报送，仍可填写（已过截止时间的记为迟报）');
    expect(notRequired(home)).toContain('2023-W11（3月13日–3月19日） 未报');
    const link = /<ul class="weekly-unreported">\s*<li><a href="([^"]+)"/
      .exec(home)![1]
      .replace(/&amp;/g, '&');
    expect(link).toBe(`/weekly-reports/new?obligationId=${ended.id}&unitId=10&week=2023-W11`);
    const owed = await get(link.slice('/weekly-reports/new'.length));
    expect(owed).toContain('现在提交将记为<strong>迟报</strong>');
    expect(owed).toContain('action="/weekly-reports?_csrf');
    expect(weekChoices(owed).labels).toContain('2023-W11（3月13日–3月19日）未报');
    // Choosing the ended campaign without a week opens the week still owed, not its last one.
    expect(weekChoices(await get(`?obligationId=${ended.id}`)).chosen).toBe('2023-W11');
    // Handed in now, it is taken as late; the list of weeks to report is then empty.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(owed)![1];
    await t
      .http()
      .post(`/weekly-reports?_csrf=${encodeURIComponent(csrf)}`)
      .set('Cookie', smelter)
      .field('_csrf', csrf)
      .field('obligationId', String(ended.id))
      .field('unitId', '10')
      .field('week', '2023-W11')
      .field('noneFound', 'true')
      .expect(303);
    expect(await get(link.slice('/weekly-reports/new'.length))).toMatch(/已提交第 1 版（[^）]*，迟报）/);
    expect(notRequired(await get(''))).toContain('以往要求报送的周报都已报送');
  });

  /** The text of the card of a locked report (submitted, deadline passed), tags dropped. */
  const lockedCard = (html: string) =>
    (/<section class="card warn">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ');

  it('the last week of a campaign that ended, once locked, does not send the problems to a next week', async () => {
    // It said 如自查又发现问题，请在下一周的周报中报送: the campaign asks for no week after 2023-W14.
    const card = lockedCard(await page(`?obligationId=${ended.id}&week=2023-W14`));
    expect(card).toContain('不能再更正');
    expect(card).not.toContain('请在下一周的周报中报送');
    expect(card).toContain(
      '「“回头看”举一反三周报（每周四）」已于 2023-04-09 结束，没有下一周的周报可报；如自查又发现问题，请报公司安全环保部门登记。',
    );
  });

  describe('with a campaign running since 2026-W47 (热电分厂, 2023 look-back round of 环保)', () => {
    let running: Obligation;
    /** 热电分厂 reports the week under the running campaign: none found (as of the clock). */
    const reportNoneFound = async (week: string) =>
      t
        .http()
        .post('/api/v1/weekly-reports')
        .set('Authorization', `Bearer ${await login(t, 'wen.xiaofeng', DEMO_PASSWORD_HINT)}`)
        .send({ obligationId: running.id, unitId: 16, week, noneFound: true, items: [] })
        .expect(201);
    beforeAll(async () => {
      const clock = t.app.get(Clock);
      // Set on Tuesday 2026-11-17: its weeks count from 2026-W47.
      clock.pinForTesting(new Date('2026-11-17T02:00:00Z'));
      const office = await login(t, 'han.jingyi', DEMO_PASSWORD_HINT);
      running = (
        await t
          .http()
          .post('/api/v1/weekly-reports/obligations')
          .set('Authorization', `Bearer ${office}`)
          .send({ name: '环保举一反三周报（每周四）', roundId: 6, unitIds: [16], startDate: '2026-11-16' })
          .expect(201)
      ).body as Obligation;
      clock.pinForTesting(new Date('2026-11-26T02:00:00Z')); // Thursday of 2026-W48: reported on time
      await reportNoneFound('2026-W48');
      clock.pinForTesting(new Date('2026-12-08T02:00:00Z')); // Tuesday of 2026-W50
      cookie = await webLogin(t, 'wen.xiaofeng');
    });

    it('opens this week by default and offers the campaign’s weeks only, newest first', async () => {
      const html = await page();
      const picker = weekChoices(html);
      expect(picker.chosen).toBe('2026-W50');
      expect(picker.labels).toEqual([
        '2026-W50（12月7日–12月13日）待报',
        '2026-W49（11月30日–12月6日）未报',
        '2026-W48（11月23日–11月29日）已报',
        '2026-W47（11月16日–11月22日）未报',
      ]);
      expect(html).toContain('<dt>截止时间</dt>');
      expect(html).not.toContain('id="weekly-not-required"');
      // Chosen without a week, the running campaign opens this week too.
      expect(weekChoices(await page(`?obligationId=${running.id}`)).chosen).toBe('2026-W50');
    });

    it('a week before the campaign says when it began and lists what is still to report', async () => {
      const card = notRequired(await page(`?obligationId=${running.id}&week=2026-W45`));
      expect(card).toContain('不要求报送 2026-W45（11月2日–11月8日）的周报');
      expect(card).toContain('该周报要求自 2026-11-16 起报送');
      expect(card).toMatch(/2026-W50（12月7日–12月13日） 待报.*2026-W49（11月30日–12月6日） 未报.*2026-W47/);
    });

    it('a week not begun is not offered and says so', async () => {
      const html = await page(`?obligationId=${running.id}&week=2026-W51`);
      expect(notRequired(html)).toContain('2026-W51（12月14日–12月20日）还没有开始');
      expect(weekChoices(html).values).not.toContain('2026-W51');
      expect(html).not.toContain('action="/weekly-reports?_csrf');
    });

    it('a past week, locked, sends a problem found since to this week’s report', async () => {
      const html = await page(`?obligationId=${running.id}&week=2026-W48`);
      expect(lockedCard(html)).toContain('如自查又发现问题，请在本周（2026-W50）的周报中报送');
      expect(html).toContain(
        `href="/weekly-reports/new?obligationId=${running.id}&amp;unitId=16&amp;week=2026-W50"`,
      );
    });

    it('this week, locked after Thursday, sends it to next week’s report', async () => {
      await reportNoneFound('2026-W50');
      t.app.get(Clock).pinForTesting(new Date('2026-12-11T02:00:00Z')); // Friday of 2026-W50
      cookie = await webLogin(t, 'wen.xiaofeng');
      const card = lockedCard(await page(`?obligationId=${running.id}`));
      expect(card).toContain('如自查又发现问题，请在下一周（2026-W51）的周报中报送');
    });
  });

  it('lists the 20 newest weeks a unit still owes and counts the rest (电解厂, a campaign of 30 weeks never reported)', async () => {
    const clock = t.app.get(Clock);
    // Set on Tuesday 2026-05-05: its weeks count from 2026-W19 to 2026-W48.
    clock.pinForTesting(new Date('2026-05-05T02:00:00Z'));
    const office = await login(t, 'han.jingyi', DEMO_PASSWORD_HINT);
    await t
      .http()
      .post('/api/v1/weekly-reports/obligations')
      .set('Authorization', `Bearer ${office}`)
      .send({
        name: '电解厂环保周报（每周四）',
        roundId: 6,
        unitIds: [10],
        startDate: '2026-05-04',
        endDate: '2026-11-29',
      })
      .expect(201);
    clock.pinForTesting(new Date('2026-12-06T04:00:00Z'));
    const smelter = await webLogin(t, 'jia.pengfei');
    const html = (await t.http().get('/weekly-reports/new').set('Cookie', smelter).expect(200)).text;
    const items = [
      .../<ul class="weekly-unreported">([\s\S]*?)<\/ul>/.exec(html)![1].matchAll(/<li><a [^>]*>([^<]*)</g),
    ];
    expect(items).toHaveLength(20);
    expect(items[0][1]).toBe('2026-W48（11月23日–11月29日）');
    expect(items[19][1]).toBe('2026-W29（7月13日–7月19日）');
    expect(notRequired(html)).toContain('以上为最近的 20 个，另有 10 个周次尚未报送，见报送情况。');
    expect(html).toContain('<a href="/weekly-reports/compliance">报送情况</a>');
  });
});
