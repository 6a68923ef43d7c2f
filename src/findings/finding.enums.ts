/** The words of DOMAIN.md §2–3, with the Chinese labels printed and imported. */

export enum FindingStatus {
  ASSIGNED = 'ASSIGNED', // 交办
  RECTIFYING = 'RECTIFYING', // 整改中
  PENDING_VERIFICATION = 'PENDING_VERIFICATION', // 待复查
  VERIFIED = 'VERIFIED', // 复查通过
  CLOSED = 'CLOSED', // 已销号
  CANCELLED = 'CANCELLED', // 作废
}
export const FINDING_STATUS_LABEL: Record<FindingStatus, string> = {
  ASSIGNED: '已交办',
  RECTIFYING: '整改中',
  PENDING_VERIFICATION: '待复查',
  VERIFIED: '复查通过',
  CLOSED: '已销号',
  CANCELLED: '已作废',
};

export enum HazardLevel {
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
  MAJOR = 'MAJOR',
}
export const HAZARD_LEVEL_LABEL: Record<HazardLevel, string> = {
  GENERAL: '一般',
  SERIOUS: '较大',
  MAJOR: '重大',
};

export enum FindingCategory {
  UNSAFE_ACT = 'UNSAFE_ACT',
  UNSAFE_CONDITION = 'UNSAFE_CONDITION',
  MANAGEMENT = 'MANAGEMENT',
  ENVIRONMENTAL = 'ENVIRONMENTAL',
}
export const FINDING_CATEGORY_LABEL: Record<FindingCategory, string> = {
  UNSAFE_ACT: '人的不安全行为',
  UNSAFE_CONDITION: '物的不安全状态',
  MANAGEMENT: '管理缺陷',
  ENVIRONMENTAL: '环境问题',
};

export enum FindingSource {
  AUDIT_TEAM = 'AUDIT_TEAM',
  COMPANY_CHECK = 'COMPANY_CHECK',
  SELF_CHECK = 'SELF_CHECK',
  HAZARD_REPORT = 'HAZARD_REPORT',
}
export const FINDING_SOURCE_LABEL: Record<FindingSource, string> = {
  AUDIT_TEAM: '督察组',
  COMPANY_CHECK: '公司查出',
  SELF_CHECK: '单位自查',
  HAZARD_REPORT: '隐患举报',
};

/**
 * The tag of an evidence file: 整改前 / 整改后 photos from the unit (shown as before/after pairs), 复查 photos the
 * supervision group takes when it re-inspects, and documents. Who may tag what: rules/evidence-tags.ts.
 */
export enum EvidenceKind {
  BEFORE = 'BEFORE',
  AFTER = 'AFTER',
  REVIEW = 'REVIEW',
  DOCUMENT = 'DOCUMENT',
}
export const EVIDENCE_KIND_LABEL: Record<EvidenceKind, string> = {
  BEFORE: '整改前',
  AFTER: '整改后',
  REVIEW: '复查',
  DOCUMENT: '文件资料',
};

/** Reverse lookup for imports: accepts the code or the Chinese label. */
export function parseLabel<T extends string>(labels: Record<T, string>, value: string): T | undefined {
  const v = value.trim();
  if (v in labels) return v as T;
  return (Object.keys(labels) as T[]).find((k) => labels[k] === v);
}
