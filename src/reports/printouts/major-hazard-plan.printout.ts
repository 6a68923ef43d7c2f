import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { dateInZone } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { HazardLevel } from '../../findings/finding.enums';
import { FindingsService } from '../../findings/findings.service';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { asciiFileName, PrintMeta, RenderedPdf, yuan } from './print-meta';

type Wording = Record<string, string> & { signatures: string[] };

/**
 * 重大事故隐患治理方案 (安监总局令第16号 第二十条) of a MAJOR finding: the status report (现状及其产生原因, 危害程度和
 * 整改难易程度分析) and the six parts of the plan in force, printed from the 五落实 plan and its 治理方案 fields.
 */
@Injectable()
export class MajorHazardPlanPrintout {
  constructor(
    private readonly clock: Clock,
    private readonly meta: PrintMeta,
    private readonly findings: FindingsService,
  ) {}

  async plan(actor: Actor, findingId: number): Promise<RenderedPdf> {
    const f = await this.findings.detail(actor, findingId);
    const tpl = loadTemplate('major-hazard-plan');
    const w = tpl.wording as Wording;
    const p = f.plan;
    const zone = this.clock.timeZone;
    const stream = await renderPdf(
      tpl,
      `${f.code} ${tpl.title}`,
      await this.meta.now(actor, `/findings/${f.id}`),
      async (pdf) => {
        pdf.setRunningHeader(`${tpl.title}\u3000${f.code}\u3000${f.unit.name}`);
        pdf.title(tpl.title, `${f.code}\u3000${f.unit.name}`);
        if (f.level !== HazardLevel.MAJOR) return pdf.banner(w.notMajor);
        if (!p) pdf.banner(w.noPlan);
        else if (p.onTheSpot) pdf.banner(w.onTheSpot);
        else if (!p.confirmedAt) pdf.banner(w.awaiting);
        pdf.heading(w.statusSection);
        pdf.fields([
          [w.code, f.code],
          [w.unit, f.unit.name],
          [w.location, f.location],
          [w.foundDate, f.foundDate],
        ]);
        pdf.fields(
          [
            [w.description, f.description],
            [w.currentSituation, p?.currentSituation ?? ''],
            [w.hazardAnalysis, p?.hazardAnalysis ?? ''],
          ],
          1,
        );
        pdf.heading(w.planSection);
        const funds =
          p?.fundsAmount === null || p?.fundsAmount === undefined
            ? ''
            : `${yuan(p.fundsAmount)} 元${p.fundsSource ? `（${p.fundsSource}）` : ''}${p.fundsAmount === 0 && p.fundsZeroReason ? `（${p.fundsZeroReason}）` : ''}`;
        // 责任人: the plan's. Before there is a plan (or for a fix on the spot that named nobody) it is the person the
        // finding was assigned to (交办), said so, as the finding's page shows 整改责任人: never an empty cell. The
        // 责任领导 has a line of its own, so neither name is broken where the two shared one.
        const person =
          p?.responsiblePerson ||
          (p ? w.assignedPerson : w.assignedPersonNoPlan).replace('{person}', () => f.responsiblePerson);
        // No plan yet: the unit has not decided on stopping production, so neither 是 nor 否.
        const stopProduction = !p ? '' : p.stopProduction ? `是，${p.stopProductionScope ?? ''}` : '否';
        pdf.fields(
          [
            [w.goalsAndTasks, p?.goalsAndTasks ?? ''],
            [w.measures, p?.measures ?? ''],
            [w.fundsAndMaterials, `${w.funds}：${funds}\n${w.materials}：${p?.materials ?? ''}`],
            [
              w.organisation,
              `${w.institution}：${p?.responsibleOrganisation ?? ''}\n${w.person}：${person}\n${w.leader}：${f.responsibleLeader ?? ''}`,
            ],
            [
              w.timeAndRequirements,
              `${w.deadline}：${p?.deadline ?? ''}\n${w.requirements}：${p?.timeRequirements ?? ''}`,
            ],
            [
              w.safety,
              `${w.interimControls}：${p?.interimControls ?? ''}\n${w.stopProduction}：${stopProduction}\n${w.contingency}：${p?.contingencyPlan ?? ''}`,
            ],
            [
              w.revision,
              p
                ? `第 ${p.revision} 版，${dateInZone(new Date(p.submittedAt), zone)}；${p.confirmedAt ? `${w.confirmed}（${dateInZone(new Date(p.confirmedAt), zone)}）` : w.awaiting}`
                : '',
            ],
          ],
          1,
        );
        pdf.heading(w.signatureSection, 130);
        pdf.signatures(w.signatures, w.signLine, w.dateLine);
      },
    );
    return {
      fileName: `${f.code}-${tpl.title}.pdf`,
      asciiName: asciiFileName(f.code, 'major-hazard-plan', this.meta.today()),
      stream,
    };
  }
}
