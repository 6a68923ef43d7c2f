// The printouts' "common" fonts: Noto Sans SC cut down to the characters nearly every printout uses — GB2312's 6,763
// hanzi and its symbols, ASCII, and the punctuation and symbol blocks people type (℃, m³, ①, ㎡, ✓…). Each weight is
// 2.4 MB instead of 10.5 MB, and a printout holds both in memory while it draws (issue 22: the 1,000-finding ledger
// peaked at 206 MB against 200, the whole fonts being 21.8 MB of it). A document with a character outside this set
// is laid out again with the whole fonts (src/reports/pdf/fonts.ts), so nothing prints as a blank box.
//
// Made at build time into dist/fonts/ from the installed font package, with harfbuzz's subsetter (subset-font: the
// same engine browsers' font tooling uses). Run by `npm run build` after `nest build` (which empties dist/).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TextDecoder } from 'node:util';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(root, 'package.json'));
const subsetFont = require('subset-font');

/** GB2312 as the WHATWG GBK decoder reads it: rows A1–A9 (symbols, kana, Greek, Cyrillic, box drawing), B0–F7 (hanzi). */
function gb2312() {
  const decoder = new TextDecoder('gbk');
  const chars = [];
  for (let hi = 0xa1; hi <= 0xf7; hi++) {
    if (hi > 0xa9 && hi < 0xb0) continue;
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd') chars.push(ch);
    }
  }
  return chars;
}

/** Whole Unicode blocks kept (only what the font has is kept): Latin and the symbols of technical and CJK text. */
const BLOCKS = [
  [0x0020, 0x007e], // ASCII
  [0x00a0, 0x00ff], // Latin-1: ° ± × ÷ ² ³ µ ·
  [0x2010, 0x206f], // general punctuation: – — ‘ ’ “ ” • … ‰ ※
  [0x2070, 0x209f], // super- and subscripts
  [0x2100, 0x218f], // letterlike (℃ № ™) and number forms (Ⅰ–Ⅻ)
  [0x2190, 0x22ff], // arrows, mathematical operators (− ≤ ≥ ≠ ∑)
  [0x2460, 0x24ff], // ①–⑳, ⑴, ⒈
  [0x2500, 0x25ff], // box drawing, blocks, geometric shapes (□ ■ △ ○ ●)
  [0x2600, 0x27bf], // miscellaneous symbols and dingbats (☆ ★ ☐ ☑ ☒ ✓ ✗)
  [0x3000, 0x303f], // CJK punctuation: 、 。 《 》 【 】 〔 〕
  [0x3200, 0x33ff], // enclosed CJK (㈠) and CJK compatibility (㎡ ㎏ ㎜ ㎞)
  [0xff00, 0xffef], // full-width forms: ， ； ： （ ） ０–９
];

export function commonCharacters() {
  const chars = new Set(gb2312());
  for (const [from, to] of BLOCKS) for (let cp = from; cp <= to; cp++) chars.add(String.fromCodePoint(cp));
  return [...chars].join('');
}

export const FONT_FILES = [
  ['400Regular', 'NotoSansSC_400Regular.ttf', 'NotoSansSC-common-400Regular.ttf'],
  ['700Bold', 'NotoSansSC_700Bold.ttf', 'NotoSansSC-common-700Bold.ttf'],
];

async function main() {
  const fontPackage = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  const outDir = path.join(root, 'dist', 'fonts');
  mkdirSync(outDir, { recursive: true });
  const text = commonCharacters();
  for (const [weight, file, out] of FONT_FILES) {
    const whole = readFileSync(path.join(fontPackage, weight, file));
    const common = await subsetFont(whole, text, { targetFormat: 'truetype' });
    writeFileSync(path.join(outDir, out), common);
    console.log(
      `fonts: ${out} ${(common.length / 1e6).toFixed(1)} MB (whole font ${(whole.length / 1e6).toFixed(1)} MB)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
