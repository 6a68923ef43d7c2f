import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { CloseoutService } from '../../closeout/closeout.service';
import { dateInZone } from '../../common/time/business-date';
import { shortened } from '../../common/text/shortened';
import { Clock } from '../../common/time/clock';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FindingStatus,
  HazardLevel,
} from '../../findings/finding.enums';
import { EvidenceService } from '../../findings/evidence.service';
import { FindingsService } from '../../findings/findings.service';
import { UsersService } from '../../users/users.service';
import { loadTemplate, PdfWriter, renderPdf } from '../pdf/pdf-writer';
import { closeoutPhotos, drawCloseoutPhotos } from './closeout-photos';
import { governancePlanRows } from './governance-plan-rows';
import { asciiFileName, chineseOnly, PrintMeta, RenderedPdf, yuan } from './print-meta';

type Wording = Record<string, string> & { signatures: string[] };
type FindingDetail = Awaited<ReturnType<FindingsService['detail']>>;

/** 整改销号单: one finding's close-out sheet with the 五个不放过 checklist and signature blocks. */
@Injectable()
export class CloseoutSheetPrintout {
  constructor(
    private readonly clock: Clock,
    private readonly meta: PrintMeta,
    private readonly findings: FindingsService,
    private readonly closeout: CloseoutService,
    private readonly users: UsersService,
    private readonly evidence: EvidenceService,
  ) {}

  async closeoutSheet(actor: Actor, findingId: number): Promise<RenderedPdf> {
    const f = await this.findings.detail(actor, findingId);
    const gate = await this.closeout.gate(actor, findingId);
    const tpl = loadTemplate('closeout-sheet');
    const w = tpl.wording as Wording;
    const verifications = await this.closeout.verificationsOf(findingId);
    const names = await this.users.displayNames([
      ...f.summaries.map((s) => s.submittedById),
      ...f.progress.map((p) => p.authorId),
      ...verifications.map((v) => v.verifierId),
      ...f.evidence.map((e) => e.uploadedById),
    ]);
    const photos = await closeoutPhotos(this.evidence, actor, f.id, f.evidence, names, this.clock.timeZone);
    const closed = f.status === FindingStatus.CLOSED;
    // A cancelled finding is never closed out: its sheet says so and why, without the gate's table or signatures.
    const cancelled = f.status === FindingStatus.CANCELLED;
    const closedAt = gate.closedAt ?? f.closedAt;
    const stream = await renderPdf(
      tpl,
      `${f.code} ${tpl.title}`,
      await this.meta.now(actor, `/findings/${f.id}`),
      async (pdf) => {
        // Every later page names the finding, so a page read alone (the signatures) still says what it signs for.
        pdf.setRunningHeader(
          `${tpl.title}\u3000${f.code}\u3000${f.unitName}\u3000${shortened(f.description, 30)}`,
        );
        if (!closed) pdf.watermark(cancelled ? w.cancelledMark : w.notClosedMark);
        pdf.title(tpl.title, `${f.code}\u3000${f.unitName}`);
        if (cancelled) {
          pdf.banner(`${w.cancelledMark}\u3000${w.cancelledNote}`);
          pdf.fields([[w.cancelReason, f.cancelReason ?? '—']], 1);
        } else if (!closed)
          pdf.banner(`${w.notClosedMark}\u3000${w.notClosedNote}（${w.status}：${f.statusLabel}）`);
        else
          pdf.fields([
            [w.closedOn, closedAt ? dateInZone(new Date(closedAt), this.clock.timeZone) : '—'],
            [w.closedBy, gate.closedBy ?? '—'],
          ]);
        this.details(pdf, f, w);
        this.plan(pdf, f, w);
        this.progress(pdf, f, names, w);
        drawCloseoutPhotos(pdf, photos, w);
        pdf.heading(w.verificationSection);
        if (!verifications.length) pdf.paragraph(w.noVerification);
        for (const v of verifications)
          pdf.paragraph(
            `${v.verifiedOn}\u3000${names.get(v.verifierId) ?? ''}\u3000${v.result === 'PASS' ? '复查通过' : '复查不通过'}（证据 ${v.evidenceIds.length} 份）：${v.notes}`,
          );
        if (cancelled) return;
        pdf.heading(gate.asOfCloseout ? `${w.gateSection}${w.asOfCloseout}` : w.gateSection, 80);
        await pdf.table(
          tpl.columns,
          gate.rules.map((r) => ({
            rule: `${r.number}. ${r.text}`,
            result: r.satisfied ? `✓ ${w.satisfied}` : `× ${w.unsatisfied}`,
            basis: chineseOnly(r.detail),
          })),
        );
        // The section heading, the finding's code and the signature boxes stay on one page.
        pdf.heading(w.signatureSection, 130);
        pdf.paragraph(`${w.code}：${f.code}\u3000${w.status}：${f.statusLabel}`);
        pdf.signatures(w.signatures, w.signLine, w.dateLine);
      },
    );
    return {
      fileName: `${f.code}-${tpl.title}.pdf`,
      asciiName: asciiFileName(f.code, 'closeout-sheet', this.meta.today()),
      stream,
    };
  }

  private details(pdf: PdfWriter, f: FindingDetail, w: Wording) {
    pdf.heading(w.detailsSection);
    pdf.fields([
      [w.code, f.code],
      [w.round, f.round.name],
      [w.unit, f.unit.name],
      [w.location, f.location],
      [w.level, f.levelLabel],
      [w.category, `${FINDING_CATEGORY_LABEL[f.category]}${f.tags.length ? `（${f.tags.join('、')}）` : ''}`],
      [w.source, FINDING_SOURCE_LABEL[f.source]],
      [w.foundDate, `${f.foundDate}（${f.foundBy}）`],
      [w.deadline, f.deadline],
      [w.status, f.statusLabel],
      [w.responsiblePerson, f.responsiblePerson],
      [w.responsibleLeader, f.responsibleLeader ?? '—'],
    ]);
    pdf.fields([[w.description, f.description]], 1);
  }

  private plan(pdf: PdfWriter, f: FindingDetail, w: Wording) {
    const plan = f.plan;
    pdf.heading(w.planSection);
    if (!plan) return pdf.paragraph(w.noPlan);
    if (plan.onTheSpot) return pdf.fields([[w.onTheSpot, plan.measures ?? '']], 1);
    const rows: [string, string][] = [
      [w.measures, plan.measures ?? ''],
      [w.planResponsible, plan.responsiblePerson ?? ''],
      [
        w.funds,
        plan.fundsAmount === null
          ? ''
          : `${yuan(plan.fundsAmount)} 元${plan.fundsSource ? `（${plan.fundsSource}）` : ''}${plan.fundsAmount === 0 && plan.fundsZeroReason ? `（${plan.fundsZeroReason}）` : ''}`,
      ],
      [w.planDeadline, plan.deadline ?? ''],
      [w.contingency, plan.contingencyPlan ?? ''],
    ];
    if (f.level === HazardLevel.MAJOR) {
      rows.push(
        [w.interimControls, plan.interimControls ?? ''],
        [w.stopProduction, plan.stopProduction ? `是：${plan.stopProductionScope ?? ''}` : '否'],
      );
    }
    rows.push(...governancePlanRows(f.level, plan));
    pdf.fields(rows, 1);
  }

  private progress(pdf: PdfWriter, f: FindingDetail, names: Map<number, string>, w: Wording) {
    const zone = this.clock.timeZone;
    pdf.heading(w.progressSection);
    if (!f.progress.length && !f.summaries.length) pdf.paragraph(w.noProgress);
    for (const p of f.progress)
      pdf.paragraph(
        `${dateInZone(p.createdAt, zone)}\u3000${names.get(p.authorId) ?? ''}：${p.note}${p.percent !== null ? `（${p.percent}%）` : ''}`,
      );
    for (const s of f.summaries) {
      pdf.fields(
        [
          [
            w.summary,
            `${dateInZone(s.submittedAt, zone)} ${names.get(s.submittedById) ?? ''}${s.late ? w.late : ''}：${s.whatWasDone}`,
          ],
          [w.rootCause, s.rootCause],
        ],
        1,
      );
    }
  }
}
