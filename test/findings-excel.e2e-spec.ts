import ExcelJS from 'exceljs';
import { Clock } from '../src/common/time/clock';
import { buildRound } from './support/findings-fixture';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

const HEADERS = [
  '单位',
  '问题描述',
  '地点/部位',
  '等级',
  '类别',
  '标签',
  '来源',
  '发现日期',
  '发现人',
  '整改时限',
  '责任人',
  '责任领导',
];

async function sheet(rows: (string | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('问题清单');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const good = (unit: string, description: string): string[] => [
  unit,
  description,
  '现场',
  '一般',
  '物的不安全状态',
  '电气',
  '督察组',
  '2023-01-06',
  '督察组',
  '2023-03-31',
  '工区主任',
  '',
];

describe('Findings: Excel import and export', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).pinForTesting(new Date('2023-02-14T02:00:00Z'));
    org = await buildOrg(t);
    fx = await buildRound(t, org);
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, name = '问题清单.xlsx', token = org.tokens.SAFETY_OFFICE) =>
    t
      .http()
      .post(`/api/v1/rounds/${fx.roundId}/import`)
      .set(org.auth(token))
      .attach('file', file, { filename: name });
  const count = async () =>
    (await t.db.query(`SELECT count(*)::int AS n FROM findings WHERE round_id = $1`, [fx.roundId]))[0]
      .n as number;

  it('offers a downloadable template with the Chinese column headers', async () => {
    const res = await t
      .http()
      .get('/api/v1/findings/import-template')
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const headers = (wb.worksheets[0].getRow(1).values as unknown[])
      .filter(Boolean)
      .map((v) => String(v).replace(/\*$/, '').trim());
    expect(headers).toEqual(expect.arrayContaining(['单位', '问题描述', '等级', '整改时限', '责任人']));
  });

  it('reports every bad row at once, by row and column, and imports nothing', async () => {
    const before = await count();
    const file = await sheet([
      good('热电分厂', '配电室电气抽屉开关发热'),
      good('不存在的分厂', '外墙开裂脱落'),
      [
        '电解厂',
        '重要危险源未设公示牌',
        '现场',
        '很大',
        '管理缺陷',
        '',
        '',
        '2023-01-06',
        '',
        '2023-03-31',
        '车间主任',
        '',
      ],
      [
        '电解厂',
        '未建立重要危险源检查台账',
        '现场',
        '一般',
        '管理缺陷',
        '',
        '',
        '2023-02-30',
        '',
        '2023-03-31',
        '车间主任',
        '',
      ],
      good('热电分厂', '配电室电气抽屉开关发热'),
    ]);
    const res = await upload(file).expect(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    const where = (res.body.details as { row: number; column: string }[]).map((d) => `${d.row}:${d.column}`);
    expect(where).toEqual(expect.arrayContaining(['3:单位', '4:等级', '5:发现日期', '6:问题描述']));
    expect(where).not.toContain('2:单位');
    expect(await count()).toBe(before);
  });

  it('imports a clean file, matching units by name, former name or code', async () => {
    const unit = await t.http().get(`/api/v1/units/${org.units.smelter}`).set(org.auth(org.tokens.ADMIN));
    await t
      .http()
      .patch(`/api/v1/units/${org.units.smelter}`)
      .set(org.auth(org.tokens.ADMIN))
      .send({ version: unit.body.version, aliases: ['电解分厂'] })
      .expect(200);
    const file = await sheet([
      good('热电分厂', '临时管线布置不规范、废弃管道未拆除'),
      good('电解分厂', '现场维修未使用CARC表'),
      good('A-RDFC-DQ', '市场电气线路私拉乱接'),
    ]);
    const res = await upload(file).expect(200);
    expect(res.body.imported).toBe(3);
    expect(res.body.codes).toHaveLength(3);
    const list = await t
      .http()
      .get(`/api/v1/findings?roundId=${fx.roundId}&q=${encodeURIComponent('CARC')}`)
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .expect(200);
    expect(list.body.items[0]).toMatchObject({
      unitName: '电解厂',
      status: 'ASSIGNED',
      source: 'AUDIT_TEAM',
    });

    // The same file again, and the same rows in a new file, are refused.
    expect((await upload(file).expect(409)).body.code).toBe('IMPORT_DUPLICATE_FILE');
    const again = await upload(
      await sheet([good('热电分厂', '临时管线布置不规范、废弃管道未拆除'), good('热电分厂', '新的问题')]),
      'again.xlsx',
    ).expect(400);
    expect(again.body.details).toEqual([expect.objectContaining({ row: 2, column: '问题描述' })]);
  });

  it('refuses a file that is not a spreadsheet, and other roles', async () => {
    expect((await upload(Buffer.from('not,a,spreadsheet'), 'x.xlsx').expect(400)).body.code).toBe(
      'IMPORT_INVALID_FILE',
    );
    await upload(await sheet([good('热电分厂', 'x')]), 'y.xlsx', org.tokens.UNIT_OFFICER).expect(403);
  });

  it('exports any filtered list with Chinese headers, labels and the unit scope', async () => {
    const download = async (token: string, query: string) => {
      const res = await t
        .http()
        .get(`/api/v1/findings/export?${query}`)
        .set(org.auth(token))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as never);
      const ws = wb.worksheets[0];
      const text: string[] = [];
      ws.eachRow((row) =>
        text.push(
          (row.values as unknown[])
            .filter((v) => v !== undefined && v !== null)
            .map(String)
            .join('|'),
        ),
      );
      return text;
    };
    const all = await download(org.tokens.SAFETY_OFFICE, `roundId=${fx.roundId}`);
    expect(all.join('\n')).toContain('问题描述');
    expect(all.join('\n')).toContain('现场维修未使用CARC表');
    expect(all.join('\n')).toContain('一般');
    expect(all[all.length - 1]).toContain('合计 3 条');
    // The unit officer of 热电分厂 gets only their subtree's rows.
    const own = await download(org.tokens.UNIT_OFFICER, `roundId=${fx.roundId}`);
    expect(own.join('\n')).not.toContain('CARC');
    expect(own[own.length - 1]).toContain('合计 2 条');
  });
});
