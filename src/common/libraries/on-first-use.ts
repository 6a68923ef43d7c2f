import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Heavy libraries that most processes and requests never need, loaded on first use instead of at start (issue 22:
 * each one imported at the top of a module was in every process's memory — the service started at ~213 MB RSS, and
 * a ledger printout peaked 30–70 MB over its 200/250 MB bound). Measured alone on Node 20: exceljs 27 MB, echarts
 * 19 MB, sharp 19 MB, nodemailer 12 MB. Types still come from `import type`; only the loading is deferred.
 * pdfkit and its helpers followed (2026-12-04): ~230 ms of every start and of every e2e test file's app, which most
 * never print.
 *
 * Resolved from the working directory's node_modules like the PDF fonts (reports/pdf/fonts.ts), through Node's own
 * `require`, so that the same code runs compiled (CommonJS) and under Jest's ESM mode.
 */
function onFirstUse<T>(id: string, setUp?: (library: T) => void, nextTo?: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const ours = createRequire(path.join(process.cwd(), 'package.json'));
      loaded = (nextTo ? createRequire(ours.resolve(nextTo)) : ours)(id) as T;
      setUp?.(loaded);
    }
    return loaded;
  };
}

/** Excel workbooks: the finding template, import and export, the bounty, 16号令 and inspection sheets. */
export const excelJs = onFirstUse<typeof import('exceljs')>('exceljs');
/** The 驾驶舱's charts, rendered to SVG on the server. */
export const echarts = onFirstUse<typeof import('echarts')>('echarts');
/**
 * Photo sizes (uploads, the demo's photos). libvips keeps a cache of recent operations and opened files; uploads
 * are one-off, so it is kept small.
 */
export const sharp = onFirstUse<typeof import('sharp')>('sharp', (lib) =>
  lib.cache({ memory: 32, files: 0, items: 50 }),
);
/** QR codes (the printouts' verification codes, the hazard-report posters). */
export const qrCode = onFirstUse<typeof import('qrcode')>('qrcode');
/** The common-passwords list of the password policy (13 MB: only when a password is set). */
export const zxcvbnCommon = onFirstUse<typeof import('@zxcvbn-ts/language-common')>(
  '@zxcvbn-ts/language-common',
);
/** The e-mail channel's SMTP connection (only when SMTP_HOST is set). */
export const nodemailer = onFirstUse<typeof import('nodemailer')>('nodemailer');
/** PDF printouts: pdfkit, its SVG drawing (the 驾驶舱's charts), fontkit (the report font) and line breaking. */
export const pdfKit = onFirstUse<typeof import('pdfkit')>('pdfkit');
export const svgToPdfKit = onFirstUse<typeof import('svg-to-pdfkit')>('svg-to-pdfkit');
export const fontKit = onFirstUse<typeof import('fontkit')>('fontkit');
/** Line breaking: the copy of `linebreak` that pdfkit itself loads (resolved from pdfkit's folder). */
export const lineBreaker = onFirstUse<typeof import('linebreak')>('linebreak', undefined, 'pdfkit');
