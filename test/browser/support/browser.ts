import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Browser, CDPSession, chromium, Page } from 'playwright-core';
import { closeWhenTheFileEnds } from '../../support/leftovers';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The browser tests' harness: the real application on a fresh database (with `demo: true`, a clone of the demo
 * template seeded once per run), listening on a free port, and Debian's chromium driven by playwright-core
 * (installed by support/install-chromium.sh, which `npm test` runs first).
 *
 * Every page the suite loads must be photographed: `shot(page, label)` after each navigation writes
 * test/browser/screenshots/<suite>/<nn>-<label>.png, and `close()` fails the suite if some page that loaded was
 * never photographed — so "a screenshot of every page visited" cannot quietly stop being true.
 *
 * Waits have no limits of their own (playwright's default is 30 s per wait): a page or the browser may take as long
 * as the test's own timeout allows, so a loaded machine makes a test slower, not red. When the test times out,
 * `close()` (in afterAll) closes the browser, which ends any wait still pending.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_ROOT = path.join(process.cwd(), 'test', 'browser', 'screenshots');
/** Playwright's "no timeout": the test's own timeout is the only bound. */
const NO_LIMIT = 0;

export interface BrowserRun {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A new, logged-out browser context (its own cookies) with one page. */
  newPage(): Promise<Page>;
  /** Logs in through the login page and returns the page, on 首页. */
  loginAs(username: string, password: string): Promise<Page>;
  /** Takes the screenshot of the page as it is now. */
  shot(page: Page, label: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The app (on the demo data with `demo: true`) and a browser for one test file. A run the file does not close
 * (e.g. its beforeAll timed out while chromium started) is closed when the file ends.
 */
export function startBrowserRun(suite: string, options: { demo?: boolean } = {}): Promise<BrowserRun> {
  return closeWhenTheFileEnds(launch(suite, options));
}

async function launch(suite: string, options: { demo?: boolean }): Promise<BrowserRun> {
  const t = await startTestApp({ demo: options.demo });
  await t.app.listen(0, '127.0.0.1');
  const baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  // playwright-core starts chromium with a new, empty profile directory of its own on every launch.
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: NO_LIMIT,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Chinese UI of the browser itself (date pickers, file inputs), as on the users' PCs.
        '--lang=zh-CN',
      ],
    })
    .catch(async (err: unknown) => {
      await t.close();
      throw err;
    });
  const dir = path.join(SCREENSHOT_ROOT, suite);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let counter = 0;
  /** Loads of each page not yet photographed (URL list), to check at the end. */
  const unshot = new Map<Page, string[]>();

  const newPage = async () => {
    const context = await browser.newContext({
      baseURL: baseUrl,
      locale: 'zh-CN',
      viewport: { width: 1366, height: 900 },
    });
    // Navigations, clicks, fills and waitFor* of this context: bounded by the test's timeout only.
    context.setDefaultTimeout(NO_LIMIT);
    const page = await context.newPage();
    unshot.set(page, []);
    page.on('load', () => unshot.get(page)?.push(page.url()));
    // Forms that ask "are you sure?" are answered yes, as the user in the flow would.
    page.on('dialog', (d) => void d.accept());
    return page;
  };

  const shot = async (page: Page, label: string) => {
    await page.waitForLoadState('load');
    counter += 1;
    const file = path.join(
      dir,
      `${String(counter).padStart(2, '0')}-${label.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}.png`,
    );
    await fullPageScreenshot(page, file);
    unshot.set(page, []);
    return file;
  };

  return {
    t,
    baseUrl,
    browser,
    newPage,
    shot,
    async loginAs(username: string, password: string) {
      const page = await newPage();
      await page.goto('/login');
      await shot(page, `${username}-login`);
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', password);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith('/login')),
        page.click('button[type=submit]'),
      ]);
      await shot(page, `${username}-home`);
      return page;
    },
    async close() {
      const missed = [...unshot.values()].flat();
      await browser.close();
      await t.close();
      if (missed.length) throw new Error(`pages visited without a screenshot: ${missed.join(', ')}`);
    },
  };
}

const cdpSessions = new WeakMap<Page, Promise<CDPSession>>();

/**
 * The whole page (beyond the viewport) as a PNG, as `page.screenshot({ fullPage: true })` takes it, but asked of
 * chromium directly with `optimizeForSpeed` (a faster zlib setting: bigger files, the same pixels). The suite takes
 * ~280 of them; measured on 2 cores, rounds.browser-spec's 37 took 13.8 s through playwright and 10.8 s this way.
 */
async function fullPageScreenshot(page: Page, file: string): Promise<void> {
  // Playwright waits for web fonts before a screenshot; so do we (the CJK font, or the text may be drawn in boxes).
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  let session = cdpSessions.get(page);
  if (!session) cdpSessions.set(page, (session = page.context().newCDPSession(page)));
  const cdp = await session;
  const { cssContentSize } = await cdp.send('Page.getLayoutMetrics');
  const { data } = await cdp.send('Page.captureScreenshot', {
    format: 'png',
    captureBeyondViewport: true,
    optimizeForSpeed: true,
    clip: {
      x: 0,
      y: 0,
      width: Math.ceil(cssContentSize.width),
      height: Math.ceil(cssContentSize.height),
      scale: 1,
    },
  });
  writeFileSync(file, Buffer.from(data, 'base64'));
}

/** Submits the form a button belongs to and waits for the page that answers. */
export async function submit(page: Page, buttonSelector: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.click(buttonSelector)]);
}
