import ExcelJS from 'exceljs';
import { ALL_ROLES, Role } from '../src/common/access/roles';
import { Clock } from '../src/common/time/clock';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin, webSession } from './support/web-session';

describe('Hazard reports and bounties of 500–2000 yuan', () => {
  let t: TestApp;
  let org: OrgFixture;
  let secondLeader: string;
  let officeLeader: string;
  let reporterName: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).pinForTesting(new Date('2023-03-06T02:00:00Z'));
    org = await buildOrg(t);
    const admin = org.auth(org.tokens.ADMIN);
    for (const [username, displayName, roles] of [
      ['leader2', '副组长乙', ['SUPERVISION_LEADER']],
      ['officelead', '安办兼副组长', ['SAFETY_OFFICE', 'SUPERVISION_LEADER']],
    ] as const) {
      await t
        .http()
        .post('/api/v1/users')
        .set(admin)
        .send({ username, displayName, roles, homeUnitId: org.units.safetyDept, password: TEST_PASSWORD })
        .expect(201);
    }
    secondLeader = await login(t, 'leader2');
    officeLeader = await login(t, 'officelead');
    reporterName = '电气职工';
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const reporter = () => as(org.tokens.REPORTER);

  async function report(extra: object = {}) {
    const res = await reporter()
      .post('/api/v1/hazard-reports', {
        hazardUnitId: org.units.power,
        location: '燃化工区输煤栈桥',
        description: '输煤栈桥照明线路绝缘层破损，有漏电风险',
        onBehalfOfUnit: false,
        hideIdentity: false,
        ...extra,
      })
      .expect(201);
    return res.body as { id: number };
  }
  const valid = (id: number, level = 'SERIOUS') =>
    office()
      .post(`/api/v1/hazard-reports/${id}/triage`, {
        result: 'VALID',
        level,
        category: 'UNSAFE_CONDITION',
        deadline: '2023-03-31',
        responsiblePerson: '燃化工区主任',
        ...(level === 'MAJOR' ? { responsibleLeader: '分管副总经理' } : {}),
      })
      .expect(200);

  it('turns a valid report into a HAZARD_REPORT finding that appears in its unit’s list', async () => {
    const r = await report();
    const triaged = await valid(r.id);
    expect(triaged.body).toMatchObject({
      status: 'VALID',
      level: 'SERIOUS',
      finding: { code: expect.stringMatching(/^A-2023-AQ-\d{4}$/) },
    });
    const list = await as(org.tokens.UNIT_OFFICER).get(`/api/v1/findings?source=HAZARD_REPORT`).expect(200);
    expect(list.body.items.map((f: { id: number }) => f.id)).toContain(triaged.body.finding.id);
    expect(list.body.items[0]).toMatchObject({
      unitId: org.units.power,
      level: 'SERIOUS',
      status: 'ASSIGNED',
    });
    await office()
      .post(`/api/v1/hazard-reports/${r.id}/triage`, { result: 'INVALID', note: '再核查一次' })
      .expect(409);
    // The reporter hears the result of the check (it was only their bounty's steps before), once.
    const heard = async (id: number) =>
      (
        (await reporter().get('/api/v1/notifications?limit=100').expect(200)).body.items as {
          kind: string;
          title: string;
          body: string;
        }[]
      ).filter((n) => n.kind === 'HAZARD_REPORT_TRIAGED' && n.title.endsWith(`#${id}`));
    expect((await heard(r.id)).map((n) => n.title)).toEqual([`举报核查结果：属实 #${r.id}`]);
    const invalid = await report({ description: '栈桥照明灯不亮' });
    await office()
      .post(`/api/v1/hazard-reports/${invalid.id}/triage`, { result: 'INVALID', note: '现场照明正常' })
      .expect(200);
    expect(await heard(invalid.id)).toEqual([
      expect.objectContaining({
        title: `举报核查结果：不属实 #${invalid.id}`,
        body: expect.stringContaining('说明：现场照明正常。'),
      }),
    ]);
  });

  it.each([
    ['499', 499],
    ['2001', 2001],
    ['1500.5', 1500.5],
    ['"1000元"', '1000元'],
  ])('refuses a bounty of %s yuan with a clear error', async (_label, amountYuan) => {
    const r = await report();
    await valid(r.id);
    const res = await office().post('/api/v1/bounties', { hazardReportId: r.id, amountYuan }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'amountYuan' })]);
    expect(res.body.details[0].messages[0]).toMatch(/500–2000|整数元|不带单位/);
  });

  it('proposes the level’s default, refuses approval by the proposer, pays once', async () => {
    const r = await report();
    await valid(r.id, 'MAJOR');
    const bounty = await as(officeLeader).post('/api/v1/bounties', { hazardReportId: r.id }).expect(201);
    expect(bounty.body).toMatchObject({ amountYuan: 2000, level: 'MAJOR', status: 'PROPOSED' });
    const self = await as(officeLeader)
      .post(`/api/v1/bounties/${bounty.body.id}/decision`, { approve: true })
      .expect(403);
    expect(self.body.code).toBe('BOUNTY_SELF_APPROVAL');
    await office()
      .post(`/api/v1/bounties/${bounty.body.id}/payment`, { paidOn: '2023-03-10', paymentRef: '凭证-001' })
      .expect(409); // not approved yet
    await as(org.tokens.SUPERVISION_LEADER)
      .post(`/api/v1/bounties/${bounty.body.id}/decision`, { approve: true })
      .expect(200);
    await office()
      .post(`/api/v1/bounties/${bounty.body.id}/payment`, { paidOn: '2023-03-10', paymentRef: '凭证-001' })
      .expect(200);
    const again = await office()
      .post(`/api/v1/bounties/${bounty.body.id}/payment`, { paidOn: '2023-03-11', paymentRef: '凭证-002' })
      .expect(409);
    expect(again.body.code).toBe('BOUNTY_ALREADY_PAID');
    await office().post(`/api/v1/bounties/${bounty.body.id}/cancel`, { reason: '发放后撤销' }).expect(409);
    await office().post('/api/v1/bounties', { hazardReportId: r.id, amountYuan: 1000 }).expect(409); // one bounty per report
  });

  it('pays no bounty for a duplicate report', async () => {
    const first = await report();
    await valid(first.id);
    const second = await report({ description: '输煤栈桥照明线路破损漏电' });
    await office()
      .post(`/api/v1/hazard-reports/${second.id}/triage`, {
        result: 'DUPLICATE',
        duplicateOfReportId: first.id,
      })
      .expect(200);
    const res = await office().post('/api/v1/bounties', { hazardReportId: second.id }).expect(409);
    expect(res.body.code).toBe('BOUNTY_NOT_ELIGIBLE');
    const mine = await reporter().get(`/api/v1/hazard-reports/${second.id}`).expect(200);
    expect(mine.body).toMatchObject({ status: 'DUPLICATE', duplicateOfReportId: first.id, bounty: null });
  });

  it('lets exactly one of two racing approvals win', async () => {
    const r = await report();
    await valid(r.id, 'GENERAL');
    const b = await office().post('/api/v1/bounties', { hazardReportId: r.id }).expect(201);
    const results = await Promise.all([
      as(org.tokens.SUPERVISION_LEADER).post(`/api/v1/bounties/${b.body.id}/decision`, { approve: true }),
      as(secondLeader).post(`/api/v1/bounties/${b.body.id}/decision`, { approve: true }),
    ]);
    expect(results.map((x) => x.status).sort()).toEqual([200, 409]);
    expect(results.find((x) => x.status === 409)!.body.code).toBe('BOUNTY_ALREADY_DECIDED');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM change_events WHERE entity_type = 'Bounty' AND entity_id = $1 AND action = 'BOUNTY_DECIDED'`,
      [String(b.body.id)],
    );
    expect(n).toBe(1);
  });

  it('warns when a proposal would exceed the annual budget', async () => {
    await t
      .http()
      .put('/api/v1/bounties/budget/2023')
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .send({ amountYuan: 4000 })
      .expect(200);
    const r = await report();
    await valid(r.id, 'MAJOR');
    const b = await office().post('/api/v1/bounties', { hazardReportId: r.id }).expect(201);
    expect(b.body.budget.warning).toContain('超出预算');
    const ledger = await office().get('/api/v1/bounties?from=2023-01-01&to=2023-12-31').expect(200);
    expect(ledger.body.budget).toMatchObject({ year: 2023, budget: 4000 });
    expect(ledger.body.totals.amountYuan).toBe(
      ledger.body.items
        .filter((i: { status: string }) => !['REJECTED', 'CANCELLED'].includes(i.status))
        .reduce((s: number, i: { amountYuan: number }) => s + i.amountYuan, 0),
    );
  });

  const putBudget = (year: string | number, body: object) =>
    t.http().put(`/api/v1/bounties/budget/${year}`).set(org.auth(org.tokens.SAFETY_OFFICE)).send(body);

  it('sets a budget only for a year from 2000 to five years after this one, refusing any other year by name', async () => {
    // Today is 2023-03-06 in Asia/Shanghai: 2000–2028. 99999 had been stored (QA fuzz), 0 refused as an "id".
    for (const year of ['99999', '0', '1899', '1999', '2029', '-2024', '2024.5', 'abc']) {
      const res = await putBudget(year, { amountYuan: 50000 });
      expect({ year, status: res.status, code: res.body.code }).toEqual({
        year,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.details).toEqual([
        { field: 'year', messages: [expect.stringMatching(/2000 至 2028 年.* \/ .*from 2000 to 2028/)] },
      ]);
    }
    // A wrong year and a wrong amount: both named in one answer, the year first.
    const both = await putBudget(99999, { amountYuan: -1 }).expect(400);
    expect(both.body.details.map((d: { field: string }) => d.field)).toEqual(['year', 'amountYuan']);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM bounty_budgets WHERE year NOT BETWEEN 2000 AND 2028`,
    );
    expect(n).toBe(0);
    for (const year of [2000, 2028]) {
      const ok = await putBudget(year, { amountYuan: 30000 }).expect(200);
      expect(ok.body).toMatchObject({ year, budget: 30000 });
    }
  });

  it('sets a new year’s budget from concurrent PUTs without a DUPLICATE refusal, each change logged after the one before', async () => {
    const amounts = [11000, 22000, 33000, 44000, 55000];
    const results = await Promise.all(amounts.map((amountYuan) => putBudget(2027, { amountYuan })));
    expect(results.map((r) => [r.status, r.body.code])).toEqual(amounts.map(() => [200, undefined]));
    const rows = await t.db.query(`SELECT amount_yuan AS "amountYuan" FROM bounty_budgets WHERE year = 2027`);
    expect(rows).toHaveLength(1);
    expect(amounts).toContain(rows[0].amountYuan);
    const history = await office().get('/api/v1/audit-log?entityType=BountyBudget&entityId=2027').expect(200);
    const changes = (
      history.body.items as {
        action: string;
        changes: { amountYuan: { before: number | null; after: number } };
      }[]
    )
      .reverse()
      .map((e) => {
        expect(e.action).toBe('BOUNTY_BUDGET_SET');
        return e.changes.amountYuan;
      });
    // One entry per PUT, oldest first: the first from nothing, each next one from the value the one before set.
    expect(changes).toHaveLength(amounts.length);
    expect(changes[0].before).toBeNull();
    for (let i = 1; i < changes.length; i++) expect(changes[i].before).toBe(changes[i - 1].after);
    expect(changes.map((c) => c.after).sort()).toEqual(amounts);
    expect(changes[changes.length - 1].after).toBe(rows[0].amountYuan);
    const ledger = await office().get('/api/v1/bounties?from=2027-01-01&to=2027-12-31').expect(200);
    expect(ledger.body.budget).toMatchObject({ year: 2027, budget: rows[0].amountYuan });
    expect((await as(org.tokens.ADMIN).get('/api/v1/audit-log/verify').expect(200)).body.ok).toBe(true);
  });

  it('masks a hidden reporter for every role except the handlers and the reporter, in lists, ledger and export', async () => {
    const r = await report({ hideIdentity: true, description: '燃气调压箱附近有人违规动火' });
    await valid(r.id, 'GENERAL');
    const b = await office().post('/api/v1/bounties', { hazardReportId: r.id }).expect(201);
    await as(org.tokens.SUPERVISION_LEADER)
      .post(`/api/v1/bounties/${b.body.id}/decision`, { approve: true })
      .expect(200);

    const readXlsx = async (token: string) => {
      const res = await t
        .http()
        .get('/api/v1/bounties/export')
        .set(org.auth(token))
        .buffer(true)
        .parse((s, cb) => {
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      if (res.status !== 200) return null;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as never);
      const text: string[] = [];
      wb.worksheets[0].eachRow((row) => text.push((row.values as unknown[]).map(String).join('|')));
      return text.join('\n');
    };

    const tokens: [string, string][] = [
      ...ALL_ROLES.map((role) => [role, org.tokens[role]] as [string, string]),
    ];
    for (const [role, token] of tokens) {
      const handlerOrReporter =
        role === Role.SAFETY_OFFICE || role === Role.SUPERVISION_LEADER || role === Role.REPORTER;
      const list = await as(token).get('/api/v1/hazard-reports?limit=500').expect(200);
      // Every role sees this report: readers all reports, unit roles hazards of their subtree, the reporter their own.
      const item = list.body.items.find((x: { id: number }) => x.id === r.id);
      expect({ role, name: item?.reporter.name }).toEqual({
        role,
        name: handlerOrReporter ? reporterName : '匿名举报人',
      });
      const ledger = await as(token).get('/api/v1/bounties');
      if (role === Role.REPORTER) {
        expect(ledger.status).toBe(403); // reporters follow their bounty on their own reports
        continue;
      }
      expect({ role, status: ledger.status }).toEqual({ role, status: 200 });
      const row = ledger.body.items.find((x: { hazardReportId: number }) => x.hazardReportId === r.id);
      expect({ role, name: row?.reporter.name }).toEqual({
        role,
        name: handlerOrReporter ? reporterName : '匿名举报人',
      });
      const xlsx = (await readXlsx(token))!;
      const line = xlsx.split('\n').find((l) => l.includes('违规动火'));
      expect({ role, named: line?.includes(reporterName), masked: line?.includes('匿名举报人') }).toEqual({
        role,
        named: handlerOrReporter,
        masked: !handlerOrReporter,
      });
    }
    // The change log does not carry the hidden reporter either.
    const events = await as(org.tokens.VIEWER)
      .get(`/api/v1/audit-log?entityType=HazardReport&entityId=${r.id}`)
      .expect(200);
    expect(JSON.stringify(events.body)).not.toContain(reporterName);
  });

  it('shows reporters their own reports and bounty status, and nobody else’s', async () => {
    const other = await as(org.tokens.otherUnitOfficer)
      .post('/api/v1/hazard-reports', {
        hazardUnitId: org.units.flyAsh,
        location: '粉煤灰库',
        description: '粉煤灰库顶部护栏缺失',
        onBehalfOfUnit: true,
        hideIdentity: false,
      })
      .expect(201);
    const mine = await reporter().get('/api/v1/hazard-reports').expect(200);
    expect(
      mine.body.items.every((x: { reporter: { name: string } }) => x.reporter.name === reporterName),
    ).toBe(true);
    expect(
      mine.body.items.some((x: { bounty: { status: string } | null }) => x.bounty?.status === 'PAID'),
    ).toBe(true);
    await reporter().get(`/api/v1/hazard-reports/${other.body.id}`).expect(404);
    expect(other.body.onBehalfOfUnit).toMatchObject({ name: '宏泰粉煤灰开发事业部' });
  });

  it('turns a bounty down only with a reason, which the reporter is told and reads on their report', async () => {
    const r = await report({ description: '输煤栈桥2号皮带托辊脱落' });
    await valid(r.id, 'MAJOR');
    const b = (await office().post('/api/v1/bounties', { hazardReportId: r.id }).expect(201)).body as {
      id: number;
    };
    const leader = () => as(org.tokens.SUPERVISION_LEADER);
    // The API refuses a 驳回 without a reason, or with two characters, naming the field.
    for (const body of [
      { approve: false },
      { approve: false, note: '  ' },
      { approve: false, note: '不行' },
    ]) {
      const res = await leader().post(`/api/v1/bounties/${b.id}/decision`, body).expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'note', messages: [expect.stringContaining('驳回须在审批意见中写明理由')] }],
      });
    }
    // The ledger's form keeps what was typed and says what is wrong under 审批意见.
    const { cookie, csrf } = await webSession(t, 'leader', TEST_PASSWORD, '/bounties');
    const page = await t
      .http()
      .post(`/bounties/${b.id}/decision`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, approve: 'false', note: '不行' })
      .expect(400);
    expect(page.text).toMatch(
      /<textarea name="note"[^>]*>不行<\/textarea>\s*<[^>]+>[^<]*驳回须在审批意见中写明理由/,
    );
    expect((await reporter().get(`/api/v1/hazard-reports/${r.id}`).expect(200)).body.bounty).toMatchObject({
      status: 'PROPOSED',
    });

    const reason = '该隐患已由班组自查上报，不属首次发现';
    const decided = await leader()
      .post(`/api/v1/bounties/${b.id}/decision`, { approve: false, note: reason })
      .expect(200);
    expect(decided.body.status).toBe('REJECTED');
    // The reporter hears of it, with the reason, as they hear of an approval.
    const told = (
      (await reporter().get('/api/v1/notifications?limit=200').expect(200)).body.items as {
        kind: string;
        title: string;
        body: string;
      }[]
    ).filter((n) => n.kind === 'BOUNTY' && n.title.endsWith(`#${r.id}`));
    expect(told).toEqual([
      expect.objectContaining({
        title: `举报奖励未批准 #${r.id}`,
        body: expect.stringContaining(`奖励 2000 元未获批准。理由：${reason}。`),
      }),
    ]);
    // …and reads it on the report's page, beside 未批准 2000 元.
    expect((await reporter().get(`/api/v1/hazard-reports/${r.id}`).expect(200)).body.bounty).toMatchObject({
      status: 'REJECTED',
      rejectionReason: reason,
    });
    const mine = await t
      .http()
      .get(`/hazard-reports/${r.id}`)
      .set('Cookie', await webLogin(t, 'reporter', TEST_PASSWORD))
      .expect(200);
    expect(mine.text).toContain('未批准</span> 2000 元');
    expect(mine.text).toContain(`<dt>未批准理由</dt><dd class="bounty-rejection">${reason}</dd>`);
  });
});
