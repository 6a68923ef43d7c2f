import type { Readable } from 'node:stream';
import { pdfItems, pdfPages } from '../../../test/support/pdf-text';
import { renderPdf, type PdfTemplate, type PdfWriter } from './pdf-writer';

const TPL: PdfTemplate = {
  id: 'layout-test',
  title: '测试统计表',
  orientation: 'portrait',
  fontSize: 9,
  wording: {},
  columns: [
    { key: 'no', header: '序号', width: 60 },
    { key: 'text', header: '内容', width: 300 },
    { key: 'amount', header: '资金（元）', width: 100, align: 'right' },
  ],
};
const META = { generatedAt: '2026-12-07 10:00', chainHash: 'h', checkpoint: 'c' };

async function pages(draw: (pdf: PdfWriter) => Promise<void>): Promise<string[]> {
  const stream: Readable = await renderPdf(TPL, TPL.title, META, draw);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return pdfPages(Buffer.concat(chunks));
}

/** The printout starts `room` points above the foot of page 1 (what is above it filled the rest). */
const from = (pdf: PdfWriter, room: number) => {
  pdf.title(TPL.title, '报告期：2026年第三季度');
  pdf.doc.y = pdf.bottom - room;
};

/** Rows 第1行问题 … 第n行问题 of 1,000 元 each. */
const findingRows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ no: String(i + 1), text: `第${i + 1}行问题`, amount: '1,000' }));

const ROOMS = Array.from({ length: 40 }, (_, i) => 20 + i * 6);

describe('PdfWriter: what is kept together across a page break', () => {
  it('a heading goes to the next page with the first thing under it, never alone at the foot of a page', async () => {
    const photo = { image: Buffer.from('not an image'), caption: '复查照片说明' };
    for (const room of [70, 90, 120]) {
      const heading = await pages(async (pdf) => {
        from(pdf, room);
        pdf.heading('四、复查确认');
        pdf.photos([photo]);
      });
      // A sub-heading set as a bold paragraph (督导组复查照片) is kept with its photos in the same way.
      const sub = await pages(async (pdf) => {
        from(pdf, room);
        pdf.paragraph('督导组复查照片', { bold: true, keepWithNext: true });
        pdf.photos([photo]);
      });
      for (const [text, doc] of [
        ['四、复查确认', heading],
        ['督导组复查照片', sub],
      ] as const) {
        const page = doc.findIndex((p) => p.includes(text));
        expect({ room, text, captionOnItsPage: doc[page].includes('复查照片说明') }).toEqual({
          room,
          text,
          captionOnItsPage: true,
        });
      }
    }
  });

  it('a total row is never alone under a repeated header: the last row comes along', async () => {
    for (const room of ROOMS) {
      const doc = await pages(async (pdf) => {
        from(pdf, room);
        await pdf.table(TPL.columns, findingRows(3), {
          totalRow: () => ({ no: '合计', text: '3 项', amount: '3,000' }),
        });
      });
      const page = doc.find((p) => p.includes('合计'))!;
      expect({ room, lastRowWithTotal: page.includes('第3行问题') }).toEqual({
        room,
        lastRowWithTotal: true,
      });
      // The figures are the same wherever the rows land.
      expect(doc.join('')).toContain('合计 3 项 3,000');
    }
  });

  it('a table continued on a new page carries at least two rows there, never one alone under its header', async () => {
    // The 16号令 table (no total row) had left its last 二级单位 alone on page 2.
    for (const room of ROOMS) {
      const doc = await pages(async (pdf) => {
        from(pdf, room);
        await pdf.table(TPL.columns, findingRows(5));
      });
      const rowsPerPage = doc.map((p) => (p.match(/第\d行问题/g) ?? []).length).filter((n) => n > 0);
      expect({
        room,
        rows: rowsPerPage.reduce((a, b) => a + b, 0),
        alone: rowsPerPage.slice(1).includes(1),
      }).toEqual({ room, rows: 5, alone: false });
    }
  });

  it('the signature boxes never stand alone: the end of the table and text comes along, under the title', async () => {
    for (const room of ROOMS.map((r) => r + 60)) {
      const doc = await pages(async (pdf) => {
        from(pdf, room);
        await pdf.table(TPL.columns, findingRows(2));
        pdf.paragraph('注：“一般隐患”含企业分级中的“较大隐患”。');
        pdf.paragraph('勾稽关系校验：全部通过');
        pdf.gap(0.5);
        pdf.signatures(['单位负责人：', '填表人：'], '签字：', '');
      });
      const page = doc.find((p) => p.includes('单位负责人'))!;
      expect({
        room,
        title: page.includes('测试统计表'),
        period: page.includes('报告期：2026年第三季度'),
        text: page.includes('勾稽关系校验'),
        lastRow: page.includes('第2行问题'),
      }).toEqual({ room, title: true, period: true, text: true, lastRow: true });
    }
  });
});

describe('PdfWriter: a grid before the signature boxes', () => {
  it('goes to their page with its heading: the boxes never stand alone under the running header', async () => {
    for (const room of ROOMS.map((r) => r + 40)) {
      const doc = await pages(async (pdf) => {
        from(pdf, room);
        pdf.heading('三、统计');
        pdf.fields([
          ['按类别', ['人的不安全行为 1', '管理缺陷 1']],
          ['按等级', ['一般 2']],
        ]);
        pdf.gap(0.5);
        pdf.signatures(['编制：韩静怡', '审核：'], '签字：', '日期：');
      });
      const page = doc.find((p) => p.includes('编制：韩静怡'))!;
      // The weekly summary's boxes stood alone on page 2, its 统计 grid and heading left on page 1.
      expect({ room, grid: page.includes('人的不安全行为 1'), heading: page.includes('三、统计') }).toEqual({
        room,
        grid: true,
        heading: true,
      });
    }
  });
});

describe('PdfWriter: the closing line (编制单位 / 编制人 / 日期)', () => {
  it('never starts a page alone: the last row of the table and its total come along', async () => {
    for (const room of ROOMS) {
      const doc = await pages(async (pdf) => {
        from(pdf, room);
        await pdf.table(TPL.columns, findingRows(3), {
          totalRow: () => ({ no: '合计', text: '3 项', amount: '3,000' }),
        });
        pdf.gap(0.5);
        pdf.paragraph('编制单位：热电分厂\u3000编制人：温晓峰\u3000日期：2026年12月8日', {
          align: 'right',
          closing: true,
        });
      });
      const page = doc.find((p) => p.includes('编制单位：热电分厂'))!;
      expect({ room, lastRow: page.includes('第3行问题'), total: page.includes('3,000') }).toEqual({
        room,
        lastRow: true,
        total: true,
      });
    }
  });
});

describe('PdfWriter: blocks print in the order they were given', () => {
  it('paragraphs, however many, on one page or across a page break', async () => {
    for (const room of [700, ...ROOMS]) {
      const doc = await pages(async (pdf) => {
        from(pdf, room);
        for (let n = 1; n <= 7; n++) pdf.paragraph(`第${n}段：说明文字。`.repeat(n === 4 ? 12 : 1));
        pdf.heading('二、分析');
        pdf.paragraph('第8段');
      });
      const text = doc.join('');
      const at = Array.from({ length: 8 }, (_, i) => text.indexOf(`第${i + 1}段`));
      // Drawn out of order before: the fourth paragraph drew the first, whose page check drew the second and third
      // ahead of its own text (第2段, 第3段, 第1段).
      expect({ room, at }).toEqual({ room, at: [...at].sort((a, b) => a - b) });
      expect(at.every((i) => i >= 0)).toBe(true);
      expect(text.indexOf('二、分析')).toBeLessThan(text.indexOf('第8段'));
      expect(text.indexOf('二、分析')).toBeGreaterThan(text.indexOf('第7段'));
    }
  });
});

describe('PdfWriter: where the lines of a paragraph break', () => {
  /** Each line of page 1 below the title, as drawn (pdfkit draws a paragraph's line as one piece of text). */
  async function lines(draw: (pdf: PdfWriter) => void): Promise<string[]> {
    const stream: Readable = await renderPdf(TPL, TPL.title, META, async (pdf) => {
      pdf.title(TPL.title);
      draw(pdf);
    });
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const [page] = await pdfItems(Buffer.concat(chunks));
    return page.map((item) => item.str).filter((s) => s.startsWith('甲') || s.startsWith('“'));
  }

  it('a line fills up to an opening quotation mark, as in the table cells (Unicode 15.1, LB19a)', async () => {
    for (const indent of [false, true]) {
      let full = 0;
      const text = await lines((pdf) => {
        pdf.doc.font('regular').fontSize(TPL.fontSize);
        // As many 甲 as the line holds, then a quoted term that cannot start on it: the line ends before “.
        const room = pdf.width - (indent ? TPL.fontSize * 2 : 0);
        while (pdf.doc.widthOfString('甲'.repeat(full + 1)) <= room) full++;
        pdf.paragraph(`${'甲'.repeat(full)}“五落实”的要求`, { indent });
      });
      // Under the older rule the last 甲 went to the next line with “五, leaving the first line one character short.
      expect({ indent, lines: text }).toEqual({ indent, lines: ['甲'.repeat(full), '“五落实”的要求'] });
    }
  });
});
