import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { BrowserRun, startBrowserRun, submit } from './support/browser';

const DEMO_PASSWORD = 'Rectify2023';
const LOOK_BACK = '2023年1月集团第二督察组职业健康安全督察“回头看”（中铝山西新材料）';
const NEW_ROUND = '2023年3月热电分厂燃气系统专项检查（中铝山西新材料）';
const RDFC_SUBTREE = ['热电分厂', '电气工区', '配电运行班', '燃化工区', '电力工区'];

/** The import template, downloaded through the page, with the given rows in place of its example row. */
async function filledTemplate(page: Page, rows: Record<string, string>[]): Promise<Buffer> {
  const res = await page.request.get('/findings/import-template');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.body()) as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet('问题清单')!;
  const headers: string[] = [];
  ws.getRow(1).eachCell((cell, col) => (headers[col] = String(cell.value).replace('*', '')));
  ws.spliceRows(2, 1);
  rows.forEach((values, i) => {
    const row = ws.getRow(2 + i);
    headers.forEach((h, col) => {
      if (h && values[h] !== undefined) row.getCell(col).value = values[h];
    });
    row.commit();
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const goodRow = (description: string): Record<string, string> => ({
  单位: '燃化工区',
  问题描述: description,
  '地点/部位': '燃化工区煤气加压站',
  等级: '较大',
  类别: '物的不安全状态',
  标签: '燃气、检测报警',
  来源: '公司查出',
  发现日期: '2023-03-02',
  发现人: '韩静怡',
  整改时限: '2023-04-15',
  责任人: '燃化工区主任',
  责任领导: '',
});

describe('audit rounds, Excel import and the findings list (demo data)', () => {
  let run: BrowserRun;
  let newRoundPath = '';
  beforeAll(async () => {
    run = await startBrowserRun('rounds', { demo: true });
  });
  afterAll(() => run?.close());

  it('shows the safety office the rounds, the look-back round with its statistics, its print and export', async () => {
    const page = await run.loginAs('han.jingyi', DEMO_PASSWORD);
    await page.click('header.top nav a:has-text("督察轮次")');
    await page.waitForURL('**/rounds');
    await run.shot(page, 'rounds-list');
    const rows = page.locator('table.rounds tbody tr');
    await expect(rows.count()).resolves.toBeGreaterThanOrEqual(8);
    const lookBackRow = rows.filter({ hasText: LOOK_BACK });
    await expect(lookBackRow.locator('td').nth(1).textContent()).resolves.toContain('回头看');
    await expect(lookBackRow.locator('td').nth(5).textContent()).resolves.toContain('整改中');
    await expect(lookBackRow.locator('td').nth(3).textContent()).resolves.toBe('中铝山西新材料有限公司');
    const listedTotal = Number(await lookBackRow.locator('td').nth(6).textContent());
    expect(listedTotal).toBeGreaterThanOrEqual(14);
    await expect(page.locator('a.button', { hasText: '新建督察轮次' }).count()).resolves.toBe(1);

    await Promise.all([
      page.waitForURL(/\/rounds\/\d+$/),
      lookBackRow.locator(`a:has-text("${LOOK_BACK}")`).click(),
    ]);
    await run.shot(page, 'look-back-round-detail');
    const roundPath = new URL(page.url()).pathname;
    await expect(page.locator('h1').textContent()).resolves.toContain(LOOK_BACK);
    const tiles = await page.locator('.stat-tiles').first().textContent();
    expect(tiles).toMatch(new RegExp(`${listedTotal}\\s*问题总数`));
    expect(tiles).toContain('销号率');
    const byUnit = page.locator('section.card', { hasText: '按责任单位' });
    await expect(byUnit.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(5);
    await expect(byUnit.textContent()).resolves.toContain('热电分厂');
    await expect(page.locator('table.compact', { hasText: '隐患等级' }).textContent()).resolves.toContain(
      '重大',
    );
    await expect(page.locator('table.compact', { hasText: '问题类别' }).textContent()).resolves.toContain(
      '管理缺陷',
    );
    // 问题总数 is the audit team's line (issue 16 point 13); the round's list holds every source and the cancelled.
    await expect(page.locator('table.by-source').textContent()).resolves.toContain('单位自查');
    const roundFindings = page.locator('section.round-findings');
    const allLogged = Number(await roundFindings.locator('h2 .count').textContent());
    expect(allLogged).toBeGreaterThan(listedTotal);
    await expect(roundFindings.locator('tbody tr').count()).resolves.toBe(20);
    await expect(
      roundFindings.locator('a', { hasText: `查看全部 ${allLogged} 个问题` }).count(),
    ).resolves.toBe(1);

    // Print: the round's ledger as a PDF; export: the round's findings as .xlsx.
    const printHref = await page.locator('a', { hasText: '打印整改台账' }).getAttribute('href');
    expect(await page.locator('a', { hasText: '打印整改台账' }).getAttribute('target')).toBe('_blank');
    const pdf = await page.request.get(printHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfBody = await pdf.body();
    expect(pdfBody.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfBody.length).toBeGreaterThan(20_000);
    const xlsx = await page.request.get(
      (await page.locator('a', { hasText: '导出 Excel' }).getAttribute('href'))!,
    );
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers()['content-disposition']).toContain('attachment');
    const exported = new ExcelJS.Workbook();
    await exported.xlsx.load((await xlsx.body()) as unknown as ExcelJS.Buffer);
    expect(exported.worksheets[0].actualRowCount).toBeGreaterThanOrEqual(15);

    // The look-back comparison: the 2022 findings beside this round's, the recurrences marked.
    await Promise.all([page.waitForURL('**/look-back'), page.click('a:has-text("“回头看”对照")')]);
    await run.shot(page, 'look-back-comparison');
    await expect(page.locator('h1').textContent()).resolves.toBe('“回头看”对照');
    await expect(page.locator('.facts').textContent()).resolves.toContain(
      '2022年集团第二督察组职业健康安全督察（中铝山西新材料）',
    );
    const recurred = page.locator('section.card', { hasText: '本轮查出的复发问题' });
    await expect(recurred.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(recurred.locator('.outcome-tag-RECURRED').first().textContent()).resolves.toBe('复发');
    await expect(
      page
        .locator('section.card', { hasText: '原督察问题的整改结果' })
        .locator('.outcome-tag-RECURRED')
        .count(),
    ).resolves.toBeGreaterThanOrEqual(1);
    expect(roundPath).toMatch(/^\/rounds\/\d+$/);
  });

  it('lets the safety office create a round (after a refusal), start it and import its findings from Excel', async () => {
    const page = await run.loginAs('han.jingyi', DEMO_PASSWORD);
    await page.goto('/rounds');
    await run.shot(page, 'rounds-list-again');
    await Promise.all([page.waitForURL('**/rounds/new'), page.click('a:has-text("新建督察轮次")')]);
    await run.shot(page, 'new-round-form');
    await page.fill('input[name=name]', NEW_ROUND);
    await page.selectOption('select[name=kind]', { label: '专项检查' });
    await page.selectOption('select[name=domain]', { label: '职业健康安全' });
    await page.selectOption('select[name=companyUnitId]', { label: '中铝山西新材料有限公司' });
    await page.fill('input[name=auditTeam]', '安全环保健康部');
    await page.fill('input[name=startDate]', '2023-03-02');
    await page.fill('input[name=endDate]', '2023-03-01');
    await submit(page, 'button:has-text("新建轮次")');
    await run.shot(page, 'new-round-refused');
    await expect(page.locator('.form-error').textContent()).resolves.toContain('输入有误');
    await expect(
      page.locator('label.has-error', { hasText: '结束日期' }).locator('.field-error').textContent(),
    ).resolves.toBe('结束日期不能早于开始日期');
    // What was typed is kept.
    await expect(page.inputValue('input[name=name]')).resolves.toBe(NEW_ROUND);

    await page.fill('input[name=endDate]', '2023-03-03');
    await submit(page, 'button:has-text("新建轮次")');
    await run.shot(page, 'new-round-created');
    newRoundPath = new URL(page.url()).pathname;
    expect(newRoundPath).toMatch(/^\/rounds\/\d+$/);
    await expect(page.locator('.flash').textContent()).resolves.toContain('已新建督察轮次');
    await expect(page.locator('h1 .round-status').textContent()).resolves.toBe('计划');

    await submit(page, 'button:has-text("开始整改")');
    await run.shot(page, 'new-round-started');
    await expect(page.locator('.flash').textContent()).resolves.toContain('整改中');
    await expect(page.locator('h1 .round-status').textContent()).resolves.toBe('整改中');
    await expect(page.locator('button:has-text("开始整改")').count()).resolves.toBe(0);

    // Import: a file with one good and one bad row is refused as a whole, with the row's error shown.
    await Promise.all([page.waitForURL('**/import'), page.click('a:has-text("从 Excel 导入问题")')]);
    await run.shot(page, 'import-form');
    const mixed = await filledTemplate(page, [
      goodRow('煤气加压站可燃气体检测报警仪未定期校验'),
      { ...goodRow('燃气管道阀门井积水未排除'), 等级: '特别重大' },
    ]);
    await page.setInputFiles('input[type=file]', {
      name: '专项检查问题清单.xlsx',
      mimeType: 'application/octet-stream',
      buffer: mixed,
    });
    await submit(page, 'button:has-text("上传并导入")');
    await run.shot(page, 'import-refused-row-errors');
    await expect(page.locator('.form-error').textContent()).resolves.toContain('未导入任何问题');
    const errors = page.locator('table.import-errors tbody tr');
    await expect(errors.count()).resolves.toBe(1);
    const errorText = await page.locator('table.import-errors').textContent();
    expect(errorText).toContain('第 3 行');
    expect(errorText).toContain('等级');
    expect(errorText).toContain('等级“特别重大”无效');
    expect(errorText).not.toContain('第 2 行');

    const good = await filledTemplate(page, [goodRow('煤气加压站可燃气体检测报警仪未定期校验')]);
    await page.setInputFiles('input[type=file]', {
      name: '专项检查问题清单.xlsx',
      mimeType: 'application/octet-stream',
      buffer: good,
    });
    await submit(page, 'button:has-text("上传并导入")');
    await run.shot(page, 'import-done');
    expect(new URL(page.url()).pathname).toBe(newRoundPath);
    await expect(page.locator('.flash').textContent()).resolves.toContain('已从 Excel 导入 1 个问题');
    const roundFindings = page.locator('section.round-findings');
    await expect(roundFindings.locator('tbody tr').count()).resolves.toBe(1);
    await expect(roundFindings.textContent()).resolves.toContain('可燃气体检测报警仪');

    // The same file again: refused as already imported.
    await page.goto(`${newRoundPath}/import`);
    await run.shot(page, 'import-form-again');
    await page.setInputFiles('input[type=file]', {
      name: '专项检查问题清单.xlsx',
      mimeType: 'application/octet-stream',
      buffer: good,
    });
    await submit(page, 'button:has-text("上传并导入")');
    await run.shot(page, 'import-duplicate-refused');
    await expect(page.locator('.form-error').textContent()).resolves.toMatch(/该文件已于 .* 导入过/);
    await expect(page.locator('main').textContent()).resolves.toContain(
      '的问题已导入本轮次，同一文件不能重复导入',
    );
    await expect(page.locator('table.import-errors').count()).resolves.toBe(0);
  });

  it('lets the safety office log a finding by hand (after a refusal) and find it in the list', async () => {
    const page = await run.loginAs('han.jingyi', DEMO_PASSWORD);
    await page.goto(newRoundPath);
    await run.shot(page, 'round-before-logging');
    await Promise.all([page.waitForURL('**/findings/new?**'), page.click('a:has-text("登记问题")')]);
    await run.shot(page, 'new-finding-form');
    // The round is preselected from where the user came.
    await expect(page.locator('select[name=roundId] option:checked').textContent()).resolves.toBe(NEW_ROUND);
    const unitValue = await page
      .locator('select[name=unitId] option', { hasText: '燃化工区' })
      .first()
      .getAttribute('value');
    await page.selectOption('select[name=unitId]', unitValue!);
    await page.fill('textarea[name=description]', '燃化工区煤气柜区域未设置重大危险源公示牌');
    await page.fill('input[name=location]', '燃化工区煤气柜');
    await page.selectOption('select[name=level]', { label: '重大' });
    await page.selectOption('select[name=category]', { label: '管理缺陷' });
    await page.selectOption('select[name=source]', { label: '公司查出' });
    await page.fill('input[name=tags]', '燃气，重要危险源');
    await page.fill('input[name=foundDate]', '2023-03-02');
    await page.fill('input[name=foundBy]', '韩静怡');
    await page.fill('input[name=deadline]', '2023-03-20');
    await page.fill('input[name=responsiblePerson]', '燃化工区主任');
    await submit(page, 'button:has-text("登记并交办")');
    await run.shot(page, 'new-finding-refused');
    await expect(
      page.locator('label.has-error', { hasText: '责任领导' }).locator('.field-error').textContent(),
    ).resolves.toBe('重大隐患须指定责任领导');
    await expect(page.inputValue('textarea[name=description]')).resolves.toBe(
      '燃化工区煤气柜区域未设置重大危险源公示牌',
    );
    await expect(page.locator('select[name=level] option:checked').textContent()).resolves.toBe('重大');

    await page.fill('input[name=responsibleLeader]', '热电分厂厂长');
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/findings',
      ),
      submit(page, 'button:has-text("登记并交办")'),
    ]);
    expect(response.status()).toBe(303);
    expect(new URL(page.url()).pathname).toMatch(/^\/findings\/\d+$/);
    await run.shot(page, 'new-finding-logged');

    // The findings list, filtered by round and level, shows it (and the imported one is not a 重大).
    await page.goto('/findings');
    await run.shot(page, 'findings-list');
    await page.selectOption('select[name=roundId]', { label: NEW_ROUND });
    await page.selectOption('select[name=level]', { label: '重大' });
    await page.selectOption('select[name=sort]', { label: '整改时限' });
    await submit(page, 'form.filters button[type=submit]');
    await run.shot(page, 'findings-filtered');
    const url = new URL(page.url());
    expect(url.searchParams.get('level')).toBe('MAJOR');
    expect(url.searchParams.get('sort')).toBe('deadline');
    const rows = page.locator('table.list tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('煤气柜区域未设置重大危险源公示牌');
    await expect(rows.first().locator('.level').textContent()).resolves.toBe('重大');
    await expect(rows.first().locator('.status').textContent()).resolves.toBe('已交办');
    await expect(page.locator('h1 .count').textContent()).resolves.toBe('1');

    // Text search finds the imported one; the filtered ledger prints and exports.
    await page.goto(`/findings?q=${encodeURIComponent('可燃气体检测报警仪未定期校验')}`);
    await run.shot(page, 'findings-search');
    await expect(page.locator('table.list tbody tr').count()).resolves.toBe(1);
    const printed = await page.request.get(
      (await page.locator('a', { hasText: '打印台账' }).getAttribute('href'))!,
    );
    expect(printed.headers()['content-type']).toBe('application/pdf');
    expect((await printed.body()).length).toBeGreaterThan(10_000);
    const xlsx = await page.request.get(
      (await page.locator('a', { hasText: '导出 Excel' }).getAttribute('href'))!,
    );
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  });

  it('shows a unit officer only their unit’s findings, without the safety office’s buttons', async () => {
    const page = await run.loginAs('wen.xiaofeng', DEMO_PASSWORD);
    await page.goto('/findings');
    await run.shot(page, 'unit-officer-findings');
    const units = await page.locator('table.list tbody tr td:nth-child(3)').allTextContents();
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) expect(RDFC_SUBTREE).toContain(u.trim());
    await expect(page.locator('a:has-text("登记问题")').count()).resolves.toBe(0);
    // The unit filter offers their subtree only.
    const unitOptions = (await page.locator('select[name=unitId] option').allTextContents())
      .map((s) => s.trim())
      .filter((s) => s !== '全部');
    expect(unitOptions.sort()).toEqual([...RDFC_SUBTREE].sort());

    await page.goto('/rounds');
    await run.shot(page, 'unit-officer-rounds');
    await expect(page.locator('a:has-text("新建督察轮次")').count()).resolves.toBe(0);
    await page.click(`a:has-text("${LOOK_BACK}")`);
    await page.waitForURL(/\/rounds\/\d+$/);
    await run.shot(page, 'unit-officer-round-detail');
    await expect(page.locator('a:has-text("从 Excel 导入问题")').count()).resolves.toBe(0);
    await expect(page.locator('button:has-text("关闭轮次")').count()).resolves.toBe(0);
    const byUnit = await page
      .locator('section.card', { hasText: '按责任单位' })
      .locator('tbody tr td:first-child')
      .allTextContents();
    for (const u of byUnit) expect(RDFC_SUBTREE).toContain(u.trim());

    const refused = await page.goto('/rounds/new');
    expect(refused!.status()).toBe(403);
    await run.shot(page, 'unit-officer-new-round-403');
    await expect(page.locator('h1').textContent()).resolves.toContain('无权访问');
    const refusedImport = await page.goto(`${newRoundPath}/import`);
    expect([403, 404]).toContain(refusedImport!.status());
    await run.shot(page, 'unit-officer-import-refused');
  });

  it('refuses the rounds to a reporter', async () => {
    const page = await run.loginAs('shi.xiaolong', DEMO_PASSWORD);
    await expect(page.locator('header.top nav').textContent()).resolves.not.toContain('督察轮次');
    const res = await page.goto('/rounds');
    expect(res!.status()).toBe(403);
    await run.shot(page, 'reporter-rounds-403');
    const list = await page.goto('/findings');
    expect(list!.status()).toBe(403);
    await run.shot(page, 'reporter-findings-403');
  });
});
