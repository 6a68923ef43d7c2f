import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { Clock } from '../src/common/time/clock';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { COMPLETE_PLAN, MAJOR_GOVERNANCE, buildRound } from './support/findings-fixture';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin } from './support/web-session';

/** Issue 17 part 2: the statutory 隐患排查治理 statistics table (安监总局令第16号). */

interface ListedFinding {
  id: number;
  unitId: number;
  level: string;
  status: string;
  foundDate: string;
  closedAt: string | null;
}
interface Row {
  key: string;
  label: string;
  unitId: number | null;
  figures: Record<string, number | null>;
}
type Figures = Record<string, number | null>;

const shanghaiDate = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));
const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);

/**
 * The table's figures computed independently, from what the finding list and detail APIs show: cancelled findings
 * out; 一般 = GENERAL + SERIOUS found from 1 January to the period's end; 重大 = MAJOR found in that time or carried
 * over (found earlier and not closed before 1 January); rectified = closed by the period's end; (8) = MAJOR not
 * closed by the end whose latest plan submitted by then was confirmed by then; (14) = those plans' funds.
 */
async function expected(
  findings: ListedFinding[],
  from: string,
  end: string,
  planOf: (
    id: number,
  ) => Promise<{ fundsAmount: number; submittedAt: string; confirmedAt: string | null } | null>,
): Promise<Figures> {
  const counted = findings.filter((f) => f.status !== 'CANCELLED' && f.foundDate <= end);
  const closedBy = (f: ListedFinding, d: string) =>
    f.status === 'CLOSED' && f.closedAt !== null && shanghaiDate(f.closedAt) <= d;
  const inYear = counted.filter((f) => f.foundDate >= from);
  const general = inYear.filter((f) => f.level !== 'MAJOR');
  const major = counted.filter(
    (f) =>
      f.level === 'MAJOR' &&
      (f.foundDate >= from || !(f.status === 'CLOSED' && shanghaiDate(f.closedAt!) < from)),
  );
  let inPlan = 0;
  let funds = 0;
  for (const m of major) {
    const plan = await planOf(m.id);
    if (!plan || shanghaiDate(plan.submittedAt) > end) continue;
    if (!plan.confirmedAt || shanghaiDate(plan.confirmedAt) > end) continue;
    funds += plan.fundsAmount;
    if (!closedBy(m, end)) inPlan++;
  }
  const c3 = general.filter((f) => closedBy(f, end)).length;
  const c6 = major.filter((f) => closedBy(f, end)).length;
  return {
    c1: new Set(inYear.map((f) => f.unitId)).size,
    c2: general.length,
    c3,
    c4: rate(c3, general.length),
    c5: major.length,
    c6,
    c7: rate(c6, major.length),
    c8: inPlan,
    c9: inPlan,
    c10: inPlan,
    c11: inPlan,
    c12: inPlan,
    c13: inPlan,
    c14: Math.round(funds / 100) / 100,
  };
}

const figuresOf = (row: Row) => {
  const { fundsYuan: _funds, ...f } = row.figures as Figures & { fundsYuan: number };
  return f;
};

describe('Statutory statistics table (issue 17 part 2) on the demo data', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let xcl: { id: number };
  let sxly: { id: number };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    for (const u of ['han.jingyi', 'wen.xiaofeng', 'chang.wentao', 'tao.chengzhi'])
      tokens[u] = await login(t, u, DEMO_PASSWORD_HINT);
    const units = (await api('han.jingyi', '/api/v1/units?kind=COMPANY').expect(200)).body.items;
    xcl = units.find((u: { code: string }) => u.code === 'XCL');
    sxly = units.find((u: { code: string }) => u.code === 'SXLY');
  });
  afterAll(() => t.close());

  const api = (user: string, url: string) => t.http().get(url).set('Authorization', `Bearer ${tokens[user]}`);
  const post = (user: string, url: string, body: object) =>
    t.http().post(url).set('Authorization', `Bearer ${tokens[user]}`).send(body);

  /** Every finding of a subtree (and domain) through the list API, paged. */
  const listAll = async (query: string): Promise<ListedFinding[]> => {
    const out: ListedFinding[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = (
        await api('han.jingyi', `/api/v1/findings?${query}&limit=200&offset=${offset}`).expect(200)
      ).body;
      out.push(...page.items);
      if (out.length >= page.total) return out;
    }
  };
  const planOf = async (id: number) =>
    (await api('han.jingyi', `/api/v1/findings/${id}`).expect(200)).body.plan;

  it('17.2 demo: Q1 2023 of 中铝山西新材料 is locked by the safety office with the 主要负责人, and its figures equal counts from the finding list', async () => {
    const list = (await api('han.jingyi', '/api/v1/statistics/statutory/reports?period=2023-Q1').expect(200))
      .body;
    const report = list.items.find((r: { unitId: number }) => r.unitId === xcl.id);
    expect(report).toMatchObject({ status: 'LOCKED', lockedVersions: 1 });
    const detail = (await api('han.jingyi', `/api/v1/statistics/statutory/reports/${report.id}`).expect(200))
      .body;
    expect(detail.versions).toEqual([
      expect.objectContaining({
        versionNo: 1,
        principalName: '赵建国',
        signedOn: '2023-04-12',
        correctionReason: null,
      }),
    ]);
    expect(detail.versions[0].changeLogHash).toMatch(/^[0-9a-f]{64}$/);
    // Locked on 12 April, before the 15 April deadline: on time.
    expect(detail).toMatchObject({ dueDate: '2023-04-15', daysFiledLate: 0 });
    expect(detail.analysis).toContain('隐患现状及原因');
    expect(detail.analysis).toContain('与2022年度相比');
    expect(detail.analysis).toContain('重大隐患治理情况');

    const table = detail.table;
    expect(table.consistent).toBe(true);
    const rows: Row[] = table.rows;
    const check = async (row: Row, query: string) =>
      expect(figuresOf(row)).toEqual(
        await expected(await listAll(query), '2023-01-01', '2023-03-31', planOf),
      );
    await check(
      rows.find((r) => r.key === 'TOTAL')!,
      `unitId=${xcl.id}`,
    );
    await check(
      rows.find((r) => r.key === 'DOMAIN:SAFETY')!,
      `unitId=${xcl.id}&domain=SAFETY`,
    );
    await check(
      rows.find((r) => r.key === 'DOMAIN:ENVIRONMENT')!,
      `unitId=${xcl.id}&domain=ENVIRONMENT`,
    );
    const units = rows.filter((r) => r.key.startsWith('UNIT:'));
    expect(units.map((r) => r.label)).toEqual(expect.arrayContaining(['电解厂', '热电分厂', '能源管理中心']));
    for (const row of units) await check(row, `unitId=${row.unitId}`);
    // Nothing changed since the lock: the live table has the same figures as the filed one.
    const live = (
      await api('tao.chengzhi', `/api/v1/statistics/statutory/table?unitId=${xcl.id}&period=2023-Q1`).expect(
        200,
      )
    ).body;
    expect(live.rows.map(figuresOf)).toEqual(rows.map(figuresOf));
    // SERIOUS counts with 一般, and the form says so.
    expect(table.note).toContain('较大隐患');
  });

  it('17.2 not filed: 中铝山西铝业 has not filed Q1 2023; for the internal version the 二级单位 of 新材料 are listed', async () => {
    const companies = (
      await api('han.jingyi', '/api/v1/statistics/statutory/not-filed?period=2023-Q1').expect(200)
    ).body;
    expect(companies.notFiled.map((u: { unitId: number }) => u.unitId)).toEqual([sxly.id]);
    expect(companies.filed.map((u: { unitId: number }) => u.unitId)).toEqual([xcl.id]);
    expect(companies.period.dueDate).toBe('2023-04-15');
    const internal = (
      await api(
        'han.jingyi',
        `/api/v1/statistics/statutory/not-filed?period=2023-Q1&companyUnitId=${xcl.id}`,
      ).expect(200)
    ).body;
    expect(internal.level).toBe('SECOND_LEVEL');
    expect(internal.notFiled.map((u: { name: string }) => u.name)).toEqual(
      expect.arrayContaining(['电解厂', '热电分厂', '能源管理中心']),
    );
    await api('han.jingyi', '/api/v1/statistics/statutory/not-filed?period=2023-Q5').expect(400);
  });

  it('17.2 access: only the safety office prepares; a unit outside the caller’s subtree is not found', async () => {
    const res = await post('wen.xiaofeng', '/api/v1/statistics/statutory/reports', {
      unitId: sxly.id,
      period: '2023-Q1',
    });
    expect(res.status).toBe(403);
    await api('chang.wentao', `/api/v1/statistics/statutory/table?unitId=${xcl.id}&period=2023-Q1`).expect(
      404,
    );
    const workArea = (await api('han.jingyi', '/api/v1/units?kind=WORK_AREA&limit=1').expect(200)).body
      .items[0];
    const bad = await api(
      'han.jingyi',
      `/api/v1/statistics/statutory/table?unitId=${workArea.id}&period=2023-Q1`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('unitId');
  });

  it('17.2 xlsx: the filed table in the usual layout with every row and the signature lines', async () => {
    const res = await api(
      'han.jingyi',
      `/api/v1/statistics/statutory/table/xlsx?unitId=${xcl.id}&period=2023-Q1`,
    )
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.worksheets[0];
    const text: string[] = [];
    ws.eachRow((r) => text.push((r.values as unknown[]).map((v) => String(v ?? '')).join('|')));
    const all = text.join('\n');
    expect(all).toContain('中铝山西新材料有限公司生产安全事故隐患排查治理情况统计表');
    expect(all).toContain('已锁定报送 第 1 版');
    expect(all).toContain('单位负责人：赵建国');
    expect(all).toContain('填表人：韩静怡');
    expect(all).toContain('联系电话：0359-5261234');
    expect(all).toContain('填报日期：2023-04-12');
    expect(all).toContain('较大隐患');
    const table = (
      await api('han.jingyi', `/api/v1/statistics/statutory/table?unitId=${xcl.id}&period=2023-Q1`).expect(
        200,
      )
    ).body;
    const total = table.rows[0].figures;
    const totalRow = text.find((l) => l.startsWith('|合计|'))!;
    expect(totalRow.split('|').slice(2, 5)).toEqual([String(total.c1), String(total.c2), String(total.c3)]);
  });

  it('17.2 PDF: landscape table with the figures, the note, cross-checks, analysis and signature lines', async () => {
    const res = await api(
      'han.jingyi',
      `/api/v1/statistics/statutory/table/pdf?unitId=${xcl.id}&period=2023-Q1`,
    )
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    if (process.env.STATUTORY_PDF_OUT) writeFileSync(process.env.STATUTORY_PDF_OUT, res.body as Buffer);
    const text = (await pdfPages(res.body as Buffer)).join('\n');
    for (const words of [
      '生产安全事故隐患排查治理情况统计表',
      '2023年第一季度',
      '累计落实治理资金(万元)',
      '落实安全措施应急预案',
      '较大隐患',
      '勾稽关系校验',
      '全部通过',
      '隐患排查治理情况分析',
      '单位负责人：赵建国',
      '填表人：韩静怡',
      '联系电话：0359-5261234',
      '填报日期：2023-04-12',
      '已锁定报送 第 1 版',
    ])
      expect(text).toContain(words);
  });
  it('17.2 page: the safety office sees the filed table (scrolling in its box), its versions and who has not filed', async () => {
    const form = await t.http().get('/login');
    const cookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const login = await t
      .http()
      .post('/login')
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ username: 'han.jingyi', password: DEMO_PASSWORD_HINT, _csrf: csrf, next: '/' });
    expect(login.status).toBe(303);
    const session = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const page = await t
      .http()
      .get(`/statistics/statutory?unitId=${xcl.id}&period=2023-Q1`)
      .set('Cookie', session.join('; '))
      .expect(200);
    for (const words of [
      '隐患排查治理统计报表',
      'class="table-scroll"',
      '已锁定报送',
      '第 1 版',
      '赵建国',
      '退回更正',
      '未报送的公司',
      '中铝山西铝业有限公司',
      '列入治理计划的重大隐患中',
    ])
      expect(page.text).toContain(words);
  });
});

describe('Statutory statistics table (issue 17 part 2) on generated data', () => {
  let t: TestApp;
  let org: OrgFixture;
  let clock: Clock;
  const findingsIds: Record<string, number[]> = {};
  const q1General: number[] = [];
  /** The MAJOR of 热电分厂 found on 2022-11-20 and still open: carried over into 2023. */
  let carriedMajor: number;

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    clock = t.app.get(Clock);
    clock.pinForTesting(new Date('2023-06-20T02:00:00Z'));
    const fx = await buildRound(t, org);
    const office = org.auth(org.tokens.SAFETY_OFFICE);
    const env = await t.http().post('/api/v1/rounds').set(office).send({
      name: '2023年生态环境保护专项检查',
      kind: 'SPECIAL',
      domain: 'ENVIRONMENT',
      companyUnitId: org.units.companyA,
      auditTeam: '公司安全环保健康部',
      startDate: '2023-01-04',
      endDate: '2023-01-10',
    });
    expect(env.status).toBe(201);
    await t.http().post(`/api/v1/rounds/${env.body.id}/start`).set(office).expect(200);
    // A deterministic spread: units, levels, dates (2022 to Q2 2023), both domains, cancellations, MAJOR plans.
    const units = [org.units.smelter, org.units.power, org.units.powerElectric, org.units.safetyDept];
    const dates = [
      '2022-11-20',
      '2023-01-06',
      '2023-02-14',
      '2023-03-30',
      '2023-04-02',
      '2023-05-18',
      '2023-06-19',
    ];
    const levels = ['GENERAL', 'SERIOUS', 'GENERAL', 'MAJOR', 'GENERAL'];
    const plan = async (id: number, token: string, funds: number) =>
      t
        .http()
        .post(`/api/v1/findings/${id}/plan`)
        .set(org.auth(token))
        .send({
          ...COMPLETE_PLAN,
          deadline: '2023-08-31',
          fundsAmount: funds,
          interimControls: '设警戒区，专人监护',
          stopProduction: false,
          ...MAJOR_GOVERNANCE,
        })
        .expect(200);
    for (let i = 0; i < 28; i++) {
      const level = levels[i % levels.length];
      const foundDate = dates[i % dates.length];
      const unitId = units[i % units.length];
      const f = await fx.logFinding({
        roundId: i % 3 === 0 ? env.body.id : fx.roundId,
        unitId,
        level,
        foundDate,
        deadline: '2023-08-31',
        description: `生成问题 ${i}：皮带廊积尘，托辊卡阻`,
        responsibleLeader: level === 'MAJOR' ? '分管副总' : undefined,
      });
      (findingsIds[level] ??= []).push(f.id);
      if (i % 7 === 6)
        await t
          .http()
          .post(`/api/v1/findings/${f.id}/cancel`)
          .set(office)
          .send({ reason: '与其他问题重复' })
          .expect(200);
      else if (level !== 'MAJOR' && foundDate >= '2023-01-01' && foundDate <= '2023-03-31')
        q1General.push(f.id);
    }
    // MAJOR hazards of 热电分厂: carried over from 2022 and in the plan (the head's own plan is in force at once),
    // found in Q1 and in the plan, found in Q2 with the officer's plan still waiting for the head (not in (8)).
    const major = (foundDate: string, unitId: number) =>
      fx.logFinding({
        level: 'MAJOR',
        unitId,
        foundDate,
        deadline: '2023-08-31',
        responsibleLeader: '分管副总',
        description: '燃气调压站报警仪失效，阀门井积水',
      });
    carriedMajor = (await major('2022-11-20', org.units.power)).id;
    await plan(carriedMajor, org.tokens.UNIT_HEAD, 180000);
    await plan((await major('2023-02-14', org.units.powerElectric)).id, org.tokens.UNIT_HEAD, 65000);
    await plan((await major('2023-05-18', org.units.power)).id, org.tokens.UNIT_OFFICER, 30000);
  });
  afterAll(async () => {
    clock.pinForTesting(undefined);
    await t.close();
  });

  const office = () => org.auth(org.tokens.SAFETY_OFFICE);
  /** One workflow step of a report, as the safety office, with the version it read. */
  const step = (report: { id: number; version: number }, action: string, body: object = {}) =>
    t
      .http()
      .post(`/api/v1/statistics/statutory/reports/${report.id}/${action}`)
      .set(office())
      .send({ version: report.version, ...body });
  const get = (url: string) => t.http().get(url).set(office());
  const listAll = async (query: string): Promise<ListedFinding[]> =>
    (await get(`/api/v1/findings?${query}&limit=200`).expect(200)).body.items;
  const planOf = async (id: number) => (await get(`/api/v1/findings/${id}`).expect(200)).body.plan;

  it('17.2/17.3 generated: every row of Q1 and Q2 (cumulative, MAJOR carried over from 2022) equals the finding list’s counts', async () => {
    for (const [period, end] of [
      ['2023-Q1', '2023-03-31'],
      ['2023-Q2', '2023-06-30'],
      ['2023', '2023-12-31'],
    ]) {
      const table = (
        await get(`/api/v1/statistics/statutory/table?unitId=${org.units.companyA}&period=${period}`).expect(
          200,
        )
      ).body;
      expect(table.consistent).toBe(true);
      for (const row of table.rows as Row[]) {
        const query =
          row.key === 'TOTAL'
            ? `unitId=${org.units.companyA}`
            : row.key.startsWith('DOMAIN:')
              ? `unitId=${org.units.companyA}&domain=${row.key.slice(7)}`
              : `unitId=${row.unitId}`;
        expect({ period, row: row.label, ...figuresOf(row) }).toEqual({
          period,
          row: row.label,
          ...(await expected(await listAll(query), '2023-01-01', end, planOf)),
        });
      }
    }
    const q2 = (
      await get(`/api/v1/statistics/statutory/table?unitId=${org.units.companyA}&period=2023-Q2`).expect(200)
    ).body;
    const total = q2.rows[0];
    expect(total.majorCarriedOver).toBeGreaterThan(0);
    expect(total.figures.c8).toBeGreaterThan(0);
    expect(total.figures.c5).toBeGreaterThan(total.figures.c8);
    // The 热电分厂 row covers its 电气工区 too; 电气工区 has no row of its own (it is not a 二级单位).
    expect(q2.rows.map((r: Row) => r.label)).toEqual([
      '合计',
      '其中：职业健康安全',
      '其中：生态环境保护',
      '电解厂',
      '热电分厂',
      '安全环保健康部',
    ]);
  });

  it('17.2 cross-checks: shown with the table, refused on check and on lock while violated', async () => {
    const base = '/api/v1/statistics/statutory/reports';
    let report = (
      await t
        .http()
        .post(base)
        .set(office())
        .send({ unitId: org.units.companyA, period: '2023-Q2' })
        .expect(201)
    ).body;
    const total = report.table.rows[0].figures;
    // (8) adjusted above (5) − (6), and (3) above (2): both printed as failing, and 审核 refused.
    report = (
      await t
        .http()
        .put(`${base}/${report.id}/adjustments`)
        .set(office())
        .send({
          version: report.version,
          reason: '补录外部检查数据',
          adjustments: [
            { row: 'TOTAL', column: 'c8', value: total.c5 - total.c6 + 1 },
            { row: 'TOTAL', column: 'c3', value: total.c2 + 1 },
          ],
        })
        .expect(200)
    ).body;
    expect(report.table.consistent).toBe(false);
    expect(
      report.table.crossChecks.filter((c: { ok: boolean }) => !c.ok).map((c: { rule: string }) => c.rule),
    ).toEqual(expect.arrayContaining(['(8) ≤ (5) − (6)', '(3) ≤ (2)']));
    const refused = await t
      .http()
      .post(`${base}/${report.id}/check`)
      .set(office())
      .send({ version: report.version });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('STATUTORY_CROSS_CHECK_FAILED');
    expect(refused.body.details.failed.map((c: { rule: string }) => c.rule)).toContain('(8) ≤ (5) − (6)');
    const pct = await t
      .http()
      .put(`${base}/${report.id}/adjustments`)
      .set(office())
      .send({
        version: report.version,
        reason: '改整改率',
        adjustments: [{ row: 'TOTAL', column: 'c4', value: 99 }],
      });
    expect(pct.status).toBe(400); // percentages always come from their counts

    // (8) set exactly to (5) − (6): passes 审核; then a MAJOR hazard is cancelled, and 锁定 is refused.
    report = (
      await t
        .http()
        .put(`${base}/${report.id}/adjustments`)
        .set(office())
        .send({
          version: report.version,
          reason: '列入治理计划数按公司治理计划文件',
          adjustments: [{ row: 'TOTAL', column: 'c8', value: total.c5 - total.c6 }],
        })
        .expect(200)
    ).body;
    report = (await step(report, 'check').expect(200)).body;
    expect(report.status).toBe('CHECKED');
    await t
      .http()
      .post(`/api/v1/findings/${findingsIds.MAJOR[0]}/cancel`)
      .set(office())
      .send({ reason: '经复核不构成重大隐患' })
      .expect(200);
    const lock = await t.http().post(`${base}/${report.id}/lock`).set(office()).send({
      version: report.version,
      principalName: '赵建国',
      signedOn: '2023-07-12',
      preparerName: '安办员',
    });
    expect(lock.status).toBe(409);
    expect(lock.body.details.failed.map((c: { rule: string }) => c.rule)).toContain('(8) ≤ (5) − (6)');
    const after = (await get(`${base}/${report.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'CHECKED', lockedVersions: 0, versions: [] });
  });

  it('17.2 lock/freeze: locked figures stay as filed when findings change; a correction is version 2 with its reason', async () => {
    const base = '/api/v1/statistics/statutory/reports';
    let report = (
      await t
        .http()
        .post(base)
        .set(office())
        .send({ unitId: org.units.companyA, period: '2023-Q1' })
        .expect(201)
    ).body;
    report = (
      await t
        .http()
        .put(`${base}/${report.id}/analysis`)
        .set(office())
        .send({ version: report.version, analysis: `${report.analysis}\n（安办已补充：重点为皮带廊积尘。）` })
        .expect(200)
    ).body;
    const early = await t.http().post(`${base}/${report.id}/lock`).set(office()).send({
      version: report.version,
      principalName: '赵建国',
      signedOn: '2023-04-12',
      preparerName: '安办员',
    });
    expect(early.status).toBe(409); // not checked yet
    expect(early.body.code).toBe('STATUTORY_INVALID_STEP');
    report = (await step(report, 'check').expect(200)).body;
    report = (
      await step(report, 'lock', {
        principalName: '赵建国',
        signedOn: '2023-04-12',
        preparerName: '安办员',
        phone: '0359-5261234',
      }).expect(200)
    ).body;
    expect(report.status).toBe('LOCKED');
    // Locked on 2023-06-20 (the pinned clock), 66 days after Q1's due date of 15 April: a late filing, said so.
    expect(report).toMatchObject({ dueDate: '2023-04-15', daysFiledLate: 66 });
    const filed = report.table.rows.map(figuresOf);
    const v1 = report.versions[0];
    // The lock is an entry of the change log; the version keeps its seq and hash.
    const admin = org.auth(org.tokens.ADMIN);
    const verify = (await t.http().get('/api/v1/audit-log/verify').set(admin).expect(200)).body;
    expect(verify.ok).toBe(true);
    expect(v1.changeLogSeq).toBeLessThanOrEqual(verify.head.seq);
    expect(report.table.changeLog).toEqual({ seq: v1.changeLogSeq, hash: v1.changeLogHash });

    // A finding of Q1 is cancelled after the lock: the live table changes, the filed one does not.
    await t
      .http()
      .post(`/api/v1/findings/${q1General[0]}/cancel`)
      .set(office())
      .send({ reason: '重复登记' })
      .expect(200);
    const live = (
      await get(`/api/v1/statistics/statutory/table?unitId=${org.units.companyA}&period=2023-Q1`).expect(200)
    ).body;
    expect(live.rows[0].figures.c2).toBe(filed[0].c2 - 1);
    const again = (await get(`${base}/${report.id}`).expect(200)).body;
    expect(again.table.rows.map(figuresOf)).toEqual(filed);
    expect((await get(`${base}/${report.id}/versions/1`).expect(200)).body.table.rows.map(figuresOf)).toEqual(
      filed,
    );

    // Correction: reopened with the reason, checked, locked again → version 2; version 1 kept.
    await t
      .http()
      .post(`${base}/${report.id}/reopen`)
      .set(office())
      .send({ version: again.version, reason: 'x' })
      .expect(400);
    report = (
      await t
        .http()
        .post(`${base}/${report.id}/reopen`)
        .set(office())
        .send({ version: again.version, reason: '一项一般隐患重复登记已作废，更正' })
        .expect(200)
    ).body;
    report = (await step(report, 'check').expect(200)).body;
    report = (
      await step(report, 'lock', {
        principalName: '赵建国',
        signedOn: '2023-04-20',
        preparerName: '安办员',
      }).expect(200)
    ).body;
    expect(
      report.versions.map((v: { versionNo: number; correctionReason: string | null }) => [
        v.versionNo,
        v.correctionReason,
      ]),
    ).toEqual([
      [1, null],
      [2, '一项一般隐患重复登记已作废，更正'],
    ]);
    expect(report.table.rows[0].figures.c2).toBe(filed[0].c2 - 1);
    expect((await get(`${base}/${report.id}/versions/1`).expect(200)).body.table.rows.map(figuresOf)).toEqual(
      filed,
    );
    expect(report.versions[1].changeLogSeq).toBeGreaterThan(v1.changeLogSeq);
    // A correction re-files a report that was in already: the lateness stays the first filing's.
    expect(report.daysFiledLate).toBe(66);
    // The page says so beside the status.
    const cookie = await webLogin(t, 'office', TEST_PASSWORD);
    const page = await t
      .http()
      .get(`/statistics/statutory?unitId=${org.units.companyA}&period=2023-Q1`)
      .set('Cookie', cookie)
      .expect(200);
    expect(page.text).toContain('逾期 66 天报送');
    // The export prints the latest version unless asked for the first.
    const pdf = await get(
      `/api/v1/statistics/statutory/table/pdf?unitId=${org.units.companyA}&period=2023-Q1&version=1`,
    )
      .buffer(true)
      .parse(binary)
      .expect(200);
    const filedText = (await pdfPages(pdf.body as Buffer)).join('\n');
    expect(filedText).toContain('已锁定报送 第 1 版');
    expect(filedText.replace(/\s+/g, '')).toContain('（逾期66天报送）');
    expect(filedText.replace(/\s+/g, '')).toContain('锁定时操作留痕链');
    expect(filedText).not.toContain('草稿'); // a filed table prints as filed: no draft mark
    // A period nobody locked prints as a draft, its figures as of the change log when printed — not "at locking".
    const draft = await get(
      `/api/v1/statistics/statutory/table/pdf?unitId=${org.units.companyA}&period=2023-Q3`,
    )
      .buffer(true)
      .parse(binary)
      .expect(200);
    const draftPages = (await pdfPages(draft.body as Buffer)).map((page) => page.replace(/\s+/g, ''));
    const draftText = draftPages.join('');
    expect(draftText).toContain('草稿（未锁定）');
    // Stamped like an open finding's 整改销号单: a mark across every page and a red note under the title.
    for (const page of draftPages) expect(page).toContain('草稿—未锁定');
    expect(draftText).toContain('本表尚未锁定报送，仅供核对，不得签字报送');
    expect(draftText).not.toContain('逾期');
    expect(draftText).toContain('统计时操作留痕链');
    expect(draftText).not.toContain('锁定时操作留痕链');
    // A second prepare of the same unit and period is refused.
    const dup = await t
      .http()
      .post(base)
      .set(office())
      .send({ unitId: org.units.companyA, period: '2023-Q1' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('STATUTORY_REPORT_EXISTS');
  });

  it('17.2 carried over: a MAJOR of 2022 closed out at 00:00 on 1 January (Beijing time) still counts in 2023; closed a second earlier, it does not', async () => {
    const total = async () => {
      const row = (
        await get(`/api/v1/statistics/statutory/table?unitId=${org.units.companyA}&period=2023-Q1`).expect(
          200,
        )
      ).body.rows[0] as Row & { majorCarriedOver: number };
      return { carried: row.majorCarriedOver, c5: row.figures.c5!, c6: row.figures.c6! };
    };
    const open = await total();
    expect(open.carried).toBeGreaterThan(0);
    // Only the close-out instant matters here, so it is set directly rather than through verification and the gate.
    const closeAt = (instant: string) =>
      t.db.query(`UPDATE findings SET status = 'CLOSED', closed_at = $2 WHERE id = $1`, [
        carriedMajor,
        instant,
      ]);
    await closeAt('2022-12-31T16:00:00Z'); // 2023-01-01 00:00:00 in Beijing
    expect(await total()).toEqual({ ...open, c6: open.c6 + 1 });
    await closeAt('2022-12-31T15:59:59Z'); // 2022-12-31 23:59:59 in Beijing
    expect(await total()).toEqual({ carried: open.carried - 1, c5: open.c5 - 1, c6: open.c6 });
  });
});
