import { Body, Param, ParseIntPipe, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
import { AllowRoles } from '../../common/access/roles.decorator';
import { EvidenceService } from '../../findings/evidence.service';
import {
  CancelFindingDto,
  EvidenceUploadDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  ProgressDto,
  RecordPlanDto,
  SummaryDto,
} from '../../findings/finding.dto';
import { FindingsService } from '../../findings/findings.service';
import { RectificationService } from '../../findings/rectification.service';
import { FINDING_ACTION_ROLES } from '../../findings/rules/allowed-actions';
import { bool, checkForm, int, intList, text, validForm } from '../forms';
import { type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { FindingDetailView, type FormBody } from './finding-detail.view';
import { FIELD_LABELS } from './finding-labels';
import { GOVERNANCE_FIELD_LABELS, governanceFields } from './governance-plan';
import { UploadInterceptor, refuseOversizeUpload } from '../../common/files/upload-limit.interceptor';

/**
 * The finding page's forms for the rectification: the 五落实 plan and its confirmation, progress, evidence, the
 * summary, deadline extensions, cancelling. Each POST stands for the API route of the same name, with the same
 * roles and the same service call.
 */
@WebPages('findings')
export class FindingActionPages {
  constructor(
    private readonly view: FindingDetailView,
    private readonly findings: FindingsService,
    private readonly rectification: RectificationService,
    private readonly evidence: EvidenceService,
  ) {}

  @Post(':id/plan')
  @AllowRoles(...FINDING_ACTION_ROLES.plan)
  plan(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'plan', b, '已保存“五落实”整改方案', async () => {
      const onTheSpot = bool(b.onTheSpot);
      const basedOnRevision = int(b.basedOnRevision);
      const { dto, problems } = await checkForm(
        RecordPlanDto,
        onTheSpot
          ? // An on-the-spot fix still says what was done (整改措施); its evidence stands for the other four.
            {
              basedOnRevision,
              onTheSpot: true,
              measures: text(b.measures),
              onTheSpotEvidenceIds: intList(b.onTheSpotEvidenceIds),
            }
          : {
              basedOnRevision,
              measures: text(b.measures),
              responsiblePerson: text(b.responsiblePerson),
              fundsAmount: int(b.fundsAmount),
              fundsSource: text(b.fundsSource),
              fundsZeroReason: text(b.fundsZeroReason),
              deadline: text(b.deadline),
              contingencyPlan: text(b.contingencyPlan),
              interimControls: text(b.interimControls),
              stopProduction: stopDecision(b.stopProduction),
              stopProductionScope: text(b.stopProductionScope),
              ...governanceFields(b),
            },
        { ...FIELD_LABELS, ...GOVERNANCE_FIELD_LABELS },
      );
      return this.rectification.recordPlan(req.actor!, id, dto, problems);
    });
  }

  @Post(':id/plan/confirm')
  @AllowRoles(...FINDING_ACTION_ROLES.confirm)
  confirmPlan(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'confirm', b, '已确认整改方案', () =>
      this.rectification.confirmPlan(req.actor!, id),
    );
  }

  @Post(':id/progress')
  @AllowRoles(...FINDING_ACTION_ROLES.progress)
  progress(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'progress', b, '已记录整改进展', async () => {
      const dto = await validForm(ProgressDto, { note: text(b.note), percent: int(b.percent) }, FIELD_LABELS);
      return this.rectification.addProgress(req.actor!, id, dto);
    });
  }

  @Post(':id/evidence')
  @AllowRoles(...FINDING_ACTION_ROLES.evidence)
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES', { for: 'page' }))
  upload(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
    @UploadedFile() file: Parameters<EvidenceService['upload']>[2],
  ) {
    return this.view.act(req, res, id, 'evidence', b, '证据已上传', async () => {
      refuseOversizeUpload(req);
      const dto = await validForm(
        EvidenceUploadDto,
        { kind: text(b.kind), caption: text(b.caption) },
        FIELD_LABELS,
      );
      return this.evidence.upload(req.actor!, id, file, dto.kind, dto.caption);
    });
  }

  @Post(':id/summary')
  @AllowRoles(...FINDING_ACTION_ROLES.summary)
  summary(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'summary', b, '已提交整改总结，等待督导组复查', async () => {
      const { dto, problems } = await checkForm(
        SummaryDto,
        {
          whatWasDone: text(b.whatWasDone),
          rootCause: text(b.rootCause),
          evidenceIds: intList(b.evidenceIds),
        },
        FIELD_LABELS,
      );
      return this.rectification.submitSummary(req.actor!, id, dto, problems);
    });
  }

  @Post(':id/extensions')
  @AllowRoles(...FINDING_ACTION_ROLES.extension)
  extension(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'extension', b, '已申请延期，等待审批', async () => {
      const { dto, problems } = await checkForm(
        ExtensionRequestDto,
        { requestedDeadline: text(b.requestedDeadline), reason: text(b.reason) },
        FIELD_LABELS,
      );
      return this.rectification.requestExtension(req.actor!, id, dto, problems);
    });
  }

  @Post(':id/extensions/:extensionId/decision')
  @AllowRoles(...FINDING_ACTION_ROLES.decideExtension)
  decideExtension(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Param('extensionId', ParseIntPipe) extensionId: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, `decision-${extensionId}`, b, '已审批延期申请', async () => {
      const dto = await validForm(
        ExtensionDecisionDto,
        {
          approve: b.approve === 'true' ? true : b.approve === 'false' ? false : undefined,
          note: text(b.note),
        },
        FIELD_LABELS,
      );
      return this.rectification.decideExtension(req.actor!, id, extensionId, dto);
    });
  }

  @Post(':id/cancel')
  @AllowRoles(...FINDING_ACTION_ROLES.cancel)
  cancel(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'cancel', b, '问题已作废', async () => {
      const dto = await validForm(CancelFindingDto, { reason: text(b.reason) }, FIELD_LABELS);
      return this.findings.cancel(req.actor!, id, dto.reason);
    });
  }
}

/**
 * 停产 yes/no: a MAJOR finding's form asks it with two choices (the rule needs an explicit answer either way); the
 * others' single checkbox says only "yes" — unticked is no answer.
 */
function stopDecision(v: unknown): boolean | undefined {
  if (v === 'no') return false;
  return v === 'yes' || bool(v) || undefined;
}
