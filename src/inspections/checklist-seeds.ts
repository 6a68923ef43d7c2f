import { PeriodUnit, RiskGrade, SourceKind } from './inspection.enums';
import type { ChecklistItem, FrequencyTable } from './inspections.entities';
import { DEFAULT_FREQUENCIES } from './rules/schedule';

export interface SeedChecklist {
  key: string;
  name: string;
  kinds: SourceKind[];
  grades: RiskGrade[];
  items: Omit<ChecklistItem, 'no'>[];
  frequencies: FrequencyTable;
}

const ALL_GRADES = [RiskGrade.RED, RiskGrade.ORANGE, RiskGrade.YELLOW, RiskGrade.BLUE];
const MAJOR = '《工贸企业重大事故隐患判定标准》（应急管理部令第10号）';

/**
 * The checklists every installation starts with (inserted once at start when their key is missing; the safety office
 * edits them into new versions). Items follow GB 6222《工业企业煤气安全规程》, GB 30871《危险化学品企业特殊作业安全规范》,
 * GB 15577《粉尘防爆安全规程》 and the 工贸重大事故隐患判定标准; clause items fail as MAJOR findings.
 */
export const SEED_CHECKLISTS: SeedChecklist[] = [
  {
    key: 'GAS-AREA',
    name: '煤气区域专项检查表',
    kinds: [SourceKind.GAS],
    grades: ALL_GRADES,
    frequencies: DEFAULT_FREQUENCIES,
    items: [
      { requirement: '煤气区域入口设置警示标志和风险告知牌，严禁无关人员进入', method: '现场查看' },
      {
        requirement: '煤气区域设置固定式一氧化碳检测报警装置并正常投用，报警信号发送至有人值守的岗位',
        method: '现场查看，试验报警，查校验记录',
        clause: `${MAJOR}冶金行业第（六）项`,
      },
      { requirement: '进入煤气区域作业人员携带便携式一氧化碳报警仪，两人以上同行', method: '现场询问、查看' },
      {
        requirement: '煤气排水器水封有效高度满足规定，排水器之间无串通，冬季防冻措施到位',
        method: '现场检查水封高度、查巡检记录',
        clause: `${MAJOR}冶金行业第（七）项`,
      },
      {
        requirement: '煤气管道及附属设施无泄漏、腐蚀，支架完好',
        method: '现场检查，用检测仪检测法兰、阀门处',
      },
      { requirement: '煤气加压站、计量间等通风良好，防爆电气完好', method: '现场查看' },
      { requirement: '正压式空气呼吸器、便携式报警仪等应急器材齐全有效', method: '现场清点，查检查记录' },
      { requirement: '煤气设施动火、带煤气作业履行审批，监护人到位', method: '查作业票，现场核对' },
    ],
  },
  {
    key: 'CONFINED-SPACE',
    name: '有限空间作业专项检查表',
    kinds: [SourceKind.CONFINED_SPACE, SourceKind.GAS, SourceKind.TAILINGS],
    grades: ALL_GRADES,
    frequencies: {
      RED: { WORKSHOP: { unit: PeriodUnit.DAY, times: 1 }, SECONDARY: { unit: PeriodUnit.WEEK, times: 1 } },
      ORANGE: {
        WORKSHOP: { unit: PeriodUnit.WEEK, times: 1 },
        SECONDARY: { unit: PeriodUnit.MONTH, times: 1 },
      },
      YELLOW: { SECONDARY: { unit: PeriodUnit.MONTH, times: 1 } },
    },
    items: [
      { requirement: '有限空间辨识清单建立，现场设置安全警示标志', method: '查清单，现场查看' },
      {
        requirement: '作业前进行安全风险辨识，制定作业方案，办理作业审批',
        method: '查作业审批表',
        clause: `${MAJOR}专项类第（四）项`,
      },
      {
        requirement: '作业前和作业中按“先通风、再检测、后作业”检测气体，记录完整',
        method: '查检测记录，现场检测',
      },
      { requirement: '设置专职监护人，作业过程中监护人不离开', method: '现场查看' },
      { requirement: '配备呼吸防护、安全绳、三脚架等救援器材，应急预案演练', method: '现场清点，查演练记录' },
    ],
  },
  {
    key: 'DUST-EXPLOSION',
    name: '粉尘防爆专项检查表',
    kinds: [SourceKind.DUST],
    grades: ALL_GRADES,
    frequencies: DEFAULT_FREQUENCIES,
    items: [
      {
        requirement: '粉尘爆炸危险场所设备设施、建构筑物无积尘，清扫制度落实',
        method: '现场查看，查清扫记录',
      },
      {
        requirement: '除尘系统按规范设置锁气卸灰、泄爆、隔爆装置',
        method: '现场查看',
        clause: `${MAJOR}粉尘防爆类第（三）项`,
      },
      { requirement: '粉尘爆炸危险场所使用防爆电气设备，无明火作业', method: '现场查看，查动火票' },
      { requirement: '除尘器灰斗、管道定期清灰，设备接地良好', method: '查记录，现场检测' },
    ],
  },
  {
    key: 'CARC',
    name: 'CARC现场维修作业前检查表',
    kinds: [],
    grades: [],
    frequencies: {},
    items: [
      { requirement: '维修作业票（检修作业许可）已按层级审批并在有效期内', method: '查作业票' },
      {
        requirement: '能量隔离：电源、气源、物料已切断，挂牌上锁（LOTO）并确认零能量',
        method: '现场核对锁具、试启动确认',
        clause: `${MAJOR}通用类第（二）项`,
      },
      { requirement: '作业区域气体检测合格（有毒、可燃、氧含量），记录在票', method: '查检测记录，现场复测' },
      { requirement: '监护人在场，且经过培训、明确职责', method: '现场查看、询问' },
      { requirement: '工器具完好，个人防护用品佩戴正确', method: '现场查看' },
      { requirement: '作业风险辨识及应急处置措施已交底签字', method: '查交底记录' },
      { requirement: '作业区域警戒隔离，交叉作业已协调', method: '现场查看' },
    ],
  },
];
