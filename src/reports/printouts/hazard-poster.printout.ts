import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { UnitsService } from '../../org/units.service';
import { drawQr, loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { asciiFileName, PrintMeta, RenderedPdf } from './print-meta';

/** The QR poster's code size on A4 (points; about 11 cm, scannable from a couple of metres). */
const POSTER_QR = 310;

/**
 * 扫码举报 poster: an A4 page to put up in a unit or work area, with a QR code that opens the hazard-report form
 * with that unit already chosen (after login; the reporter may still hide their identity).
 */
@Injectable()
export class HazardPosterPrintout {
  constructor(
    private readonly meta: PrintMeta,
    private readonly units: UnitsService,
  ) {}

  /** The address the poster's QR code opens: the report form with the unit pre-filled (see PrintMeta.url). */
  reportUrl(actor: Actor, unitId: number): string {
    return this.meta.url(actor, `/hazard-reports/new?unit=${unitId}`);
  }

  /** The unit (one the actor may see, else 404) and its ancestors' names, e.g. "热电分厂 · 石灰工区". */
  async unitLabel(actor: Actor, unitId: number): Promise<{ id: number; label: string }> {
    const unit = await this.units.get(actor, unitId);
    const ids = unit.path.split('/').filter(Boolean).map(Number);
    const byId = new Map((await this.units.findByIds(ids)).map((u) => [u.id, u.name]));
    return {
      id: unit.id,
      label: ids
        .map((id) => byId.get(id) ?? '')
        .filter(Boolean)
        .join(' · '),
    };
  }

  async poster(actor: Actor, unitId: number): Promise<RenderedPdf> {
    const unit = await this.unitLabel(actor, unitId);
    const url = this.reportUrl(actor, unit.id);
    const tpl = loadTemplate('hazard-poster');
    const w = tpl.wording as Record<string, string> & { steps: string[] };
    const footer = await this.meta.now(actor);
    const stream = await renderPdf(tpl, `${tpl.title} ${unit.label}`, footer, async (pdf) => {
      const { doc } = pdf;
      const left = doc.page.margins.left;
      const center = { width: pdf.width, align: 'center' as const };
      doc.font('bold').fontSize(54).text(tpl.title, left, 56, center);
      doc
        .font('regular')
        .fontSize(20)
        .text(w.subtitle, left, doc.y + 4, center);
      doc
        .font('bold')
        .fontSize(24)
        .text(unit.label, left, doc.y + 14, center);
      const top = doc.y + 16;
      drawQr(doc, url, left + (pdf.width - POSTER_QR) / 2, top, POSTER_QR);
      doc.y = top + POSTER_QR + 16;
      doc.font('regular').fontSize(13);
      for (const step of w.steps) doc.text(step, left + 30, doc.y + 4, { width: pdf.width - 60 });
      doc
        .fontSize(9)
        .fillColor('#555555')
        .text(`${w.urlLabel}${url}`, left, doc.y + 14, center);
      doc
        .fillColor('black')
        .fontSize(12)
        .text(w.issuer, left, doc.y + 10, { width: pdf.width, align: 'right' });
    });
    return {
      fileName: `扫码举报-${unit.label.replace(/\s*·\s*/g, '-')}.pdf`,
      asciiName: asciiFileName('hazard-report-poster', 'unit', unit.id),
      stream,
    };
  }
}
