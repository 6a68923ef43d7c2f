import type { Page } from 'playwright-core';
import { BrowserRun, submit } from './browser';

/**
 * The safety office (already logged in on `page`) logs a GENERAL finding for 热电分厂 in the demo's look-back round
 * through 登记问题; answers the new finding's path (/findings/<id>).
 */
export async function logPowerPlantFinding(
  run: BrowserRun,
  page: Page,
  f: { description: string; location: string; responsiblePerson: string },
): Promise<string> {
  await page.goto('/findings/new');
  await run.shot(page, 'log-finding-form');
  const optionValue = async (select: string, text: string) =>
    (await page.locator(`select[name=${select}] option`, { hasText: text }).first().getAttribute('value'))!;
  await page.selectOption(
    'select[name=roundId]',
    await optionValue('roundId', '职业健康安全督察“回头看”（中铝山西新材料）'),
  );
  await page.selectOption('select[name=unitId]', await optionValue('unitId', '热电分厂'));
  await page.fill('[name=description]', f.description);
  await page.fill('[name=location]', f.location);
  await page.selectOption('select[name=level]', 'GENERAL');
  await page.selectOption('select[name=category]', 'UNSAFE_CONDITION');
  await page.selectOption('select[name=source]', 'COMPANY_CHECK');
  await page.fill('[name=foundDate]', '2026-11-16');
  await page.fill('[name=foundBy]', '安全环保健康部');
  await page.fill('[name=deadline]', '2026-12-31');
  await page.fill('[name=responsiblePerson]', f.responsiblePerson);
  await submit(page, 'main form button[type=submit]');
  await run.shot(page, 'finding-logged');
  return new URL(page.url()).pathname;
}
