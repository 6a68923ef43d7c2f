import { Role } from '../../common/access/roles';
import { recipientsOf, type Candidate } from './recipients';

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
