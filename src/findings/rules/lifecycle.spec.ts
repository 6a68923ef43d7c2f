import { Role } from '../../common/access/roles';
import { FindingStatus as S } from '../finding.enums';
import { mayTake, transition, TRANSITIONS } from './lifecycle';

describe('finding lifecycle', () => {
  const unit = [Role.UNIT_OFFICER];
  const office = [Role.SAFETY_OFFICE];
  const supervisor = [Role.SUPERVISOR];

  it('walks the happy path with the right roles', () => {
    expect(transition(S.ASSIGNED, 'RECORD_PLAN', unit)).toEqual({ ok: true, to: S.RECTIFYING });
    expect(transition(S.RECTIFYING, 'RECORD_PLAN', [Role.UNIT_HEAD])).toEqual({ ok: true, to: S.RECTIFYING });
    expect(transition(S.RECTIFYING, 'SUBMIT_SUMMARY', unit)).toEqual({
      ok: true,
      to: S.PENDING_VERIFICATION,
    });
    expect(transition(S.PENDING_VERIFICATION, 'VERIFY_FAIL', supervisor)).toEqual({
      ok: true,
      to: S.RECTIFYING,
    });
    expect(transition(S.PENDING_VERIFICATION, 'VERIFY_PASS', [Role.SUPERVISION_LEADER])).toEqual({
      ok: true,
      to: S.VERIFIED,
    });
    expect(transition(S.VERIFIED, 'CLOSE', supervisor)).toEqual({ ok: true, to: S.CLOSED });
    // issue 16, 3: verified again (a new PASS, e.g. with the evidence the earlier one lacked)
    expect(transition(S.VERIFIED, 'VERIFY_PASS', supervisor)).toEqual({ ok: true, to: S.VERIFIED });
    expect(transition(S.VERIFIED, 'VERIFY_FAIL', supervisor)).toMatchObject({ ok: false, reason: 'STATE' });
  });

  it('refuses a wrong role before looking at the state', () => {
    expect(transition(S.ASSIGNED, 'RECORD_PLAN', office)).toMatchObject({ ok: false, reason: 'ROLE' });
    expect(transition(S.RECTIFYING, 'SUBMIT_SUMMARY', supervisor)).toMatchObject({
      ok: false,
      reason: 'ROLE',
    });
    expect(transition(S.VERIFIED, 'CLOSE', unit)).toMatchObject({ ok: false, reason: 'ROLE' });
    expect(transition(S.ASSIGNED, 'CANCEL', unit)).toMatchObject({ ok: false, reason: 'ROLE' });
  });

  it('names the current and requested state for every transition that is not allowed', () => {
    const all = Object.values(S);
    let refused = 0;
    for (const [action, rule] of Object.entries(TRANSITIONS)) {
      for (const from of all.filter((s) => !rule.from.includes(s))) {
        const out = transition(from, action as keyof typeof TRANSITIONS, [...rule.roles]);
        expect(out).toMatchObject({ ok: false, reason: 'STATE', current: from });
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(20);
    expect(transition(S.ASSIGNED, 'SUBMIT_SUMMARY', unit)).toMatchObject({
      current: S.ASSIGNED,
      requested: S.PENDING_VERIFICATION,
    });
  });

  it('makes closed and cancelled final', () => {
    for (const action of Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]) {
      expect(transition(S.CLOSED, action, Object.values(Role)).ok).toBe(false);
      expect(transition(S.CANCELLED, action, Object.values(Role)).ok).toBe(false);
    }
  });

  it('lets the safety office cancel from any open state', () => {
    for (const s of [S.ASSIGNED, S.RECTIFYING, S.PENDING_VERIFICATION, S.VERIFIED]) {
      expect(transition(s, 'CANCEL', office)).toEqual({ ok: true, to: S.CANCELLED });
    }
  });

  it('lets only the unit head confirm a plan, while the finding waits for it or is being rectified', () => {
    expect(transition(S.ASSIGNED, 'CONFIRM_PLAN', [Role.UNIT_HEAD])).toEqual({ ok: true, to: S.RECTIFYING });
    expect(transition(S.RECTIFYING, 'CONFIRM_PLAN', [Role.UNIT_HEAD])).toEqual({
      ok: true,
      to: S.RECTIFYING,
    });
    expect(transition(S.ASSIGNED, 'CONFIRM_PLAN', [Role.UNIT_OFFICER])).toMatchObject({
      ok: false,
      reason: 'ROLE',
    });
    expect(mayTake('CONFIRM_PLAN', [Role.UNIT_OFFICER])).toBe(false);
    expect(mayTake('CONFIRM_PLAN', [Role.UNIT_HEAD])).toBe(true);
    expect(transition(S.PENDING_VERIFICATION, 'CONFIRM_PLAN', [Role.UNIT_HEAD])).toMatchObject({
      ok: false,
      reason: 'STATE',
      current: S.PENDING_VERIFICATION,
    });
  });

  it('lets the unit withdraw a self-check finding only before it is started on', () => {
    expect(transition(S.ASSIGNED, 'WITHDRAW_SELF_CHECK', unit)).toEqual({ ok: true, to: S.CANCELLED });
    expect(transition(S.RECTIFYING, 'WITHDRAW_SELF_CHECK', unit)).toMatchObject({
      ok: false,
      reason: 'STATE',
      current: S.RECTIFYING,
      requested: S.CANCELLED,
    });
    expect(transition(S.ASSIGNED, 'WITHDRAW_SELF_CHECK', office)).toMatchObject({
      ok: false,
      reason: 'ROLE',
    });
  });
});
