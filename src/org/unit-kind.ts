/** 单位的类别. The tier orders the tree: a child's tier is always below its parent's. */
export enum UnitKind {
  COMPANY = 'COMPANY', // 公司
  FACTORY = 'FACTORY', // 厂
  BRANCH_FACTORY = 'BRANCH_FACTORY', // 分厂
  BRANCH_COMPANY = 'BRANCH_COMPANY', // 分公司 / 子公司
  DIVISION = 'DIVISION', // 事业部
  CENTER = 'CENTER', // 中心
  DEPARTMENT = 'DEPARTMENT', // 职能部门
  WORKSHOP = 'WORKSHOP', // 车间
  WORK_AREA = 'WORK_AREA', // 工区
  TEAM = 'TEAM', // 班组
}

export const UNIT_KIND_LABEL: Record<UnitKind, string> = {
  COMPANY: '公司',
  FACTORY: '厂',
  BRANCH_FACTORY: '分厂',
  BRANCH_COMPANY: '分公司',
  DIVISION: '事业部',
  CENTER: '中心',
  DEPARTMENT: '职能部门',
  WORKSHOP: '车间',
  WORK_AREA: '工区',
  TEAM: '班组',
};

/** 1 company, 2 secondary unit (二级单位), 3 workshop or work area, 4 team. */
export const UNIT_TIER: Record<UnitKind, number> = {
  COMPANY: 1,
  FACTORY: 2,
  BRANCH_FACTORY: 2,
  BRANCH_COMPANY: 2,
  DIVISION: 2,
  CENTER: 2,
  DEPARTMENT: 2,
  WORKSHOP: 3,
  WORK_AREA: 3,
  TEAM: 4,
};

/** In a unit's lineage (lineage, lineageOfId), the 二级单位 it is or lies under; null for a company or a unit directly under one. */
export const secondLevelIn = <U extends { kind: UnitKind }>(lineage: readonly U[]): U | null =>
  lineage.find((u) => UNIT_TIER[u.kind] === 2) ?? null;
