import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Role } from '../src/common/access/roles';
import { buildOrg, loginAsManyRoles } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Bad input on the read side and before any route (what a fuzz of all 166 operations found answering 500 or outside
 * the one error shape): ids in the path that are not PostgreSQL integers, query numbers out of range, a failing SVG
 * chart, a Brotli body that is not Brotli, a checklist clause that is not text, and the HTTP platform's own refusals
 * (a malformed %-escape, an over-long path segment, 16 KB of headers, a method HTTP does not have).
 */
type OpenApi = {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; schema?: { type?: string } }[] }>
  >;
};

describe('Bad input on reads and before routing: 4xx in the one error shape, never 5xx', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    const org = await buildOrg(t);
    // Every organisation-wide role that reads, so the role check lets the request reach the path's pipe.
    token = await loginAsManyRoles(t, org, 'reader-fuzzer', [
      Role.SAFETY_OFFICE,
      Role.SUPERVISION_LEADER,
      Role.ADMIN,
      Role.VIEWER,
    ]);
  });
  afterAll(() => t.close());

  const expectShape = (res: { status: number; body: Record<string, unknown> }, what: string) => {
    if (res.status >= 500 || typeof res.body.code !== 'string' || typeof res.body.message !== 'string')
      throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  };

  it('refuses an id in the path that is not a whole number from 1 to 2147483647 with 400 naming it, on every GET', async () => {
    const api = (await t.http().get('/api/docs-json').expect(200)).body as OpenApi;
    const bad = ['abc', '0x10', '+1', '1e3', '007', '0', '-1', '2147483648', '9223372036854775808'];
    let refused = 0;
    for (const [path, ops] of Object.entries(api.paths)) {
      const numeric = (ops.get?.parameters ?? []).filter(
        (p) => p.in === 'path' && (p.schema?.type === 'number' || p.schema?.type === 'integer'),
      );
      if (!numeric.length) continue;
      for (const value of bad) {
        const url = path.replace(/\{([^}]+)\}/g, (_, name: string) =>
          name === numeric[0].name ? encodeURIComponent(value) : '1',
        );
        const res = await t.http().get(url).set(auth());
        expectShape(res, `GET ${url}`);
        if (res.status === 403) continue;
        expect({ url, status: res.status, code: res.body.code }).toEqual({
          url,
          status: 400,
          code: 'BAD_REQUEST',
        });
        expect(res.body.details).toEqual([
          { field: numeric[0].name, messages: [expect.stringContaining('1 至 2147483647')] },
        ]);
        refused++;
      }
    }
    // The findings, rounds, reports, users … routes (32 GETs with an id when this was written), each refusing all nine.
    expect(refused).toBeGreaterThanOrEqual(25 * bad.length);
    // `0x10` is not user 16, nor `+1` user 1 (a write route through the same pipe).
    const write = await t.http().post('/api/v1/users/0x10/deactivate').set(auth()).send({ version: 1 });
    expect([write.status, write.body.code]).toEqual([400, 'BAD_REQUEST']);
  }, 300_000);

  it('refuses query numbers beyond the database’s integer with 400 naming the field, not 500', async () => {
    for (const q of [
      'roundId=2147483648',
      'unitId=9223372036854775808',
      'similarGroup=2147483648',
      'offset=9223372036854775808',
    ]) {
      const res = await t.http().get(`/api/v1/findings?${q}`).set(auth());
      expectShape(res, q);
      expect([q, res.status, res.body.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
      // Only what is wrong with it: not a whole number in range (not also "must not be less than 1").
      expect(res.body.details).toEqual([
        { field: q.split('=')[0], messages: [expect.stringMatching(/integer/)] },
      ]);
    }
  });

  it('answers a failing SVG chart with a JSON error, for GET and HEAD', async () => {
    const unknown = await t.http().get('/api/v1/statistics/dashboard/charts/abc').set(auth());
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
    const period = await t
      .http()
      .get('/api/v1/statistics/dashboard/charts/overdueByUnit?period=abc')
      .set(auth());
    expect([period.status, period.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(period.body.details).toEqual([expect.objectContaining({ field: 'period' })]);
    const head = await t.http().head('/api/v1/statistics/dashboard/charts/abc').set(auth());
    expect(head.status).toBe(404);
    // A chart that exists is still an SVG.
    const chart = await t
      .http()
      .get('/api/v1/statistics/dashboard/charts/overdueByUnit')
      .set(auth())
      .expect(200);
    expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('answers a body that is not the Brotli it claims with 400', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'br')
      .send('{}');
    expect([res.status, res.body.code]).toEqual([400, 'BODY_ENCODING_INVALID']);
  });

  it('refuses a checklist item whose clause is not text, naming it', async () => {
    const res = await t
      .http()
      .post('/api/v1/checklist-templates')
      .set(auth())
      .send({
        name: '煤气区域专项检查表',
        kinds: ['GAS'],
        grades: ['RED'],
        items: [{ requirement: '一氧化碳报警仪完好', method: '现场查看', clause: 123 }],
        frequencies: { RED: { TEAM: { unit: 'DAY', times: 1 } } },
      });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.details).toEqual([
      { field: 'items.0.clause', messages: [expect.stringContaining('判定依据')] },
    ]);
  });

  it('answers a malformed %-escape and an over-long path segment in the one shape, with the request id', async () => {
    const escape = await t.http().get('/api/v1/findings/%zz').set(auth());
    expect(escape.status).toBe(400);
    expect(escape.body).toMatchObject({
      statusCode: 400,
      code: 'BAD_URL',
      requestId: escape.headers['x-request-id'],
    });
    expect(escape.body.message).toContain('% 编码');
    const long = await t
      .http()
      .get(`/api/v1/findings/${'1'.repeat(150)}`)
      .set(auth());
    expect(long.status).toBe(414);
    expect(long.body).toMatchObject({ statusCode: 414, code: 'URI_TOO_LONG', requestId: expect.any(String) });
  });

  it('answers Node’s own refusals (16 KB of headers, an unknown method) in the one shape', async () => {
    const server = t.app.getHttpServer() as Server;
    if (!server.address()) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const raw = (request: string) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head, body] = text.split('\r\n\r\n');
          resolve({ status: Number(head.split(' ')[1]), body: JSON.parse(body) as Record<string, unknown> });
        });
      });
    const big = await raw(`GET /api/v1/units?${'p=1&'.repeat(5_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(big).toEqual({
      status: 431,
      body: {
        statusCode: 431,
        code: 'HEADERS_TOO_LARGE',
        message: expect.stringContaining('16 KB'),
        details: null,
      },
    });
    const method = await raw('FOO /api/v1/units HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(method).toEqual({
      status: 400,
      body: { statusCode: 400, code: 'BAD_REQUEST', message: expect.any(String), details: null },
    });
  });
});
