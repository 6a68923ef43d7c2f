import { Role } from '../../common/access/roles';
import { DomainError } from '../../common/errors/domain-error';
import { ListingStatus } from '../supervision.enums';
import {
  allowedListingActions,
  assertListingAction,
  docNumber,
  extensionProblem,
  isAcceptanceOverdue,
  isListingOverdue,
  listingDaysOverdue,
  listingProblem,
  ListingFacts,
  mayList,
} from './listing-rules';

const facts = (status: ListingStatus, extra: Partial<ListingFacts> = {}): ListingFacts => ({
  status,
  pendingExtension: false,
  findingStatus: 'RECTIFYING',
  ...extra,
});
const codeOf = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return { kind: (e as DomainError).kind, code: (e as DomainError).code };
  }
  return null;
};

describe('挂牌督办 rules', () => {
  it('lets only the safety office or a leader list, and only an open MAJOR finding', () => {
    expect(mayList([Role.SAFETY_OFFICE])).toBe(true);
    expect(mayList([Role.SUPERVISION_LEADER])).toBe(true);
    expect(mayList([Role.SUPERVISOR])).toBe(false);
    expect(mayList([Role.UNIT_HEAD])).toBe(false);
    expect(listingProblem({ level: 'SERIOUS', status: 'RECTIFYING' })?.code).toBe('LISTING_NOT_MAJOR');
    expect(listingProblem({ level: 'MAJOR', status: 'CLOSED' })?.code).toBe('LISTING_FINDING_NOT_OPEN');
    expect(listingProblem({ level: 'MAJOR', status: 'ASSIGNED' })).toBeNull();
  });

  it('walks listed → served → signed → acceptance requested → accepted → delisted, each step by its own roles', () => {
    expect(allowedListingActions([Role.SAFETY_OFFICE], facts(ListingStatus.LISTED))).toEqual(['serve']);
    expect(allowedListingActions([Role.UNIT_OFFICER], facts(ListingStatus.LISTED))).toEqual([]);
    expect(allowedListingActions([Role.UNIT_HEAD], facts(ListingStatus.SERVED))).toEqual([
      'sign',
      'requestExtension',
    ]);
    expect(allowedListingActions([Role.UNIT_OFFICER], facts(ListingStatus.SIGNED))).toEqual([
      'requestExtension',
      'requestAcceptance',
    ]);
    expect(allowedListingActions([Role.SUPERVISOR], facts(ListingStatus.ACCEPTANCE_REQUESTED))).toEqual([
      'accept',
    ]);
    expect(allowedListingActions([Role.SUPERVISION_LEADER], facts(ListingStatus.ACCEPTED))).toEqual([]);
    expect(
      allowedListingActions(
        [Role.SUPERVISION_LEADER],
        facts(ListingStatus.ACCEPTED, { findingStatus: 'CLOSED' }),
      ),
    ).toEqual(['delist']);
    expect(allowedListingActions([Role.SAFETY_OFFICE], facts(ListingStatus.DELISTED))).toEqual([]);
  });

  it('refuses a role that may never take a step with 403 and a wrong state with 409', () => {
    expect(codeOf(() => assertListingAction('serve', [Role.UNIT_HEAD], facts(ListingStatus.LISTED)))).toEqual(
      {
        kind: 'FORBIDDEN',
        code: 'FORBIDDEN',
      },
    );
    expect(
      codeOf(() => assertListingAction('sign', [Role.SAFETY_OFFICE], facts(ListingStatus.SERVED)))?.kind,
    ).toBe('FORBIDDEN');
    expect(
      codeOf(() => assertListingAction('sign', [Role.UNIT_HEAD], facts(ListingStatus.LISTED)))?.code,
    ).toBe('LISTING_INVALID_TRANSITION');
    expect(
      codeOf(() => assertListingAction('accept', [Role.UNIT_HEAD], facts(ListingStatus.ACCEPTANCE_REQUESTED)))
        ?.kind,
    ).toBe('FORBIDDEN');
    expect(
      codeOf(() => assertListingAction('delist', [Role.SAFETY_OFFICE], facts(ListingStatus.ACCEPTED)))?.code,
    ).toBe('LISTING_FINDING_NOT_CLOSED');
    expect(
      codeOf(() =>
        assertListingAction(
          'delist',
          [Role.SUPERVISOR],
          facts(ListingStatus.ACCEPTED, { findingStatus: 'CLOSED' }),
        ),
      )?.kind,
    ).toBe('FORBIDDEN');
    expect(
      codeOf(() =>
        assertListingAction(
          'delist',
          [Role.SAFETY_OFFICE],
          facts(ListingStatus.ACCEPTED, { findingStatus: 'CLOSED' }),
        ),
      ),
    ).toBeNull();
  });

  it('keeps one extension request pending at a time; only the authority decides it', () => {
    const pending = facts(ListingStatus.SIGNED, { pendingExtension: true });
    expect(codeOf(() => assertListingAction('requestExtension', [Role.UNIT_OFFICER], pending))?.code).toBe(
      'LISTING_EXTENSION_PENDING',
    );
    expect(codeOf(() => assertListingAction('decideExtension', [Role.UNIT_HEAD], pending))?.kind).toBe(
      'FORBIDDEN',
    );
    expect(
      codeOf(() => assertListingAction('decideExtension', [Role.SUPERVISION_LEADER], pending)),
    ).toBeNull();
    expect(
      codeOf(() => assertListingAction('decideExtension', [Role.SAFETY_OFFICE], facts(ListingStatus.SIGNED)))
        ?.code,
    ).toBe('LISTING_NO_PENDING_EXTENSION');
    expect(
      codeOf(() =>
        assertListingAction(
          'requestExtension',
          [Role.UNIT_OFFICER],
          facts(ListingStatus.ACCEPTANCE_REQUESTED),
        ),
      )?.code,
    ).toBe('LISTING_INVALID_TRANSITION');
  });

  it('asks an extension before the deadline passes and for a later date', () => {
    expect(extensionProblem('2023-05-31', '2023-06-30', '2023-05-31')).toBeNull();
    expect(extensionProblem('2023-05-31', '2023-06-30', '2023-06-01')?.code).toBe(
      'LISTING_EXTENSION_AFTER_DEADLINE',
    );
    const early = extensionProblem('2023-05-31', '2023-05-31', '2023-05-01');
    expect(early?.code).toBe('VALIDATION_FAILED');
    expect(early?.details).toEqual([expect.objectContaining({ field: 'requestedDeadline' })]);
  });

  it('flags an overdue listing while the unit owes it and an overdue acceptance after the set days', () => {
    expect(isListingOverdue({ status: ListingStatus.SIGNED, deadline: '2023-05-31' }, '2023-06-01')).toBe(
      true,
    );
    expect(isListingOverdue({ status: ListingStatus.SIGNED, deadline: '2023-05-31' }, '2023-05-31')).toBe(
      false,
    );
    expect(
      isListingOverdue({ status: ListingStatus.ACCEPTANCE_REQUESTED, deadline: '2023-05-31' }, '2023-06-09'),
    ).toBe(false);
    const waiting = { status: ListingStatus.ACCEPTANCE_REQUESTED, acceptanceDueOn: '2023-06-10' };
    expect(isAcceptanceOverdue(waiting, '2023-06-10')).toBe(false);
    expect(isAcceptanceOverdue(waiting, '2023-06-11')).toBe(true);
    expect(isAcceptanceOverdue({ ...waiting, status: ListingStatus.ACCEPTED }, '2023-06-11')).toBe(false);
  });

  it('counts the days a listing is overdue by the same rule: none on its deadline day, after acceptance or delisting', () => {
    const signed = { status: ListingStatus.SIGNED, deadline: '2023-05-31' };
    expect(listingDaysOverdue(signed, '2023-05-31')).toBe(0);
    expect(listingDaysOverdue(signed, '2023-06-01')).toBe(1);
    expect(listingDaysOverdue(signed, '2023-07-01')).toBe(31);
    expect(listingDaysOverdue({ ...signed, status: ListingStatus.LISTED }, '2023-06-03')).toBe(3);
    for (const status of [ListingStatus.ACCEPTANCE_REQUESTED, ListingStatus.ACCEPTED, ListingStatus.DELISTED])
      expect({ status, days: listingDaysOverdue({ ...signed, status }, '2023-07-01') }).toEqual({
        status,
        days: 0,
      });
  });

  it('writes the 文号 from the year and its counter', () => {
    expect(docNumber(2023, 7)).toBe('重大隐患督〔2023〕7号');
  });
});
