import { Role } from '../src/common/access/roles';
import { binary, pdfItems, pdfPages } from './support/pdf-text';
import { Clock } from '../src/common/time/clock';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webSession } from './support/web-session';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Task {
  id: number;
  sourceId: number;
  level: string;
  periodKey: string;
  templateId: number;
  status: string;
}

describe('Inspections: 重要危险源, graded checklists, scheduled tasks, findings from failed items', () => {
  let t: TestApp;
  let org: OrgFixture;
  let teamLeader: string;
  let gasTeam: number;
  let sourceId: number;

  beforeAll(async () => {
    t = await startTestApp();
    // 10:00 in Beijing on Wednesday 2 December 2026: the second shift (08–16).
    t.app.get(Clock).pinForTesting(new Date('2026-12-02T02:00:00Z'));
    org = await buildOrg(t);
    const admin = org.auth(org.tokens.ADMIN);
    const post = async (url: string, body: object) =>
      (await t.http().post(url).set(admin).send(body).expect(201)).body as { id: number };
    const area = (
      await post('/api/v1/units', {
        code: 'A-RDFC-RQ',
        name: '燃气管网工区',
        kind: 'WORK_AREA',
        parentId: org.units.power,
      })
    ).id;
    gasTeam = (
      await post('/api/v1/units', { code: 'A-RDFC-RQ-1', name: '煤气运行班', kind: 'TEAM', parentId: area })
    ).id;
    await post('/api/v1/users', {
      username: 'banzuzhang',
      displayName: '王班长',
      roles: [Role.UNIT_OFFICER],
      homeUnitId: gasTeam,
      password: TEST_PASSWORD,
    });
    teamLeader = await login(t, 'banzuzhang');
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (url: string) => t.http().get(`/api/v1${url}`).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(`/api/v1${url}`).set(org.auth(token)).send(body),
    put: (url: string, body: object = {}) => t.http().put(`/api/v1${url}`).set(org.auth(token)).send(body),
    patch: (url: string, body: object) => t.http().patch(`/api/v1${url}`).set(org.auth(token)).send(body),
    photo: (url: string, name = '现场照片.png') =>
      t
        .http()
        .post(`/api/v1${url}`)
        .set(org.auth(token))
        .attach('file', PNG, { filename: name, contentType: 'image/png' }),
  });
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const officer = () => as(org.tokens.UNIT_OFFICER);
  const leader = () => as(teamLeader);

  const gasNetwork = (unitId: number) => ({
    unitId,
    name: '煤气管网',
    location: '热电分厂厂区架空煤气管道及加压站',
    kind: 'GAS',
    grade: 'RED',
    hazards: '煤气泄漏中毒、火灾、爆炸',
    controls: '固定式CO报警仪、排水器水封、两人同行',
    emergencyMeasures: '立即撤离至上风向，佩戴空气呼吸器救人，拨打 0351-1234567',
    responsible: [
      { level: 'SECONDARY', name: '热电主任', phone: '13900000001' },
      { level: 'TEAM', name: '王班长', phone: '13900000004' },
    ],
    documents: [
      {
        type: 'MANAGEMENT_SYSTEM',
        number: 'RD-ZD-01',
        title: '煤气安全管理制度',
        version: 'A/0',
        effectiveDate: '2024-01-01',
      },
      {
        type: 'CONTINGENCY_PLAN',
        number: 'RD-YA-03',
        title: '煤气泄漏专项应急预案',
        version: 'A/1',
        effectiveDate: '2023-06-01',
        expiryDate: '2026-05-31',
      },
    ],
    supplies: [
      { item: '正压式空气呼吸器', quantity: 4, location: '加压站应急柜', lastCheckDate: '2026-11-20' },
    ],
    drills: [
      { date: '2026-08-15', scenario: '法兰泄漏、人员中毒', participants: 18, evaluation: '响应及时' },
    ],
  });

  it('registers a source in the unit’s subtree, shows its gaps, and keeps other units out', async () => {
    const res = await officer().post('/hazard-sources', gasNetwork(gasTeam)).expect(201);
    sourceId = res.body.id;
    // The 管理制度 in force has no file yet (issue 20), the 操作规程 is missing, the 预案 expired.
    expect(res.body.gaps.map((g: { kind: string }) => g.kind)).toEqual([
      'DOC_NO_FILE',
      'DOC_MISSING',
      'DOC_EXPIRED',
    ]);
    expect(res.body.gaps[2].label).toContain('已于 2026-05-31 过期');
    expect(res.body).toMatchObject({
      gradeLabel: '重大风险（红）',
      kindLabel: '煤气',
      openGaps: 3,
      unitName: '煤气运行班',
    });

    const other = as(org.tokens.otherUnitOfficer);
    // Another unit's id reads as one that does not exist (a foreign record is a 404 everywhere): named at the field.
    const foreign = await other.post('/hazard-sources', gasNetwork(org.units.power)).expect(400);
    const missing = await other.post('/hazard-sources', gasNetwork(2147483647)).expect(400);
    for (const res of [foreign, missing])
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [
          {
            field: 'unitId',
            messages: ['单位不存在、已停用或不在你的管辖范围内 / No such active unit in your scope'],
          },
        ],
      });
    await other.get(`/hazard-sources/${sourceId}`).expect(404);
    expect((await other.get('/hazard-sources').expect(200)).body.total).toBe(0);
    await as(org.tokens.SUPERVISOR).get(`/hazard-sources/${sourceId}`).expect(200);
    await as(org.tokens.SUPERVISOR).post('/hazard-sources', gasNetwork(org.units.power)).expect(403);
    const bad = await officer()
      .post('/hazard-sources', { ...gasNetwork(gasTeam), grade: 'PURPLE' })
      .expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'grade' })]);
  });

  it('refuses a checklist item without a requirement, a frequency of zero, and a schedule of too many tasks', async () => {
    const base = {
      name: '液氨储罐检查表',
      kinds: ['AMMONIA'],
      grades: ['RED'],
      items: [{ requirement: '储罐液位计完好', method: '现场查看' }],
      frequencies: { RED: { TEAM: { unit: 'DAY', times: 1 } } },
    };
    const noReq = await office()
      .post('/checklist-templates', { ...base, items: [{ requirement: '', method: '看' }] })
      .expect(400);
    expect(noReq.body.details).toEqual([
      { field: 'items.0.requirement', messages: [expect.stringContaining('缺少检查内容')] },
    ]);
    const zero = await office()
      .post('/checklist-templates', { ...base, frequencies: { RED: { TEAM: { unit: 'DAY', times: 0 } } } })
      .expect(400);
    expect(zero.body.details[0]).toMatchObject({ field: 'frequencies.RED.TEAM.times' });
    const many = await office()
      .post('/checklist-templates', { ...base, frequencies: { RED: { TEAM: { unit: 'SHIFT', times: 4 } } } })
      .expect(400);
    expect(many.body.details[0].messages[0]).toMatch(/超过上限/);
    await officer().post('/checklist-templates', base).expect(403);
    const range = await office()
      .post('/checklist-templates/schedule', { from: '2026-12-01', to: '2027-03-01' })
      .expect(400);
    expect(range.body.details[0]).toMatchObject({ field: 'to' });
    const ok = await office().post('/checklist-templates', base).expect(201);
    expect(ok.body).toMatchObject({
      version: 1,
      current: true,
      items: [{ no: 1, requirement: '储罐液位计完好' }],
    });
  });

  it('seeds the four checklists and schedules a red gas source per shift, day, week and month, once', async () => {
    const list = (await office().get('/checklist-templates').expect(200)).body as {
      key: string;
      name: string;
    }[];
    expect(list.map((x) => x.key)).toEqual(
      expect.arrayContaining(['GAS-AREA', 'CONFINED-SPACE', 'DUST-EXPLOSION', 'CARC']),
    );
    const gen = await office()
      .post('/checklist-templates/schedule', { from: '2026-12-01', to: '2026-12-02' })
      .expect(200);
    // 煤气区域: 6 shifts, 2 days, W49 started Monday 30 Nov (not in range), the month on 1 Dec; 有限空间: 2 days.
    expect(gen.body.added).toBe(6 + 2 + 1 + 2);
    expect(
      (
        await office()
          .post('/checklist-templates/schedule', { from: '2026-12-01', to: '2026-12-02' })
          .expect(200)
      ).body.added,
    ).toBe(0);
  });

  let teamTask: Task;
  it('shows the 班组长 today’s shift task on the 首页 list and the missed ones', async () => {
    const mine = (await leader().get('/inspection-tasks/mine').expect(200)).body;
    const gasTasks = mine.due.filter(
      (x: Task & { templateName: string }) => x.templateName === '煤气区域专项检查表',
    );
    expect(gasTasks.map((x: Task) => [x.level, x.periodKey])).toEqual(
      expect.arrayContaining(
        [
          ['TEAM', '2026-12-02/S2'],
          ['WORKSHOP', '2026-12-02'],
          ['SECONDARY', '2026-12-02'],
        ].slice(0, 2),
      ),
    );
    expect(mine.due.some((x: Task) => x.level === 'COMPANY')).toBe(false);
    teamTask = gasTasks.find((x: Task) => x.level === 'TEAM');
    // 1 Dec: three shifts, the 煤气 daily and the 有限空间 daily; today’s first shift (00–08): six missed.
    expect(mine.missed).toBe(6);
    const missed = (await office().get('/inspection-tasks?state=missed').expect(200)).body;
    expect(missed.total).toBe(6);
    expect(
      (
        await leader()
          .put(`/inspection-tasks/${missed.items[0].id}/answers/1`, { result: 'PASS' })
          .expect(409)
      ).body.code,
    ).toBe('TASK_MISSED');
    const figures = (await office().get('/statistics/dashboard/inspections').expect(200)).body;
    expect(figures).toMatchObject({
      missedInspections: { value: 6 },
      sourcesWithGaps: { value: 1 },
      openGaps: { value: 3 },
    });
    const other = (await as(org.tokens.otherUnitOfficer).get('/statistics/dashboard/inspections').expect(200))
      .body;
    expect(other).toMatchObject({ missedInspections: { value: 0 }, sources: { value: 0 } });
    // The 驾驶舱 page shows the same three numbers as the API, each linking to the list it counts, and its unit
    // filter scopes them like the rest of the dashboard.
    const { cookie } = await webSession(t, 'office', TEST_PASSWORD);
    const figureOn = (html: string, key: string) => {
      const m = new RegExp(`data-figure="${key}"[\\s\\S]*?<a href="([^"]+)">([\\d,]+)</a>`).exec(html);
      return m && { href: m[1].replace(/&amp;/g, '&'), value: Number(m[2].replace(/,/g, '')) };
    };
    const dash = (await t.http().get('/dashboard').set('Cookie', cookie).expect(200)).text;
    expect(figureOn(dash, 'missedInspections')).toEqual({ value: 6, href: '/inspections#missed' });
    expect(figureOn(dash, 'sourcesWithGaps')).toEqual({
      value: 1,
      href: '/inspections/sources?withGaps=true',
    });
    expect(figureOn(dash, 'openGaps')).toMatchObject({ value: 3 });
    const missedPage = (await t.http().get('/inspections#missed').set('Cookie', cookie).expect(200)).text;
    expect(missedPage).toMatch(/漏检 <span class="count">6<\/span>/);
    const gapped = (
      await t.http().get('/inspections/sources?withGaps=true').set('Cookie', cookie).expect(200)
    ).text;
    expect(gapped).toMatch(/有缺项的重要危险源 <span class="count">1<\/span>/);
    expect(gapped.match(/class="form-error gap-count">缺项 (\d+) 项/g)).toEqual([
      'class="form-error gap-count">缺项 3 项',
    ]);
    const scoped = (
      await office().get(`/statistics/dashboard/inspections?unitId=${org.units.flyAsh}`).expect(200)
    ).body;
    expect(scoped).toMatchObject({ missedInspections: { value: 0 }, sourcesWithGaps: { value: 0 } });
    const flyAshDash = (
      await t.http().get(`/dashboard?unitId=${org.units.flyAsh}`).set('Cookie', cookie).expect(200)
    ).text;
    expect(figureOn(flyAshDash, 'missedInspections')).toEqual({
      value: 0,
      href: `/inspections?unitId=${org.units.flyAsh}#missed`,
    });
    const flyAshMissed = (
      await t.http().get(`/inspections?unitId=${org.units.flyAsh}`).set('Cookie', cookie).expect(200)
    ).text;
    expect(flyAshMissed).toMatch(/漏检 <span class="count">0<\/span>/);
    const powerDash = (await office().get(`/statistics/dashboard?unitId=${org.units.power}`).expect(200))
      .body;
    expect(
      Object.fromEntries(
        powerDash.figures
          .filter((f: { key: string }) =>
            ['missedInspections', 'sourcesWithGaps', 'openGaps'].includes(f.key),
          )
          .map((f: { key: string; value: number }) => [f.key, f.value]),
      ),
    ).toEqual({ missedInspections: 6, sourcesWithGaps: 1, openGaps: 3 });
    const later = (await office().get(`/inspection-tasks?state=all&sourceId=${sourceId}`).expect(200)).body
      .items as Task[];
    expect(later.some((x) => x.periodKey === '2026-12-02/S3')).toBe(false); // not begun: not listed yet
  });

  it('a 班组长 fails two items with photos and signs: two findings of the unit with the photos as evidence', async () => {
    const url = `/inspection-tasks/${teamTask.id}`;
    const detail = (await leader().get(url).expect(200)).body;
    expect(detail).toMatchObject({
      mayInspect: true,
      levelLabel: '班组级',
      template: { key: 'GAS-AREA', version: 1 },
    });
    // Two people answering the same item at once from the version they read: one is refused, nothing overwritten
    // (without it a FAIL was silently replaced by a PASS and the task signed all-PASS).
    const race = await Promise.all([
      leader().put(`${url}/answers/1`, { result: 'FAIL', note: '警示标志缺失', version: detail.version }),
      leader().put(`${url}/answers/1`, { result: 'PASS', version: detail.version }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(race.find((r) => r.status === 409)!.body.code).toBe('VERSION_CONFLICT');
    for (const item of detail.items as { no: number }[])
      await leader().put(`${url}/answers/${item.no}`, { result: 'PASS' }).expect(200);
    await leader().put(`${url}/answers/2`, { result: 'FAIL', note: '3号排水器水封高度不足' }).expect(200);
    await leader()
      .put(`${url}/answers/5`, { result: 'FAIL', note: '加压站法兰处检测到煤气泄漏 30ppm' })
      .expect(200);
    const v = (await leader().get(url).expect(200)).body.version;
    // No name and two failed items without their photo: one answer names all three (the signature was refused
    // alone before, the photos only on the next try).
    const unsigned = await leader().post(`${url}/sign`, { signature: '', version: v }).expect(400);
    expect(unsigned.body.code).toBe('VALIDATION_FAILED');
    expect(unsigned.body.details.map((d: { field: string }) => d.field)).toEqual([
      'answers.2.photos',
      'answers.5.photos',
      'signature',
    ]);
    const incomplete = await leader().post(`${url}/sign`, { signature: '王班长', version: v }).expect(400);
    expect(incomplete.body.details.map((d: { field: string }) => d.field)).toEqual([
      'answers.2.photos',
      'answers.5.photos',
    ]);
    await leader().photo(`${url}/answers/2/photos`).expect(201);
    await leader().photo(`${url}/answers/5/photos`, '法兰泄漏.png').expect(201);
    await leader().photo(`${url}/answers/5/photos?kind=SIDEWAYS`).expect(400);
    // A damaged photo (the first 40 bytes of a PNG) is refused by name, and not kept.
    const damaged = await t
      .http()
      .post(`/api/v1${url}/answers/5/photos`)
      .set(org.auth(teamLeader))
      .attach('file', PNG.subarray(0, 40), { filename: '截断.png', contentType: 'image/png' })
      .expect(400);
    expect(damaged.body).toMatchObject({
      code: 'IMAGE_UNREADABLE',
      message: expect.stringMatching(/^图片已损坏或不完整，无法读取.* \/ The image is damaged or incomplete/),
      details: [{ field: 'file', messages: [expect.any(String)] }],
    });
    const kept = (await leader().get(url).expect(200)).body.items as { no: number; photos: unknown[] }[];
    expect(kept.find((i) => i.no === 5)!.photos).toHaveLength(1);
    const signed = await leader().post(`${url}/sign`, { signature: '王班长', version: v }).expect(200);
    expect(signed.body).toMatchObject({ status: 'DONE', failed: 2, signature: '王班长' });
    expect(signed.body.findingIds).toHaveLength(2);

    const list = (await officer().get('/findings?source=SELF_CHECK&limit=50').expect(200)).body;
    const made = list.items.filter((f: { id: number }) => signed.body.findingIds.includes(f.id));
    expect(made.map((f: { level: string; unitId: number }) => [f.level, f.unitId]).sort()).toEqual([
      ['GENERAL', gasTeam],
      ['MAJOR', gasTeam],
    ]);
    const major = (await officer().get(`/findings/${signed.body.findingIds[0]}`).expect(200)).body;
    expect(major.description).toContain('工贸企业重大事故隐患判定标准');
    expect(major.description).toContain('3号排水器水封高度不足');
    expect(major.evidence).toEqual([expect.objectContaining({ kind: 'BEFORE' })]);
    // The photos keep their names as the 班组长's phone sent them (not their UTF-8 bytes read as Latin-1).
    const general = (await officer().get(`/findings/${signed.body.findingIds[1]}`).expect(200)).body;
    expect(
      [...major.evidence, ...general.evidence].map((e: { fileName: string }) => e.fileName).sort(),
    ).toEqual(['法兰泄漏.png', '现场照片.png'].sort());
    expect(major.tags).toEqual(expect.arrayContaining(['重要危险源检查', '煤气']));
    expect(
      (
        await leader()
          .post(`${url}/sign`, { signature: '王班长', version: v + 1 })
          .expect(409)
      ).body.code,
    ).toBe('TASK_ALREADY_SIGNED');
  });

  it('an item fixed on the spot goes the 边检查边整改 way; a clause item may not', async () => {
    const tasks = (
      await officer().get(`/inspection-tasks?state=due&sourceId=${sourceId}&level=WORKSHOP`).expect(200)
    ).body.items as (Task & { templateName: string })[];
    const task = tasks.find((x) => x.templateName === '煤气区域专项检查表')!;
    const url = `/inspection-tasks/${task.id}`;
    const detail = (await officer().get(url).expect(200)).body;
    for (const item of detail.items as { no: number }[])
      await officer()
        .put(`${url}/answers/${item.no}`, { result: item.no === 3 ? 'FAIL' : 'NOT_APPLICABLE' })
        .expect(200);
    await officer()
      .put(`${url}/answers/3`, {
        result: 'FAIL',
        note: '一名巡检工未带便携式报警仪',
        fixedOnTheSpot: true,
        measures: '当场配发报警仪',
        rootCause: '班前检查未核对',
      })
      .expect(200);
    await officer()
      .put(`${url}/answers/2`, {
        result: 'FAIL',
        note: '水封不足',
        fixedOnTheSpot: true,
        measures: '补水',
        rootCause: '漏检',
      })
      .expect(200);
    await officer().photo(`${url}/answers/3/photos`).expect(201);
    await officer().photo(`${url}/answers/2/photos`).expect(201);
    let v = (await officer().get(url).expect(200)).body.version;
    const refused = await officer().post(`${url}/sign`, { signature: '热电安全员', version: v }).expect(400);
    // In the form's order: an item's photos come before its on-the-spot fix.
    expect(refused.body.details.map((d: { field: string }) => d.field)).toEqual([
      'answers.2.photos',
      'answers.2.fixedOnTheSpot',
      'answers.3.photos',
    ]);
    await officer().put(`${url}/answers/2`, { result: 'NOT_APPLICABLE' }).expect(200);
    await officer().photo(`${url}/answers/3/photos?kind=AFTER`, '整改后.png').expect(201);
    // Both photos as one kept before uploads were decoded (758b51c) may be: cut off. They were accepted then, so
    // the signing copies them into the finding's evidence as they are (before, it was refused IMAGE_UNREADABLE on
    // `file`, and the inspection could never be signed).
    const cut = PNG.subarray(0, 40);
    await t.db.query(`UPDATE inspection_photos SET content = $1, size_bytes = $2 WHERE task_id = $3`, [
      cut,
      cut.length,
      task.id,
    ]);
    v = (await officer().get(url).expect(200)).body.version;
    const signed = await officer().post(`${url}/sign`, { signature: '热电安全员', version: v }).expect(200);
    const f = (await officer().get(`/findings/${signed.body.findingIds[0]}`).expect(200)).body;
    expect(f).toMatchObject({ source: 'SELF_CHECK', status: 'PENDING_VERIFICATION', level: 'GENERAL' });
    expect(f.evidence.map((e: { kind: string }) => e.kind).sort()).toEqual(['AFTER', 'BEFORE']);
    expect(f.evidence.map((e: { fileName: string }) => e.fileName).sort()).toEqual(
      ['现场照片.png', '整改后.png'].sort(),
    );
    // Kept byte for byte; with no sizes made of it, its thumbnail is the original.
    const copy = f.evidence.find((e: { kind: string }) => e.kind === 'AFTER');
    const thumb = await officer().get(`/findings/${f.id}/evidence/${copy.id}?size=thumb`).expect(200);
    expect(Buffer.compare(thumb.body, cut)).toBe(0);
  });

  it('company inspections are the safety office’s and find COMPANY_CHECK problems', async () => {
    const all = (
      await office().get(`/inspection-tasks?state=due&sourceId=${sourceId}&level=COMPANY`).expect(200)
    ).body.items as Task[];
    expect(all.map((x) => x.periodKey)).toEqual(['2026-12']);
    const url = `/inspection-tasks/${all[0].id}`;
    expect((await officer().put(`${url}/answers/1`, { result: 'PASS' }).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
    const detail = (await office().get(url).expect(200)).body;
    for (const item of detail.items as { no: number }[])
      await office()
        .put(
          `${url}/answers/${item.no}`,
          item.no === 7 ? { result: 'FAIL', note: '空气呼吸器气瓶压力不足' } : { result: 'PASS' },
        )
        .expect(200);
    await office().photo(`${url}/answers/7/photos`).expect(201);
    const v = (await office().get(url).expect(200)).body.version;
    // Any name may be typed (a paper habit): the account that signed is kept beside it.
    const signed = await office().post(`${url}/sign`, { signature: '张三', version: v }).expect(200);
    const f = (await office().get(`/findings/${signed.body.findingIds[0]}`).expect(200)).body;
    expect(f).toMatchObject({ source: 'COMPANY_CHECK', unitId: gasTeam, level: 'GENERAL' });
    expect((await office().get(url).expect(200)).body).toMatchObject({
      signature: '张三',
      signedById: org.users.office,
      signedBy: 'office', // the account (username), not its display name 安办员
    });
  });

  it('editing a checklist makes a new version; a stale edit is refused; done inspections keep theirs', async () => {
    const gas = (
      (await office().get('/checklist-templates').expect(200)).body as {
        id: number;
        key: string;
        items: object[];
        version: number;
      }[]
    ).find((x) => x.key === 'GAS-AREA')!;
    const edit = {
      name: '煤气区域专项检查表',
      kinds: ['GAS'],
      grades: ['RED', 'ORANGE', 'YELLOW', 'BLUE'],
      frequencies: { RED: { TEAM: { unit: 'SHIFT', times: 1 } } },
      items: [...gas.items, { requirement: '煤气区域作业人员持证上岗', method: '查证件' }],
    };
    const v2 = await office().post(`/checklist-templates/${gas.id}/versions`, { ...edit, version: 1 });
    expect([v2.status, v2.body.details]).toEqual([201, undefined]);
    expect(v2.body).toMatchObject({ key: 'GAS-AREA', version: 2, current: true });
    expect(v2.body.items).toHaveLength(gas.items.length + 1);
    expect(
      (
        await office()
          .post(`/checklist-templates/${gas.id}/versions`, { ...edit, version: 1 })
          .expect(409)
      ).body.code,
    ).toBe('VERSION_CONFLICT');
    const done = (await leader().get(`/inspection-tasks/${teamTask.id}`).expect(200)).body;
    expect(done.template.version).toBe(1);
    expect(done.items).toHaveLength(gas.items.length);
  });

  it('prints the inspection ledger (PDF and .xlsx), the source file and the 公示牌', async () => {
    const pdf = async (url: string) => {
      const res = await office()
        .get(url)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/pdf|spreadsheet/);
      return res.body as Buffer;
    };
    const ledger = await pdf(`/reports/hazard-sources/${sourceId}/ledger?from=2026-12-01&to=2026-12-02`);
    expect(ledger.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pdf(`/reports/hazard-sources/${sourceId}/sign`)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pdf(`/reports/hazard-sources/${sourceId}/file`)).subarray(0, 5).toString()).toBe('%PDF-');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await pdf(`/hazard-sources/${sourceId}/ledger.xlsx?from=2026-12-01&to=2026-12-02`)) as never,
    );
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A3').value)).toContain('漏检 6 次');
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    const failedCells = rows
      .map((r) => String(r[7] ?? ''))
      .filter((c) => c.includes('3号排水器水封高度不足'));
    expect(failedCells).toHaveLength(1);
    await as(org.tokens.otherUnitOfficer).get(`/reports/hazard-sources/${sourceId}/sign`).expect(404);
    // xlsx: the typed signature and the account that signed, in their own columns.
    const signedRow = rows.find((r) => r[8] === '张三')!;
    expect(signedRow[9]).toBe('office');
    await office()
      .get(`/reports/hazard-sources/${sourceId}/ledger?from=2025-01-01&to=2026-12-02`)
      .expect(400);
  });

  it('the ledger and the task page name findings by code (重大 marked), only those the reader may see, and the account that signed', async () => {
    const read = async (token: string, url: string) =>
      (await t.http().get(`/api/v1${url}`).set(org.auth(token)).buffer(true).parse(binary).expect(200))
        .body as Buffer;
    const ledgerUrl = `/reports/hazard-sources/${sourceId}/ledger?from=2026-12-01&to=2026-12-02`;
    const team = (await leader().get(`/inspection-tasks/${teamTask.id}`).expect(200)).body;
    const made = await Promise.all(
      (team.findingIds as number[]).map(
        async (id) =>
          (await office().get(`/findings/${id}`).expect(200)).body as {
            id: number;
            code: string;
            level: string;
            version: number;
          },
      ),
    );
    const major = made.find((f) => f.level === 'MAJOR')!;
    const general = made.find((f) => f.level === 'GENERAL')!;
    const text = (await pdfPages(await read(org.tokens.SAFETY_OFFICE, ledgerUrl))).join('\n');
    expect(text).toContain(`［${major.code}（重大）］`);
    expect(text).toContain(`［${general.code}］`);
    expect(text).not.toMatch(/［问题 \d+］/);
    // 检查人: the typed name and, under it, the account that signed: its username, not the display name again.
    const cells = (await pdfItems(await read(org.tokens.SAFETY_OFFICE, ledgerUrl))).flat().map((i) => i.str);
    expect(cells).toEqual(expect.arrayContaining(['张三', '王班长']));
    // An account wider than the column wraps inside its cell: read the cells' text joined.
    const joined = cells.join('');
    expect(joined).toContain('（账号：office）');
    expect(joined).toContain('（账号：banzuzhang）');
    expect(joined).not.toContain('（账号：王班长）');

    // The page: codes linking to the findings, 重大 marked, the account beside the signature.
    const page = async (user: string) => {
      const { cookie } = await webSession(t, user, TEST_PASSWORD);
      return (await t.http().get(`/inspections/tasks/${teamTask.id}`).set('Cookie', cookie).expect(200)).text;
    };
    let html = await page('banzuzhang');
    expect(html).toContain(`<a class="finding-link" href="/findings/${major.id}">${major.code}</a>`);
    expect(html).toContain(`<a class="finding-link" href="/findings/${general.id}">${general.code}</a>`);
    expect(html).toContain('<span class="level level-MAJOR">重大</span>');
    expect(html).toMatch(/已签字：王班长（账号：<span class="signed-by">banzuzhang<\/span>）/);
    expect(html).not.toMatch(/问题 \d+/);

    // The major finding moves to 电解厂, outside the 班组长's subtree: its code no longer shows to them, on paper
    // or on the page (it is counted); the safety office still sees it.
    await office()
      .patch(`/findings/${major.id}`, { unitId: org.units.smelter, version: major.version })
      .expect(200);
    const theirs = (await pdfPages(await read(teamLeader, ledgerUrl))).join('\n');
    expect(theirs).not.toContain(major.code);
    expect(theirs).toContain('［问题（不在查看范围）］');
    expect(theirs).toContain(`［${general.code}］`);
    html = await page('banzuzhang');
    expect(html).not.toContain(major.code);
    expect(html).toContain('1 个问题不在您的查看范围');
    expect((await pdfPages(await read(org.tokens.SAFETY_OFFICE, ledgerUrl))).join('\n')).toContain(
      `［${major.code}（重大）］`,
    );
  });

  it('on the phone pages: the task is on 首页, and one form answers, photographs and signs it', async () => {
    const { cookie, csrf } = await webSession(t, 'banzuzhang', TEST_PASSWORD);
    const home = await t.http().get('/').set('Cookie', cookie).expect(200);
    expect(home.text).toContain('今天的危险源检查');
    expect(home.text).toContain('漏检 6 次');
    const due = (
      await leader().get(`/inspection-tasks?state=due&sourceId=${sourceId}&level=WORKSHOP`).expect(200)
    ).body.items as (Task & { templateName: string })[];
    const task = due.find((x) => x.templateName === '有限空间作业专项检查表')!;
    const page = await t.http().get(`/inspections/tasks/${task.id}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('name="result-5"');
    const read = (await leader().get(`/inspection-tasks/${task.id}`).expect(200)).body as { version: number };
    expect(page.text).toContain(`name="version" value="${read.version}"`);
    const post = (signature = '王班长') =>
      t
        .http()
        .post(`/inspections/tasks/${task.id}?_csrf=${encodeURIComponent(csrf)}`)
        .set('Cookie', cookie)
        .field('result-1', 'FAIL')
        .field('note-1', '有限空间入口未设置警示标志')
        .field('result-2', 'PASS')
        .field('result-3', 'PASS')
        .field('result-4', 'PASS')
        .field('result-5', 'NOT_APPLICABLE')
        .field('signature', signature);
    // An answer the API would refuse (a result that is none of the three, a note over 1,000 characters) is refused
    // at its item, and nothing of the form is kept.
    const before = (await leader().get(`/inspection-tasks/${task.id}`).expect(200)).body;
    const invalid = await post().field('note-2', '长'.repeat(1_001)).expect(400);
    expect(invalid.text).toContain('第 2 项：');
    const bogus = await t
      .http()
      .post(`/inspections/tasks/${task.id}?_csrf=${encodeURIComponent(csrf)}`)
      .set('Cookie', cookie)
      .field('result-1', 'BOGUS_VALUE')
      .field('result-2', 'PASS')
      .expect(400);
    expect(bogus.text).toContain('第 1 项：');
    // A note too long (item 2), a failed item without its photo (item 1), a file that is no photo (item 3) and no
    // signature: all four at once, each under its field in the form's order, and still nothing kept (the page named
    // the note alone before; the file, refused after the answers were saved, kept them).
    const all = await post('')
      .field('note-2', '长'.repeat(1_001))
      .attach('photo-3', Buffer.from('not a photo'), { filename: '记录.txt', contentType: 'text/plain' })
      .expect(400);
    const errors = [...all.text.matchAll(/<span class="field-error">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(errors).toEqual([
      '第 1 项不合格，须拍照留证',
      '第 2 项：说明不能超过 1000 个字',
      '第 3 项：不支持的文件类型 .txt；可上传照片(jpg/png/webp)',
      '请输入检查人姓名签字',
    ]);
    expect(all.text).toMatch(/name="note-2"[\s\S]*第 2 项：说明不能超过[\s\S]*name="photo-2"/);
    const after = (await leader().get(`/inspection-tasks/${task.id}`).expect(200)).body;
    expect([after.version, after.items]).toEqual([before.version, before.items]);
    // A damaged photo (a PNG cut off) is named at its item before anything is saved, as a file that is no photo.
    const damaged = await post()
      .attach('photo-1', PNG.subarray(0, 40), { filename: '入口.png', contentType: 'image/png' })
      .expect(400);
    expect(damaged.text).toContain('第 1 项：图片已损坏或不完整，无法读取');
    const untouched = (await leader().get(`/inspection-tasks/${task.id}`).expect(200)).body;
    expect([untouched.version, untouched.items]).toEqual([before.version, before.items]);
    const refused = await post().expect(400);
    expect(refused.text).toContain('须拍照留证');
    // Signing refused (no name) keeps the answers and the photo, and the form says so: the inspector, back at the
    // form, need not pick the photo again — picking it again would store it twice.
    const unsigned = await post('')
      .attach('photo-1', PNG, { filename: '入口.png', contentType: 'image/png' })
      .expect(400);
    expect(unsigned.text).toContain('请输入检查人姓名签字');
    expect(unsigned.text).toContain('已保存 1 张照片，重新提交无需再选');
    await post().expect(303);
    const done = (await leader().get(`/inspection-tasks/${task.id}`).expect(200)).body;
    expect(done).toMatchObject({ status: 'DONE', signature: '王班长', failed: 1 });
    expect(done.findingIds).toHaveLength(1);
    expect(done.items[0].photos.map((p: { fileName: string }) => p.fileName)).toEqual(['入口.png']);
  });

  it('closes out a gap and the source through an approval with a reason, in the change log', async () => {
    const source = (await officer().get(`/hazard-sources/${sourceId}`).expect(200)).body;
    const expired = source.gaps.find((g: { kind: string }) => g.kind === 'DOC_EXPIRED');
    await officer()
      .post(`/hazard-sources/${sourceId}/closeouts`, {
        target: 'GAP',
        gapKey: 'NOPE',
        reason: '不存在的缺项',
      })
      .expect(400);
    const req = await officer()
      .post(`/hazard-sources/${sourceId}/closeouts`, {
        target: 'GAP',
        gapKey: expired.key,
        reason: '新版预案已在评审，旧版延用经公司批准',
      })
      .expect(201);
    await officer()
      .post(`/hazard-sources/${sourceId}/closeouts`, {
        target: 'GAP',
        gapKey: expired.key,
        reason: '再次申请一遍',
      })
      .expect(409);
    await officer()
      .post(`/hazard-source-closeouts/${req.body.id}/decision`, { approve: true, version: 1 })
      .expect(403);
    expect(
      (
        await office()
          .post(`/hazard-source-closeouts/${req.body.id}/decision`, { approve: false, version: 1 })
          .expect(400)
      ).body.details[0].field,
    ).toBe('note');
    // The 驾驶舱's gap count, read before the approval (the service keeps counts while the facts are unchanged).
    const openGapsNow = async () =>
      (await office().get('/statistics/dashboard/inspections').expect(200)).body.openGaps.value as number;
    const gapsBefore = await openGapsNow();
    await office()
      .post(`/hazard-source-closeouts/${req.body.id}/decision`, { approve: true, note: '同意', version: 1 })
      .expect(200);
    const after = (await officer().get(`/hazard-sources/${sourceId}`).expect(200)).body;
    expect(after.openGaps).toBe(2);
    expect(await openGapsNow()).toBe(gapsBefore - 1);
    expect(after.gaps.find((g: { key: string }) => g.key === expired.key).closed).toBe(true);

    const whole = await officer()
      .post(`/hazard-sources/${sourceId}/closeouts`, { target: 'SOURCE', reason: '煤气管网停用拆除' })
      .expect(201);
    await office()
      .post(`/hazard-source-closeouts/${whole.body.id}/decision`, {
        approve: true,
        note: '已现场确认拆除',
        version: 1,
      })
      .expect(200);
    const gone = (await officer().get(`/hazard-sources/${sourceId}`).expect(200)).body;
    expect(gone.status).toBe('DECOMMISSIONED');
    expect(
      (await officer().get(`/inspection-tasks?state=due&sourceId=${sourceId}`).expect(200)).body.total,
    ).toBe(0);
    await officer()
      .put(`/hazard-sources/${sourceId}`, { ...gasNetwork(gasTeam), version: gone.version })
      .expect(409);
    const log = (await office().get(`/audit-log?entityType=HazardSource&entityId=${sourceId}`).expect(200))
      .body;
    const actions = (log.items ?? log).map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'HAZARD_SOURCE_CLOSEOUT_REQUESTED',
        'HAZARD_SOURCE_CLOSEOUT_APPROVED',
        'HAZARD_SOURCE_CREATED',
      ]),
    );
  });
});
