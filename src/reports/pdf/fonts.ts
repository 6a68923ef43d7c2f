import type * as fontkit from 'fontkit';
import { fontKit } from '../../common/libraries/on-first-use';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Noto Sans SC (OFL), installed by `npm ci` from @expo-google-fonts/noto-sans-sc: full CJK coverage with Latin
 * letters and digits. Parsed once per process and handed to pdfkit as fontkit objects — registering by path makes
 * pdfkit re-read the 10 MB file again and again (../shared/ENGINEERING.md). pdfkit embeds only the glyphs used.
 */
export interface PdfFonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
}

let fonts: PdfFonts | undefined;

/** Finds the font package through Node's resolution, from the working directory's node_modules. */
function fontFile(weight: string, name: string): string {
  const resolve = createRequire(path.join(process.cwd(), 'package.json')).resolve;
  return path.join(path.dirname(resolve('@expo-google-fonts/noto-sans-sc/package.json')), weight, name);
}

export function pdfFonts(): PdfFonts {
  fonts ??= {
    regular: fontKit().create(readFileSync(fontFile('400Regular', 'NotoSansSC_400Regular.ttf'))),
    bold: fontKit().create(readFileSync(fontFile('700Bold', 'NotoSansSC_700Bold.ttf'))),
  };
  return fonts;
}
