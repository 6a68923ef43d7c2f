/** Chinese words of the hazard-report and bounty states (the API answers with the codes). */
export const HAZARD_REPORT_STATUS_LABEL: Record<string, string> = {
  SUBMITTED: '待核查',
  VALID: '核查有效',
  INVALID: '认定无效',
  DUPLICATE: '重复举报',
};
export const BOUNTY_STATUS_LABEL: Record<string, string> = {
  PROPOSED: '待审批',
  APPROVED: '已审批、待发放',
  REJECTED: '未批准',
  PAID: '已发放',
  CANCELLED: '已撤销',
};
/** What each change of a report or its bounty is called in its history. */
export const CHANGE_LABEL: Record<string, string> = {
  HAZARD_REPORTED: '提交举报',
  HAZARD_REPORT_TRIAGED: '核查',
  BOUNTY_PROPOSED: '提出奖励',
  BOUNTY_DECIDED: '审批奖励',
  BOUNTY_PAID: '发放奖励',
  BOUNTY_CANCELLED: '撤销奖励',
};
