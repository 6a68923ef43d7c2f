import { Body, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
import { AllowRoles } from '../../common/access/roles.decorator';
import {
  AccountabilityDto,
  LinkRecurrenceDto,
  LinkSimilarDto,
  MAX_SIMILAR_LINKS,
  MechanismDto,
  SatisfactionDto,
  SweepDto,
  VerificationDto,
} from '../../closeout/closeout.dto';
import { CloseoutService } from '../../closeout/closeout.service';
import { validationFailed } from '../../common/errors/domain-error';
import { FindingsService } from '../../findings/findings.service';
import { FINDING_ACTION_ROLES } from '../../findings/rules/allowed-actions';
import { typedCodes } from '../../findings/rules/finding-code';
import { int, intList, list, text, validForm } from '../forms';
import { type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { FindingDetailView, type FormBody } from './finding-detail.view';
import { FIELD_LABELS } from './finding-labels';

/**
 * The finding page's forms for verification and close-out: 复查, the records of the 五个不放过 (sweep, similar and
 * recurrence links, mechanism, accountability, satisfaction) and 销号. Each POST stands for the API route of the
 * same name, with the same roles and the same service call.
 */
@WebPages('findings')
export class FindingCloseoutActionPages {
  constructor(
    private readonly view: FindingDetailView,
    private readonly closeout: CloseoutService,
    private readonly findings: FindingsService,
  ) {}

  @Post(':id/verifications')
  @AllowRoles(...FINDING_ACTION_ROLES.verification)
  verify(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    const pass = b.result === 'PASS';
    return this.view.act(
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
  @AllowRoles(...FINDING_ACTION_ROLES.sweep)
  sweep(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'sweep', b, '已记录举一反三排查', async () => {
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
  @AllowRoles(...FINDING_ACTION_ROLES.similar)
  similar(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'similar', b, '已关联同类问题', async () => {
      // Ticked suggestions, and findings named by code (one the text match did not suggest, e.g. a company check).
      const typed = (list(b.findingCodes) ?? []).flatMap(typedCodes);
      if (typed.length > MAX_SIMILAR_LINKS)
        throw validationFailed([
          {
            field: 'findingCodes',
            messages: [`一次最多关联 ${MAX_SIMILAR_LINKS} 个问题 / At most ${MAX_SIMILAR_LINKS} at a time`],
          },
        ]);
      const named = typed.length ? await this.findings.idsByCodes(req.actor!, typed, 'findingCodes') : [];
      const ticked = (intList(b.findingIds) ?? []).filter((x) => !named.includes(x as number));
      const dto = await validForm(
        LinkSimilarDto,
        { findingIds: [...ticked, ...new Set(named)] },
        FIELD_LABELS,
      );
      return this.closeout.linkSimilar(req.actor!, id, dto.findingIds);
    });
  }

  @Post(':id/recurrence-of')
  @AllowRoles(...FINDING_ACTION_ROLES.recurrence)
  recurrence(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'recurrence', b, '已标记为复发问题', async () => {
      const dto = await validForm(
        LinkRecurrenceDto,
        { earlierFindingId: int(b.earlierFindingId) },
        FIELD_LABELS,
      );
      return this.closeout.linkRecurrence(req.actor!, id, dto.earlierFindingId);
    });
  }

  @Post(':id/mechanisms')
  @AllowRoles(...FINDING_ACTION_ROLES.mechanism)
  mechanism(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'mechanism', b, '已记录长效机制', async () => {
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
  @AllowRoles(...FINDING_ACTION_ROLES.accountability)
  accountability(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'accountability', b, '已记录责任追究', async () => {
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
  @AllowRoles(...FINDING_ACTION_ROLES.satisfaction)
  satisfaction(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'satisfaction', b, '已记录员工满意确认', async () => {
      const dto = await validForm(
        SatisfactionDto,
        {
          representatives: text(b.representatives),
          method: text(b.method),
          confirmedOn: text(b.confirmedOn),
          satisfied: b.satisfied === 'true' ? true : b.satisfied === 'false' ? false : undefined,
          comments: text(b.comments),
          evidenceIds: intList(b.evidenceIds),
        },
        FIELD_LABELS,
      );
      return this.closeout.recordSatisfaction(req.actor!, id, dto);
    });
  }

  @Post(':id/closeout')
  @AllowRoles(...FINDING_ACTION_ROLES.closeout)
  close(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormBody,
  ) {
    return this.view.act(req, res, id, 'closeout', b, '已销号', () => this.closeout.closeOut(req.actor!, id));
  }
}
