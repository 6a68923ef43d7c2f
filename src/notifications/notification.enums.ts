/** What a notification is about (a user chooses channels per kind). */
export enum NotificationKind {
  FINDING_ASSIGNED = 'FINDING_ASSIGNED', // 问题交办
  DEADLINE_REMINDER = 'DEADLINE_REMINDER', // 整改时限临近/已过 (the ladder)
  DEADLINE_CHANGED = 'DEADLINE_CHANGED', // 整改时限变更
  PLAN_AWAITING_CONFIRMATION = 'PLAN_AWAITING_CONFIRMATION', // 重大隐患方案待确认
  AWAITING_VERIFICATION = 'AWAITING_VERIFICATION', // 待复查
  VERIFICATION_PASSED = 'VERIFICATION_PASSED', // 复查通过, to the unit
  VERIFICATION_FAILED = 'VERIFICATION_FAILED', // 复查未通过
  CLOSEOUT_REFUSED = 'CLOSEOUT_REFUSED', // 不能销号
  FINDING_CLOSED = 'FINDING_CLOSED', // 已销号, to the unit
  EXTENSION_REQUESTED = 'EXTENSION_REQUESTED', // 延期待审批
  EXTENSION_DECIDED = 'EXTENSION_DECIDED', // 延期审批结果
  WEEKLY_REMINDER = 'WEEKLY_REMINDER', // 举一反三周报提醒
  WEEKLY_MISSING = 'WEEKLY_MISSING', // 举一反三周报缺报名单
  BOUNTY = 'BOUNTY', // 举报奖励 (待审批、已批准、未批准、已发放)
  HAZARD_REPORT_TRIAGED = 'HAZARD_REPORT_TRIAGED', // 举报核查结果, to the reporter
  ASSESSMENT_CREATED = 'ASSESSMENT_CREATED', // 考核
  NOTICE_PUBLISHED = 'NOTICE_PUBLISHED', // 通报
  MAJOR_HAZARD_SUPERVISION = 'MAJOR_HAZARD_SUPERVISION', // 重大隐患挂牌督办 (issue 21)
  INSPECTION_REMINDER = 'INSPECTION_REMINDER', // 重要危险源检查: today's to the inspectors, 漏检 to the unit (issue 20)
}
export const NOTIFICATION_KIND_LABEL: Record<NotificationKind, string> = {
  FINDING_ASSIGNED: '问题交办',
  DEADLINE_REMINDER: '整改时限提醒',
  DEADLINE_CHANGED: '整改时限变更',
  PLAN_AWAITING_CONFIRMATION: '方案待确认',
  AWAITING_VERIFICATION: '待复查',
  VERIFICATION_PASSED: '复查通过',
  VERIFICATION_FAILED: '复查未通过',
  CLOSEOUT_REFUSED: '不能销号',
  FINDING_CLOSED: '已销号',
  EXTENSION_REQUESTED: '延期待审批',
  EXTENSION_DECIDED: '延期审批结果',
  WEEKLY_REMINDER: '周报提醒',
  WEEKLY_MISSING: '周报缺报名单',
  BOUNTY: '举报奖励',
  HAZARD_REPORT_TRIAGED: '举报核查结果',
  ASSESSMENT_CREATED: '考核',
  NOTICE_PUBLISHED: '通报',
  MAJOR_HAZARD_SUPERVISION: '重大隐患挂牌督办',
  INSPECTION_REMINDER: '重要危险源检查提醒',
};

export enum Channel {
  IN_APP = 'IN_APP',
  EMAIL = 'EMAIL',
  WECOM = 'WECOM', // 企业微信群机器人
  DINGTALK = 'DINGTALK', // 钉钉群机器人
}
/** The group-chat robot channels (a webhook per unit). */
export const WEBHOOK_CHANNELS = [Channel.WECOM, Channel.DINGTALK] as const;
export type WebhookChannel = (typeof WEBHOOK_CHANNELS)[number];

/** An outbox row: waiting (PENDING, maybe after failed attempts), SENT, FAILED for good, or CANCELLED (moot). */
export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
