import type { Page } from 'playwright-core';
import { BrowserRun, startBrowserRun, submit } from './support/browser';
import { TEST_ADMIN_PASSWORD } from '../support/test-app';

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
    // The address the e-mail carries is not shown on the page: the title is the link.
    expect(text).not.toContain('http');
    await run.shot(page, 'notifications');
    await reminder.locator('a').first().click();
    await page.waitForURL(/\/findings\/\d+$/);
    await expect(page.locator('h1').textContent()).resolves.toContain(code);
    expect(await bellCount()).toBe(before - 1);
    await run.shot(page, 'finding-from-reminder');
  });

  /** The page fits a phone at 360 and 390 px: nothing wider than the screen (a table scrolls inside its own box). */
  const fitsPhone = async (page: Page) => {
    for (const width of [360, 390]) {
      await page.setViewportSize({ width, height: 844 });
      const { scrollWidth, viewport } = await page.evaluate<{ scrollWidth: number; viewport: number }>(
        '({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth })',
      );
      expect({ width, scrollWidth }).toEqual({ width, scrollWidth: Math.min(scrollWidth, viewport) });
    }
  };

  it('on a phone (390 and 360 px) hou.xiaodong reads each notification whole, without scrolling sideways', async () => {
    const page = await run.loginAs('hou.xiaodong', PW);
    await page.goto('/notifications');
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 844 });
      const rows = await page.evaluate<{ right: number; text: string; mark: number }[]>(`
        [...document.querySelectorAll('table.notifications tbody tr')].map((tr) => {
          const text = tr.children[2];
          const mark = tr.children[3].getBoundingClientRect();
          return { right: Math.round(text.getBoundingClientRect().right), text: text.textContent.trim(), mark: Math.round(mark.right) };
        })`);
      expect(rows.length).toBeGreaterThan(5);
      // The title, the text and its link, and 标为已读 all lie on the screen (before: the text ran off its edge).
      for (const row of rows) {
        expect({ width, text: row.text, right: row.right }).toEqual({
          width,
          text: row.text,
          right: Math.min(row.right, width),
        });
        expect(row.mark).toBeLessThanOrEqual(width);
      }
      await fitsPhone(page);
      await run.shot(page, `phone-notifications-${width}`);
    }
  });

  it('19: on a phone (390 px) wen.xiaofeng chooses her e-mail and the kinds sent by e-mail; a wrong address is said under the field', async () => {
    const page = await run.loginAs('wen.xiaofeng', PW);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/notifications');
    await run.shot(page, 'phone-notifications');
    await Promise.all([
      page.waitForURL(/\/notifications\/preferences$/),
      page.click('a[href="/notifications/preferences"]'),
    ]);
    await fitsPhone(page);
    await run.shot(page, 'phone-preferences');
    await page.fill('input[name=email]', 'not-an-address');
    await submit(page, 'form.stack button[type=submit]');
    await expect(page.locator('.field-error').first().textContent()).resolves.toContain('邮箱');
    await run.shot(page, 'phone-preferences-refused');
    await page.fill('input[name=email]', 'wen.xiaofeng@plant.example');
    await page.uncheck('input[name=emailKinds][value=NOTICE_PUBLISHED]');
    await page.selectOption('select[name=digestHour]', '8');
    await submit(page, 'form.stack button[type=submit]');
    await run.shot(page, 'phone-preferences-saved');
    await expect(page.locator('input[name=email]').inputValue()).resolves.toBe('wen.xiaofeng@plant.example');
    expect(await page.isChecked('input[name=emailKinds][value=NOTICE_PUBLISHED]')).toBe(false);
    expect(await page.isChecked('input[name=emailKinds][value=DEADLINE_REMINDER]')).toBe(true);
    await expect(page.locator('select[name=digestHour]').inputValue()).resolves.toBe('8');
  });

  it('19: on a phone the administrator adds a group’s 钉钉 robot (a malformed address refused first) and disables it', async () => {
    const page = await run.loginAs('admin', TEST_ADMIN_PASSWORD);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/notifications/robots');
    await fitsPhone(page);
    await run.shot(page, 'phone-robots');
    const group = await page
      .locator('select[name=owner] optgroup[label=督导组] option')
      .first()
      .getAttribute('value');
    await page.selectOption('select[name=owner]', group!);
    await page.fill('input[name=name]', '督导组钉钉群');
    await page.selectOption('select[name=channel]', 'DINGTALK');
    await page.fill('input[name=url]', 'oapi.dingtalk.com/robot/send');
    await page.fill('input[name=secret]', 'SEC0123456789');
    await submit(page, 'form.stack button[type=submit]');
    await expect(page.locator('.field-error').first().textContent()).resolves.toContain('http(s)');
    await run.shot(page, 'phone-robot-refused');
    await page.fill('input[name=url]', 'https://oapi.dingtalk.com/robot/send?access_token=abc');
    await page.fill('input[name=secret]', 'SEC0123456789');
    await submit(page, 'form.stack button[type=submit]');
    await run.shot(page, 'phone-robot-added');
    const row = page.locator('table.robots tr', { hasText: '督导组钉钉群' });
    await expect(row.textContent()).resolves.toContain('启用');
    expect(await page.content()).not.toContain('SEC0123456789');
    await fitsPhone(page);
    await submit(page, 'table.robots tr:has-text("督导组钉钉群") button');
    await run.shot(page, 'phone-robot-disabled');
    await expect(
      page.locator('table.robots tr', { hasText: '督导组钉钉群' }).textContent(),
    ).resolves.toContain('已停用');
  });
});
