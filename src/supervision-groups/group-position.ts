/** 督导组职务 */
export enum GroupPosition {
  LEADER = 'LEADER', // 组长
  EXECUTIVE_DEPUTY = 'EXECUTIVE_DEPUTY', // 常务副组长
  DEPUTY = 'DEPUTY', // 副组长
  MEMBER = 'MEMBER', // 成员
}

export const GROUP_POSITION_LABEL: Record<GroupPosition, string> = {
  LEADER: '组长',
  EXECUTIVE_DEPUTY: '常务副组长',
  DEPUTY: '副组长',
  MEMBER: '成员',
};

/** Positions that count as the group's leadership (组长/副组长): close-out of MAJOR findings, bounty approval. */
export const LEADERSHIP_POSITIONS = [
  GroupPosition.LEADER,
  GroupPosition.EXECUTIVE_DEPUTY,
  GroupPosition.DEPUTY,
];
