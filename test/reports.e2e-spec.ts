import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { login } from './support/org-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { startTestApp, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

/** The printed reports, read back as text the way a person copying from the PDF would get it. */
describe('Printed reports (Chinese PDFs)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let lookBackId: number;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    for (const u of ['han.jingyi', 'wen.xiaofeng', 'chang.wentao', 'tao.chengzhi', 'qin.guodong'])
      tokens[u] = await login(t, u, DEMO_PASSWORD_HINT);
    tokens.admin = await login(t, 'admin', TEST_ADMIN_PASSWORD);
    const rounds = await t
      .http()
      .get('/api/v1/rounds?kind=LOOK_BACK&domain=SAFETY')
      .set('Authorization', `Bearer ${tokens['han.jingyi']}`)
      .expect(200);
    lookBackId = rounds.body.items.find((r: { name: string }) => r.name.includes('新材料')).id;
  });
  afterAll(() => t.close());

  const api = (user: string, url: string) => t.http().get(url).set('Authorization', `Bearer ${tokens[user]}`);
  const pdf = async (user: string, url: string) => {
    const res = await api(user, url).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^inline; filename="[ -~]+"; filename\*=UTF-8''[A-Za-z0-9%._~-]+\.pdf$/,
    );
    return {
      pages: await pdfPages(res.body as Buffer),
      disposition: decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1]),
    };
  };
  const codesIn = (text: string) => new Set(text.match(/XCL-20\d\d-(AQ|HB)-\d{4}/g) ?? []);

  it('prints a round’s ledger: header, statistics, every finding, totals, page footers with the chain hash', async () => {
    const { pages, disposition } = await pdf('han.jingyi', `/api/v1/reports/rounds/${lookBackId}/ledger`);
    expect(disposition).toContain('问题整改台账.pdf');
    const all = pages.join('\n');
    for (const words of [
      '问题整改台账',
      '中铝集团第二督察组',
      '2023-01-04 至 2023-01-10',
      '整改方案会议',
      '2023-02-13',
      '销号率',
      '问题清单',
    ])
      expect(all).toContain(words);
    const list = (await api('han.jingyi', `/api/v1/findings?roundId=${lookBackId}&limit=200`).expect(200))
      .body;
    expect(codesIn(all)).toEqual(new Set(list.items.map((f: { code: string }) => f.code)));
    // Every finding is listed; the total row counts as the statistics do (rules/counting.ts): the cancelled apart.
    const cancelled = list.items.filter((f: { status: string }) => f.status === 'CANCELLED').length;
    expect(cancelled).toBeGreaterThan(0);
    expect(all).toMatch(
      new RegExp(
        `合计\\s*${list.total - cancelled} 项\\s*另作废 ${cancelled} 项（已列出，不计入合计和资金）`,
      ),
    );
    const head = (await api('admin', '/api/v1/audit-log/verify').expect(200)).body.head.hash;
    pages.forEach((page, i) => {
      expect(page).toContain(`第 ${i + 1} 页 共 ${pages.length} 页`);
      expect(page).toContain(head);
    });
    // The table header repeats on every page the finding list runs over.
    const first = pages.findIndex((p) => p.includes('问题清单'));
    expect(pages.length - first).toBeGreaterThan(1);
    for (const page of pages.slice(first)) expect(page).toContain('问题描述');
  });

  it('prints only the caller’s subtree for a unit officer', async () => {
    const mine = (
      await api('wen.xiaofeng', `/api/v1/findings?roundId=${lookBackId}&limit=200`).expect(200)
    ).body.items.map((f: { code: string }) => f.code);
    const { pages } = await pdf('wen.xiaofeng', `/api/v1/reports/rounds/${lookBackId}/ledger`);
    expect(codesIn(pages.join('\n'))).toEqual(new Set(mine));
    // It says so under the title: headed by the audited company, with its counts, it read as the whole round's.
    expect(pages[0]).toContain('打印范围：热电分厂（含下级）');
    const filtered = await pdf('wen.xiaofeng', '/api/v1/reports/findings/ledger');
    expect(filtered.pages[0]).toContain('打印范围：热电分厂（含下级）');
    const office = await pdf('han.jingyi', `/api/v1/reports/rounds/${lookBackId}/ledger`);
    expect(office.pages.join('')).not.toContain('打印范围');
    expect(mine.length).toBeGreaterThan(0);
    const other = await api('chang.wentao', `/api/v1/reports/rounds/${lookBackId}/ledger`);
    expect(other.status).toBe(404); // 宏泰 (山西铝业) cannot see 新材料's round
    // A unit outside the subtree is not found, as on the dashboard: its name was printed in the 筛选条件 line.
    const units = (await api('han.jingyi', '/api/v1/units?limit=1000').expect(200)).body.items as {
      id: number;
      name: string;
    }[];
    const smelter = units.find((u) => u.name === '电解厂')!;
    const foreign = await api('wen.xiaofeng', `/api/v1/reports/findings/ledger?unitId=${smelter.id}`);
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(JSON.stringify(foreign.body)).not.toContain('电解厂');
  });

  it('prints the same ledger for a filtered list, naming the filters', async () => {
    const { pages } = await pdf('han.jingyi', '/api/v1/reports/findings/ledger?status=CLOSED&level=GENERAL');
    const text = pages.join('\n');
    expect(text).toContain('筛选条件');
    expect(text).toContain('已销号');
    const list = (
      await api('han.jingyi', '/api/v1/findings?status=CLOSED&level=GENERAL&limit=200').expect(200)
    ).body;
    expect(codesIn(text).size).toBe(
      list.items.filter((f: { code: string }) => f.code.startsWith('XCL')).length,
    );
  });

  it('prints a close-out sheet with the 五落实, the five rules as closed, and signature blocks', async () => {
    const closed = (
      await api('han.jingyi', `/api/v1/findings?roundId=${lookBackId}&status=CLOSED&limit=1`).expect(200)
    ).body.items[0];
    const { pages } = await pdf('han.jingyi', `/api/v1/reports/findings/${closed.id}/closeout-sheet`);
    const text = pages.join('\n');
    for (const words of [
      closed.code,
      '整改措施',
      '整改资金',
      '整改预案',
      '源头整改',
      '复查通过',
      '整改不彻底不放过',
      '同类问题没有消除不放过',
      '长效机制不健全不放过',
      '相关责任人没有受到处理不放过',
      '员工和群众不满意不放过',
      '销号时核查结果',
      '责任单位负责人',
      '复查人',
      '督导组组长',
    ]) {
      expect(text).toContain(words);
    }
    expect(text.match(/✓ 已落实/g)).toHaveLength(5);
    await api('chang.wentao', `/api/v1/reports/findings/${closed.id}/closeout-sheet`).expect(404);
  });

  it('prints a cancelled finding’s sheet as cancelled, with its reason: no 五个不放过 table, no signatures', async () => {
    const cancelled = (
      await api('han.jingyi', `/api/v1/findings?roundId=${lookBackId}&status=CANCELLED&limit=1`).expect(200)
    ).body.items[0];
    const reason = (await api('han.jingyi', `/api/v1/findings/${cancelled.id}`).expect(200)).body
      .cancelReason;
    expect(reason).toBeTruthy();
    const { pages } = await pdf('han.jingyi', `/api/v1/reports/findings/${cancelled.id}/closeout-sheet`);
    const text = pages.join('\n');
    expect(text).toContain('已作废 — 不予销号');
    expect(text).toContain(reason);
    // It read as an open finding before: 未销号 — 仅供核查, all five rules × 未落实 and boxes to sign.
    for (const open of ['仅供核查', '× 未落实', '督导组组长', '整改不彻底不放过'])
      expect(text).not.toContain(open);
  });

  it('prints a company’s week: on time, late and missing units, and the items they found', async () => {
    const company = (await api('han.jingyi', '/api/v1/units?q=XCL').expect(200)).body.items.find(
      (u: { code: string }) => u.code === 'XCL',
    );
    const { pages } = await pdf(
      'han.jingyi',
      `/api/v1/reports/weekly-summary?companyUnitId=${company.id}&week=2023-W09`,
    );
    const text = pages.join('\n');
    for (const words of ['举一反三周报汇总', '2023年第9周', '按时报送', '迟报', '缺报', '自查发现的同类问题'])
      expect(text).toContain(words);
  });

  it('prints the bounty list with totals, masking a hidden reporter for every reader (issue 18: the handlers too)', async () => {
    const forOffice = (
      await pdf('han.jingyi', '/api/v1/reports/bounties?from=2023-01-01&to=2023-12-31')
    ).pages.join('\n');
    expect(forOffice).not.toContain('施小龙');
    expect(forOffice).toMatch(/合计\s*\d+ 项/);
    const forViewer = (
      await pdf('tao.chengzhi', '/api/v1/reports/bounties?from=2023-01-01&to=2023-12-31')
    ).pages.join('\n');
    expect(forViewer).not.toContain('施小龙');
    expect(forViewer).toContain('匿名举报人');
    expect(forViewer).toContain('龚雅琴'); // not hidden
  });

  it('prints a notice with the units and their assessments', async () => {
    const office = { Authorization: `Bearer ${tokens['han.jingyi']}` };
    const assessments = (await api('han.jingyi', '/api/v1/assessments?reason=RECURRENCE').expect(200)).body
      .items as { id: number; unitName: string }[];
    const notice = await t
      .http()
      .post('/api/v1/notices')
      .set(office)
      .send({
        title: '关于问题复发情况的通报',
        documentNumber: '安环〔2023〕9号',
        body: '“回头看”发现部分问题复发，现通报如下。',
        assessmentIds: assessments.map((a) => a.id),
      })
      .expect(201);
    const text = (await pdf('han.jingyi', `/api/v1/reports/notices/${notice.body.id}`)).pages.join('\n');
    for (const words of [
      '关于问题复发情况的通报',
      '安环〔2023〕9号',
      '问题复发',
      ...assessments.map((a) => a.unitName),
    ])
      expect(text).toContain(words);
  });
});
