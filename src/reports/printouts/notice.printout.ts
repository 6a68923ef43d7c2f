import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { AssessmentsService } from '../../assessments/assessments.service';
import { Clock } from '../../common/time/clock';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { SYSTEM_ACTOR } from '../../common/access/actor';
import { UnitsService } from '../../org/units.service';
import { UsersService } from '../../users/users.service';
import { chineseDate } from '../rules/chinese-formats';
import { asciiFileName, PrintMeta, RenderedPdf, yuan } from './print-meta';

/** A salutation (主送机关) is a short first paragraph ending with a colon; 公文 print it flush left. */
const isSalutation = (para: string, i: number) => i === 0 && para.length <= 60 && /[：:]$/.test(para.trim());

/** 通报: a notice with the units and their assessments. */
@Injectable()
export class NoticePrintout {
  constructor(
    private readonly clock: Clock,
    private readonly meta: PrintMeta,
    private readonly assessments: AssessmentsService,
    private readonly users: UsersService,
    private readonly units: UnitsService,
  ) {}

  /** The issuing office: the notice's author's department under its company (e.g. 某公司安全环保健康部). */
  private async office(createdById: number, fallback: string): Promise<{ header: string; name: string }> {
    const user = await this.users.get(SYSTEM_ACTOR, createdById).catch(() => null);
    const [unit] = user?.homeUnitId ? await this.units.findByIds([user.homeUnitId]) : [];
    if (!unit) return { header: fallback, name: fallback };
    const [parent] = unit.parentId ? await this.units.findByIds([unit.parentId]) : [];
    return { header: `${parent?.name.trim() ?? ''}${unit.name.trim()}`, name: unit.name.trim() };
  }

  async notice(actor: Actor, id: number): Promise<RenderedPdf> {
    const n = await this.assessments.getNotice(actor, id);
    const tpl = loadTemplate('notice');
    const w = tpl.wording as Record<string, string>;
    const rows = n.assessments as {
      unitName: string;
      reasonLabel: string;
      text: string;
      points: number | null;
      amountYuan: number | null;
      findingCode: string | null;
    }[];
    const office = await this.office(n.createdById, w.issuer);
    const date = chineseDate(n.publishedOn ?? this.clock.today());
    const footer = await this.meta.now(actor, `/notices/${n.id}`);
    const stream = await renderPdf(tpl, n.title, footer, async (pdf) => {
      pdf.officeHeader(office.header, n.documentNumber);
      pdf.title(n.title);
      if (n.status === 'DRAFT') pdf.banner(w.draft);
      n.body
        .split(/\n+/)
        .filter((p) => p.trim())
        .forEach((para, i) => pdf.paragraph(para, { indent: !isSalutation(para, i) }));
      if (rows.length) {
        pdf.paragraph(w.listIntro, { indent: true });
        await pdf.table(
          tpl.columns,
          rows.map((a, i) => ({
            seq: String(i + 1),
            unit: a.unitName,
            reason: a.reasonLabel,
            text: a.findingCode && !a.text.includes(a.findingCode) ? `${a.text}（${a.findingCode}）` : a.text,
            points: a.points === null ? '' : String(a.points),
            amount: yuan(a.amountYuan),
          })),
          {
            totalRow: () => ({
              seq: w.totalRow,
              unit: `${rows.length} 项`,
              points: String(rows.reduce((s, a) => s + (a.points ?? 0), 0)),
              amount: yuan(rows.reduce((s, a) => s + (a.amountYuan ?? 0), 0)),
            }),
          },
        );
      }
      pdf.gap(1.5);
      pdf.paragraph(`${office.name}\n${date}`, { align: 'right' });
      // 版记: 抄送 and 印发 between rules, at the foot of the last page.
      pdf.ensureSpace(70);
      pdf.doc.y = Math.max(pdf.doc.y + 20, pdf.doc.page.height - pdf.doc.page.margins.bottom - 60);
      pdf.rule();
      pdf.paragraph(`${w.cc}：${w.ccTo}`);
      pdf.rule();
      pdf.paragraph(`${office.header}\u3000\u3000\u3000\u3000${date}${w.printed}`);
      pdf.rule();
    });
    return {
      fileName: `${n.title}.pdf`,
      asciiName: asciiFileName('notice', n.id, n.publishedOn ?? `draft-${this.clock.today()}`),
      stream,
    };
  }
}
