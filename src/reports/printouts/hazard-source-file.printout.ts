import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { INSPECTION_LEVEL_LABEL, SOURCE_DOCUMENT_LABEL } from '../../inspections/inspection.enums';
import { hashVersion } from '../../common/http/file-by-hash';
import { HazardSourcesService } from '../../inspections/hazard-sources.service';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { asciiFileName, PrintMeta, RenderedPdf } from './print-meta';

/** 重要危险源档案: everything the register holds about one source on one printout (A4 portrait). */
@Injectable()
export class HazardSourceFilePrintout {
  constructor(
    private readonly meta: PrintMeta,
    private readonly sources: HazardSourcesService,
  ) {}

  async file(actor: Actor, sourceId: number): Promise<RenderedPdf> {
    const s = await this.sources.get(actor, sourceId);
    const tpl = loadTemplate('hazard-source-file');
    const w = tpl.wording as Record<string, string>;
    const stream = await renderPdf(
      tpl,
      `${s.name} ${tpl.title}`,
      await this.meta.now(actor, `/inspections/sources/${sourceId}`),
      async (pdf) => {
        pdf.title(`${s.name} ${tpl.title}`, `${s.unitName} · ${s.status === 'ACTIVE' ? '在用' : '已销号'}`);
        pdf.fields([
          ['名称', s.name],
          ['风险等级', s.gradeLabel],
          ['类别', s.kindLabel],
          ['位置', s.location],
          ['主要危险', s.hazards],
          ['管控措施', s.controls],
          ['应急处置', s.emergencyMeasures],
          ['责任单位', s.unitName],
        ]);
        pdf.heading('责任人');
        pdf.fields(
          s.responsible.map((r) => [
            INSPECTION_LEVEL_LABEL[r.level],
            `${r.name}${r.title ? `（${r.title}）` : ''} ${r.phone ?? ''}`,
          ]),
        );
        pdf.heading('缺项');
        pdf.paragraph(
          s.gaps.length
            ? s.gaps.map((g) => `${g.label}${g.closed ? '（已销号）' : ''}`).join('\n')
            : w.gapsNone,
        );
        pdf.heading('管理制度、操作规程、专项应急预案');
        await pdf.table(
          tpl.itemColumns!,
          s.documents.map((d) => ({
            type: SOURCE_DOCUMENT_LABEL[d.type],
            title: d.title,
            number: d.number,
            version: d.version,
            effective: d.effectiveDate,
            expiry: d.expiryDate ?? '',
            // The stored file by name and the start of its SHA-256, so the paper can be checked against the system.
            file: d.currentFile
              ? `${d.currentFile.fileName}\nSHA-256 ${hashVersion(d.currentFile.sha256)}`
              : `未上传${d.file ? `（档案：${d.file}）` : ''}`,
          })),
          { empty: '无' },
        );
        pdf.heading('应急物资');
        await pdf.table(
          tpl.unitColumns!,
          s.supplies.map((x) => ({
            item: x.item,
            quantity: String(x.quantity),
            location: x.location,
            lastCheck: x.lastCheckDate ?? '',
          })),
          { empty: '无' },
        );
        pdf.heading('应急演练');
        await pdf.table(
          tpl.sourceColumns!,
          s.drills.map((x) => ({
            date: x.date,
            scenario: x.scenario,
            participants: String(x.participants),
            evaluation: x.evaluation,
            improvements: x.improvements ?? '',
          })),
          { empty: '无' },
        );
      },
    );
    return {
      fileName: `重要危险源档案-${s.name}.pdf`,
      asciiName: asciiFileName('hazard-source-file', sourceId),
      stream,
    };
  }
}
