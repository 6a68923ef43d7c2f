import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { chineseDate, rmbUppercase } from '../src/reports/rules/chinese-formats';
import { login } from './support/org-fixture';
import { binary, pdfGlyphs, pdfItems, pdfPages } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 18, "Printouts": every printed report read back as text and rendered to PNG (pdftoppm, installed with the
 * browser tests' packages) the way a person printing and reading it would notice the defects. With
 * PRINTOUT_PNG_DIR=docs/printouts the first page of each report is kept there (the README's gallery).
 */
describe('Printouts fit to sign and file (issue 18)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let round: { id: number; name: string };
  let xcl: { id: number; code: string };
  let closed: { id: number; code: string };
  let open: { id: number; code: string };
  let noticeId: number;
  const pngDir = process.env.PRINTOUT_PNG_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'rectify-printouts-'));

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    for (const u of ['han.jingyi', 'tao.chengzhi']) tokens[u] = await login(t, u, DEMO_PASSWORD_HINT);
    const rounds = (await api('han.jingyi', '/api/v1/rounds?kind=LOOK_BACK&domain=SAFETY').expect(200)).body;
    round = rounds.items.find((r: { name: string }) => r.name.includes('新材料'));
    xcl = (await api('han.jingyi', '/api/v1/units?q=XCL').expect(200)).body.items.find(
      (u: { code: string }) => u.code === 'XCL',
    );
    const list = (status: string) =>
      api('han.jingyi', `/api/v1/findings?roundId=${round.id}&status=${status}&limit=1`).expect(200);
    closed = (await list('CLOSED')).body.items[0];
    open = (await list('RECTIFYING')).body.items[0] ?? (await list('ASSIGNED')).body.items[0];
    const assessments = (await api('han.jingyi', '/api/v1/assessments?reason=RECURRENCE').expect(200)).body
      .items;
    noticeId = (
      await t
        .http()
        .post('/api/v1/notices')
        .set('Authorization', `Bearer ${tokens['han.jingyi']}`)
        .send({
          title: '关于问题复发情况的通报',
          documentNumber: '安环〔2023〕9号',
          body: '各二级单位：\r\n“回头看”发现部分问题复发，现通报如下。\r\n请各单位举一反三，立即整改。\r\n',
          assessmentIds: assessments.map((a: { id: number }) => a.id),
        })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await t?.close();
    if (!process.env.PRINTOUT_PNG_DIR) rmSync(pngDir, { recursive: true, force: true });
  });

  const api = (user: string, url: string) => t.http().get(url).set('Authorization', `Bearer ${tokens[user]}`);
  const print = async (url: string, user = 'han.jingyi') => {
    const res = await api(user, url).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const body = res.body as Buffer;
    return {
      body,
      pages: await pdfPages(body),
      asciiName: /filename="([^"]*)"/.exec(res.headers['content-disposition'])![1],
    };
  };
  const reports = () => ({
    'round-ledger': `/api/v1/reports/rounds/${round.id}/ledger`,
    'filtered-ledger': `/api/v1/reports/findings/ledger?roundId=${round.id}&domain=SAFETY&overdue=false`,
    'closeout-sheet-closed': `/api/v1/reports/findings/${closed.id}/closeout-sheet`,
    'closeout-sheet-open': `/api/v1/reports/findings/${open.id}/closeout-sheet`,
    'weekly-summary': `/api/v1/reports/weekly-summary?companyUnitId=${xcl.id}&week=2023-W09`,
    'bounty-payments': '/api/v1/reports/bounties?from=2023-01-01&to=2023-12-31',
    notice: `/api/v1/reports/notices/${noticeId}`,
    'statutory-table': `/api/v1/statistics/statutory/table/pdf?unitId=${xcl.id}&period=2023-Q1`,
  });
  // Control characters other than the line feed pdf.js may put between lines; ☒ is what a missing glyph looks like.
  // eslint-disable-next-line no-control-regex
  const STRAY = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufffd☒]/;

  it('point 1: a textarea’s CRLF is stored as a plain line break', async () => {
    const notice = (await api('han.jingyi', `/api/v1/notices/${noticeId}`).expect(200)).body as {
      body: string;
    };
    expect(notice.body).toBe(
      '各二级单位：\n“回头看”发现部分问题复发，现通报如下。\n请各单位举一反三，立即整改。',
    );
  });

  it('every printout renders to PNG (pdftoppm): a page with content, small enough for the README, no character as a blank box', async () => {
    if (!existsSync(pngDir)) mkdirSync(pngDir, { recursive: true });
    for (const [name, url] of Object.entries(reports())) {
      const { body } = await print(url);
      // Glyph 0 is the font's .notdef: a blank box on paper where a character should be.
      const blanks = (await pdfGlyphs(body)).flat().filter((g) => g.glyph === 0);
      expect({ name, blanks }).toEqual({ name, blanks: [] });
      const pdfFile = path.join(pngDir, `${name}.pdf`);
      writeFileSync(pdfFile, body);
      const render = (page: number, out: string) =>
        execFileSync('pdftoppm', [
          '-png',
          '-r',
          '50',
          '-f',
          `${page}`,
          '-l',
          `${page}`,
          '-singlefile',
          pdfFile,
          out,
        ]);
      render(1, path.join(pngDir, name));
      // The closed sheet's second page: its photos and the signature section.
      if (name === 'closeout-sheet-closed') render(2, path.join(pngDir, `${name}-page2`));
      rmSync(pdfFile);
      const png = path.join(pngDir, `${name}.png`);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(png).size).toBeGreaterThan(5_000); // not a blank page
      expect(statSync(png).size).toBeLessThan(150_000);
    }
  });

  it('point 2: the close-out sheet of a closed finding says when and by whom it was closed, and names the finding on every page', async () => {
    const gate = (await api('han.jingyi', `/api/v1/findings/${closed.id}/closeout`).expect(200)).body;
    const { pages } = await print(reports()['closeout-sheet-closed']);
    const text = pages.join('\n');
    expect(text).toContain('销号日期');
    expect(text).toMatch(new RegExp(`销号日期\\s*\\d{4}-\\d\\d-\\d\\d\\s*销号人\\s*${gate.closedBy}`));
    expect(gate.closedBy).toBeTruthy();
    for (const page of pages) expect(page).toContain(closed.code);
    // The signature section is on a page that names the finding, with its heading.
    const signing = pages.find((p) => p.includes('六、签字确认'))!;
    expect(signing).toContain('督导组组长');
    expect(signing).toContain(closed.code);
  });

  it('photos: the closed sheet prints 整改前 | 整改后 side by side and the group’s 复查 photos, with time and uploader — on paper, not just in the text', async () => {
    const detail = (await api('han.jingyi', `/api/v1/findings/${closed.id}`).expect(200)).body as {
      evidence: { kind: string; mimeType: string; uploadedById: number }[];
    };
    const kinds = detail.evidence.filter((e) => /^image\//.test(e.mimeType)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['BEFORE', 'AFTER', 'REVIEW']));
    const { body, pages } = await print(reports()['closeout-sheet-closed']);
    const text = pages.join('\n');
    expect(text).toContain('整改照片（整改前 / 整改后）');
    expect(text).toContain('督导组复查照片');
    for (const label of ['整改前', '整改后', '复查'])
      expect(text).toMatch(new RegExp(`${label}\\s*\\d{4}-\\d\\d-\\d\\d\\s\\d\\d:\\d\\d\\s*\\S+`));
    // Rendered as a reader sees it: the page with the photos shows the demo's 整改前 scene (warning yellow) beside
    // the 整改后 one (guard-rail yellow on grey-green, a green check), left of and right of the page's middle.
    const page = pages.findIndex((p) => p.includes('整改照片（整改前 / 整改后）')) + 1;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-photos-'));
    try {
      writeFileSync(path.join(dir, 'sheet.pdf'), body);
      execFileSync(
        'pdftoppm',
        ['-png', '-r', '40', '-f', `${page}`, '-l', `${page}`, '-singlefile'].concat([
          path.join(dir, 'sheet.pdf'),
          path.join(dir, 'page'),
        ]),
      );
      const { data, info } = await sharp(path.join(dir, 'page.png'))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const colourful = (x0: number, x1: number) => {
        let n = 0;
        for (let y = 0; y < info.height; y++)
          for (let x = x0; x < x1; x++) {
            const i = (y * info.width + x) * 3;
            const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
            if (Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
          }
        return n;
      };
      const half = Math.floor(info.width / 2);
      // Both halves of the pair are photos (colour), not empty boxes; a text-only page has next to none.
      expect(colourful(0, half)).toBeGreaterThan(500);
      expect(colourful(half, info.width)).toBeGreaterThan(500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('point 3: the close-out sheet of an open finding is marked 未销号 — 仅供核查 and is all Chinese', async () => {
    const { pages } = await print(reports()['closeout-sheet-open']);
    const text = pages.join('\n');
    expect(text).toContain('未销号 — 仅供核查');
    for (const page of pages) expect(page).toContain('未销号 — 仅供核查'); // the watermark is on every page
    // The footer too (it said "签名检查点 / signed checkpoint").
    expect(text).toContain('× 未落实');
    expect(text).not.toContain('No verification yet');
    expect(text).not.toMatch(/[A-Za-z]{2,} [A-Za-z]{2,}/);
  });

  it('point 4: a filtered ledger’s heading prints labels, the round’s name and the unit’s name with its subtree', async () => {
    const unit = (await api('han.jingyi', '/api/v1/units?q=热电分厂').expect(200)).body.items.find(
      (u: { name: string }) => u.name === '热电分厂',
    );
    const { pages } = await print(
      `/api/v1/reports/findings/ledger?overdue=true&domain=SAFETY&roundId=${round.id}&unitId=${unit.id}&level=GENERAL&status=CLOSED,RECTIFYING`,
    );
    const text = pages.join('\n');
    for (const words of [
      '超期：是',
      '专业：职业健康安全',
      `轮次：${round.name}`,
      '单位：热电分厂（含下级）',
      '等级：一般',
      '状态：已销号、整改中',
    ])
      expect(text).toContain(words);
    // The footer's link to the list (its QR code) holds the filters as the list's address does; the rest says them.
    expect(text).toMatch(/扫码查看在线记录：https?:\/\/\S+\/findings\?\S*overdue=true/);
    expect(text.replace(/扫码查看在线记录：https?:\/\/[\x21-\x7e]+/g, '')).not.toMatch(
      /true|SAFETY|GENERAL|：\d+；/,
    );
  });

  it('point 4: a filtered ledger printed from a dashboard figure names its period and a unit without its subtree (QA: 销号 of a year printed as every closed finding)', async () => {
    const unit = (await api('han.jingyi', '/api/v1/units?q=热电分厂').expect(200)).body.items.find(
      (u: { name: string }) => u.name === '热电分厂',
    );
    const { pages } = await print(
      `/api/v1/reports/findings/ledger?status=CLOSED&closedFrom=2023-01-01&closedTo=2023-12-31&foundTo=2023-12-31&unitId=${unit.id}&unitOnly=true`,
    );
    const text = pages.join('\n');
    for (const words of [
      '销号日期：2023-01-01 至 2023-12-31',
      '发现日期：至 2023-12-31',
      '单位：热电分厂（仅本级）',
    ])
      expect(text).toContain(words);
    expect(text).not.toContain('含下级');
  });

  it('point 5: the bounty payment sheet masks hidden reporters for everyone, is marked 保密, lists payable rows, with 大写金额 and signature lines', async () => {
    const ledger = (await api('han.jingyi', '/api/v1/bounties?from=2023-01-01&to=2023-12-31').expect(200))
      .body;
    const payable = ledger.items.filter((i: { status: string }) => ['APPROVED', 'PAID'].includes(i.status));
    const pending = ledger.items.filter((i: { status: string }) => i.status === 'PROPOSED');
    expect(ledger.items.some((i: { reporterHidden: boolean }) => i.reporterHidden)).toBe(true);
    for (const user of ['han.jingyi', 'tao.chengzhi']) {
      const text = (await print(reports()['bounty-payments'], user)).pages.join('\n');
      expect(text).not.toContain('施小龙'); // asked to be hidden: not on paper, even for the handlers
      expect(text).toContain('匿名举报人');
      expect(text).toContain('保密');
      expect(text).toContain('领款人签字');
      expect(text).toContain('编制');
      expect(text).toContain('审批');
      expect(text).not.toContain('待审批');
      const sum = payable.reduce((s: number, i: { amountYuan: number }) => s + i.amountYuan, 0);
      expect(text).toContain(`合计金额（大写）：${rmbUppercase(sum)}`);
      expect(text).toContain(`${payable.length} 项`);
      for (const p of pending) expect(text).not.toContain(p.hazard.description.slice(0, 12));
    }
  });

  it('the bounty sheet prints a year’s budget only when it lists that one year: all years’ payments beside this year’s budget misled', async () => {
    const line = (pages: string[]) => /期间：[^\n]*?(?=本表仅列)/.exec(pages.join('\n'))?.[0];
    const year = await print(reports()['bounty-payments']);
    expect(line(year.pages)).toMatch(/期间：2023-01-01 至 2023-12-31\s*2023年度预算：未设定/);
    const thisYear = (await print('/api/v1/reports/bounties')).pages.join('\n');
    expect(thisYear).toContain('期间：全部');
    expect(thisYear).not.toContain('年度预算');
    expect(thisYear).not.toContain('剩余');
    // Across the turn of a year: neither year's budget.
    const across = (await print('/api/v1/reports/bounties?from=2023-07-01&to=2024-06-30')).pages.join('\n');
    expect(across).toContain('期间：2023-07-01 至 2024-06-30');
    expect(across).not.toContain('年度预算');
    // An open end reads 起 / 止, not a bare 至.
    const since = (await print('/api/v1/reports/bounties?from=2023-07-01')).pages.join('\n');
    expect(since).toContain('期间：2023-07-01 起');
    const until = (await print('/api/v1/reports/bounties?to=2023-06-30')).pages.join('\n');
    expect(until).toContain('期间：2023-06-30 止');
  });

  it('point 6: the notice follows 公文 conventions: office header, 文号 above the title, salutation flush left, Chinese date, 抄送/印发', async () => {
    const { body, pages } = await print(reports().notice);
    const first = pages[0];
    const office = first.indexOf('中铝山西新材料有限公司安全环保健康部');
    expect(office).toBeGreaterThanOrEqual(0);
    expect(first.indexOf('安环〔2023〕9号')).toBeGreaterThan(office);
    expect(first.indexOf('关于问题复发情况的通报')).toBeGreaterThan(first.indexOf('安环〔2023〕9号'));
    const text = pages.join('\n');
    const today = /生成时间：(\d{4}-\d\d-\d\d)/.exec(first)![1]; // a draft is dated the day it is printed
    expect(text).toContain(`安全环保健康部${chineseDate(today)}`);
    expect(text).not.toMatch(/安全环保健康部\s*\d{4}-\d\d-\d\d/);
    expect(text).toContain('抄送：');
    expect(text).toMatch(/安全环保健康部\s*\d{4}年\d{1,2}月\d{1,2}日印发/);
    const items = (await pdfItems(body))[0];
    const salutation = items.find((i) => i.str.startsWith('各二级单位'))!;
    const paragraph = items.find((i) => i.str.startsWith('“回头看”'))!;
    expect(salutation.x).toBeLessThan(40); // at the left margin
    expect(paragraph.x).toBeGreaterThan(salutation.x + 15); // a body paragraph is indented two characters
  });

  it('a rare character in a name (堃, 玥: not among the common fonts’ characters) prints as itself, not as a blank box (issue 22)', async () => {
    // As a finding recorded before (or imported from a spreadsheet) would hold it.
    await t.db.query(
      `UPDATE findings SET description = description || '（现场负责人：王堃、李玥）' WHERE id = $1`,
      [open.id],
    );
    const { body, pages } = await print(reports()['closeout-sheet-open']);
    expect(pages.join('')).toContain('现场负责人：王堃、李玥');
    const glyphs = (await pdfGlyphs(body)).flat();
    expect(glyphs.filter((g) => g.glyph === 0)).toEqual([]);
    expect(glyphs.filter((g) => g.unicode === '堃').length).toBeGreaterThanOrEqual(1);
  });

  it('point 7: the weekly summary prints the week as 2023年第9周（2月27日—3月5日）, the totals line, 编制 and 审核', async () => {
    const summary = (
      await api('han.jingyi', `/api/v1/weekly-reports/summary?companyUnitId=${xcl.id}&week=2023-W09`).expect(
        200,
      )
    ).body;
    expect(summary.weekLabel).toBe('2023年第9周（2月27日—3月5日）');
    const text = (await print(reports()['weekly-summary'])).pages.join('\n');
    expect(text).toContain('2023年第9周（2月27日—3月5日）');
    // The footer's 扫码查看 address carries the week as the page's query (week=2023-W09); the printed text does not.
    expect(text.replace(/扫码查看在线记录：https?:\/\/[\x21-\x7e]+/g, '')).not.toContain('2023-W09');
    const b = summary.counts.byStatus;
    expect(text).toContain(`合计：按时报送 ${b.ON_TIME}，按时（未发现） ${b.NONE_FOUND}，迟报 ${b.LATE}`);
    expect(text).toContain(`自查发现同类问题共 ${summary.counts.items} 个`);
    expect(text).toContain('编制：');
    expect(text).toContain('审核：');
  });

  it('point 8: ledgers carry the title on every page, a 编制单位/编制人/日期 block, and a long first row starts on page 1', async () => {
    const { pages } = await print(reports()['round-ledger']);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain('问题整改台账');
    const last = pages[pages.length - 1];
    expect(last).toMatch(/编制单位：.+编制人：韩静怡.+日期：\d{4}年\d{1,2}月\d{1,2}日/);
    // A finding whose description fills more than a page: its row starts under the header on page 1 and runs on.
    const long = Array.from({ length: 90 }, (_, i) => `第${i + 1}处护栏锈蚀、缺失，需全部更换。`).join('');
    await t.db.query('UPDATE findings SET description = $1 WHERE id = $2', [long, closed.id]);
    const one = await print(`/api/v1/reports/findings/ledger?q=${encodeURIComponent(closed.code)}`);
    expect(one.pages.length).toBeGreaterThan(1);
    expect(one.pages[0]).toContain('第1处护栏锈蚀');
    expect(one.pages.join('')).toContain('第90处护栏锈蚀、缺失，需全部更换。'); // nothing cut off
    for (const page of one.pages) expect(page).toContain('问题整改台账');
  });

  it('point 8: the inspection ledger names its source and period on every page, as the other ledgers do (page 2 had no title)', async () => {
    const sources = (await api('han.jingyi', '/api/v1/hazard-sources').expect(200)).body;
    const gas = (sources.items ?? sources).find((s: { name: string }) => s.name === '煤气管网');
    // The demo's inspections are of the days before it was loaded: a month up to today holds them all.
    const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const [from, to] = [day(Date.now() - 30 * 86_400_000), day(Date.now())];
    const { pages } = await print(`/api/v1/reports/hazard-sources/${gas.id}/ledger?from=${from}&to=${to}`);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page).toContain('煤气管网 重要危险源检查台账');
      expect(page).toContain(`${from} 至 ${to}`);
    }
  });

  it('a round ledger’s total row counts as its statistics do: the cancelled copy is listed, not counted, and said so', async () => {
    const stats = (await api('han.jingyi', `/api/v1/rounds/${round.id}/statistics`).expect(200)).body as {
      bySource: { total: number; cancelled: number }[];
    };
    const counted = stats.bySource.reduce((s, l) => s + l.total, 0);
    const cancelled = stats.bySource.reduce((s, l) => s + l.cancelled, 0);
    expect(cancelled).toBeGreaterThan(0); // the demo's round has a problem logged twice, the copy cancelled
    const { body, pages } = await print(reports()['round-ledger']);
    const text = pages.join('\n');
    expect(text).toContain('已作废'); // listed
    expect(text).toMatch(
      new RegExp(`合计\\s*${counted} 项\\s*另作废 ${cancelled} 项（已列出，不计入合计和资金）`),
    );
    // Page 1's statistics labels each stay on one line (they wrapped mid-word in a 62pt label column).
    const page1 = (await pdfItems(body))[0].map((i) => i.str);
    expect(page1).toEqual(expect.arrayContaining(['问题总数（督察组，不含作废）', '作废（不计入合计）']));
    // The funds of the total are those of the counted findings: a cancelled finding with a plan's funds adds nothing.
    const [copy] = await t.db.query(
      `SELECT f.id FROM findings f WHERE f.round_id = $1 AND f.status = 'CANCELLED' LIMIT 1`,
      [round.id],
    );
    const fundsOf = async () => {
      const last = (await print(reports()['round-ledger'])).pages.join('\n');
      return /合计\s*\d+ 项\s*另作废 \d+ 项（已列出，不计入合计和资金）\s*([\d,.]+)/.exec(last)![1];
    };
    const before = await fundsOf();
    // The copy gets a plan with funds (a copy of another finding's plan; plans are append-only, so it stays for the
    // later tests, which do not read funds): the total's funds stay as they were.
    const cols = (
      (await t.db.query(
        `SELECT column_name FROM information_schema.columns
          WHERE table_name = 'rectification_plans' AND column_name NOT IN ('id', 'finding_id')`,
      )) as { column_name: string }[]
    )
      .map((c) => `"${c.column_name}"`)
      .join(', ');
    const added = await t.db.query(
      `INSERT INTO rectification_plans (finding_id, ${cols})
       SELECT $1, ${cols} FROM rectification_plans WHERE funds_amount > 0 LIMIT 1 RETURNING id`,
      [copy.id],
    );
    expect(added).toHaveLength(1);
    expect(await fundsOf()).toBe(before);
  });

  it('a count list such as 按状态 wraps only after a "，", never inside an item: the ledger printed "复查通" | "过 2", the weekly summary "管理缺" | "陷 1"', async () => {
    /** The lines of a grid's value as printed: the text pieces between its label and the next label. */
    const valueLines = (pages: { str: string }[][], label: string, next: string) => {
      // pdf.js puts a piece of white space between runs it sees apart; the drawn lines are the others.
      const page = pages
        .find((p) => p.some((i) => i.str === label))!
        .map((i) => i.str)
        .filter((str) => str.trim());
      const from = page.indexOf(label) + 1;
      return page.slice(from, page.indexOf(next, from));
    };
    const expectBreaksBetweenItems = (lines: string[]) =>
      lines
        .slice(0, -1)
        .forEach((line) => expect({ line, end: line.slice(-1) }).toEqual({ line, end: '，' }));

    // The round ledger's 整改统计: the demo round's 按状态 has five items and needs two lines of its cell.
    const stats = (await api('han.jingyi', `/api/v1/rounds/${round.id}/statistics`).expect(200)).body as {
      byStatus: { label: string; count: number }[];
    };
    const ledger = await pdfItems((await print(reports()['round-ledger'])).body);
    const byStatus = valueLines(ledger, '按状态', '按等级');
    expect(byStatus.join('')).toBe(
      stats.byStatus
        .filter((s) => s.count)
        .map((s) => `${s.label} ${s.count}`)
        .join('，'),
    );
    expect(byStatus.length).toBeGreaterThan(1);
    expectBreaksBetweenItems(byStatus);
    expect(byStatus.join('\n')).toContain('复查通过 2');
    expectBreaksBetweenItems(valueLines(ledger, '按等级', '作废（不计入合计）'));

    // The weekly summary's 按类别 (two pairs a row): 人的不安全行为 1，物的不安全状态 2，管理缺陷 1.
    const byCategory = valueLines(
      await pdfItems((await print(reports()['weekly-summary'])).body),
      '按类别',
      '按等级',
    );
    expect(byCategory.length).toBeGreaterThan(1);
    expectBreaksBetweenItems(byCategory);
    expect(byCategory.join('\n')).toContain('管理缺陷 1');
  });

  it('point 8: on paper, a ledger’s table is ruled and its header row shaded (each row is drawn in one piece)', async () => {
    const { body } = await print(reports()['filtered-ledger']);
    const page1 = (await pdfItems(body))[0];
    const header = page1.find((i) => i.str === '编号')!;
    const row = page1.find((i) => /^[A-Z]+-\d{4}-/.test(i.str) && i.y > header.y)!;
    expect(header).toBeDefined();
    expect(row).toBeDefined();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-rules-'));
    try {
      writeFileSync(path.join(dir, 'ledger.pdf'), body);
      const dpi = 144; // 2 pixels a point
      execFileSync(
        'pdftoppm',
        ['-png', '-gray', '-r', `${dpi}`, '-f', '1', '-l', '1', '-singlefile'].concat([
          path.join(dir, 'ledger.pdf'),
          path.join(dir, 'page'),
        ]),
      );
      const { data, info } = await sharp(path.join(dir, 'page.png'))
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
      const px = (x: number, y: number) => data[Math.round(y * 2) * info.width + Math.round(x * 2)];
      // Just below each text's baseline (under the glyphs, inside the cell): the header's ground is grey, a row's white.
      expect(px(header.x + 1, header.y + 2.5)).toBeGreaterThan(225);
      expect(px(header.x + 1, header.y + 2.5)).toBeLessThan(245);
      expect(px(row.x + 1, row.y + 2.5)).toBeGreaterThan(250);
      // Left of the code, in the cell's padding: the rule between 序号 and 编号, grey on white.
      const across = Array.from({ length: 9 }, (_, i) => px(row.x - 5 + i / 2, row.y + 2.5));
      expect(Math.min(...across)).toBeLessThan(215);
      expect(Math.max(...across)).toBeGreaterThan(250);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('point 9: the ASCII fallback file name is readable (code and date)', async () => {
    const names = await Promise.all(
      Object.values(reports()).map(async (url) => (await print(url)).asciiName),
    );
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$/);
      expect(name).toMatch(/\d{4}-(\d\d-\d\d|W\d\d|Q\d|12-31)/);
    }
    expect(names[2]).toBe(`${closed.code}-closeout-sheet-${names[2].slice(-14, -4)}.pdf`);
  });

  it('point 1: no printout has stray control characters in its text, even from data stored before input was normalised', async () => {
    await t.db.query(
      `UPDATE findings SET description = description || E'\\r\\n第二行\\r\\n\\t第三行\\u0007'`,
    );
    await t.db.query(
      `UPDATE rectification_plans SET measures = coalesce(measures, '') || E'\\r\\n2. 复查\\r'`,
    );
    await t.db.query(`UPDATE rounds SET name = name || E'\\r'`);
    await t.db.query(`UPDATE units SET name = name || E'\\r\\n' WHERE code = 'XCL' OR name = '热电分厂'`);
    await t.db.query(`UPDATE hazard_reports SET description = description || E'\\r\\n（补充）\\r\\n'`);
    await t.db.query(`UPDATE notices SET body = replace(body, E'\\n', E'\\r\\n')`);
    await t.db.query(`UPDATE assessments SET text = text || E'\\r\\n附：整改要求\\r\\n'`);
    for (const [name, url] of Object.entries(reports())) {
      const { pages } = await print(url);
      pages.forEach((page, i) => {
        const stray = STRAY.exec(page);
        expect({ name, page: i + 1, stray: stray && JSON.stringify(stray[0]) }).toEqual({
          name,
          page: i + 1,
          stray: null,
        });
      });
    }
  });
});
