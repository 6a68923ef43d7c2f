/**
 * The alternative users would pick for the printed ledger: headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core as the browser tests drive it) printing the same table — the same rows, columns and widths,
 * Noto Sans SC at 8 pt, A4 landscape, the header row repeated on every page (thead), a page-number footer — with
 * page.pdf(). The browser is started first and not timed; timed: the query, building the HTML, loading it and
 * printing, twice (the first print warms fonts and the renderer; once above 5,000 rows). Prints one JSON line: rows, pages, bytes, times and
 * the summed peak RSS (VmHWM) of the Chromium processes.
 *   DATABASE_URL=… LEDGER_FILTER='{"roundId":2}' node dist/bench/pdf-chromium.js
 */
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ledgerCells } from './pdf-alone';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function fontUrl(weight: string, name: string): string {
  const resolve = createRequire(path.join(process.cwd(), 'package.json')).resolve;
  const dir = path.dirname(resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return `file://${path.join(dir, weight, name)}`;
}

/** The processes started below this one (Chromium's browser, renderer, GPU and utility processes). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, p] of parent)
      if (p === pid) {
        out.push(child);
        walk(child);
      }
  };
  walk(root);
  return out;
}

function peakRssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 102.4) / 10;
}

async function main() {
  const filter = JSON.parse(process.env.LEDGER_FILTER ?? '{}') as { roundId?: number; level?: string };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 0,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const print = async (i: number) => {
      const t0 = process.hrtime.bigint();
      const { tpl, rows, totalRow, queryMs } = await ledgerCells(filter);
      const cols = tpl.columns;
      const tr = (r: Record<string, string>, cell = 'td') =>
        `<tr>${cols.map((c) => `<${cell} class="${c.align ?? 'left'}">${esc(r[c.key] ?? '')}</${cell}>`).join('')}</tr>`;
      const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@font-face { font-family: 'Noto Sans SC'; font-weight: 400; src: url('${fontUrl('400Regular', 'NotoSansSC_400Regular.ttf')}'); }
@font-face { font-family: 'Noto Sans SC'; font-weight: 700; src: url('${fontUrl('700Bold', 'NotoSansSC_700Bold.ttf')}'); }
@page { size: A4 landscape; margin: 30pt 22pt 40pt 22pt; }
body { margin: 0; font-family: 'Noto Sans SC'; font-size: ${tpl.fontSize}pt; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 8pt; }
table { border-collapse: collapse; table-layout: fixed; width: ${cols.reduce((s, c) => s + c.width, 0)}pt; }
th, td { border: 0.5pt solid #888; padding: 3pt; vertical-align: top; overflow-wrap: anywhere; white-space: pre-wrap; }
th { background: #eee; font-weight: 700; text-align: center; }
td.center { text-align: center; } td.right { text-align: right; }
tfoot td { font-weight: 700; }
</style></head><body><h1>${esc(tpl.wording.filteredTitle)}</h1><table><colgroup>${cols
        .map((c) => `<col style="width:${c.width}pt">`)
        .join(
          '',
        )}</colgroup><thead>${tr(Object.fromEntries(cols.map((c) => [c.key, c.header])), 'th')}</thead><tbody>${rows
        .map((r) => tr(r))
        .join('')}${tr(totalRow)}</tbody></table></body></html>`;
      const file = path.join(dir, `ledger-${i}.html`);
      writeFileSync(file, html);
      const page = await browser.newPage();
      page.setDefaultTimeout(0);
      await page.goto(`file://${file}`, { timeout: 0 });
      const pdf = await page.pdf({
        format: 'A4',
        landscape: true,
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="font-size:7pt;width:100%;text-align:center;font-family:\'Noto Sans SC\'">第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</div>',
      });
      const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
      const peak = peakRssMb(descendants(process.pid));
      await page.close();
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      return { rows: rows.length, pages, bytes: pdf.length, queryMs, ms, peak };
    };
    // Two prints (the first warms fonts and the renderer); one only for a long ledger, where a second would take
    // minutes and the warm-up is a small part of it.
    const cold = await print(0);
    const warm = cold.rows > 5000 ? cold : await print(1);
    process.stdout.write(
      JSON.stringify({
        rows: warm.rows,
        pages: warm.pages,
        bytes: warm.bytes,
        queryMs: warm.queryMs,
        coldMs: cold.ms,
        warmMs: warm.ms,
        peakRssMb: Math.max(cold.peak, warm.peak),
      }) + '\n',
    );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
