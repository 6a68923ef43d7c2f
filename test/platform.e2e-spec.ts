import { jest } from '@jest/globals';
import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { AsyncLocalStorage } from 'node:async_hooks';
import { PassThrough } from 'node:stream';
import { Public } from '../src/common/access/public.decorator';
import { startTestApp, TestApp } from './support/test-app';

class EchoDto {
  @IsString() name!: string;
  @IsInt() @Min(1) count!: number;
}

/** Routes that exist only in this test: one that validates a body, one that fails unexpectedly. */
@Controller('test-only')
class TestOnlyController {
  @Public() @Post('echo') echo(@Body() body: EchoDto) {
    return body;
  }
  @Public() @Get('items/:id') item(@Param('id', ParseIntPipe) id: number) {
    return { id };
  }
  @Public() @Get('boom') boom(): never {
    throw new TypeError('simulated bug: cannot read properties of undefined');
  }
}

describe('Platform: HTTP conventions', () => {
  let t: TestApp;
  const logs = new PassThrough();
  let logText = '';
  logs.on('data', (c: Buffer) => (logText += c.toString()));

  beforeAll(async () => {
    t = await startTestApp({
      env: { BODY_LIMIT_BYTES: '2048', LOG_LEVEL: 'error' },
      extraControllers: [TestOnlyController],
      logDestination: logs,
    });
  });
  afterAll(() => t.close());

  const expectErrorShape = (body: Record<string, unknown>, status: number, code: string) => {
    expect(body).toEqual(
      expect.objectContaining({
        statusCode: status,
        code,
        message: expect.any(String),
        requestId: expect.any(String),
      }),
    );
    expect(body).toHaveProperty('details');
    expect(String(body.message).length).toBeGreaterThan(3);
  };

  it('reports health: database reachable, migrations up to date, version', async () => {
    const res = await t.http().get('/api/v1/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { reachable: true },
      migrations: { upToDate: true, pending: [] },
      timeZone: 'Asia/Shanghai',
    });
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await t.http().get('/api/v1/no-such-thing').expect(404);
    expectErrorShape(res.body, 404, 'ROUTE_NOT_FOUND');
  });

  it("answers a browser's own /favicon.ico with the pages' icon", async () => {
    const res = await t.http().get('/favicon.ico').expect(301);
    expect(res.headers.location).toBe('/assets/icon.svg');
    // Kept by the browser as the icon itself is, not asked again on every page.
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    const icon = await t.http().get('/assets/icon.svg').expect(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t
      .http()
      .post('/api/v1/test-only/echo')
      .set('Content-Type', 'application/json')
      .send('{"name": "x",')
      .expect(400);
    expectErrorShape(res.body, 400, 'MALFORMED_JSON');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await t
      .http()
      .post('/api/v1/test-only/echo')
      .send({ name: 'x'.repeat(5000), count: 1 })
      .expect(413);
    expectErrorShape(res.body, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.details).toEqual({ limitBytes: 2048 });
  });

  it('answers an unsupported media type with 415', async () => {
    const res = await t
      .http()
      .post('/api/v1/test-only/echo')
      .set('Content-Type', 'text/plain')
      .send('name=x')
      .expect(415);
    expectErrorShape(res.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers invalid input with 400 VALIDATION_FAILED listing every field at fault', async () => {
    const res = await t.http().post('/api/v1/test-only/echo').send({ count: 0, extra: true }).expect(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['count', 'extra', 'name']);
  });

  it('says each of class-validator’s refusals in Chinese and English, its English default kept as the second half', async () => {
    const res = await t.http().post('/api/v1/test-only/echo').send({ count: 0, extra: true }).expect(400);
    expect(res.body).toMatchObject({ message: '输入有误，请按提示修改 / Validation failed' });
    const byField = (res.body.details as { field: string }[]).sort((a, b) => a.field.localeCompare(b.field));
    expect(byField).toEqual([
      { field: 'count', messages: ['count 不能小于 1 / count must not be less than 1'] },
      { field: 'extra', messages: ['extra 为未知字段 / property extra should not exist'] },
      { field: 'name', messages: ['请填写 name / name must be a string'] },
    ]);
    // Filled in, with a number: the field is not missing, it is of the wrong kind.
    const typed = await t.http().post('/api/v1/test-only/echo').send({ name: 5, count: 1 }).expect(400);
    expect(typed.body.details).toEqual([
      { field: 'name', messages: ['name 须为文字 / name must be a string'] },
    ]);
  });

  it('says what is wrong with a malformed id in the path', async () => {
    const res = await t.http().get('/api/v1/findings/abc').set('Authorization', 'Bearer x').expect(401);
    expect(res.body.code).toBe('UNAUTHORIZED'); // the guard answers first without a token
    const bad = await t.http().get('/api/v1/test-only/items/abc').expect(400);
    expect(bad.body).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('编号须为整数') });
  });

  it('transforms and accepts valid input', async () => {
    const res = await t.http().post('/api/v1/test-only/echo').send({ name: '电解厂', count: 2 }).expect(201);
    expect(res.body).toEqual({ name: '电解厂', count: 2 });
  });

  it('answers an unexpected fault with 500 and a request id that is also in the log', async () => {
    const res = await t.http().get('/api/v1/test-only/boom').expect(500);
    expectErrorShape(res.body, 500, 'INTERNAL_ERROR');
    expect(res.body.message).not.toContain('simulated bug'); // internals are not leaked to the client
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
    await new Promise((r) => setTimeout(r, 50));
    const line = logText
      .split('\n')
      .find((l) => l.includes(res.body.requestId) && l.includes('simulated bug'));
    expect(line).toBeDefined();
    // And the request's own line, at error (LOG_LEVEL=error here: no line for the requests that succeeded).
    const requestLine = logText
      .split('\n')
      .find((l) => l.includes(`"id":"${res.body.requestId}"`) && l.includes('"msg":"request errored"'));
    expect(JSON.parse(requestLine!)).toMatchObject({ level: 50, res: { statusCode: 500 } });
    expect(logText).not.toContain('"msg":"request completed"');
  });

  it('serves requests without entering an AsyncLocalStorage (on Node 20 and 22 it costs every promise a hook)', async () => {
    // Issue 22: the hook was ~10 % of the detail's CPU on Node 20. The request id travels on the actor instead.
    const run = jest.spyOn(AsyncLocalStorage.prototype, 'run');
    const enterWith = jest.spyOn(AsyncLocalStorage.prototype, 'enterWith');
    try {
      await t.http().get('/api/v1/health').expect(200);
      await t.http().post('/api/v1/test-only/echo').send({ name: '电解厂', count: 2 }).expect(201);
      await t.http().get('/api/v1/test-only/boom').expect(500);
      expect(run).not.toHaveBeenCalled();
      expect(enterWith).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
      enterWith.mockRestore();
    }
  });

  it('sets security headers by what the answer is, and keeps CORS closed by default', async () => {
    // A page gets helmet's set: the CSP as configured in app.ts (same-origin scripts, inline styles for Swagger UI,
    // data: images, no upgrade to HTTPS when the cookies are not marked secure: intranet servers on plain HTTP).
    const page = await t.http().get('/login').expect(200);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(page.headers['content-security-policy']).split(';');
    expect(csp).toEqual(
      expect.arrayContaining([
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
      ]),
    );
    expect(csp.join(';')).not.toContain('upgrade-insecure-requests');
    // A JSON answer, never rendered, gets OWASP's REST set and none of the document headers; so does a refusal.
    const owasp = {
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    };
    const res = await t.http().get('/api/v1/health').set('Origin', 'https://evil.example').expect(200);
    const refused = await t.http().get('/api/v1/findings').expect(401);
    for (const json of [res, refused]) {
      expect(json.headers).toMatchObject(owasp);
      for (const name of ['x-dns-prefetch-control', 'cross-origin-opener-policy', 'origin-agent-cluster'])
        expect(json.headers[name]).toBeUndefined();
    }
    // The Swagger UI is a page.
    const ui = await t.http().get('/api/docs').expect(200);
    expect(ui.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('behind HTTPS (WEB_COOKIE_SECURE=true) adds HSTS to pages and JSON, and the CSP upgrades requests', async () => {
    const secure = await startTestApp({ env: { WEB_COOKIE_SECURE: 'true' } });
    try {
      const page = await secure.http().get('/login').expect(200);
      const json = await secure.http().get('/api/v1/health').expect(200);
      for (const res of [page, json])
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(page.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(json.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    } finally {
      await secure.close();
    }
  });

  it('serves the OpenAPI 3 document and the Swagger UI', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/health');
    await t.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
  });

  it('answers health with 503 when the database is unreachable', async () => {
    const dbName = new URL(t.databaseUrl).pathname.slice(1);
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: t.databaseUrl.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
        dbName,
      ]);
      const res = await t.http().get('/api/v1/health').expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', database: { reachable: false } });
    } finally {
      await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await t.http().get('/api/v1/health').expect(200);
  });
});
