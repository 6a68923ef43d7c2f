import { Injectable } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { AuditLogService } from '../../audit-log/audit-log.service';
import { AppConfig } from '../../config/app-config';
import { formatBytes } from '../../common/files/upload-limit.interceptor';
import { type Actor, hasRole } from '../../common/access/actor';
import { SUPERVISION_ROLES } from '../../common/access/roles';
import { CloseoutService } from '../../closeout/closeout.service';
import { Clock } from '../../common/time/clock';
import { FindingsService } from '../../findings/findings.service';
import { SupervisionQueriesService } from '../../major-hazard-supervision/supervision-queries.service';
import { allowedFindingActions, closeoutWithheldReason } from '../../findings/rules/allowed-actions';
import { evidencePhotos } from './finding-photos.view';
import { UnitsService } from '../../org/units.service';
import type { ListUnitsQuery } from '../../org/unit.dto';
import { type FormState, formState } from '../forms';
import { personOptions } from '../lookups';
import { flash, renderPage, type WebRequest } from '../view';
import { GOVERNANCE_FORM_PARTS } from './governance-plan';
import { UsersService } from '../../users/users.service';
import { ACTION_LABEL, FIELD_LABELS } from './finding-labels';

/** A form's body as posted. */
export type FormBody = Record<string, unknown>;

/**
 * Where the page opens after a form that succeeded: the section that shows what it recorded (the new photo, the
 * plan, the progress line), not the form just closed further down; other forms open at their own form.
 */
const LANDING: Record<string, string> = {
  plan: 'plan-view',
  progress: 'progress-view',
  evidence: 'evidence-view',
};

/**
 * The finding page's view: its facts, the 五个不放过 checklist, its history, and — as forms — the actions the user
 * may take now (findings/rules/allowed-actions.ts decides which). Used by the page and by every form it posts.
 */
@Injectable()
export class FindingDetailView {
  constructor(
    private readonly findings: FindingsService,
    private readonly closeout: CloseoutService,
    private readonly units: UnitsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly supervision: SupervisionQueriesService,
    private readonly config: AppConfig,
  ) {}

  async render(req: WebRequest, res: HttpResponse, id: number, state?: FormState): Promise<void> {
    renderPage(req, res, 'findings/detail', await this.model(req.actor!, id, state));
  }

  /**
   * Runs one action: success → back to the finding with a message (POST/redirect/GET, so a reload does not
   * submit twice); a refusal the user can fix → the same page with the form open, the message and the fields.
   */
  async act(
    req: WebRequest,
    res: HttpResponse,
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
    redirect(res, `/findings/${id}#${LANDING[form] ?? form}`);
  }

  private async model(actor: Actor, id: number, state?: FormState) {
    const finding = await this.findings.detail(actor, id);
    const standing = hasRole(actor, ...SUPERVISION_ROLES)
      ? await this.closeout.standingFor(actor, finding)
      : { groupMember: false, groupLeader: false, independent: false };
    const facts = {
      status: finding.status,
      level: finding.level,
      roles: actor.roles,
      planAwaitingConfirmation: !!finding.plan && !finding.plan.confirmedAt,
      isRecurrence: finding.recurrenceOfId !== null,
      overdue: finding.overdue,
      standing,
    };
    const actions = allowedFindingActions(facts);
    const [gate, history, suggestions, units, listings] = await Promise.all([
      this.closeout.gate(actor, id),
      this.audit.list(actor, { entityType: 'Finding', entityId: String(id), limit: 200, offset: 0 }),
      // Suggestions feed the similar/recurrence forms; units the sweep form.
      actions.similar ? this.closeout.suggestionsFor(actor, id) : null,
      actions.sweep ? this.units.list(actor, { limit: 500 } as ListUnitsQuery).then((r) => r.items) : [],
      // Its 挂牌督办 listings: only a MAJOR finding is listed.
      finding.level === 'MAJOR' ? this.supervision.ofFinding(id) : [],
    ]);
    // The person picker of the plan and accountability forms; for a recurrence the earlier persons still uncovered.
    const rule4 = (gate.rules as { number: number; uncoveredPersons?: string[] }[]).find(
      (r) => r.number === 4,
    );
    const persons = await personOptions(this.users, this.units, actor, rule4?.uncoveredPersons ?? []);
    const photos = await evidencePhotos(this.users, actor, finding.evidence);
    return {
      title: `${finding.code} 问题详情`,
      finding,
      gate,
      // The log's times are when each step was entered into Rectify; 登记问题 also names the day the finding was found
      // (earlier for an imported finding, or a 2023 one of the demo loaded today).
      history: history.items.map((e) => ({
        ...e,
        actionLabel:
          e.action === 'FINDING_CREATED'
            ? `${ACTION_LABEL[e.action]}（发现于 ${finding.foundDate}）`
            : (ACTION_LABEL[e.action] ?? e.action),
      })),
      suggestions,
      units,
      listings,
      persons,
      actions,
      closeoutWithheld: closeoutWithheldReason(facts),
      photos,
      // The evidence form's upload script opens the page where the redirect would (it cannot read the redirect).
      landing: LANDING,
      /** The evidence form's limit per file, for its hint and photo-upload.js (the upload route's own). */
      maxBytes: this.config.EVIDENCE_MAX_BYTES,
      maxSize: formatBytes(this.config.EVIDENCE_MAX_BYTES),
      today: this.clock.today(),
      formState: state,
      governanceParts: GOVERNANCE_FORM_PARTS,
    };
  }
}
