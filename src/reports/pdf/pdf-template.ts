import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One report's layout and fixed wording, from templates/pdf/<id>.json. */
export interface PdfColumn {
  key: string;
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}
export interface PdfTemplate {
  id: string;
  title: string;
  orientation: 'portrait' | 'landscape';
  fontSize: number;
  wording: Record<string, string | string[] | Record<string, string>>;
  columns: PdfColumn[];
  itemColumns?: PdfColumn[];
  unitColumns?: PdfColumn[];
  sourceColumns?: PdfColumn[];
}

/** Page margins (points) by orientation. */
export const MARGIN = { portrait: { x: 36, top: 40, bottom: 48 }, landscape: { x: 22, top: 30, bottom: 40 } };

const templates = new Map<string, PdfTemplate>();

/** Reads a template once and checks that its table fits the page. */
export function loadTemplate(id: string): PdfTemplate {
  const cached = templates.get(id);
  if (cached) return cached;
  const file = path.join(process.cwd(), 'templates', 'pdf', `${id}.json`);
  const tpl = JSON.parse(readFileSync(file, 'utf8')) as PdfTemplate;
  const pageWidth = (tpl.orientation === 'landscape' ? 842 : 595) - 2 * MARGIN[tpl.orientation].x;
  for (const cols of [tpl.columns, tpl.itemColumns ?? [], tpl.unitColumns ?? [], tpl.sourceColumns ?? []]) {
    const width = cols.reduce((s, c) => s + c.width, 0);
    if (width > pageWidth + 0.5)
      throw new Error(`templates/pdf/${id}.json: columns are ${width}pt wide, the page has ${pageWidth}pt`);
  }
  templates.set(id, tpl);
  return tpl;
}

/** What the table and photo drawers need of the writer: the document, its template, the text box and paging. */
export interface PdfBox {
  readonly doc: PDFKit.PDFDocument;
  readonly tpl: PdfTemplate;
  readonly left: number;
  readonly right: number;
  readonly width: number;
  /** The lowest y text may reach on this page. */
  readonly bottom: number;
  /** Starts a new page unless `height` still fits on this one. */
  ensureSpace(height: number): void;
  /** The first of the two render passes, which only counts pages: content may be laid out without being drawn. */
  readonly counting: boolean;
  /** While the reader lags behind (the output is backed up), a promise that settles when it has caught up. */
  backpressure(): Promise<void> | null;
}
