/** 督办级别: who supervises the listed finding. */
export enum SupervisionLevel {
  GROUP = 'GROUP', // 集团督办
  COMPANY = 'COMPANY', // 公司督办
  SECOND_LEVEL = 'SECOND_LEVEL', // 二级单位督办
}
export const SUPERVISION_LEVEL_LABEL: Record<SupervisionLevel, string> = {
  GROUP: '集团督办',
  COMPANY: '公司督办',
  SECOND_LEVEL: '二级单位督办',
};

/**
 * 挂牌督办 states: LISTED (挂牌) → SERVED (通知书已送达) → SIGNED (单位已签收) → ACCEPTANCE_REQUESTED (验收申请) →
 * ACCEPTED (现场验收通过) → DELISTED (摘牌, final). A failed acceptance goes back to SIGNED.
 */
export enum ListingStatus {
  LISTED = 'LISTED',
  SERVED = 'SERVED',
  SIGNED = 'SIGNED',
  ACCEPTANCE_REQUESTED = 'ACCEPTANCE_REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DELISTED = 'DELISTED',
}
export const LISTING_STATUS_LABEL: Record<ListingStatus, string> = {
  LISTED: '已挂牌',
  SERVED: '已送达',
  SIGNED: '已签收',
  ACCEPTANCE_REQUESTED: '待验收',
  ACCEPTED: '验收通过',
  DELISTED: '已摘牌',
};

export enum ListingExtensionStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
}
export const LISTING_EXTENSION_STATUS_LABEL: Record<ListingExtensionStatus, string> = {
  PENDING: '待审批',
  APPROVED: '已批准',
  REFUSED: '未批准',
};
