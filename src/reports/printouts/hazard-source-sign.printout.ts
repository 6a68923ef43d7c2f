import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { INSPECTION_LEVEL_LABEL } from '../../inspections/inspection.enums';
import { HazardSourcesService } from '../../inspections/hazard-sources.service';
import { drawQr, loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { asciiFileName, PrintMeta, RenderedPdf } from './print-meta';

const SIGN_QR = 120;

/**
 * 重要危险源公示牌 (A4, to be enlarged to A3 at the print shop): a band in the grade's colour with the name and grade,
 * the main hazards, controls and emergency measures, the responsible persons with their phones, and a QR code to the
 * source's page.
 */
@Injectable()
export class HazardSourceSignPrintout {
  constructor(
    private readonly meta: PrintMeta,
    private readonly sources: HazardSourcesService,
  ) {}

  async sign(actor: Actor, sourceId: number): Promise<RenderedPdf> {
    const s = await this.sources.get(actor, sourceId);
    const tpl = loadTemplate('hazard-source-sign');
    const w = tpl.wording as Record<string, string>;
    const pagePath = `/inspections/sources/${sourceId}`;
    const stream = await renderPdf(
      tpl,
      `${tpl.title} ${s.name}`,
      await this.meta.now(actor, pagePath),
      async (pdf) => {
        const { doc } = pdf;
        const left = doc.page.margins.left;
        const top = doc.y;
        doc.save().rect(left, top, pdf.width, 96).fill(s.colour).restore();
        doc.fillColor(s.grade === 'YELLOW' ? '#000000' : '#ffffff');
        doc
          .font('bold')
          .fontSize(30)
          .text(tpl.title, left, top + 10, { width: pdf.width, align: 'center' });
        doc
          .fontSize(22)
          .text(`${s.name}\u3000${s.gradeLabel}`, left, top + 54, { width: pdf.width, align: 'center' });
        doc.fillColor('#000000');
        doc.y = top + 108;
        doc.x = left;
        const block = (label: string, text: string) => {
          doc
            .font('bold')
            .fontSize(15)
            .text(label, left, doc.y + 6, { width: pdf.width });
          doc
            .font('regular')
            .fontSize(13)
            .text(text || '—', left, doc.y + 2, { width: pdf.width });
        };
        block('位置', `${s.unitName} · ${s.location}`);
        block(w.hazards, s.hazards);
        block(w.controls, s.controls);
        block(w.emergency, s.emergencyMeasures);
        block(
          w.responsible,
          s.responsible
            .map((r) => `${INSPECTION_LEVEL_LABEL[r.level]}：${r.name}${r.phone ? `\u3000${r.phone}` : ''}`)
            .join('\n'),
        );
        const qrTop = Math.max(doc.y + 14, 0);
        pdf.ensureSpace(SIGN_QR + 20);
        const y = doc.y > qrTop ? doc.y + 4 : qrTop;
        drawQr(doc, this.meta.url(actor, pagePath), left, y, SIGN_QR);
        doc
          .font('regular')
          .fontSize(12)
          .text(w.scan, left + SIGN_QR + 12, y + 40, { width: pdf.width - SIGN_QR - 12 });
        doc.fontSize(10).text(w.issuer, left + SIGN_QR + 12, y + 70, { width: pdf.width - SIGN_QR - 12 });
        doc.y = y + SIGN_QR + 4;
      },
    );
    return {
      fileName: `重要危险源公示牌-${s.name}.pdf`,
      asciiName: asciiFileName('hazard-source-sign', sourceId),
      stream,
    };
  }
}
