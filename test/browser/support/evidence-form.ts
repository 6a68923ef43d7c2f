import type { Page } from 'playwright-core';

/** Opens 上传证据 on the finding page and fills it in: the tag, the file, the caption (not yet sent). */
export async function fillEvidenceForm(
  page: Page,
  kind: string,
  file: { name: string; mimeType: string; buffer: Buffer },
  caption: string,
): Promise<void> {
  await page.click('#evidence summary');
  await page.selectOption('#evidence [name=kind]', kind);
  await page.setInputFiles('#evidence [name=file]', file);
  await page.fill('#evidence [name=caption]', caption);
}
