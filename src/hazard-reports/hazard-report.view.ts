import { Actor, hasRole } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { UnitScope } from '../common/access/unit-scope';
import { HAZARD_LEVEL_LABEL } from '../findings/finding.enums';
import { BountyStatus } from './hazard-report.enums';
import type { ReportRow, ReportVisibility } from './hazard-reports.repository';
import { reporterVisible } from './rules/bounty-rules';

/** The bounty handlers (奖励经办): they may always see who reported. */
const HANDLERS = [Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER];
/** Who sees every report (identities still masked where asked). */
export const ALL_READERS = [
  Role.SAFETY_OFFICE,
  Role.SUPERVISION_LEADER,
  Role.SUPERVISOR,
  Role.VIEWER,
  Role.ADMIN,
];
export const MASKED_NAME = '匿名举报人';

export const isHandler = (actor: Actor) => hasRole(actor, ...HANDLERS);

/** Readers see all; unit roles the reports about hazards in their subtree and their own; reporters their own. */
export function reportVisibility(actor: Actor): ReportVisibility {
  if (hasRole(actor, ...ALL_READERS)) return null;
  const unitRole = hasRole(actor, Role.UNIT_OFFICER, Role.UNIT_HEAD);
  return { reporterId: actor.id, unitPathPattern: unitRole ? UnitScope.of(actor).likePattern : null };
}

/** Whether this viewer sees the reporter of a report. */
export const showsReporter = (actor: Actor, r: { hide_identity: boolean; reporter_id: number }) =>
  reporterVisible(r.hide_identity, isHandler(actor), r.reporter_id === actor.id);

/** A report as this viewer may see it: the reporter is masked unless shown to handlers or the reporter. */
export function toReportView(actor: Actor, r: ReportRow) {
  const visible = showsReporter(actor, r);
  return {
    id: r.id,
    reporter: visible
      ? { id: r.reporter_id, name: r.reporter_name, unitName: r.reporter_unit_name }
      : { id: null, name: MASKED_NAME, unitName: null },
    onBehalfOfUnit: r.on_behalf_of_unit_id
      ? visible
        ? { id: r.on_behalf_of_unit_id, name: r.on_behalf_of_unit_name }
        : { id: null, name: MASKED_NAME }
      : null,
    identityHidden: r.hide_identity,
    hazardUnit: { id: r.hazard_unit_id, name: r.hazard_unit_name },
    location: r.location,
    description: r.description,
    status: r.status,
    level: r.level,
    levelLabel: r.level ? HAZARD_LEVEL_LABEL[r.level] : null,
    triageNote: r.triage_note,
    finding: r.finding_id ? { id: r.finding_id, code: r.finding_code } : null,
    duplicateOfReportId: r.duplicate_of_report_id,
    reportedAt: r.reported_at,
    bounty: r.bounty_id
      ? {
          id: r.bounty_id,
          status: r.bounty_status,
          amountYuan: r.bounty_amount,
          /** Why the leader turned it down (审批意见), told to whoever sees the report: the reporter above all. */
          rejectionReason: r.bounty_status === BountyStatus.REJECTED ? r.bounty_decision_note : null,
        }
      : null,
  };
}
