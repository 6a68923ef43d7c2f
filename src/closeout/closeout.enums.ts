export enum AccountabilityAction {
  CRITICISM = 'CRITICISM', // 批评教育
  NOTICE_CRITICISM = 'NOTICE_CRITICISM', // 通报批评
  ECONOMIC = 'ECONOMIC', // 经济考核
  WARNING = 'WARNING', // 警告
  DEMERIT = 'DEMERIT', // 记过
  OTHER = 'OTHER',
}

export const ACCOUNTABILITY_ACTION_LABEL: Record<AccountabilityAction, string> = {
  CRITICISM: '批评教育',
  NOTICE_CRITICISM: '通报批评',
  ECONOMIC: '经济考核',
  WARNING: '警告',
  DEMERIT: '记过',
  OTHER: '其他',
};
