import {
  Body,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { AuditLogService } from '../../audit-log/audit-log.service';
import { Role, SUPERVISION_ROLES, UNIT_ROLES } from '../../common/access/roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import {
  AccountabilityDto,
  LinkRecurrenceDto,
  LinkSimilarDto,
  MechanismDto,
  SatisfactionDto,
  SweepDto,
  VerificationDto,
} from '../../closeout/closeout.dto';
import { CloseoutService } from '../../closeout/closeout.service';
import { Clock } from '../../common/time/clock';
import { contentDisposition } from '../../common/http/content-disposition';
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
import { FindingStatus, HazardLevel } from '../../findings/finding.enums';
import { FindingsService } from '../../findings/findings.service';
import { RectificationService } from '../../findings/rectification.service';
import { UnitsService } from '../../org/units.service';
import type { ListUnitsQuery } from '../../org/unit.dto';
import { ReportsService } from '../../reports/reports.service';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { sendPdf } from '../files';
import { bool, type FormState, formState, int, intList, text, validForm } from '../forms';
import { can, flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { ACTION_LABEL, FIELD_LABELS } from './finding-labels';

const UNIT = UNIT_ROLES as Role[];
const SUPERVISION = SUPERVISION_ROLES as Role[];
const EVIDENCE_UPLOADERS = [...UNIT, Role.SAFETY_OFFICE, ...SUPERVISION];
const RECORDERS = [Role.SAFETY_OFFICE, ...SUPERVISION, ...UNIT];
const LINKERS = [Role.SAFETY_OFFICE, ...SUPERVISION];
const OPEN: FindingStatus[] = [
  FindingStatus.ASSIGNED,
  FindingStatus.RECTIFYING,
  FindingStatus.PENDING_VERIFICATION,
  FindingStatus.VERIFIED,
];

type FormBody = Record<string, unknown>;

/**
 * One finding (问题): its facts, the 五落实 plan, progress, evidence, summary, the 五个不放过 checklist and its
 * history — and, as forms, the actions the logged-in user may take now. Each POST stands for the API route of
 * the same name, with the same roles and the same service call.
 */
@WebPages('findings')
export class FindingDetailPages {
  constructor(
    private readonly findings: FindingsService,
    private readonly rectification: RectificationService,
    private readonly evidence: EvidenceService,
    private readonly closeout: CloseoutService,
    private readonly units: UnitsService,
    private readonly audit: AuditLogService,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  async show(@Req() req: WebRequest, @Res() res: Response, @Param('id', ParseIntPipe) id: number) {
    await this.render(req, res, id);
  }

  @Get(':id/print')
  @AllowRoles(...FINDING_READERS)
  async print(@Req() req: WebRequest, @Res() res: Response, @Param('id', ParseIntPipe) id: number) {
    sendPdf(res, await this.reports.closeoutSheet(req.actor!, id));
  }

  @Get(':id/evidence/:evidenceId')
  @AllowRoles(...FINDING_READERS)
  async evidenceFile(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Param('evidenceId', ParseIntPipe) evidenceId: number,
  ) {
    const file = await this.evidence.download(req.actor!, id, evidenceId);
    const inline = file.mimeType.startsWith('image/') || file.mimeType === 'application/pdf';
    res.setHeader('Content-Type', file.mimeType);
    res.setHeader('Content-Disposition', contentDisposition(file.fileName, inline ? 'inline' : 'attachment'));
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.end(file.content);
  }

  @Post(':id/plan')
  @AllowRoles(...UNIT)
  plan(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'plan', b, '已保存“五落实”整改方案', async () => {
      const onTheSpot = bool(b.onTheSpot);
      const dto = await validForm(
        RecordPlanDto,
        onTheSpot
          ? { onTheSpot: true, onTheSpotEvidenceIds: intList(b.onTheSpotEvidenceIds) }
          : {
              measures: text(b.measures),
              responsiblePerson: text(b.responsiblePerson),
              fundsAmount: int(b.fundsAmount),
              fundsSource: text(b.fundsSource),
              fundsZeroReason: text(b.fundsZeroReason),
              deadline: text(b.deadline),
              contingencyPlan: text(b.contingencyPlan),
              interimControls: text(b.interimControls),
              stopProduction: bool(b.stopProduction) || undefined,
              stopProductionScope: text(b.stopProductionScope),
            },
        FIELD_LABELS,
      );
      return this.rectification.recordPlan(req.actor!, id, dto);
    });
  }

  @Post(':id/plan/confirm')
  @AllowRoles(Role.UNIT_HEAD)
  confirmPlan(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'confirm', b, '已确认整改方案', () =>
      this.rectification.confirmPlan(req.actor!, id),
    );
  }

  @Post(':id/progress')
  @AllowRoles(...UNIT)
  progress(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'progress', b, '已记录整改进展', async () => {
      const dto = await validForm(ProgressDto, { note: text(b.note), percent: int(b.percent) }, FIELD_LABELS);
      return this.rectification.addProgress(req.actor!, id, dto);
    });
  }

  @Post(':id/evidence')
  @AllowRoles(...EVIDENCE_UPLOADERS)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 200 * 1024 * 1024, files: 1 } }))
  upload(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
    @UploadedFile() file: Parameters<EvidenceService['upload']>[2],
  ) {
    return this.act(req, res, id, 'evidence', b, '证据已上传', async () => {
      const dto = await validForm(
        EvidenceUploadDto,
        { kind: text(b.kind), caption: text(b.caption) },
        FIELD_LABELS,
      );
      return this.evidence.upload(req.actor!, id, file, dto.kind, dto.caption);
    });
  }

  @Post(':id/summary')
  @AllowRoles(...UNIT)
  summary(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'summary', b, '已提交整改总结，等待督导组复查', async () => {
      const dto = await validForm(
        SummaryDto,
        {
          whatWasDone: text(b.whatWasDone),
          rootCause: text(b.rootCause),
          evidenceIds: intList(b.evidenceIds),
        },
        FIELD_LABELS,
      );
      return this.rectification.submitSummary(req.actor!, id, dto);
    });
  }

  @Post(':id/extensions')
  @AllowRoles(...UNIT)
  extension(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'extension', b, '已申请延期，等待审批', async () => {
      const dto = await validForm(
        ExtensionRequestDto,
        { requestedDeadline: text(b.requestedDeadline), reason: text(b.reason) },
        FIELD_LABELS,
      );
      return this.rectification.requestExtension(req.actor!, id, dto);
    });
  }

  @Post(':id/extensions/:extensionId/decision')
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER)
  decideExtension(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Param('extensionId', ParseIntPipe) extensionId: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, `decision-${extensionId}`, b, '已审批延期申请', async () => {
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

  @Post(':id/verifications')
  @AllowRoles(...SUPERVISION)
  verify(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    const pass = b.result === 'PASS';
    return this.act(
      req,
      res,
      id,
      'verification',
      b,
      pass ? '复查通过' : '复查不通过，已退回整改',
      async () => {
        const dto = await validForm(
          VerificationDto,
          {
            result: text(b.result),
            verifiedOn: text(b.verifiedOn),
            notes: text(b.notes),
            evidenceIds: intList(b.evidenceIds),
          },
          FIELD_LABELS,
        );
        return this.closeout.verify(req.actor!, id, dto);
      },
    );
  }

  @Post(':id/sweep')
  @AllowRoles(...RECORDERS)
  sweep(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'sweep', b, '已记录举一反三排查', async () => {
      const dto = await validForm(
        SweepDto,
        {
          checkedUnitIds: intList(b.checkedUnitIds) ?? [],
          checkedBy: text(b.checkedBy),
          result: text(b.result),
          similarFindingIds: b.result === 'SIMILAR_FOUND' ? (intList(b.similarFindingIds) ?? []) : undefined,
          sweptOn: text(b.sweptOn),
          notes: text(b.notes),
        },
        FIELD_LABELS,
      );
      return this.closeout.recordSweep(req.actor!, id, dto);
    });
  }

  @Post(':id/similar')
  @AllowRoles(...LINKERS)
  similar(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'similar', b, '已关联同类问题', async () => {
      const dto = await validForm(LinkSimilarDto, { findingIds: intList(b.findingIds) ?? [] }, FIELD_LABELS);
      return this.closeout.linkSimilar(req.actor!, id, dto.findingIds);
    });
  }

  @Post(':id/recurrence-of')
  @AllowRoles(...LINKERS)
  recurrence(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'recurrence', b, '已标记为复发问题', async () => {
      const dto = await validForm(
        LinkRecurrenceDto,
        { earlierFindingId: int(b.earlierFindingId) },
        FIELD_LABELS,
      );
      return this.closeout.linkRecurrence(req.actor!, id, dto.earlierFindingId);
    });
  }

  @Post(':id/mechanisms')
  @AllowRoles(...RECORDERS)
  mechanism(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'mechanism', b, '已记录长效机制', async () => {
      const kind = text(b.kind);
      const dto = await validForm(
        MechanismDto,
        {
          kind,
          title: text(b.title),
          documentNumber: kind === 'MECHANISM' ? text(b.documentNumber) : undefined,
          effectiveDate: kind === 'MECHANISM' ? text(b.effectiveDate) : undefined,
          attachmentEvidenceId: int(b.attachmentEvidenceId),
        },
        FIELD_LABELS,
      );
      return this.closeout.recordMechanism(req.actor!, id, dto);
    });
  }

  @Post(':id/accountability')
  @AllowRoles(...SUPERVISION)
  accountability(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'accountability', b, '已记录责任追究', async () => {
      const kind = text(b.kind);
      const action = kind === 'ACTION' ? text(b.action) : undefined;
      const dto = await validForm(
        AccountabilityDto,
        {
          kind,
          personName: kind === 'ACTION' ? text(b.personName) : undefined,
          action,
          amountYuan: action === 'ECONOMIC' ? int(b.amountYuan) : undefined,
          details: text(b.details),
          decidedBy: text(b.decidedBy),
          decidedOn: text(b.decidedOn),
        },
        FIELD_LABELS,
      );
      return this.closeout.recordAccountability(req.actor!, id, dto);
    });
  }

  @Post(':id/satisfaction')
  @AllowRoles(...RECORDERS)
  satisfaction(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'satisfaction', b, '已记录员工满意确认', async () => {
      const dto = await validForm(
        SatisfactionDto,
        {
          representatives: text(b.representatives),
          confirmedOn: text(b.confirmedOn),
          satisfied: b.satisfied === 'true' ? true : b.satisfied === 'false' ? false : undefined,
          comments: text(b.comments),
        },
        FIELD_LABELS,
      );
      return this.closeout.recordSatisfaction(req.actor!, id, dto);
    });
  }

  @Post(':id/closeout')
  @AllowRoles(...SUPERVISION)
  close(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'closeout', b, '已销号', () => this.closeout.closeOut(req.actor!, id));
  }

  @Post(':id/cancel')
  @AllowRoles(Role.SAFETY_OFFICE)
  cancel(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.act(req, res, id, 'cancel', b, '问题已作废', async () => {
      const dto = await validForm(CancelFindingDto, { reason: text(b.reason) }, FIELD_LABELS);
      return this.findings.cancel(req.actor!, id, dto.reason);
    });
  }

  /**
   * Runs one action: success → back to the finding with a message (POST/redirect/GET, so a reload does not
   * submit twice); a refusal the user can fix → the same page with the form open, the message and the fields.
   */
  private async act(
    req: WebRequest,
    res: Response,
    id: number,
    form: string,
    body: FormBody,
    done: string,
    work: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await work();
    } catch (err) {
      const state = formState(err, form, body, FIELD_LABELS);
      res.status(state.status);
      return this.render(req, res, id, state);
    }
    flash(res, done);
    res.redirect(303, `/findings/${id}#${form}`);
  }

  private async render(req: WebRequest, res: Response, id: number, state?: FormState): Promise<void> {
    const actor = req.actor!;
    const finding = await this.findings.detail(actor, id);
    const open = OPEN.includes(finding.status);
    const mayLink = can(actor, ...LINKERS);
    const [gate, history, suggestions, units] = await Promise.all([
      this.closeout.gate(actor, id),
      this.audit.list(actor, { entityType: 'Finding', entityId: String(id), limit: 200, offset: 0 }),
      mayLink && open ? this.closeout.suggestionsFor(actor, id) : null,
      open && can(actor, ...RECORDERS)
        ? this.units.list(actor, { limit: 500 } as ListUnitsQuery).then((r) => r.items)
        : [],
    ]);
    const s = finding.status;
    const unitWork = can(actor, ...UNIT) && (s === FindingStatus.ASSIGNED || s === FindingStatus.RECTIFYING);
    const actions = {
      plan: unitWork,
      confirm:
        can(actor, Role.UNIT_HEAD) &&
        finding.level === HazardLevel.MAJOR &&
        !!finding.plan &&
        !(finding.plan as { confirmedAt?: unknown }).confirmedAt &&
        unitWork,
      progress: unitWork,
      extension: unitWork,
      summary: can(actor, ...UNIT) && s === FindingStatus.RECTIFYING,
      evidence: open && can(actor, ...EVIDENCE_UPLOADERS),
      decideExtension: can(actor, Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER),
      verification: can(actor, ...SUPERVISION) && s === FindingStatus.PENDING_VERIFICATION,
      sweep: open && can(actor, ...RECORDERS),
      mechanism: open && can(actor, ...RECORDERS),
      accountability: open && can(actor, ...SUPERVISION),
      satisfaction: open && can(actor, ...RECORDERS),
      similar: open && mayLink,
      closeout: can(actor, ...SUPERVISION) && s === FindingStatus.VERIFIED,
      cancel: open && can(actor, Role.SAFETY_OFFICE),
    };
    renderPage(req, res, 'findings/detail', {
      title: `${finding.code} 问题详情`,
      finding,
      gate,
      history: history.items.map((e) => ({ ...e, actionLabel: ACTION_LABEL[e.action] ?? e.action })),
      suggestions,
      units,
      actions,
      today: this.clock.today(),
      formState: state,
    });
  }
}
