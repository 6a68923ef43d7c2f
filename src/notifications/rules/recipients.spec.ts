import { Role } from '../../common/access/roles';
import { bountyRecipients, recipientsOf, reporterLabel, unitPlace, type Candidate } from './recipients';

const users: Candidate[] = [
  { id: 1, displayName: '温晓峰', roles: [Role.UNIT_OFFICER], homeUnitPath: '/1/5/' },
  { id: 2, displayName: '别厂', roles: [Role.UNIT_OFFICER], homeUnitPath: '/1/6/' },
  { id: 3, displayName: '厂长', roles: [Role.UNIT_HEAD], homeUnitPath: '/1/5/' },
  { id: 4, displayName: '工区长', roles: [Role.UNIT_HEAD], homeUnitPath: '/1/5/9/' },
  { id: 5, displayName: '安环', roles: [Role.SAFETY_OFFICE], homeUnitPath: '/1/' },
  { id: 6, displayName: '组长', roles: [Role.SUPERVISION_LEADER], homeUnitPath: '/1/' },
];
const place = {
  unitPath: '/1/5/9/',
  secondLevelPath: '/1/5/',
  responsiblePerson: '张三',
  groupLeaderIds: [6],
};

describe('recipients of a finding notification', () => {
  it('unit: the unit officers whose subtree holds the unit, not another unit’s', () => {
    expect(recipientsOf(['unit'], place, users)).toEqual([1]);
  });
  it('head: every unit head over the unit; leader2: only the 二级单位’s head', () => {
    expect(recipientsOf(['head'], place, users)).toEqual([3, 4]);
    expect(recipientsOf(['leader2'], place, users)).toEqual([3]);
  });
  it('office and group', () => {
    expect(recipientsOf(['office', 'group'], place, users)).toEqual([5, 6]);
  });
});

describe('recipients of the other events', () => {
  const members = { ...place, groupLeaderIds: [6], groupMemberIds: [6, 7] };
  const withMember: Candidate[] = [
    ...users,
    { id: 7, displayName: '督导员', roles: [Role.SUPERVISOR], homeUnitPath: '/1/' },
    { id: 8, displayName: '另一组长', roles: [Role.SUPERVISION_LEADER], homeUnitPath: '/1/' },
  ];
  it('verifiers: every member of the round’s group, nobody else', () => {
    expect(recipientsOf(['verifiers'], members, withMember)).toEqual([6, 7]);
  });
  it('approver: the safety office, or for a MAJOR finding the group’s leaders (any 组长 without a group)', () => {
    expect(recipientsOf(['approver'], members, withMember)).toEqual([5]);
    expect(recipientsOf(['approver'], { ...members, major: true }, withMember)).toEqual([6]);
    expect(recipientsOf(['approver'], { ...unitPlace('/1/5/9/'), major: true }, withMember)).toEqual([6, 8]);
  });
  it('a unit alone (weekly reports, assessments, notices): its officers and the heads over it', () => {
    expect(recipientsOf(['unit', 'head'], unitPlace('/1/6/'), users)).toEqual([2]);
    expect(recipientsOf(['head'], unitPlace('/1/5/'), users)).toEqual([3]);
  });
  it('a bounty: awaiting approval to the leaders but the proposer; approved, rejected or paid to the reporter alone', () => {
    const all: Candidate[] = [
      ...withMember,
      { id: 9, displayName: '职工', roles: [Role.REPORTER], homeUnitPath: '/1/5/9/' },
    ];
    expect(bountyRecipients({ status: 'PROPOSED', proposedById: 8, reporterId: 9 }, all)).toEqual([6]);
    expect(bountyRecipients({ status: 'APPROVED', proposedById: 5, reporterId: 9 }, all)).toEqual([9]);
    expect(bountyRecipients({ status: 'REJECTED', proposedById: 5, reporterId: 9 }, all)).toEqual([9]);
    expect(bountyRecipients({ status: 'PAID', proposedById: 5, reporterId: 99 }, all)).toEqual([]);
  });
  it('a hidden reporter is never named', () => {
    expect(reporterLabel(true, '电气职工')).toBe('匿名举报人');
    expect(reporterLabel(false, '电气职工')).toBe('电气职工');
  });
});
