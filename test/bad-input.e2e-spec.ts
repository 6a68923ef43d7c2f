import { gzipSync } from 'node:zlib';
import { PassThrough } from 'node:stream';
import { buildRound } from './support/findings-fixture';
import { Role } from '../src/common/access/roles';
import { buildOrg, loginAsManyRoles } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The bad-input corpus (issue 15): every POST/PUT/PATCH route of the OpenAPI document gets the classes of input an
 * attacker or a broken client sends — deep nesting, NUL characters, explicit nulls, a body that is not the gzip it
 * claims, wrong types, huge strings, CJK extension B, impossible dates, unknown enums, extra properties, a wrong
 * content type. No answer may be a 5xx, and every refusal has the API's one error shape.
 */
type Schema = {
  example?: unknown;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  $ref?: string;
  allOf?: Schema[];
};
type OpenApi = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

describe('Bad input never answers 5xx (the corpus)', () => {
  let t: TestApp;
  let token: string;
  let api: OpenApi;
  /** Ids of records that exist, so that bad input reaches the services and the database, not just a 404. */
  let ids: Record<string, number> = {};
  const logs = new PassThrough();
  let logText = '';
  logs.on('data', (c: Buffer) => (logText += c.toString()));

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' }, logDestination: logs });
    const org = await buildOrg(t);
    // One user holding every organisation-wide role that writes, so the bodies pass the role check and reach
    // validation on as many routes as possible.
    token = await loginAsManyRoles(t, org, 'fuzzer', [
      Role.SAFETY_OFFICE,
      Role.SUPERVISION_LEADER,
      Role.ADMIN,
      Role.REPORTER,
    ]);
    const { roundId, logFinding } = await buildRound(t, org);
    const finding = await logFinding();
    ids = {
      rounds: roundId,
      findings: finding.id,
      units: org.units.power,
      users: org.users.spare,
      'supervision-groups': 1,
    };
    api = (await t.http().get('/api/docs-json').expect(200)).body as OpenApi;
  });
  afterAll(() => t.close());

  const resolve = (s: Schema | undefined): Schema | undefined => {
    if (!s) return s;
    if (s.$ref) return resolve(api.components.schemas[s.$ref.split('/').pop()!]);
    if (s.allOf?.length) return resolve(s.allOf[0]);
    return s;
  };
  const sample = (s: Schema | undefined): unknown => {
    const r = resolve(s);
    if (!r) return 'x';
    if (r.example !== undefined) return r.example;
    if (r.enum) return r.enum[0];
    if (r.type === 'integer' || r.type === 'number') return 1;
    if (r.type === 'boolean') return true;
    if (r.type === 'array') return [sample(r.items)];
    if (r.type === 'object' || r.properties)
      return Object.fromEntries(Object.entries(r.properties ?? {}).map(([k, v]) => [k, sample(v)]));
    if (r.format === 'date' || /date/i.test(r.format ?? '')) return '2023-03-01';
    return '检查';
  };

  /** Bodies for one route: each class of bad input applied to each property in turn. */
  const corpus = (schema: Schema | undefined): { label: string; body: unknown }[] => {
    const r = resolve(schema);
    const valid = (sample(r) ?? {}) as Record<string, unknown>;
    const out: { label: string; body: unknown }[] = [
      { label: 'extra property', body: { ...valid, notAField: 1 } },
      { label: 'array instead of object', body: [valid] },
      { label: 'string instead of object', body: '"hello"' },
    ];
    for (const [key, prop] of Object.entries(r?.properties ?? {})) {
      const p = resolve(prop);
      const variants: [string, unknown][] = [
        ['null', null],
        ['NUL', 'a\u0000b'],
        ['wrong type', p?.type === 'string' ? 12345 : 'not-a-number'],
        ['huge string', 'x'.repeat(20_000)],
        ['CJK extension B', '𠀀𠀁𠀂𪚥'],
        ['impossible date', '2023-02-30'],
        ['unknown enum', 'NO_SUCH_VALUE'],
        ['nested object', { a: { b: { c: 1 } } }],
        ['NUL in array', ['ok', 'b\u0000']],
        ['negative', -1],
      ];
      for (const [label, value] of variants)
        out.push({ label: `${key}: ${label}`, body: { ...valid, [key]: value } });
    }
    return out;
  };

  const expectShape = (status: number, body: Record<string, unknown>, what: string) => {
    if (status >= 500) throw new Error(`${what} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
    if (status >= 400)
      expect({ what, ...body }).toEqual(
        expect.objectContaining({
          what,
          statusCode: status,
          code: expect.any(String),
          message: expect.any(String),
        }),
      );
  };

  // About 2,000 requests: minutes on a loaded 2-core machine, so this test has its own timeout.
  it('answers every write route with 4xx (or success), never 5xx, whatever the body', async () => {
    let requests = 0;
    const statuses: Record<number, number> = {};
    for (const [path, ops] of Object.entries(api.paths)) {
      for (const method of ['post', 'put', 'patch'] as const) {
        const op = ops[method];
        if (!op) continue;
        const url = path.replace(/\{[^}]+\}/g, () => String(ids[path.split('/')[3]] ?? 1));
        const schema = op.requestBody?.content?.['application/json']?.schema;
        const send = (body: unknown, type = 'application/json') =>
          t
            .http()
            [method](url)
            .set('Authorization', `Bearer ${token}`)
            .set('Content-Type', type)
            .send(typeof body === 'string' ? body : JSON.stringify(body));
        for (const { label, body } of corpus(schema)) {
          const res = await send(body);
          requests++;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          expectShape(res.status, res.body, `${method.toUpperCase()} ${url} (${label})`);
        }
        // Classes that do not depend on the schema.
        const deep = '['.repeat(400_000) + ']'.repeat(400_000);
        const raw: [string, string, string, Record<string, string>][] = [
          ['deep nesting', deep, 'application/json', {}],
          ['malformed JSON', '{"a":', 'application/json', {}],
          ['wrong content type', 'a=1', 'text/plain', {}],
          ['gzip that is not gzip', '{"a":1}', 'application/json', { 'Content-Encoding': 'gzip' }],
        ];
        for (const [label, body, type, headers] of raw) {
          const res = await t
            .http()
            [method](url)
            .set('Authorization', `Bearer ${token}`)
            .set('Content-Type', type)
            .set(headers)
            .send(body);
          requests++;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          expectShape(res.status, res.body, `${method.toUpperCase()} ${url} (${label})`);
          expect(res.status).toBeGreaterThanOrEqual(400);
        }
      }
    }
    expect(requests).toBeGreaterThan(500);
    expect(Object.keys(statuses).filter((s) => Number(s) >= 500)).toEqual([]);
    process.stdout.write(`[bad-input corpus] ${requests} requests, statuses ${JSON.stringify(statuses)}\n`);
  }, 600_000);

  it('names a number beyond the database’s integer (2147483648) on every write route, where the database could not', async () => {
    const unnamed: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries(api.paths)) {
      for (const method of ['post', 'put', 'patch'] as const) {
        const r = resolve(ops[method]?.requestBody?.content?.['application/json']?.schema);
        if (!r?.properties) continue;
        const url = path.replace(/\{[^}]+\}/g, () => String(ids[path.split('/')[3]] ?? 1));
        const valid = sample(r) as Record<string, unknown>;
        for (const [key, prop] of Object.entries(r.properties)) {
          const p = resolve(prop);
          const numeric = (s?: Schema) => s?.type === 'integer' || s?.type === 'number';
          if (!numeric(p) && !(p?.type === 'array' && numeric(resolve(p.items)))) continue;
          const value = p?.type === 'array' ? [2147483648] : 2147483648;
          const res = await t
            .http()
            [method](url)
            .set('Authorization', `Bearer ${token}`)
            .send({ ...valid, [key]: value });
          expectShape(res.status, res.body, `${method.toUpperCase()} ${url} (${key})`);
          // Not reached: the role (403), or a record missing or in another state, answered first by design (404, 409).
          if ([403, 404, 409].includes(res.status)) continue;
          checked++;
          const details = (res.body.details ?? []) as { field: string }[];
          if (res.status !== 400 || !details.some((d) => d.field === key || d.field.startsWith(`${key}.`)))
            unnamed.push(
              `${method.toUpperCase()} ${path} ${key}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
            );
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(unnamed).toEqual([]);
  }, 300_000);

  it('refuses deep nesting before logging in, fast, naming the limit', async () => {
    const deep = '['.repeat(400_000) + ']'.repeat(400_000);
    const started = process.hrtime.bigint();
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(deep);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BODY_TOO_DEEP', details: { maxDepth: 32 } });
    // A generous bound for a loaded CI machine: the stack-overflow path took ~2,600 ms per request.
    expect(ms).toBeLessThan(1500);
  });

  it('names the field that holds a NUL character, in a body and in a query', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const body = await t.http().post('/api/v1/auth/login').send({ username: 'a\u0000', password: 'x' });
    expect(body.status).toBe(400);
    expect(body.body.details).toEqual([expect.objectContaining({ field: 'username' })]);
    const q = await t.http().get('/api/v1/findings?q=%00').set(auth);
    expect(q.status).toBe(400);
    expect(q.body.details).toEqual([expect.objectContaining({ field: 'q' })]);
    const e = await t.http().get('/api/v1/audit-log?entityType=%00').set(auth);
    expect(e.status).toBe(400);
  });

  it('names the field that holds half a surrogate pair (not a character: "\\ud800"), where a validator threw a 500', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const email = await t.http().put('/api/v1/notifications/preferences').set(auth).send({ email: '\ud800' });
    expect([email.status, email.body.code, email.body.details]).toEqual([
      400,
      'VALIDATION_FAILED',
      [{ field: 'email', messages: [expect.stringContaining('不成对的代理项')] }],
    ]);
    const nested = await t.http().post('/api/v1/auth/login').send({ username: 'x\udc00y', password: 'x' });
    expect(nested.body.details).toEqual([expect.objectContaining({ field: 'username' })]);
    // A whole pair (an emoji) is a character like any other.
    const emoji = await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(auth)
      .send({ email: 'a😀@example.com' });
    expect(emoji.body.details).not.toEqual([
      expect.objectContaining({ messages: [expect.stringContaining('代理项')] }),
    ]);
  });

  it('refuses an explicit null on PATCH with 400 naming the field', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const res = await t.http().patch('/api/v1/rounds/1').set(auth).send({ name: null, version: 1 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
  });

  it('answers a body that is not the gzip it claims with 400, and logs every refused request with its id', async () => {
    const ok = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      // superagent would serialise a Buffer as JSON: send the bytes as they are
      .serialize((b: unknown) => b as string)
      .send(gzipSync(JSON.stringify({ username: 'nobody', password: 'wrong-password' })));
    expect(ok.status).toBe(401);
    const bad = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"username":"x"}');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BODY_ENCODING_INVALID');
    const malformed = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"a":');
    const tooBig = await t.http().post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('hello');
    expect([malformed.status, tooBig.status]).toEqual([400, 415]);
    for (const res of [bad, malformed, tooBig]) {
      const id = res.headers['x-request-id'];
      const line = logText.split('\n').find((l) => l.includes(`"id":"${id}"`));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({
        level: 40, // warn: refused input
        msg: 'request completed',
        req: { id, method: 'POST', url: '/api/v1/auth/login' },
        res: { statusCode: res.status },
        responseTime: expect.any(Number),
      });
    }
    // A request that succeeds gets its line at info (LOG_LEVEL=info here), with the path and query it asked for.
    const health = await t.http().get('/api/v1/health?probe=1').expect(200);
    const id = health.headers['x-request-id'];
    const line = logText.split('\n').find((l) => l.includes(`"id":"${id}"`));
    expect(JSON.parse(line!)).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id, method: 'GET', url: '/api/v1/health?probe=1' },
      res: { statusCode: 200 },
    });
  });

  it('tells browsers and proxies not to keep authenticated answers', async () => {
    const res = await t.http().get('/api/v1/findings').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
