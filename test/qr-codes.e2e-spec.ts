import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import jsQR from 'jsqr';
import request from 'supertest';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { bootTestApp } from './support/app-boot';
import { buildRound } from './support/findings-fixture';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';
import { webSession } from './support/web-session';

const BASE = 'https://rectify.example.com';

/** Renders the first page of a PDF (pdftoppm, as a printer would) and reads the QR codes on it (jsQR). */
function qrCodesOn(pdf: Buffer, crop?: 'footer'): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'rectify-qr-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-singlefile', 'in.pdf', 'page'], {
      cwd: dir,
    });
    const ppm = readFileSync(path.join(dir, 'page.ppm'));
    // P6 <width> <height> 255, then RGB bytes.
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = ppm.subarray(header[0].length);
    const top = crop === 'footer' ? Math.floor(height * 0.85) : 0;
    const rows = height - top;
    const rgba = new Uint8ClampedArray(width * rows * 4);
    for (let i = 0; i < width * rows; i++) {
      const src = (top * width + i) * 3;
      rgba.set([pixels[src], pixels[src + 1], pixels[src + 2], 255], i * 4);
    }
    const found = jsQR(rgba, width, rows);
    return found ? [found.data] : [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Issue 18, QR codes: the 扫码举报 poster of a unit, and the "open the record online" code on printouts. */
describe('issue 18: QR codes on posters and printouts (demo data)', () => {
  let t: TestApp;
  let token: string;
  let unitId: number;

  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { PUBLIC_BASE_URL: `${BASE}/` } });
    token = await login(t, 'han.jingyi', DEMO_PASSWORD_HINT);
    const units = await t
      .http()
      .get(`/api/v1/units?q=${encodeURIComponent('石灰工区')}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    unitId = units.body.items.find((u: { name: string }) => u.name === '石灰工区').id;
  });
  afterAll(() => t?.close());

  const webCookie = async (username: string) => (await webSession(t, username)).cookie;

  it('point c: the A4 poster of 石灰工区 has a QR code opening the report form with the unit pre-filled (PUBLIC_BASE_URL)', async () => {
    const cookie = await webCookie('han.jingyi');
    const res = await t
      .http()
      .get(`/hazard-reports/poster/pdf?unit=${unitId}`)
      .set('Cookie', cookie)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(1);
    for (const words of ['扫码举报', '石灰工区', '隐藏身份', `${BASE}/hazard-reports/new?unit=${unitId}`])
      expect(pages[0]).toContain(words);
    expect(qrCodesOn(pdf)).toEqual([`${BASE}/hazard-reports/new?unit=${unitId}`]);

    // The address the code opens shows the form with the unit filled in.
    const form = await t.http().get(`/hazard-reports/new?unit=${unitId}`).set('Cookie', cookie).expect(200);
    expect(form.text).toMatch(/name="hazardUnit"[^>]*value="[^"]*石灰工区"/);
  });

  it('point c: a plain reporter cannot print posters', async () => {
    const cookie = await webCookie('shi.xiaolong');
    await t.http().get(`/hazard-reports/poster/pdf?unit=${unitId}`).set('Cookie', cookie).expect(403);
  });

  it('point c: a printed close-out sheet carries a QR code that opens the finding online', async () => {
    const found = await t
      .http()
      .get('/api/v1/findings?status=CLOSED&limit=1')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const id = found.body.items[0].id;
    const res = await t
      .http()
      .get(`/api/v1/reports/findings/${id}/closeout-sheet`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    expect((await pdfPages(pdf))[0]).toContain(`${BASE}/findings/${id}`);
    expect(qrCodesOn(pdf, 'footer')).toEqual([`${BASE}/findings/${id}`]);
  });

  it('a filtered ledger’s QR code opens the list with the same filters (it opened the whole list)', async () => {
    const res = await t
      .http()
      .get('/api/v1/reports/findings/ledger?status=ASSIGNED,RECTIFYING&level=GENERAL&overdue=true')
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const [link] = qrCodesOn(res.body as Buffer, 'footer');
    const opened = new URL(link);
    expect(`${opened.origin}${opened.pathname}`).toBe(`${BASE}/findings`);
    expect(Object.fromEntries(opened.searchParams)).toEqual({
      status: 'ASSIGNED,RECTIFYING',
      level: 'GENERAL',
      overdue: 'true',
    });
  });
});

/**
 * Without PUBLIC_BASE_URL, on a service listening on every address (HOST=0.0.0.0): what is printed for a user links
 * to the address that user reached, not to localhost — a phone scanning the paper must open the record. Messages to
 * others (notifications) keep the configured base, whatever Host a request sent.
 */
describe('QR codes and links without PUBLIC_BASE_URL follow the address the user reached', () => {
  const REACHED = 'http://10.0.0.5:3000';
  const HOST = '10.0.0.5:3000';
  let t: TestApp;
  let org: OrgFixture;
  let findingId: number;
  let findingCode: string;
  let cookie: string;
  /** Other instances on the same database: behind a trusted proxy, and with PUBLIC_BASE_URL. */
  let proxied: INestApplication;
  let configured: INestApplication;

  const closeoutSheet = async (http: ReturnType<TestApp['http']>, headers: Record<string, string>) => {
    const res = await http
      .get(`/api/v1/reports/findings/${findingId}/closeout-sheet`)
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .set(headers)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    return { text: (await pdfPages(pdf))[0], qr: qrCodesOn(pdf, 'footer') };
  };

  beforeAll(async () => {
    const env = { HOST: '0.0.0.0', PORT: '3000' };
    t = await startTestApp({ env });
    proxied = await bootTestApp(t.databaseUrl, { env: { ...env, TRUST_PROXY: 'loopback' } });
    configured = await bootTestApp(t.databaseUrl, {
      env: { ...env, PUBLIC_BASE_URL: 'https://rectify.example.com' },
    });
    org = await buildOrg(t);
    // The unit officer reads notifications by e-mail too (the outbox row holds what the e-mail says).
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .send({ email: 'rdfc.anquan@plant.example' })
      .expect(200);
    const fx = await buildRound(t, org);
    // Logged by the safety office at its desk, http://10.0.0.5:3000: the notification is made in that request.
    const logged = await t
      .http()
      .post('/api/v1/findings')
      .set('Host', HOST)
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .send({
        roundId: fx.roundId,
        unitId: org.units.power,
        description: '1号锅炉平台栏杆缺失，未设置警示标志',
        location: '热电分厂1号锅炉',
        level: 'GENERAL',
        category: 'UNSAFE_CONDITION',
        source: 'AUDIT_TEAM',
        foundDate: '2023-01-06',
        foundBy: '督察组',
        deadline: '2023-03-31',
        responsiblePerson: '热电分厂主任',
      })
      .expect(201);
    findingId = logged.body.id;
    findingCode = logged.body.code;
    cookie = (await webSession(t, 'office', TEST_PASSWORD)).cookie;
  }, 120_000);
  afterAll(async () => {
    await proxied?.close();
    await configured?.close();
    await t?.close();
  });

  it('a close-out sheet asked for at http://10.0.0.5:3000 prints and encodes that address, not localhost', async () => {
    const { text, qr } = await closeoutSheet(t.http(), { Host: HOST });
    expect(text).toContain(`${REACHED}/findings/${findingId}`);
    expect(text).not.toContain('localhost');
    expect(qr).toEqual([`${REACHED}/findings/${findingId}`]);
  });

  it('the 扫码举报 poster and its page: the QR code opens the report form at the address the user reached', async () => {
    const pdf = await t
      .http()
      .get(`/hazard-reports/poster/pdf?unit=${org.units.power}`)
      .set('Host', HOST)
      .set('Cookie', cookie)
      .buffer(true)
      .parse(binary);
    expect(pdf.status).toBe(200);
    const form = `${REACHED}/hazard-reports/new?unit=${org.units.power}`;
    expect((await pdfPages(pdf.body as Buffer))[0]).toContain(form);
    expect(qrCodesOn(pdf.body as Buffer)).toEqual([form]);

    // The page's preview, reached at an IPv6 address (in brackets, as Host carries it).
    const page = await t
      .http()
      .get(`/hazard-reports/poster?unit=${org.units.power}`)
      .set('Host', '[fd00::5]:3000')
      .set('Cookie', cookie)
      .expect(200);
    expect(page.text).toContain(`http://[fd00::5]:3000/hazard-reports/new?unit=${org.units.power}`);
    expect(page.text).not.toContain('localhost:3000');
  });

  it.each([
    ['a path in Host', '10.0.0.5:3000/evil'],
    ['user info in Host', 'evil.example:3000@10.0.0.5'],
    ['a port out of range', '10.0.0.5:99999'],
    ['characters no host has', 'evil.example<script>'],
  ])('%s: the printout falls back to the configured base', async (_what, host) => {
    const { text, qr } = await closeoutSheet(t.http(), { Host: host });
    expect(text).toContain(`http://localhost:3000/findings/${findingId}`);
    expect(qr).toEqual([`http://localhost:3000/findings/${findingId}`]);
  });

  it('X-Forwarded-Proto/Host count only from a proxy TRUST_PROXY names', async () => {
    const forwarded = {
      Host: HOST,
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'rectify.plant.example',
    };
    // No trusted proxy: a client cannot choose its links with a header.
    expect((await closeoutSheet(t.http(), forwarded)).qr).toEqual([`${REACHED}/findings/${findingId}`]);
    // TRUST_PROXY=loopback (the test's requests come from 127.0.0.1): the proxy says what the user opened.
    expect((await closeoutSheet(request(proxied.getHttpServer()), forwarded)).qr).toEqual([
      `https://rectify.plant.example/findings/${findingId}`,
    ]);
  });

  it('PUBLIC_BASE_URL, when set, wins over the address a request reached', async () => {
    const { text, qr } = await closeoutSheet(request(configured.getHttpServer()), { Host: HOST });
    expect(text).toContain(`https://rectify.example.com/findings/${findingId}`);
    expect(qr).toEqual([`https://rectify.example.com/findings/${findingId}`]);
  });

  it('a notification made in that request (in-app and its e-mail) keeps the configured base: no Host chooses it', async () => {
    const inbox = await t
      .http()
      .get('/api/v1/notifications')
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .expect(200);
    const assigned = (inbox.body.items as { kind: string; body: string }[]).find(
      (n) => n.kind === 'FINDING_ASSIGNED' && n.body.includes(findingCode),
    );
    expect(assigned?.body).toContain(`http://localhost:3000/findings/${findingId}`);
    expect(assigned?.body).not.toContain('10.0.0.5');
    const emails: { text: string }[] = await t.db.query(
      `SELECT COALESCE(d.text, n.body) AS text
         FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.channel = 'EMAIL' AND d.address = $1 AND n.finding_id = $2`,
      ['rdfc.anquan@plant.example', findingId],
    );
    expect(emails).toHaveLength(1);
    expect(emails[0].text).toContain(`http://localhost:3000/findings/${findingId}`);
    expect(emails[0].text).not.toContain('10.0.0.5');
  });
});
