import { ALL_ROLES, Role } from '../../common/access/roles';
import { FindingStatus as S, HazardLevel } from '../finding.enums';
import {
  allowedFindingActions,
  closeoutWithheldReason,
  FindingActionFacts,
  FINDING_ACTION_ROLES,
} from './allowed-actions';

const facts = (over: Partial<FindingActionFacts>): FindingActionFacts => ({
  status: S.ASSIGNED,
  level: HazardLevel.GENERAL,
  roles: [],
  planAwaitingConfirmation: false,
  isRecurrence: false,
  standing: { groupMember: true, groupLeader: true, independent: true },
  ...over,
});
const allowed = (over: Partial<FindingActionFacts>) =>
  Object.entries(allowedFindingActions(facts(over)))
    .filter(([, yes]) => yes)
    .map(([name]) => name)
    .sort();

describe('allowed finding actions', () => {
  it('lets the responsible unit plan, report progress, upload evidence and ask for more time while it owes the work', () => {
    for (const status of [S.ASSIGNED, S.RECTIFYING]) {
      expect(allowed({ status, roles: [Role.UNIT_OFFICER] })).toEqual(
        [
          'evidence',
          'extension',
          'mechanism',
          'plan',
          'progress',
          'sweep',
          ...(status === S.RECTIFYING ? ['summary'] : []),
        ].sort(),
      );
    }
    expect(allowed({ status: S.PENDING_VERIFICATION, roles: [Role.UNIT_OFFICER] })).toEqual([
      'evidence',
      'mechanism',
      'sweep',
    ]);
  });

  it('stops offering an extension once the deadline has passed (issue 16 point 8)', () => {
    const unit = { status: S.RECTIFYING, roles: [Role.UNIT_OFFICER] };
    expect(allowedFindingActions(facts({ ...unit, overdue: false })).extension).toBe(true);
    expect(allowedFindingActions(facts({ ...unit, overdue: true })).extension).toBe(false);
    expect(allowedFindingActions(facts({ ...unit, overdue: true })).summary).toBe(true);
  });

  it('offers the unit head the confirmation of a MAJOR finding’s plan that waits for it', () => {
    const major = { level: HazardLevel.MAJOR, planAwaitingConfirmation: true };
    expect(allowedFindingActions(facts({ ...major, roles: [Role.UNIT_HEAD] })).confirm).toBe(true);
    expect(allowedFindingActions(facts({ ...major, roles: [Role.UNIT_OFFICER] })).confirm).toBe(false);
    expect(
      allowedFindingActions(facts({ ...major, roles: [Role.UNIT_HEAD], planAwaitingConfirmation: false }))
        .confirm,
    ).toBe(false);
    expect(
      allowedFindingActions(facts({ ...major, roles: [Role.UNIT_HEAD], level: HazardLevel.SERIOUS })).confirm,
    ).toBe(false);
    expect(
      allowedFindingActions(facts({ ...major, roles: [Role.UNIT_HEAD], status: S.PENDING_VERIFICATION }))
        .confirm,
    ).toBe(false);
  });

  it('lets the supervision group verify, record the five rules and close out in the right states', () => {
    const group = [Role.SUPERVISOR];
    expect(allowed({ status: S.PENDING_VERIFICATION, roles: group })).toEqual(
      [
        'accountability',
        'evidence',
        'mechanism',
        'recurrence',
        'satisfaction',
        'similar',
        'sweep',
        'verification',
      ].sort(),
    );
    expect(allowed({ status: S.VERIFIED, roles: group })).toContain('closeout');
    // issue 16, 3: a VERIFIED finding may be verified again (e.g. with the evidence an earlier PASS lacked)
    expect(allowed({ status: S.VERIFIED, roles: group })).toContain('verification');
    expect(allowed({ status: S.VERIFIED, roles: group, isRecurrence: true })).not.toContain('recurrence');
  });

  it('issue 16, 1–2: verification and close-out only for an independent member of the finding’s group', () => {
    const group = [Role.SUPERVISOR];
    const outsider = { groupMember: false, groupLeader: false, independent: true };
    const fromUnit = { groupMember: true, groupLeader: false, independent: false };
    expect(allowed({ status: S.PENDING_VERIFICATION, roles: group, standing: outsider })).not.toContain(
      'verification',
    );
    expect(allowed({ status: S.PENDING_VERIFICATION, roles: group, standing: fromUnit })).not.toContain(
      'verification',
    );
    expect(allowed({ status: S.VERIFIED, roles: group, standing: outsider })).not.toContain('closeout');
    const member = { groupMember: true, groupLeader: false, independent: true };
    const major = { status: S.VERIFIED, level: HazardLevel.MAJOR };
    expect(allowed({ ...major, roles: [Role.SUPERVISION_LEADER], standing: member })).not.toContain(
      'closeout',
    );
    expect(allowed({ ...major, roles: group, standing: { ...member, groupLeader: true } })).toContain(
      'closeout',
    );
  });

  it('says why a member of the group is not offered 销号: a MAJOR finding needs its 组长/副组长; an outsider is no member', () => {
    const member = { groupMember: true, groupLeader: false, independent: true };
    const major = { status: S.VERIFIED, level: HazardLevel.MAJOR, roles: [Role.SUPERVISOR] };
    expect(closeoutWithheldReason(facts({ ...major, standing: member }))).toContain('组长或副组长');
    expect(
      closeoutWithheldReason(facts({ ...major, standing: { ...member, groupLeader: true } })),
    ).toBeNull();
    expect(
      closeoutWithheldReason(facts({ ...major, standing: { ...member, groupMember: false } })),
    ).toContain('督导组的成员');
    expect(
      closeoutWithheldReason(facts({ ...major, level: HazardLevel.GENERAL, standing: member })),
    ).toBeNull();
    // Not VERIFIED, or a role that never closes: nothing to explain.
    expect(
      closeoutWithheldReason(facts({ ...major, status: S.PENDING_VERIFICATION, standing: member })),
    ).toBeNull();
    expect(
      closeoutWithheldReason(facts({ ...major, roles: [Role.UNIT_OFFICER], standing: member })),
    ).toBeNull();
  });

  it('issue 16, 5: the satisfaction result is recorded by the group or the safety office, not the unit', () => {
    expect(allowed({ status: S.VERIFIED, roles: [Role.UNIT_HEAD] })).not.toContain('satisfaction');
    expect(allowed({ status: S.VERIFIED, roles: [Role.SUPERVISOR] })).toContain('satisfaction');
    expect(allowed({ status: S.VERIFIED, roles: [Role.SAFETY_OFFICE] })).toContain('satisfaction');
  });

  it('lets the safety office cancel an open finding and decide extensions', () => {
    expect(allowed({ status: S.RECTIFYING, roles: [Role.SAFETY_OFFICE] })).toEqual(
      [
        'cancel',
        'decideExtension',
        'evidence',
        'mechanism',
        'recurrence',
        'satisfaction',
        'similar',
        'sweep',
      ].sort(),
    );
  });

  it('offers nothing but extension decisions once a finding is closed or cancelled', () => {
    for (const status of [S.CLOSED, S.CANCELLED])
      for (const role of ALL_ROLES) {
        const may = allowed({ status, roles: [role] });
        expect(may).toEqual(
          role === Role.SAFETY_OFFICE || role === Role.SUPERVISION_LEADER ? ['decideExtension'] : [],
        );
      }
  });

  it('offers readers nothing', () => {
    for (const status of Object.values(S))
      for (const role of [Role.VIEWER, Role.REPORTER, Role.ADMIN])
        expect(allowed({ status, roles: [role] })).toEqual([]);
  });

  it('takes the lifecycle steps’ roles from the lifecycle rule', () => {
    expect(FINDING_ACTION_ROLES.plan).toEqual([Role.UNIT_OFFICER, Role.UNIT_HEAD]);
    expect(FINDING_ACTION_ROLES.verification).toEqual([Role.SUPERVISOR, Role.SUPERVISION_LEADER]);
    expect(FINDING_ACTION_ROLES.closeout).toEqual([Role.SUPERVISOR, Role.SUPERVISION_LEADER]);
    expect(FINDING_ACTION_ROLES.cancel).toEqual([Role.SAFETY_OFFICE]);
  });

  it('combines the roles of a user who has several', () => {
    const both = allowed({ status: S.RECTIFYING, roles: [Role.UNIT_OFFICER, Role.SAFETY_OFFICE] });
    expect(both).toContain('plan');
    expect(both).toContain('cancel');
  });
});
