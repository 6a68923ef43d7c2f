import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { login } from './support/org-fixture';
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
});
