export enum RoundKind {
  AUDIT = 'AUDIT', // 督察
  LOOK_BACK = 'LOOK_BACK', // 回头看
  COMPANY_CHECK = 'COMPANY_CHECK', // 公司检查
  SPECIAL = 'SPECIAL', // 专项检查
}

export const ROUND_KIND_LABEL: Record<RoundKind, string> = {
  AUDIT: '督察',
  LOOK_BACK: '“回头看”',
  COMPANY_CHECK: '公司检查',
  SPECIAL: '专项检查',
};

export enum RoundStatus {
  PLANNED = 'PLANNED',
  RECTIFYING = 'RECTIFYING',
  CLOSED = 'CLOSED',
}

export const ROUND_STATUS_LABEL: Record<RoundStatus, string> = {
  PLANNED: '计划',
  RECTIFYING: '整改中',
  CLOSED: '已关闭',
};
