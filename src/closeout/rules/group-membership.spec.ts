import { GroupPosition } from '../../supervision-groups/group-position';
import { groupStanding } from './group-membership';

const member = (groupId: number, position: GroupPosition) => ({
  groupId,
  groupName: `组${groupId}`,
  position,
});

describe('supervision-group membership (督导组成员资格)', () => {
  it('uses the round’s group when it has one, whatever other groups cover the company', () => {
    const s = groupStanding({
      roundGroupId: 7,
      groupsCoveringCompany: [7, 8],
      memberships: [member(8, GroupPosition.LEADER)],
    });
    expect(s).toMatchObject({ member: false, leader: false, groupIds: [7] });
  });

  it('falls back to the groups covering the company when the round names none', () => {
    const s = groupStanding({
      roundGroupId: null,
      groupsCoveringCompany: [8],
      memberships: [member(8, GroupPosition.MEMBER)],
    });
    expect(s).toMatchObject({ member: true, leader: false, positionLabel: '成员' });
  });

  it('no group at all: nobody is a member', () => {
    expect(groupStanding({ roundGroupId: null, groupsCoveringCompany: [], memberships: [] }).member).toBe(
      false,
    );
  });

  it('组长, 常务副组长 and 副组长 lead; a plain member does not', () => {
    for (const p of [GroupPosition.LEADER, GroupPosition.EXECUTIVE_DEPUTY, GroupPosition.DEPUTY])
      expect(
        groupStanding({ roundGroupId: 7, groupsCoveringCompany: [], memberships: [member(7, p)] }).leader,
      ).toBe(true);
    expect(
      groupStanding({
        roundGroupId: 7,
        groupsCoveringCompany: [],
        memberships: [member(7, GroupPosition.MEMBER)],
      }).leader,
    ).toBe(false);
  });
});
