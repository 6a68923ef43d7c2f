import { BrowserRun, startBrowserRun } from './support/browser';

const PW = 'Rectify2023';

/**
 * Issue 19 (done when): in the demo, wen.xiaofeng (热电分厂's safety officer) has unread reminders; the bell in the
 * header shows them, the notifications page lists them, and a reminder leads to the finding's page (then read).
 */
describe('the notification bell, in the browser (demo data, issue 19)', () => {
  let run: BrowserRun;

  beforeAll(async () => {
    run = await startBrowserRun('notifications', { demo: true });
  });
  afterAll(() => run?.close());

  it('19.2: wen.xiaofeng opens the bell, follows a reminder to the finding of 热电分厂, and it is read', async () => {
    const page = await run.loginAs('wen.xiaofeng', PW);
    const bellCount = async () =>
      Number((await page.locator('header .bell .bell-count').textContent()) ?? '0');
    const before = await bellCount();
    expect(before).toBeGreaterThan(0);
    // 首页 shows the latest notifications.
    await expect(page.locator('section.card', { hasText: '最新通知' }).count()).resolves.toBe(1);
    await run.shot(page, 'home-with-bell');

    await page.click('header .bell');
    await page.waitForURL(/\/notifications$/);
    const reminder = page.locator('table.notifications tr.unread', { hasText: '热电分厂：问题' }).first();
    const text = (await reminder.textContent())!;
    const code = /问题 (\S+) 整改时限/.exec(text)![1];
    await run.shot(page, 'notifications');
    await reminder.locator('a').first().click();
    await page.waitForURL(/\/findings\/\d+$/);
    await expect(page.locator('h1').textContent()).resolves.toContain(code);
    expect(await bellCount()).toBe(before - 1);
    await run.shot(page, 'finding-from-reminder');
  });
});
