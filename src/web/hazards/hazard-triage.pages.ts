import { Body, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { HazardLevel } from '../../findings/finding.enums';
import { FindingsService } from '../../findings/findings.service';
import { ProposeBountyDto, TriageDto } from '../../hazard-reports/hazard-report.dto';
import { HazardReportStatus } from '../../hazard-reports/hazard-report.enums';
import { HazardTriageService } from '../../hazard-reports/hazard-triage.service';
import { BountiesService } from '../../hazard-reports/bounties.service';
import { chinesePart, formState, int, text, validForm } from '../forms';
import { flash, type WebRequest } from '../view';
import { findingIdByCode } from '../lookups';
import { WebPages } from '../web-pages.decorator';
import { HAZARD_REPORT_STATUS_LABEL } from './hazard-labels';
import { HazardReportPageView } from './hazard-report-page.view';

const TRIAGE_LABELS = {
  result: '核查结论',
  level: '隐患等级',
  category: '类别',
  deadline: '整改时限',
  responsiblePerson: '责任人',
  responsibleLeader: '责任领导',
  note: '说明',
  duplicateOfFindingId: '重复的已知问题',
  duplicateOfReportId: '先前的举报',
};
const PROPOSE_LABELS = { hazardReportId: '举报', amountYuan: '奖励金额' };

/** The safety office's forms on a report's page: triage (核查) and the bounty proposal (提出奖励). */
@WebPages('hazard-reports')
export class HazardTriagePages {
  constructor(
    private readonly triageService: HazardTriageService,
    private readonly bounties: BountiesService,
    private readonly findings: FindingsService,
    private readonly page: HazardReportPageView,
  ) {}

  @Post(':id/triage')
  @AllowRoles(Role.SAFETY_OFFICE)
  async triage(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    const actor = req.actor!;
    const result = text(body.result);
    const values: Record<string, unknown> = { result };
    if (result === 'VALID')
      Object.assign(values, {
        level: text(body.level),
        category: text(body.category),
        deadline: text(body.deadline),
        responsiblePerson: text(body.responsiblePerson),
        responsibleLeader: text(body.level) === HazardLevel.MAJOR ? text(body.responsibleLeader) : undefined,
        note: text(body.note),
      });
    else if (result === 'INVALID') values.note = text(body.note);
    else if (result === 'DUPLICATE')
      Object.assign(values, {
        duplicateOfFindingCode: text(body.duplicateOfFindingCode),
        duplicateOfReportId: int(body.duplicateOfReportId),
        note: text(body.note),
      });
    const form = `triage-${result ?? ''}`;
    try {
      const { duplicateOfFindingCode, ...rest } = values;
      const plain: Record<string, unknown> = { ...rest };
      if (duplicateOfFindingCode !== undefined)
        plain.duplicateOfFindingId = await findingIdByCode(
          this.findings,
          actor,
          String(duplicateOfFindingCode),
          'duplicateOfFindingId',
        );
      const dto = await validForm(TriageDto, plain, TRIAGE_LABELS);
      const done = await this.triageService.triage(actor, id, dto);
      flash(
        res,
        done.status === HazardReportStatus.VALID
          ? `已核查为有效举报，已生成问题 ${done.finding?.code ?? ''}（隐患举报轮次）。可以提出奖励。`
          : `已核查：${HAZARD_REPORT_STATUS_LABEL[done.status]}。`,
      );
      redirect(res, `/hazard-reports/${id}`);
    } catch (err) {
      const state = formState(err, form, values, TRIAGE_LABELS);
      // The duplicate finding is typed as its code; its messages belong next to that field.
      if (state.fields.duplicateOfFindingId)
        state.fields.duplicateOfFindingCode = state.fields.duplicateOfFindingId;
      res.status(state.status);
      await this.page.showReport(req, res, id, state);
    }
  }

  @Post(':id/bounty')
  @AllowRoles(Role.SAFETY_OFFICE)
  async propose(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    const values = { hazardReportId: id, amountYuan: int(body.amountYuan) };
    try {
      const dto = await validForm(ProposeBountyDto, values, PROPOSE_LABELS);
      const bounty = await this.bounties.propose(req.actor!, dto);
      const warning = bounty.budget.warning ? `注意：${chinesePart(bounty.budget.warning)}。` : '';
      flash(res, `已提出奖励 ${bounty.amountYuan} 元，待督导组组长审批。${warning}`);
      redirect(res, `/hazard-reports/${id}`);
    } catch (err) {
      const state = formState(err, 'bounty', values, PROPOSE_LABELS);
      res.status(state.status);
      await this.page.showReport(req, res, id, state);
    }
  }
}
