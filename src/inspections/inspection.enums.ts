/** 风险等级 of a 重要危险源: 重大/较大/一般/低 shown as 红/橙/黄/蓝. */
export enum RiskGrade {
  RED = 'RED',
  ORANGE = 'ORANGE',
  YELLOW = 'YELLOW',
  BLUE = 'BLUE',
}
export const RISK_GRADES = Object.values(RiskGrade);
export const RISK_GRADE_LABEL: Record<RiskGrade, string> = {
  RED: '重大风险（红）',
  ORANGE: '较大风险（橙）',
  YELLOW: '一般风险（黄）',
  BLUE: '低风险（蓝）',
};
/** The sign's colour of each grade (GB 2893 safety colours). */
export const RISK_GRADE_COLOUR: Record<RiskGrade, string> = {
  RED: '#d7191c',
  ORANGE: '#f28e2b',
  YELLOW: '#f2c500',
  BLUE: '#1f6fc5',
};

/** The kinds of 重要危险源 the register knows (the list). */
export enum SourceKind {
  GAS = 'GAS',
  AMMONIA = 'AMMONIA',
  MOLTEN_METAL = 'MOLTEN_METAL',
  DUST = 'DUST',
  CONFINED_SPACE = 'CONFINED_SPACE',
  CHEMICAL_TANK = 'CHEMICAL_TANK',
  HIGH_VOLTAGE = 'HIGH_VOLTAGE',
  TAILINGS = 'TAILINGS',
  LIFTING = 'LIFTING',
}
export const SOURCE_KINDS = Object.values(SourceKind);
export const SOURCE_KIND_LABEL: Record<SourceKind, string> = {
  GAS: '煤气',
  AMMONIA: '液氨',
  MOLTEN_METAL: '高温熔融金属',
  DUST: '粉尘',
  CONFINED_SPACE: '有限空间',
  CHEMICAL_TANK: '危化品储罐',
  HIGH_VOLTAGE: '高压电气',
  TAILINGS: '尾矿库/赤泥库',
  LIFTING: '起重机械',
};

/** 检查层级: who inspects — the company, the 二级单位, the 车间, the 班组. */
export enum InspectionLevel {
  COMPANY = 'COMPANY',
  SECONDARY = 'SECONDARY',
  WORKSHOP = 'WORKSHOP',
  TEAM = 'TEAM',
}
export const INSPECTION_LEVELS = Object.values(InspectionLevel);
export const INSPECTION_LEVEL_LABEL: Record<InspectionLevel, string> = {
  COMPANY: '公司级',
  SECONDARY: '二级单位级',
  WORKSHOP: '车间级',
  TEAM: '班组级',
};

/** The documents every 重要危险源 must have. */
export enum SourceDocumentType {
  MANAGEMENT_SYSTEM = 'MANAGEMENT_SYSTEM',
  OPERATING_PROCEDURE = 'OPERATING_PROCEDURE',
  CONTINGENCY_PLAN = 'CONTINGENCY_PLAN',
}
export const SOURCE_DOCUMENT_TYPES = Object.values(SourceDocumentType);
export const SOURCE_DOCUMENT_LABEL: Record<SourceDocumentType, string> = {
  MANAGEMENT_SYSTEM: '管理制度',
  OPERATING_PROCEDURE: '操作规程',
  CONTINGENCY_PLAN: '专项应急预案',
};

export enum SourceStatus {
  ACTIVE = 'ACTIVE',
  DECOMMISSIONED = 'DECOMMISSIONED',
}

/** The period a frequency counts in: 每班 (three 8-hour shifts a day), 每天, 每周 (ISO week), 每月. */
export enum PeriodUnit {
  SHIFT = 'SHIFT',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
export const PERIOD_UNITS = Object.values(PeriodUnit);
export const PERIOD_UNIT_LABEL: Record<PeriodUnit, string> = {
  SHIFT: '每班',
  DAY: '每天',
  WEEK: '每周',
  MONTH: '每月',
};

export enum TaskStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

export enum ItemResult {
  PASS = 'PASS',
  FAIL = 'FAIL',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}
export const ITEM_RESULT_LABEL: Record<ItemResult, string> = {
  PASS: '合格',
  FAIL: '不合格',
  NOT_APPLICABLE: '不适用',
};

export enum CloseoutTarget {
  SOURCE = 'SOURCE',
  GAP = 'GAP',
}
export enum CloseoutStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
