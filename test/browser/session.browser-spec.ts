import { BrowserRun, startBrowserRun, submit } from './support/browser';

const DEMO_PASSWORD = 'Rectify2023';

describe('logging in and out of the web pages (demo data)', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowserRun('session', { demo: true });
  });
  afterAll(() => run?.close());

  it('sends a visitor without a session to the login page and back to where they were going', async () => {
    const page = await run.newPage();
    await page.goto('/findings');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/findings');
    await run.shot(page, 'redirected-to-login');

    await page.fill('input[name=username]', 'wen.xiaofeng');
    await page.fill('input[name=password]', 'wrong-password');
    await submit(page, 'button[type=submit]');
    await expect(page.locator('.form-error').textContent()).resolves.toContain('用户名或密码错误');
    await run.shot(page, 'wrong-password');

    await page.fill('input[name=password]', DEMO_PASSWORD);
    await submit(page, 'button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/findings');
    await run.shot(page, 'after-login-findings');
  });

  it('shows a unit safety officer what needs them now, only for their unit, and logs out', async () => {
    const page = await run.loginAs('wen.xiaofeng', DEMO_PASSWORD);
    const header = await page.locator('header.top').textContent();
    expect(header).toContain('温晓峰');
    const overdue = page.locator('section.card', { hasText: '已超期的问题' });
    await expect(overdue.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    // A unit officer of 热电分厂 sees only their subtree: every responsible unit listed is inside it.
    const units = await overdue.locator('tbody tr td:nth-child(3)').allTextContents();
    for (const u of units)
      expect(['热电分厂', '电气工区', '配电运行班', '燃化工区', '电力工区']).toContain(u.trim());

    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'rectify_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');

    await submit(page, 'header.top form button');
    expect(new URL(page.url()).pathname).toBe('/login');
    await run.shot(page, 'logged-out');
    // The old cookie no longer opens anything.
    await page.context().addCookies([session]);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/login');
    await run.shot(page, 'old-session-refused');
  });

  it('refuses a form posted without the session’s CSRF token', async () => {
    const page = await run.loginAs('wen.xiaofeng', DEMO_PASSWORD);
    const status = await page.evaluate(async () => {
      const res = await fetch('/logout', { method: 'POST', body: new URLSearchParams({ _csrf: 'forged' }) });
      return res.status;
    });
    expect(status).toBe(403);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/');
    await run.shot(page, 'still-logged-in');
  });
});
