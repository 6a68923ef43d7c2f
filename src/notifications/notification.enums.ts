/** What a notification is about (a user chooses channels per kind). */
export enum NotificationKind {
  FINDING_ASSIGNED = 'FINDING_ASSIGNED', // 问题交办
  DEADLINE_REMINDER = 'DEADLINE_REMINDER', // 整改时限临近/已过 (the ladder)
  DEADLINE_CHANGED = 'DEADLINE_CHANGED', // 整改时限变更
  MAJOR_HAZARD_SUPERVISION = 'MAJOR_HAZARD_SUPERVISION', // 重大隐患挂牌督办 (issue 21)
}
export const NOTIFICATION_KIND_LABEL: Record<NotificationKind, string> = {
  FINDING_ASSIGNED: '问题交办',
  DEADLINE_REMINDER: '整改时限提醒',
  DEADLINE_CHANGED: '整改时限变更',
  MAJOR_HAZARD_SUPERVISION: '重大隐患挂牌督办',
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
