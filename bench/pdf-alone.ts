/**
 * The limit for the printed ledger: plain pdfkit, in a process of its own, drawing the same table as the service
 * (templates/pdf/ledger.json's columns, Noto Sans SC at 8 pt, A4 landscape, header row repeated on every page,
 * wrapped cells, a page-number footer) from the same rows, read with one query. One pass, streamed to a sink that
 * only counts bytes. Prints one JSON line: rows, pages, bytes, the query and drawing times, and the peak RSS (VmHWM).
 *   DATABASE_URL=… LEDGER_FILTER='{"roundId":2}' node dist/bench/pdf-alone.js
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import PDFDocument from 'pdfkit';
import { FontCoverage, firstPdfFonts } from '../src/reports/pdf/fonts';
import { FINDING_STATUS_LABEL, HAZARD_LEVEL_LABEL } from '../src/findings/finding.enums';
import { dateInZone } from '../src/common/time/business-date';

interface Column {
  key: string;
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

function peakRssMb(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

export interface LedgerTemplate {
  fontSize: number;
  columns: Column[];
  wording: Record<string, string>;
}

/**
 * The ledger's template and its rows as printed (one query, the service's columns and wording), shared with the
 * Chromium reference (pdf-chromium.ts) so both references print the same cells.
 */
export async function ledgerCells(filter: { roundId?: number; level?: string }): Promise<{
  tpl: LedgerTemplate;
  rows: Record<string, string>[];
  totalRow: Record<string, string>;
  queryMs: number;
}> {
  const tpl = JSON.parse(
    readFileSync(path.join(process.cwd(), 'templates', 'pdf', 'ledger.json'), 'utf8'),
  ) as LedgerTemplate;
  const raw = await ledgerQuery(filter);
  const t0 = process.hrtime.bigint();
  let funds = 0;
  const rows = raw.rows.map((r, i) => {
    funds += Number(r.funds_amount ?? 0);
    return cellsOf(r, i);
  });
  const totalRow = { seq: tpl.wording.totalRow, code: `${rows.length} 项`, funds: yuan(funds) };
  return { tpl, rows, totalRow, queryMs: raw.ms + Math.round(Number(process.hrtime.bigint() - t0) / 1e6) };
}

const yuan = (n: number) => n.toLocaleString('en-US');
const today = () => dateInZone(new Date(), 'Asia/Shanghai');

function cellsOf(r: Record<string, unknown>, i: number): Record<string, string> {
  const overdue = ['ASSIGNED', 'RECTIFYING'].includes(r.status as string) && (r.deadline as string) < today();
  return {
    seq: String(i + 1),
    code: r.code as string,
    unit: r.unit_name as string,
    description: r.description as string,
    level: HAZARD_LEVEL_LABEL[r.level as keyof typeof HAZARD_LEVEL_LABEL],
    measures: (r.measures as string | null) ?? '',
    responsible: ((r.plan_person as string | null) ?? r.responsible_person) as string,
    funds: r.funds_amount === null ? '' : yuan(Number(r.funds_amount)),
    deadline: r.deadline as string,
    status: `${FINDING_STATUS_LABEL[r.status as keyof typeof FINDING_STATUS_LABEL]}${overdue ? '（超期）' : ''}`,
    closedDate: r.closed_at ? dateInZone(r.closed_at as Date, 'Asia/Shanghai') : '',
  };
}

async function ledgerQuery(filter: {
  roundId?: number;
  level?: string;
}): Promise<{ rows: Record<string, unknown>[]; ms: number }> {
  pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const started = process.hrtime.bigint();
  await client.connect();
  const where = filter.roundId ? 'f.round_id = $1' : 'f.level = $1';
  const { rows } = await client.query(
    `SELECT f.id, f.code, u.name AS unit_name, f.description, f.level, p.measures, p.responsible_person AS plan_person,
            f.responsible_person, p.funds_amount, f.deadline, f.status, f.closed_at
       FROM findings f JOIN units u ON u.id = f.unit_id
       LEFT JOIN LATERAL (SELECT * FROM rectification_plans rp WHERE rp.finding_id = f.id ORDER BY rp.revision DESC LIMIT 1) p ON true
      WHERE ${where} ORDER BY f.code, f.id`,
    [filter.roundId ?? filter.level],
  );
  await client.end();
  return {
    rows: rows as Record<string, unknown>[],
    ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
  };
}

async function main() {
  const filter = JSON.parse(process.env.LEDGER_FILTER ?? '{}') as { roundId?: number; level?: string };
  const tpl = JSON.parse(
    readFileSync(path.join(process.cwd(), 'templates', 'pdf', 'ledger.json'), 'utf8'),
  ) as LedgerTemplate;
  const raw = await ledgerQuery(filter);
  const rows = raw.rows;
  let funds = 0;
  const cells = (r: Record<string, unknown>, i: number): Record<string, string> => {
    funds += Number(r.funds_amount ?? 0);
    return cellsOf(r, i);
  };

  /** Draws the whole ledger once; the first call also parses the font (cold), the second is warm. */
  const draw = async () => {
    const t0 = process.hrtime.bigint();
    funds = 0;
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done();
      },
    });
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: { left: 22, right: 22, top: 30, bottom: 40 },
      bufferPages: false,
      compress: true,
    });
    // The fonts the service starts every document with (the generated rows have no character they lack).
    const fonts = firstPdfFonts(new FontCoverage());
    doc.registerFont('regular', fonts.regular as unknown as string);
    doc.registerFont('bold', fonts.bold as unknown as string);
    doc.pipe(sink);
    const finished = new Promise((resolve) => sink.on('finish', resolve));
    const left = 22;
    const bottom = doc.page.height - 40;
    let pages = 1;
    const footer = () => {
      const y = doc.y;
      doc.page.margins.bottom = 0;
      doc
        .font('regular')
        .fontSize(7)
        .text(`第 ${pages} 页`, left, doc.page.height - 26, {
          width: doc.page.width - 44,
          align: 'center',
          lineBreak: false,
        });
      doc.page.margins.bottom = 40;
      doc.fontSize(tpl.fontSize);
      doc.x = left;
      doc.y = y;
    };
    const drawRow = (row: Record<string, string>, header: boolean) => {
      doc.font(header ? 'bold' : 'regular').fontSize(tpl.fontSize);
      const h =
        Math.max(...tpl.columns.map((c) => doc.heightOfString(row[c.key] || ' ', { width: c.width - 6 }))) +
        6;
      if (doc.y + h > bottom) {
        doc.addPage();
        pages++;
        footer();
        doc.y = doc.page.margins.top;
        if (!header) drawRow(Object.fromEntries(tpl.columns.map((c) => [c.key, c.header])), true);
        doc.font(header ? 'bold' : 'regular').fontSize(tpl.fontSize);
      }
      const y = doc.y;
      let x = left;
      for (const c of tpl.columns) {
        if (header) doc.rect(x, y, c.width, h).fillColor('#eeeeee').fill().fillColor('black');
        doc.rect(x, y, c.width, h).lineWidth(0.5).strokeColor('#888888').stroke();
        doc.text(row[c.key] ?? '', x + 3, y + 3, {
          width: c.width - 6,
          align: header ? 'center' : (c.align ?? 'left'),
        });
        x += c.width;
      }
      doc.x = left;
      doc.y = y + h;
    };
    footer();
    doc
      .font('bold')
      .fontSize(16)
      .text(tpl.wording.filteredTitle, left, doc.y, { width: doc.page.width - 44, align: 'center' });
    doc.moveDown(0.6);
    drawRow(Object.fromEntries(tpl.columns.map((c) => [c.key, c.header])), true);
    (rows as Record<string, unknown>[]).forEach((r, i) => drawRow(cells(r, i), false));
    drawRow({ seq: tpl.wording.totalRow, code: `${rows.length} 项`, funds: yuan(funds) }, false);
    doc.end();
    await finished;
    return { pages, bytes, ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e6) };
  };
  const cold = await draw();
  const warm = await draw();
  process.stdout.write(
    JSON.stringify({
      rows: rows.length,
      pages: warm.pages,
      bytes: warm.bytes,
      queryMs: raw.ms,
      coldDrawMs: cold.ms,
      drawMs: warm.ms,
      peakRssMb: peakRssMb(),
    }) + '\n',
  );
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
