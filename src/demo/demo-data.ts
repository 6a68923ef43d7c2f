/**
 * Demo dataset for Rectify: the January 2023 look-back (“回头看”) of 中铝集团第二督察组 at 中铝山西新材料 and
 * 中铝山西铝业, plus the June-July 2022 group audit rounds it looked back on. Plain typed constants, no logic.
 *
 * Where it comes from (/work/shared/seeds, `file:line`):
 * - 004:203-341, the four look-back rectification plans: dates (新材料 2023-01-04..10, 山西铝业 2023-01-10..13),
 *   the units audited, the counts 14/13/10/6, the plan meeting of 2023-02-13, the original audit window
 *   2022-06-26..07-07 (004:205), 五落实, 源头整改, and the required measures that several findings mirror:
 *   现场维修使用CARC表, 重要危险源分级专项检查表 / 检查台账 / 公示牌 (004:259).
 * - 004:125-187: 焙烧工区平盘换布 by 山西中铝工服氧化铝清理车间 (换布队), 克俄矿区, 商贸市场电气线路隐患
 *   (004:157, 商业饮食服务中心), 物流分公司工段 (004:161), 热电厂电力工区, 氧化铝厂矿制工区.
 * - 002 (broken encoding cleaned): 精细氧化铝事业部石灰工区皮带廊积尘、石灰炉炉顶冒灰、物料露天堆存苫盖
 *   (002:12-13), 燃气系统隐患 (002:15), 拟薄水铝石二工区调配槽临时管线和废弃管道 (002:339-348),
 *   热电分厂电气工区抽屉开关发热 (002:446-461), 外墙开裂脱落 (002:470-474, 不动产经营管理中心),
 *   资源综合利用分公司焙烧工区/综合工区, 铝加工事业部三个合金工区 (002:312), 交口牛槽沟铝矿 (002:290),
 *   山西中铝工服柳林项目部 (002:395), 工服 belongs to 中铝山西铝业 (002:248).
 * - 001:145: 石灰板块皮带廊铺设淋水管减少扬尘; 001 (2020) also names 热电分厂燃化工区.
 * The newspapers give counts only, never the problem texts: every finding text, measure, amount and deadline
 * below is written for the demo from the kinds of problems the newspapers describe.
 * All person names are invented. None of the people the newspapers name (e.g. the 督导组 of 004:271-277) is used.
 * Units marked “invented” in a comment are plausible sub-units that no seed names.
 */
import { UnitKind } from '../org/unit-kind';
import { DEMO_PASSWORD } from '../users/passwords';

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string;
  aliases?: string[];
}

export type DemoRole =
  | 'SAFETY_OFFICE'
  | 'SUPERVISOR'
  | 'SUPERVISION_LEADER'
  | 'UNIT_OFFICER'
  | 'UNIT_HEAD'
  | 'REPORTER'
  | 'VIEWER'
  | 'ADMIN';

export interface DemoUser {
  username: string;
  displayName: string;
  unitCode: string;
  roles: DemoRole[];
  groupPosition?: 'LEADER' | 'EXECUTIVE_DEPUTY' | 'DEPUTY' | 'MEMBER';
}

export type DemoRoundKey =
  | 'XCL_2022_SAFETY'
  | 'XCL_2022_ENV'
  | 'SXLY_2022_SAFETY'
  | 'SXLY_2022_ENV'
  | 'XCL_2023_LB_SAFETY'
  | 'XCL_2023_LB_ENV'
  | 'SXLY_2023_LB_SAFETY'
  | 'SXLY_2023_LB_ENV';

export interface DemoRound {
  key: DemoRoundKey;
  name: string;
  kind: 'AUDIT' | 'LOOK_BACK';
  domain: 'SAFETY' | 'ENVIRONMENT';
  companyCode: string;
  auditTeam: string;
  startDate: string;
  endDate: string;
  reportRef: string;
  originalKey?: DemoRoundKey;
  planMeetingDate?: string;
}

export interface DemoFinding {
  round: DemoRoundKey;
  unitCode: string;
  description: string;
  location: string;
  level: 'GENERAL' | 'SERIOUS' | 'MAJOR';
  category: 'UNSAFE_ACT' | 'UNSAFE_CONDITION' | 'MANAGEMENT' | 'ENVIRONMENTAL';
  tags: string[];
  measures: string;
  rootCause: string;
  contingency: string;
  fundsYuan: number;
  deadlineDays: number;
  recurrenceOfIndex?: number;
}

/** One shared password for every demo user (the admin is created elsewhere). */
export const DEMO_PASSWORD_HINT = DEMO_PASSWORD;

// ---------------------------------------------------------------------------------------------------------
// Units. Tiers: COMPANY 1; FACTORY/BRANCH_FACTORY/BRANCH_COMPANY/DIVISION/CENTER/DEPARTMENT 2;
// WORKSHOP/WORK_AREA 3; TEAM 4.
// ---------------------------------------------------------------------------------------------------------
export const DEMO_UNITS: DemoUnit[] = [
  // 中铝山西新材料有限公司
  {
    code: 'XCL',
    name: '中铝山西新材料有限公司',
    kind: UnitKind.COMPANY,
    aliases: ['山西新材料', '中铝山西新材料'],
  },
  {
    code: 'XCL-AHB',
    name: '安全环保健康部',
    kind: UnitKind.DEPARTMENT,
    parentCode: 'XCL',
    aliases: ['安全环保部'],
  },
  { code: 'XCL-ZHGLB', name: '综合管理部', kind: UnitKind.DEPARTMENT, parentCode: 'XCL' },
  { code: 'XCL-DWGZB', name: '党委工作部', kind: UnitKind.DEPARTMENT, parentCode: 'XCL' },
  { code: 'XCL-NYGLZX', name: '能源管理中心', kind: UnitKind.CENTER, parentCode: 'XCL' },
  { code: 'XCL-NYGLZX-RQGQ', name: '燃气管网工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-NYGLZX' }, // invented
  { code: 'XCL-NYGLZX-RQGQ-XJB', name: '燃气巡检班', kind: UnitKind.TEAM, parentCode: 'XCL-NYGLZX-RQGQ' }, // invented
  { code: 'XCL-SCBZZX', name: '生产保障中心', kind: UnitKind.CENTER, parentCode: 'XCL' },
  { code: 'XCL-JSYFZX', name: '技术研发中心', kind: UnitKind.CENTER, parentCode: 'XCL' },
  { code: 'XCL-DJC', name: '电解厂', kind: UnitKind.FACTORY, parentCode: 'XCL' },
  { code: 'XCL-DJC-DJ1GQ', name: '电解一工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-DJC' }, // invented
  { code: 'XCL-DJC-DJ1GQ-TCB', name: '天车班', kind: UnitKind.TEAM, parentCode: 'XCL-DJC-DJ1GQ' }, // invented
  { code: 'XCL-YHLC', name: '氧化铝厂', kind: UnitKind.FACTORY, parentCode: 'XCL' },
  { code: 'XCL-YHLC-KZGQ', name: '矿制工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-YHLC' },
  { code: 'XCL-YHLC-KZGQ-HHB', name: '化灰班', kind: UnitKind.TEAM, parentCode: 'XCL-YHLC-KZGQ' }, // invented
  {
    code: 'XCL-RDFC',
    name: '热电分厂',
    kind: UnitKind.BRANCH_FACTORY,
    parentCode: 'XCL',
    aliases: ['热电厂'],
  },
  { code: 'XCL-RDFC-DQGQ', name: '电气工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-RDFC' },
  { code: 'XCL-RDFC-DQGQ-PDB', name: '配电运行班', kind: UnitKind.TEAM, parentCode: 'XCL-RDFC-DQGQ' }, // invented
  { code: 'XCL-RDFC-RHGQ', name: '燃化工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-RDFC' },
  { code: 'XCL-RDFC-DLGQ', name: '电力工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-RDFC' },
  { code: 'XCL-LJGSYB', name: '铝加工事业部', kind: UnitKind.DIVISION, parentCode: 'XCL' },
  { code: 'XCL-LJGSYB-ZZHJGQ', name: '铸造合金工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-LJGSYB' },
  { code: 'XCL-LJGSYB-BXHJGQ', name: '变形合金工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-LJGSYB' },
  { code: 'XCL-LJGSYB-YZHJGQ', name: '硬质合金工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-LJGSYB' },
  { code: 'XCL-KYGS', name: '矿业公司', kind: UnitKind.BRANCH_COMPANY, parentCode: 'XCL' },
  { code: 'XCL-KYGS-NCGLK', name: '交口牛槽沟铝矿', kind: UnitKind.WORK_AREA, parentCode: 'XCL-KYGS' },
  { code: 'XCL-KYGS-KEKQ', name: '克俄矿区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-KYGS' },
  { code: 'XCL-WLFGS', name: '物流分公司', kind: UnitKind.BRANCH_COMPANY, parentCode: 'XCL' },
  { code: 'XCL-WLFGS-TLGD', name: '铁路工段', kind: UnitKind.WORKSHOP, parentCode: 'XCL-WLFGS' }, // name invented (004:161 says 工段)
  {
    code: 'XCL-ZYZHLY',
    name: '资源综合利用分公司',
    kind: UnitKind.BRANCH_COMPANY,
    parentCode: 'XCL',
    aliases: ['资源综合利用公司', '资源利用分公司'],
  },
  { code: 'XCL-ZYZHLY-BSGQ', name: '焙烧工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-ZYZHLY' },
  { code: 'XCL-ZYZHLY-SCGQ', name: '烧成工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-ZYZHLY' },
  { code: 'XCL-ZYZHLY-ZHGQ', name: '综合工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-ZYZHLY' },
  { code: 'XCL-JXYHL', name: '精细氧化铝事业部', kind: UnitKind.DIVISION, parentCode: 'XCL' },
  { code: 'XCL-JXYHL-SHGQ', name: '石灰工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-JXYHL' },
  { code: 'XCL-JXYHL-SHGQ-SHLB', name: '石灰炉班', kind: UnitKind.TEAM, parentCode: 'XCL-JXYHL-SHGQ' }, // invented
  { code: 'XCL-JXYHL-GLFGQ', name: '硅铝粉工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-JXYHL' },
  { code: 'XCL-JXYHL-NBS2GQ', name: '拟薄水铝石二工区', kind: UnitKind.WORK_AREA, parentCode: 'XCL-JXYHL' },

  // 中铝山西铝业有限公司
  {
    code: 'SXLY',
    name: '中铝山西铝业有限公司',
    kind: UnitKind.COMPANY,
    aliases: ['山西铝业', '中铝山西铝业'],
  },
  {
    code: 'SXLY-AHB',
    name: '安全环保健康部',
    kind: UnitKind.DEPARTMENT,
    parentCode: 'SXLY',
    aliases: ['安全环保部'],
  },
  {
    code: 'SXLY-HTFMH',
    name: '宏泰粉煤灰开发事业部',
    kind: UnitKind.DIVISION,
    parentCode: 'SXLY',
    aliases: ['宏泰事业部'],
  },
  { code: 'SXLY-DKFGS', name: '电控分公司', kind: UnitKind.BRANCH_COMPANY, parentCode: 'SXLY' },
  {
    code: 'SXLY-HHDQ',
    name: '黄河电器有限公司',
    kind: UnitKind.BRANCH_COMPANY,
    parentCode: 'SXLY',
    aliases: ['黄河电器', '山西铝业黄河电器有限公司'],
  },
  {
    code: 'SXLY-GFGS',
    name: '山西中铝工业服务有限公司',
    kind: UnitKind.BRANCH_COMPANY,
    parentCode: 'SXLY',
    aliases: ['山西中铝工服', '山西工服', '工服公司'],
  },
  { code: 'SXLY-GFGS-YHLQLCJ', name: '氧化铝清理车间', kind: UnitKind.WORKSHOP, parentCode: 'SXLY-GFGS' },
  { code: 'SXLY-GFGS-YHLQLCJ-HBD', name: '换布队', kind: UnitKind.TEAM, parentCode: 'SXLY-GFGS-YHLQLCJ' },
  { code: 'SXLY-GFGS-LLXMB', name: '柳林项目部', kind: UnitKind.WORKSHOP, parentCode: 'SXLY-GFGS' },
  // The seeds do not say which company these two service centres belong to; placed under 山西铝业.
  { code: 'SXLY-SYYSFWZX', name: '商业饮食服务中心', kind: UnitKind.CENTER, parentCode: 'SXLY' },
  { code: 'SXLY-BDCJYGLZX', name: '不动产经营管理中心', kind: UnitKind.CENTER, parentCode: 'SXLY' },
];

// ---------------------------------------------------------------------------------------------------------
// Users (invented names). The ADMIN is created elsewhere and deliberately not listed.
// ---------------------------------------------------------------------------------------------------------
export const DEMO_USERS: DemoUser[] = [
  // 安全环保健康部 / 督导组办公室
  { username: 'han.jingyi', displayName: '韩静怡', unitCode: 'XCL-AHB', roles: ['SAFETY_OFFICE'] },
  { username: 'feng.zhiyuan', displayName: '冯志远', unitCode: 'XCL-AHB', roles: ['SAFETY_OFFICE'] },

  // 督导组
  {
    username: 'qin.guodong',
    displayName: '秦国栋',
    unitCode: 'XCL-ZHGLB',
    roles: ['SUPERVISION_LEADER'],
    groupPosition: 'LEADER',
  },
  {
    username: 'yan.lijun',
    displayName: '严立军',
    unitCode: 'XCL-AHB',
    roles: ['SUPERVISION_LEADER'],
    groupPosition: 'EXECUTIVE_DEPUTY',
  },
  {
    username: 'shao.jianhua',
    displayName: '邵建华',
    unitCode: 'SXLY-AHB',
    roles: ['SUPERVISION_LEADER'],
    groupPosition: 'DEPUTY',
  },
  {
    username: 'zhong.wenbo',
    displayName: '钟文博',
    unitCode: 'XCL-DWGZB',
    roles: ['SUPERVISION_LEADER'],
    groupPosition: 'DEPUTY',
  },
  {
    username: 'hou.xiaodong',
    displayName: '侯晓东',
    unitCode: 'XCL-AHB',
    roles: ['SUPERVISOR'],
    groupPosition: 'MEMBER',
  },
  {
    username: 'fan.lijuan',
    displayName: '范丽娟',
    unitCode: 'SXLY-AHB',
    roles: ['SUPERVISOR'],
    groupPosition: 'MEMBER',
  },
  {
    username: 'peng.yuhang',
    displayName: '彭宇航',
    unitCode: 'XCL-ZHGLB',
    roles: ['SUPERVISOR'],
    groupPosition: 'MEMBER',
  },

  // Unit safety officers (安全员) and heads
  { username: 'jia.pengfei', displayName: '贾鹏飞', unitCode: 'XCL-DJC', roles: ['UNIT_OFFICER'] },
  { username: 'kong.dehua', displayName: '孔德华', unitCode: 'XCL-DJC', roles: ['UNIT_HEAD'] },
  { username: 'wen.xiaofeng', displayName: '温晓峰', unitCode: 'XCL-RDFC', roles: ['UNIT_OFFICER'] },
  { username: 'fu.yongqiang', displayName: '傅永强', unitCode: 'XCL-RDFC', roles: ['UNIT_HEAD'] },
  { username: 'mao.xiaoyan', displayName: '毛晓燕', unitCode: 'XCL-YHLC', roles: ['UNIT_OFFICER'] },
  { username: 'lei.zhenguo', displayName: '雷振国', unitCode: 'XCL-YHLC', roles: ['UNIT_HEAD'] },
  { username: 'bai.xuesong', displayName: '白雪松', unitCode: 'XCL-NYGLZX', roles: ['UNIT_OFFICER'] },
  { username: 'yu.changchun', displayName: '俞长春', unitCode: 'XCL-NYGLZX', roles: ['UNIT_HEAD'] },
  { username: 'chang.wentao', displayName: '常文涛', unitCode: 'SXLY-HTFMH', roles: ['UNIT_OFFICER'] },
  { username: 'yue.jianping', displayName: '岳建平', unitCode: 'SXLY-HTFMH', roles: ['UNIT_HEAD'] },

  // Employees who report hazards
  { username: 'shi.xiaolong', displayName: '施小龙', unitCode: 'XCL-JXYHL-SHGQ', roles: ['REPORTER'] },
  { username: 'gong.yaqin', displayName: '龚雅琴', unitCode: 'XCL-RDFC-RHGQ', roles: ['REPORTER'] },

  // Leadership, read only
  { username: 'tao.chengzhi', displayName: '陶承志', unitCode: 'XCL-ZHGLB', roles: ['VIEWER'] },
];

// ---------------------------------------------------------------------------------------------------------
// Rounds. The 2022 新材料 dates are the seed's (004:205: 2022年6月26日至7月7日). The 2022 山西铝业 dates are
// invented (the seeds give none): a week right after, still within June-July 2022. The seed calls the team
// “中铝集团第二督察组” for 新材料 and “中铝集团督察组第二小组” for 山西铝业; one name is used for both.
// All reportRef numbers are invented.
// ---------------------------------------------------------------------------------------------------------
export const DEMO_ROUNDS: DemoRound[] = [
  {
    key: 'XCL_2022_SAFETY',
    name: '2022年集团第二督察组职业健康安全督察（中铝山西新材料）',
    kind: 'AUDIT',
    domain: 'SAFETY',
    companyCode: 'XCL',
    auditTeam: '中铝集团第二督察组',
    startDate: '2022-06-26',
    endDate: '2022-07-07',
    reportRef: '中铝集团督察〔2022〕21号',
  },
  {
    key: 'XCL_2022_ENV',
    name: '2022年集团第二督察组生态环境保护督察（中铝山西新材料）',
    kind: 'AUDIT',
    domain: 'ENVIRONMENT',
    companyCode: 'XCL',
    auditTeam: '中铝集团第二督察组',
    startDate: '2022-06-26',
    endDate: '2022-07-07',
    reportRef: '中铝集团督察〔2022〕22号',
  },
  {
    key: 'SXLY_2022_SAFETY',
    name: '2022年集团第二督察组职业健康安全督察（中铝山西铝业）',
    kind: 'AUDIT',
    domain: 'SAFETY',
    companyCode: 'SXLY',
    auditTeam: '中铝集团第二督察组',
    startDate: '2022-07-08',
    endDate: '2022-07-13',
    reportRef: '中铝集团督察〔2022〕25号',
  },
  {
    key: 'SXLY_2022_ENV',
    name: '2022年集团第二督察组生态环境保护督察（中铝山西铝业）',
    kind: 'AUDIT',
    domain: 'ENVIRONMENT',
    companyCode: 'SXLY',
    auditTeam: '中铝集团第二督察组',
    startDate: '2022-07-08',
    endDate: '2022-07-13',
    reportRef: '中铝集团督察〔2022〕26号',
  },
  {
    key: 'XCL_2023_LB_SAFETY',
    name: '2023年1月集团第二督察组职业健康安全督察“回头看”（中铝山西新材料）',
    kind: 'LOOK_BACK',
    domain: 'SAFETY',
    companyCode: 'XCL',
    auditTeam: '中铝集团第二督察组',
    startDate: '2023-01-04',
    endDate: '2023-01-10',
    reportRef: '中铝集团督察〔2023〕3号',
    originalKey: 'XCL_2022_SAFETY',
    planMeetingDate: '2023-02-13',
  },
  {
    key: 'XCL_2023_LB_ENV',
    name: '2023年1月集团第二督察组生态环境保护督察“回头看”（中铝山西新材料）',
    kind: 'LOOK_BACK',
    domain: 'ENVIRONMENT',
    companyCode: 'XCL',
    auditTeam: '中铝集团第二督察组',
    startDate: '2023-01-04',
    endDate: '2023-01-10',
    reportRef: '中铝集团督察〔2023〕4号',
    originalKey: 'XCL_2022_ENV',
    planMeetingDate: '2023-02-13',
  },
  {
    key: 'SXLY_2023_LB_SAFETY',
    name: '2023年1月集团第二督察组职业健康安全督察“回头看”（中铝山西铝业）',
    kind: 'LOOK_BACK',
    domain: 'SAFETY',
    companyCode: 'SXLY',
    auditTeam: '中铝集团第二督察组',
    startDate: '2023-01-10',
    endDate: '2023-01-13',
    reportRef: '中铝集团督察〔2023〕5号',
    originalKey: 'SXLY_2022_SAFETY',
    planMeetingDate: '2023-02-13',
  },
  {
    key: 'SXLY_2023_LB_ENV',
    name: '2023年1月集团第二督察组生态环境保护督察“回头看”（中铝山西铝业）',
    kind: 'LOOK_BACK',
    domain: 'ENVIRONMENT',
    companyCode: 'SXLY',
    auditTeam: '中铝集团第二督察组',
    startDate: '2023-01-10',
    endDate: '2023-01-13',
    reportRef: '中铝集团督察〔2023〕6号',
    originalKey: 'SXLY_2022_ENV',
    planMeetingDate: '2023-02-13',
  },
];

// ---------------------------------------------------------------------------------------------------------
// Findings. Order matters: recurrenceOfIndex points into this array, so the 2022 originals come first
// ([0]-[16]) and the look-back findings follow ([17]-[59]). deadlineDays counts from the plan meeting
// (2023-02-13); for the 2022 originals, which had no such meeting, a seeder may count from the round's end.
// Recurrences (same unit, problem found again): [18] -> [0], [24] -> [1], [52] -> [11].
// ---------------------------------------------------------------------------------------------------------
export const DEMO_FINDINGS: DemoFinding[] = [
  // ===== XCL_2022_SAFETY (5) =====
  // [0]
  {
    round: 'XCL_2022_SAFETY',
    unitCode: 'XCL-NYGLZX-RQGQ',
    description:
      '燃气管道3号阀门井内积水，阀门锈蚀，井口燃气泄漏报警仪失效，不符合《城镇燃气设施运行、维护和抢修安全技术规程》要求',
    location: '能源管理中心厂区天然气主管网3号阀门井',
    level: 'SERIOUS',
    category: 'UNSAFE_CONDITION',
    tags: ['燃气', '阀门井', '泄漏报警'],
    measures:
      '抽排阀门井积水并对锈蚀阀门除锈防腐，更换失效的燃气泄漏报警仪并接入中控室报警；阀门井纳入每周巡检。',
    rootCause: '燃气管网巡检标准未包含阀门井积水和报警仪功能测试，报警仪校验到期无人跟踪。',
    contingency:
      '整改完成前每班使用便携式检测仪对阀门井检测两次，现场配置灭火器材，执行《燃气泄漏专项应急预案》。',
    fundsYuan: 38000,
    deadlineDays: 30,
  },
  // [1]
  {
    round: 'XCL_2022_SAFETY',
    unitCode: 'XCL-RDFC-DQGQ',
    description: '锅炉低压配电室电气抽屉开关发热，部分接线端子柜门未关闭、积灰严重，未开展红外测温检测',
    location: '热电分厂电气工区锅炉低压配电室',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['电气', '配电室', '抽屉开关'],
    measures: '对发热抽屉开关停电检修，紧固接线端子并更换老化触头，关闭端子柜门；红外测温纳入每周点检项目。',
    rootCause: '配电室防尘措施不到位，点检标准缺少温度检测项，设备劣化未被及时发现。',
    contingency: '整改期间每班巡检两次，发现温升异常立即倒换备用回路，执行《配电室火灾应急处置方案》。',
    fundsYuan: 45000,
    deadlineDays: 45,
  },
  // [2]
  {
    round: 'XCL_2022_SAFETY',
    unitCode: 'XCL-DJC-DJ1GQ',
    description: '出铝抬包吊运过程中作业人员在吊物下方通行，吊运区域未设置警戒，违反起重吊装作业安全规定',
    location: '电解厂电解一工区出铝作业区',
    level: 'GENERAL',
    category: 'UNSAFE_ACT',
    tags: ['起重吊装', '出铝', '违章作业'],
    measures: '对违章人员进行教育和考核，出铝吊运作业划定警戒区域并设专人指挥监护。',
    rootCause: '出铝作业标准未明确吊运警戒要求，班组互保联保落实不到位。',
    contingency: '吊运作业时专人指挥、无关人员撤离警戒区，执行《起重伤害专项应急预案》。',
    fundsYuan: 3000,
    deadlineDays: 15,
  },
  // [3]
  {
    round: 'XCL_2022_SAFETY',
    unitCode: 'XCL-YHLC-KZGQ',
    description: '原料磨检修作业未执行停电、挂牌、上锁，检修人员进入磨机前未确认能量隔离',
    location: '氧化铝厂矿制工区2号原料磨',
    level: 'SERIOUS',
    category: 'UNSAFE_ACT',
    tags: ['能量隔离', '挂牌上锁', '检修'],
    measures:
      '为矿制工区配置专用上锁挂牌工具箱，修订磨机检修作业指导书，检修前由电工和检修负责人双人确认能量隔离。',
    rootCause: '上锁挂牌制度未在工区层面细化，岗位人员对能量隔离的重要性认识不足。',
    contingency: '整改期间磨机检修须由工区安全员现场监护，执行《机械伤害专项应急预案》。',
    fundsYuan: 8000,
    deadlineDays: 20,
  },
  // [4]
  {
    round: 'XCL_2022_SAFETY',
    unitCode: 'XCL-JXYHL-NBS2GQ',
    description: '调配槽槽上临时管线较多、布置不规范，废弃管道和支架未拆除，槽上巡检走道狭窄、防护栏高度不足',
    location: '精细氧化铝事业部拟薄水铝石二工区调配槽岗位',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['管线', '防护栏', '临时设施'],
    measures: '重新规划敷设调配槽工艺管线，拆除废弃管道、支架和管线，整修加高槽上巡检走道和防护栏。',
    rootCause: '调配槽岗位利用旧厂房和旧设备改建，历史遗留的临时设施未纳入拆除计划。',
    contingency: '改造完成前在狭窄区域设置警示标识，巡检双人进行，交叉作业时专人现场监护。',
    fundsYuan: 120000,
    deadlineDays: 60,
  },

  // ===== XCL_2022_ENV (4) =====
  // [5]
  {
    round: 'XCL_2022_ENV',
    unitCode: 'XCL-JXYHL-SHGQ',
    description: '石灰炉炉顶冒灰，炉气净化系统除尘设施运行不正常，收尘效率低，存在颗粒物无组织排放',
    location: '精细氧化铝事业部石灰工区1号石灰炉炉顶',
    level: 'SERIOUS',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '无组织排放', '除尘设施'],
    measures: '对炉气净化系统实施改造，更换破损布袋并恢复除尘风机正常运行，炉顶加料口加装密封装置。',
    rootCause: '除尘设施维护保养计划执行不到位，布袋破损未及时更换。',
    contingency: '改造期间调整炉况降低炉顶压力，出现冒灰时立即减料并启用移动雾炮抑尘。',
    fundsYuan: 260000,
    deadlineDays: 90,
  },
  // [6]
  {
    round: 'XCL_2022_ENV',
    unitCode: 'XCL-JXYHL-SHGQ',
    description: '石灰工区1号皮带廊地面及托辊积尘严重，未按规定定期清扫，皮带廊未设置抑尘设施',
    location: '精细氧化铝事业部石灰工区1号皮带廊',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '皮带廊', '积尘'],
    measures: '彻底清理皮带廊积尘，皮带廊铺设淋水管及相关设施，制定定时清扫制度并落实到班组。',
    rootCause: '现场清扫责任未明确到班组，缺少抑尘设施导致积尘反复产生。',
    contingency: '抑尘设施投用前每班清扫一次，大风天气增加洒水频次。',
    fundsYuan: 65000,
    deadlineDays: 45,
  },
  // [7]
  {
    round: 'XCL_2022_ENV',
    unitCode: 'XCL-ZYZHLY-SCGQ',
    description: '熟料窑窑尾区域清理出的块状物料和结疤物料露天堆存，未苫盖，大风天气扬尘',
    location: '资源综合利用分公司烧成工区熟料窑窑尾',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '露天堆存', '苫盖'],
    measures: '清运窑尾露天堆存物料，暂存物料一律苫盖防尘网；规划固定的临时堆放区并硬化地面。',
    rootCause: '检修清理产生的物料缺少及时清运机制，临时堆放区未规划。',
    contingency: '清运完成前每日洒水两次，重污染天气预警期间停止物料倒运。',
    fundsYuan: 30000,
    deadlineDays: 30,
  },
  // [8]
  {
    round: 'XCL_2022_ENV',
    unitCode: 'XCL-RDFC-RHGQ',
    description: '干煤棚外临时煤场防风抑尘网破损，部分煤堆露天存放未苫盖',
    location: '热电分厂燃化工区干煤棚东侧临时煤场',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '煤场', '防风抑尘网'],
    measures: '修复更换破损防风抑尘网，临时煤场煤堆全部苫盖，逐步将临时煤场燃煤倒入干煤棚储存。',
    rootCause: '来煤集中时干煤棚储量不足，临时煤场未纳入日常巡检。',
    contingency: '大风天气停止临时煤场作业并启动雾炮抑尘。',
    fundsYuan: 85000,
    deadlineDays: 45,
  },

  // ===== SXLY_2022_SAFETY (4) =====
  // [9]
  {
    round: 'SXLY_2022_SAFETY',
    unitCode: 'SXLY-SYYSFWZX',
    description: '生活区商贸市场租赁户电气线路私拉乱接，线缆未穿管保护，配电箱无防水措施',
    location: '商业饮食服务中心所辖生活区商贸市场',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['电气', '私拉乱接', '市场'],
    measures:
      '组织电气专业人员对市场租赁户电气线路进行维修改造，更换老化线缆并穿管敷设，加装防水开关配电箱。',
    rootCause: '租赁合同未约定用电安全责任，市场日常巡查缺少电气专项检查。',
    contingency: '改造完成前对违规线路先行断电，市场管理员每日巡查并配置灭火器材。',
    fundsYuan: 48000,
    deadlineDays: 30,
  },
  // [10]
  {
    round: 'SXLY_2022_SAFETY',
    unitCode: 'SXLY-BDCJYGLZX',
    description: '辖区部分房屋建筑外墙开裂、脱落，下方人行通道未设置警戒隔离',
    location: '不动产经营管理中心所辖生活区临街房屋',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['建筑物', '外墙', '高空坠物'],
    measures: '对开裂外墙全面排查，清除松动墙皮并修补，危险区域设置警戒隔离和警示标志。',
    rootCause: '房屋建筑未建立定期安全检查制度，老旧建筑维修资金未纳入年度计划。',
    contingency: '修补完成前封闭危险区域下方通道，雨雪大风天气后开展专项巡查。',
    fundsYuan: 150000,
    deadlineDays: 60,
  },
  // [11]
  {
    round: 'SXLY_2022_SAFETY',
    unitCode: 'SXLY-GFGS-YHLQLCJ',
    description: '平盘过滤机换布维修作业未使用CARC表进行作业风险辨识，应急处置措施未落实到人',
    location: '资源综合利用分公司焙烧工区平盘过滤机（山西中铝工服氧化铝清理车间检修现场）',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['CARC表', '风险辨识', '检修'],
    measures:
      '对车间检修人员开展CARC表使用培训，现场维修作业前由作业负责人组织填写CARC表并逐项落实控制措施。',
    rootCause: '车间将CARC表视为形式性资料，现场作业审批层级监管不严。',
    contingency: '整改期间所有维修作业由车间安全员现场核查风险辨识后方可开工。',
    fundsYuan: 3000,
    deadlineDays: 20,
  },
  // [12]
  {
    round: 'SXLY_2022_SAFETY',
    unitCode: 'SXLY-HTFMH',
    description: '未建立重要危险源检查台账，检查发现的问题未记录整改和销号情况',
    location: '宏泰粉煤灰开发事业部安全管理科',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['重要危险源', '检查台账'],
    measures: '建立重要危险源检查台账，按检查频次记录检查内容、发现问题、整改责任人和销号日期。',
    rootCause: '重要危险源管理制度未明确台账要求，安全管理人员对标准理解不到位。',
    contingency: '台账建立前由事业部安全管理科每周对重要危险源开展一次专项检查并留存记录。',
    fundsYuan: 0,
    deadlineDays: 15,
  },

  // ===== SXLY_2022_ENV (4) =====
  // [13]
  {
    round: 'SXLY_2022_ENV',
    unitCode: 'SXLY-HTFMH',
    description: '粉煤灰罐车装车口密封不严，运输车辆遗撒，厂区道路积灰未及时清扫',
    location: '宏泰粉煤灰开发事业部粉煤灰装车站及厂区道路',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '遗撒', '运输'],
    measures: '更换装车口伸缩密封套，出厂车辆经洗车平台冲洗，安排道路清扫车每日定时清扫洒水。',
    rootCause: '装车设备密封件老化未更换，运输车辆出厂检查缺失。',
    contingency: '重污染天气预警期间按应急减排清单减少装车频次。',
    fundsYuan: 90000,
    deadlineDays: 45,
  },
  // [14]
  {
    round: 'SXLY_2022_ENV',
    unitCode: 'SXLY-DKFGS',
    description: '突发环境事件应急预案超过三年未修订，未按规定报地方生态环境部门备案',
    location: '电控分公司安全环保科',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['应急预案', '备案', '环境管理'],
    measures: '委托第三方开展环境风险评估，修订突发环境事件应急预案并报地方生态环境部门备案。',
    rootCause: '环保管理人员变动后预案修订职责未交接，缺少到期提醒。',
    contingency: '新预案备案前继续执行原预案，并组织一次环境应急演练。',
    fundsYuan: 25000,
    deadlineDays: 60,
  },
  // [15]
  {
    round: 'SXLY_2022_ENV',
    unitCode: 'SXLY-HHDQ',
    description: '喷漆工序产生的漆渣、废漆桶未纳入危险废物管理台账，转移联单与实际数量不符',
    location: '黄河电器有限公司开关柜喷涂车间危险废物暂存间',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['危险废物', '台账', '喷漆'],
    measures: '补建危险废物产生、贮存、转移台账，逐批核对转移联单，暂存间张贴标识和管理制度。',
    rootCause: '危险废物管理职责未落实到车间，台账由供应部门代记且未核对。',
    contingency: '台账规范前暂停漆渣外运，暂存间加锁并专人管理。',
    fundsYuan: 5000,
    deadlineDays: 30,
  },
  // [16]
  {
    round: 'SXLY_2022_ENV',
    unitCode: 'SXLY-GFGS',
    description: '检修拆除的废弃保温棉、废耐火材料在检修现场随意堆放，未及时清运至指定地点',
    location: '山西中铝工服检修作业现场（氧化铝厂溶出系统）',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['固体废物', '检修', '工完料净场地清'],
    measures: '将检修现场废弃保温棉和耐火材料清运至指定贮存点，检修作业执行“工完料净场地清”验收。',
    rootCause: '检修合同未明确废弃物清运责任，现场验收未检查废弃物去向。',
    contingency: '清运前对废弃物苫盖防止扬散，雨天覆盖防雨布。',
    fundsYuan: 12000,
    deadlineDays: 20,
  },

  // ===== XCL_2023_LB_SAFETY (14) =====
  // [17]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-NYGLZX-RQGQ',
    description:
      '天然气调压站调压撬进口法兰处检测到天然气泄漏，站内可燃气体泄漏报警仪失效，泄漏未能及时报警和处置',
    location: '能源管理中心天然气调压站',
    level: 'MAJOR',
    category: 'UNSAFE_CONDITION',
    tags: ['燃气', '重要危险源', '泄漏报警', '重大隐患'],
    measures:
      '调压站立即停运并切换旁路供气，更换法兰垫片后进行气密性试验；更换全部失效报警仪并与紧急切断阀联锁。',
    rootCause: '调压站重要危险源专项检查流于形式，报警仪未纳入强检计划，日常巡检未使用检测仪检漏。',
    contingency:
      '整改期间调压站停运，旁路供气区域设置警戒区、严禁动火，专人24小时值守，执行《天然气泄漏专项应急预案》。',
    fundsYuan: 180000,
    deadlineDays: 7,
  },
  // [18] recurrence of [0]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-NYGLZX-RQGQ',
    description:
      '燃气管道3号阀门井内再次积水，井内阀门锈蚀，燃气泄漏报警仪未按期校验，2022年督察问题整改不彻底',
    location: '能源管理中心厂区天然气主管网3号阀门井',
    level: 'SERIOUS',
    category: 'UNSAFE_CONDITION',
    tags: ['燃气', '阀门井', '泄漏报警', '整改不彻底'],
    measures:
      '对阀门井实施防水改造并加装排水设施，更换锈蚀阀门，报警仪纳入年度强检计划；倒查2022年整改责任。',
    rootCause: '2022年整改仅抽排积水，未消除渗水源头，整改验收未核查长效措施。',
    contingency: '改造完成前每班用便携式检测仪检测两次，雨后专项排水，执行《燃气泄漏专项应急预案》。',
    fundsYuan: 95000,
    deadlineDays: 45,
    recurrenceOfIndex: 0,
  },
  // [19]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-NYGLZX',
    description: '重要危险源未分级制定专项检查表，天然气调压站、氧气站的检查内容与一般岗位点检表相同',
    location: '能源管理中心安全管理科',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['重要危险源', '专项检查表'],
    measures: '按公司级、中心级、工区级分级制定重要危险源专项检查表，明确检查频次、内容和标准并组织培训。',
    rootCause: '重要危险源管理制度修订后未同步更新检查表，专业技术人员参与不足。',
    contingency: '检查表发布前由中心安全管理科每周对重要危险源开展一次专项检查。',
    fundsYuan: 0,
    deadlineDays: 20,
  },
  // [20]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-DJC-DJ1GQ',
    description: '多功能天车抢修作业未办理工作票，作业人员未断开滑触线电源即登车检修',
    location: '电解厂电解一工区2号多功能天车',
    level: 'SERIOUS',
    category: 'UNSAFE_ACT',
    tags: ['工作票', '抢修', '天车', '电气'],
    measures: '对违章人员和工区负责人进行考核，修订天车抢修作业流程，抢修必须办理工作票并执行断电挂牌。',
    rootCause: '抢修时间压力下班组沿袭“先干后补”的习惯，工区对抢修作业缺少现场审批监管。',
    contingency: '抢修作业须由工区值班领导现场确认断电挂牌后开工，执行《天车故障应急处置方案》。',
    fundsYuan: 3000,
    deadlineDays: 15,
  },
  // [21]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-DJC',
    description: '现场维修未使用CARC表，作业风险辨识和控制措施未落实，作业审批层级监管不到位',
    location: '电解厂烟气净化系统排烟风机检修现场',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['CARC表', '风险辨识', '检修'],
    measures:
      '组织维修人员开展CARC表使用培训，维修作业前填写CARC表并由作业负责人逐项确认，纳入作业审批检查内容。',
    rootCause: '厂级作业审批制度未将CARC表列为必查项，维修人员风险辨识能力不足。',
    contingency: '整改期间维修作业由厂安全员抽查风险辨识情况，控制措施未落实的一律停止作业。',
    fundsYuan: 2000,
    deadlineDays: 20,
  },
  // [22]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-YHLC',
    description:
      '高压溶出系统重要危险源未在醒目位置设置“重要危险源公示牌”，岗位人员不清楚危险源风险及应急措施',
    location: '氧化铝厂高压溶出区域',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['重要危险源', '公示牌'],
    measures:
      '在高压溶出区域醒目位置设置重要危险源公示牌，注明危险源名称、风险、责任人和应急措施，并对岗位人员培训。',
    rootCause: '重要危险源现场标识要求未分解到车间，厂级检查未覆盖标识内容。',
    contingency: '公示牌设置前由班组在班前会宣讲溶出系统风险和应急措施。',
    fundsYuan: 3000,
    deadlineDays: 15,
  },
  // [23]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-YHLC-KZGQ',
    description: '化灰机联轴器防护罩缺失，转动部位外露，不符合机械设备安全防护要求',
    location: '氧化铝厂矿制工区2号化灰机',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['机械伤害', '防护罩'],
    measures: '制作安装联轴器防护罩，对矿制工区所有转动设备的防护设施开展排查并补齐。',
    rootCause: '检修后防护罩未及时复位，检修验收缺少防护设施检查项。',
    contingency: '防护罩安装前设置临时隔离围栏并悬挂警示牌，禁止人员靠近运转设备。',
    fundsYuan: 6000,
    deadlineDays: 15,
  },
  // [24] recurrence of [1]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-RDFC-DQGQ',
    description: '锅炉低压配电室电气抽屉开关仍有发热现象，接线端子柜门未关闭，2022年督察问题未彻底整改',
    location: '热电分厂电气工区锅炉低压配电室',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['电气', '配电室', '抽屉开关', '整改不彻底'],
    measures:
      '成立攻关小组分析抽屉发热原因，更换发热抽屉开关，定期清扫吹灰并及时关闭端子柜门，加强岗位点巡检。',
    rootCause: '2022年整改只处理了个别发热抽屉，未从防尘和点检标准上根治，同类问题未消除。',
    contingency: '整改期间每班红外测温两次，温升异常立即倒换备用回路，执行《配电室火灾应急处置方案》。',
    fundsYuan: 98000,
    deadlineDays: 60,
    recurrenceOfIndex: 1,
  },
  // [25]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-RDFC-RHGQ',
    description: '输煤皮带拉绳开关失效，部分跑偏开关未接线，皮带紧急停车保护不能正常动作',
    location: '热电分厂燃化工区输煤3号皮带',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['皮带', '安全保护装置'],
    measures: '更换失效拉绳开关，恢复跑偏开关接线并做联锁试验，建立输煤皮带保护装置定期试验制度。',
    rootCause: '保护装置未纳入定期试验项目，开关损坏后长期未报修。',
    contingency: '修复前皮带运行时安排专人沿线巡视，发现异常立即就地停机。',
    fundsYuan: 15000,
    deadlineDays: 20,
  },
  // [26]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-RDFC-DLGQ',
    description: '厂用电缆沟部分盖板缺失，电缆夹层穿墙孔洞防火封堵不严',
    location: '热电分厂电力工区6kV厂用电缆沟及电缆夹层',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['电气', '电缆', '防火封堵'],
    measures: '补齐缺失的电缆沟盖板，对电缆夹层穿墙孔洞使用防火材料重新封堵并验收。',
    rootCause: '检修后盖板和防火封堵未恢复，电缆沟巡检标准不明确。',
    contingency: '整改期间在盖板缺失处设置围栏警示，电缆夹层配置灭火器材并加强巡检。',
    fundsYuan: 22000,
    deadlineDays: 30,
  },
  // [27]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-LJGSYB-ZZHJGQ',
    description: '熔铸炉铝液流槽下方地面积水，铸造井周边防水措施不到位，存在铝液遇水爆炸风险',
    location: '铝加工事业部铸造合金工区2号熔铸炉及铸造井',
    level: 'SERIOUS',
    category: 'UNSAFE_CONDITION',
    tags: ['铝液', '防爆', '重要危险源'],
    measures: '排除流槽下方积水并修复渗漏的冷却水管路，铸造井周边设置挡水围堰，浇铸前确认作业区域干燥。',
    rootCause: '冷却水管路渗漏未及时修复，浇铸前安全确认未包含地面积水检查。',
    contingency: '整改完成前该熔铸炉停止浇铸，执行《铝液遇水爆炸专项应急预案》。',
    fundsYuan: 40000,
    deadlineDays: 15,
  },
  // [28]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-LJGSYB-BXHJGQ',
    description: '锯切打捆岗位锯切机防护罩缺失，作业人员未佩戴防护眼镜',
    location: '铝加工事业部变形合金工区锯切打捆岗位',
    level: 'GENERAL',
    category: 'UNSAFE_ACT',
    tags: ['机械伤害', '劳动防护用品'],
    measures: '加装锯切机防护罩，为岗位人员配发防护眼镜并纳入班前检查，对违章人员进行教育。',
    rootCause: '班组对劳动防护用品佩戴监督不严，设备防护罩损坏后未报修。',
    contingency: '防护罩安装前停用该锯切机，改用备用设备作业。',
    fundsYuan: 5000,
    deadlineDays: 10,
  },
  // [29]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-KYGS-NCGLK',
    description: '炸药库重要危险源未设置重要危险源公示牌，库管人员不掌握危险源风险和应急处置措施',
    location: '矿业公司交口牛槽沟铝矿炸药库',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['重要危险源', '公示牌', '民用爆炸物品'],
    measures: '在炸药库醒目位置设置重要危险源公示牌，组织库管员和守护人员学习危险源风险及应急处置措施。',
    rootCause: '矿区未落实公司重要危险源管理制度的现场标识要求，矿业公司检查未发现。',
    contingency: '公示牌设置前严格执行炸药库双人双锁管理并加密巡查。',
    fundsYuan: 2000,
    deadlineDays: 15,
  },
  // [30]
  {
    round: 'XCL_2023_LB_SAFETY',
    unitCode: 'XCL-KYGS-KEKQ',
    description: '露天采场部分台阶坡面存在浮石，排土场安全警示标志缺失，运矿道路弯道处未设置挡车设施',
    location: '矿业公司克俄矿区露天采场及排土场',
    level: 'SERIOUS',
    category: 'UNSAFE_CONDITION',
    tags: ['露天矿山', '边坡', '道路运输'],
    measures: '组织清理台阶坡面浮石，排土场补设安全警示标志，运矿道路弯道处修筑挡车墙。',
    rootCause: '采场边坡日常巡查不到位，降雪后未开展专项检查。',
    contingency: '浮石清理完成前封闭危险台阶下方作业区域，执行《边坡坍塌专项应急预案》。',
    fundsYuan: 60000,
    deadlineDays: 30,
  },

  // ===== XCL_2023_LB_ENV (13) =====
  // [31]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-NYGLZX',
    description: '厂区雨污分流不彻底，循环水系统排污水混入雨水管网，雨水总排口未设置应急切断阀',
    location: '能源管理中心循环水泵站及厂区雨水总排口',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['废水', '雨污分流'],
    measures: '排查并封堵混接管道，循环水排污水接入污水处理站，雨水总排口加装应急切断阀。',
    rootCause: '管网改造图纸与实际不符，雨污管网未开展系统排查。',
    contingency: '整改完成前每日监测雨水排口水质，异常时立即封堵排口并启动《突发环境事件应急预案》。',
    fundsYuan: 150000,
    deadlineDays: 90,
  },
  // [32]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-SCBZZX',
    description: '废矿物油危险废物暂存库台账记录不全，出入库数量与转移联单不一致，库内未设置泄漏收集设施',
    location: '生产保障中心废矿物油危险废物暂存库',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['危险废物', '台账', '废矿物油'],
    measures: '补全危险废物出入库台账并逐批核对转移联单，暂存库内设置导流沟和收集池。',
    rootCause: '危险废物管理人员未经专业培训，台账与联单核对未形成制度。',
    contingency: '暂存库配置吸油毡和应急沙，发生泄漏按《危险废物泄漏应急处置方案》处置。',
    fundsYuan: 35000,
    deadlineDays: 30,
  },
  // [33]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-DJC-DJ1GQ',
    description: '部分电解槽集气罩板缺失、变形，电解车间天窗可见烟气无组织排放',
    location: '电解厂电解一工区电解车间',
    level: 'SERIOUS',
    category: 'ENVIRONMENTAL',
    tags: ['无组织排放', '电解烟气', '电解槽'],
    measures: '补齐更换缺失和变形的集气罩板，换极作业后及时盖好罩板，提高电解烟气净化系统排烟量。',
    rootCause: '罩板损坏后备件储备不足，换极作业盖板要求未纳入作业标准考核。',
    contingency: '整改期间加强天窗巡查，烟气净化系统保持最大排烟量运行。',
    fundsYuan: 220000,
    deadlineDays: 60,
  },
  // [34]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-DJC',
    description: '电解槽大修渣（废阴极炭块）临时堆存场所未防雨、防渗，未设置危险废物识别标志',
    location: '电解厂大修渣临时堆存场',
    level: 'SERIOUS',
    category: 'ENVIRONMENTAL',
    tags: ['危险废物', '大修渣', '防渗'],
    measures:
      '将大修渣转入规范的危险废物贮存库，临时堆存场按标准建设防雨棚和防渗地面，设置危险废物识别标志。',
    rootCause: '大修槽集中启动期间大修渣产生量超出贮存库能力，未提前规划贮存设施。',
    contingency: '转运完成前对堆存大修渣苫盖防雨布，雨天检查渗滤情况。',
    fundsYuan: 280000,
    deadlineDays: 90,
  },
  // [35]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-YHLC',
    description: '赤泥库部分干滩面裸露未覆盖，大风天气起尘，库区洒水抑尘设施未正常运行',
    location: '氧化铝厂赤泥库干滩面',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '赤泥库'],
    measures: '对裸露干滩面覆盖防尘网，修复库区洒水管网和喷枪，制定定时洒水制度。',
    rootCause: '赤泥库扬尘管控措施未随堆存面积扩大而调整。',
    contingency: '大风天气前增加洒水频次，启用移动雾炮车抑尘。',
    fundsYuan: 120000,
    deadlineDays: 45,
  },
  // [36]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-YHLC-KZGQ',
    description: '原矿堆场部分矿石露天堆存未苫盖，装载机倒运时扬尘明显',
    location: '氧化铝厂矿制工区原矿堆场',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '露天堆存', '苫盖'],
    measures: '露天矿石堆全部苫盖防尘网，倒运作业时开启雾炮抑尘，逐步将矿石倒入封闭料棚。',
    rootCause: '矿石集中进厂时料棚储量不足，临时堆存未落实苫盖要求。',
    contingency: '重污染天气预警期间停止露天倒运作业。',
    fundsYuan: 45000,
    deadlineDays: 30,
  },
  // [37]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-RDFC-RHGQ',
    description: '输煤2号皮带廊地面及托辊积尘严重，未按规定定期清扫，廊内喷淋抑尘装置未投用',
    location: '热电分厂燃化工区输煤2号皮带廊',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '皮带廊', '积尘'],
    measures: '彻底清理皮带廊积尘，修复并投用喷淋抑尘装置，落实班组定时清扫制度。',
    rootCause: '喷淋装置冬季防冻停用后未恢复，清扫责任区划分不清。',
    contingency: '喷淋恢复前每班清扫一次，采取湿式清扫防止二次扬尘。',
    fundsYuan: 30000,
    deadlineDays: 30,
  },
  // [38]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-RDFC',
    description: '锅炉灰库卸灰口无组织扬尘，卸灰时未启用加湿搅拌装置',
    location: '热电分厂锅炉灰库卸灰口',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '灰库', '无组织排放'],
    measures: '检修灰库加湿搅拌机，卸灰时必须启用加湿装置，卸灰口加装伸缩式防尘罩。',
    rootCause: '加湿搅拌机故障后未及时修复，卸灰操作规程执行不严。',
    contingency: '修复前干灰改用罐车密闭外运，卸灰口洒水降尘。',
    fundsYuan: 55000,
    deadlineDays: 30,
  },
  // [39]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-LJGSYB-ZZHJGQ',
    description: '铝灰暂存点未设置危险废物识别标志，部分铝灰袋露天堆放，未采取防雨、防扬散措施',
    location: '铝加工事业部铸造合金工区铝灰暂存点',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['危险废物', '铝灰'],
    measures: '将露天铝灰袋转入危险废物暂存间，暂存点设置识别标志，规范铝灰贮存和转移台账。',
    rootCause: '铝灰产生量增加后暂存间容量不足，未及时委托处置。',
    contingency: '转运前苫盖防雨布，严禁铝灰接触水。',
    fundsYuan: 20000,
    deadlineDays: 20,
  },
  // [40]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-KYGS-KEKQ',
    description: '排土场未按复垦方案开展生态修复，运矿道路洒水降尘不足，车辆通行扬尘明显',
    location: '矿业公司克俄矿区排土场及运矿道路',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['生态修复', '扬尘', '矿山'],
    measures: '编制排土场年度复垦计划并开展覆土绿化，增配洒水车，运矿道路定时洒水。',
    rootCause: '矿山生态修复资金未纳入年度预算，洒水作业未制定频次标准。',
    contingency: '大风天气减少运矿车辆通行并加大洒水频次。',
    fundsYuan: 300000,
    deadlineDays: 120,
  },
  // [41]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-WLFGS-TLGD',
    description: '铁路装卸站台煤炭卸车作业扬尘，站台未设置喷淋抑尘设施，洒落物料未及时清理',
    location: '物流分公司铁路工段翻车机房及装卸站台',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '铁路', '装卸'],
    measures: '在装卸站台和翻车机房加装喷淋抑尘设施，卸车后及时清理洒落物料。',
    rootCause: '装卸作业环保要求未纳入作业标准，站台清扫责任不明确。',
    contingency: '设施安装前卸车作业时使用移动雾炮抑尘，大风天气暂停露天卸车。',
    fundsYuan: 160000,
    deadlineDays: 60,
  },
  // [42]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-ZYZHLY-SCGQ',
    description: '熟料窑3号皮带廊积尘严重，托辊下方物料堆积未清理，皮带廊围护板破损、密闭不严',
    location: '资源综合利用分公司烧成工区熟料窑3号皮带廊',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '皮带廊', '积尘'],
    measures: '清理皮带廊积尘和托辊下方堆积物料，修补皮带廊破损围护板，导料槽加装防尘帘。',
    rootCause: '导料槽密封失效导致撒料，清理作业依赖临时突击。',
    contingency: '修复前每班清理一次并采取湿式作业。',
    fundsYuan: 40000,
    deadlineDays: 30,
  },
  // [43]
  {
    round: 'XCL_2023_LB_ENV',
    unitCode: 'XCL-ZYZHLY-BSGQ',
    description: '焙烧炉烟气在线监测设备故障期间，未按规定开展手工监测并向生态环境部门报告',
    location: '资源综合利用分公司焙烧工区焙烧炉烟气排放口',
    level: 'SERIOUS',
    category: 'ENVIRONMENTAL',
    tags: ['在线监测', '大气', '焙烧炉'],
    measures: '修复在线监测设备并完成比对校验，制定在线监测设备故障报告和手工监测制度。',
    rootCause: '在线监测运维单位与分公司职责不清，故障报告流程未建立。',
    contingency: '设备故障期间每4小时开展一次手工监测，数据异常立即调整工况。',
    fundsYuan: 30000,
    deadlineDays: 20,
  },

  // ===== SXLY_2023_LB_SAFETY (10) =====
  // [44]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-HTFMH',
    description: '粉煤灰烘干系统天然气热风炉燃烧器区域可燃气体泄漏报警仪失效，熄火保护装置被人为短接',
    location: '宏泰粉煤灰开发事业部粉煤灰烘干系统热风炉',
    level: 'MAJOR',
    category: 'UNSAFE_CONDITION',
    tags: ['燃气', '重要危险源', '熄火保护', '重大隐患'],
    measures: '热风炉立即停炉，恢复熄火保护联锁并经测试合格，更换失效报警仪并接入中控室声光报警。',
    rootCause: '为避免频繁熄火停炉而人为短接保护装置，联锁投退未执行审批制度。',
    contingency: '整改期间热风炉停运，关闭燃气进气总阀并加盲板隔离，执行《燃气泄漏专项应急预案》。',
    fundsYuan: 85000,
    deadlineDays: 10,
  },
  // [45]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-HTFMH',
    description: '重要危险源未分级制定专项检查表，热风炉燃气系统按一般设备进行点检',
    location: '宏泰粉煤灰开发事业部安全管理科',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['重要危险源', '专项检查表'],
    measures: '按事业部、车间、班组三级制定重要危险源专项检查表，明确检查频次、内容和标准，按表逐项检查。',
    rootCause: '事业部未按公司重要危险源管理制度细化检查要求。',
    contingency: '检查表发布前由事业部安全管理科每周专项检查一次。',
    fundsYuan: 0,
    deadlineDays: 20,
  },
  // [46]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-HTFMH',
    description: '粉煤灰储仓仓顶防护栏锈蚀断裂，仓顶检修平台未设置踢脚板',
    location: '宏泰粉煤灰开发事业部2号粉煤灰储仓仓顶',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['高处坠落', '防护栏'],
    measures: '更换仓顶锈蚀防护栏并加装踢脚板，对全部储仓仓顶平台开展排查。',
    rootCause: '仓顶设施长期受粉尘腐蚀，未纳入定期防腐检修计划。',
    contingency: '修复前禁止人员上仓顶作业，确需作业时系挂安全带并专人监护。',
    fundsYuan: 28000,
    deadlineDays: 30,
  },
  // [47]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-DKFGS',
    description: '10kV配电室倒闸操作未执行操作票和监护制度，操作人员单人操作',
    location: '电控分公司10kV总降配电室',
    level: 'SERIOUS',
    category: 'UNSAFE_ACT',
    tags: ['电气', '倒闸操作', '操作票'],
    measures: '对违章人员考核并停岗培训，重申“两票三制”，倒闸操作必须持票并由监护人全程监护。',
    rootCause: '夜班人员配置不足导致单人操作，“两票”执行情况检查不到位。',
    contingency: '整改期间倒闸操作由分公司值班干部到场监护，执行《电气误操作应急处置方案》。',
    fundsYuan: 2000,
    deadlineDays: 10,
  },
  // [48]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-DKFGS',
    description: '未建立重要危险源检查台账，变电站重要危险源检查发现的问题无整改销号记录',
    location: '电控分公司安全环保科',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['重要危险源', '检查台账'],
    measures: '建立重要危险源检查台账，对检查发现的问题及时整改、销号并留存记录。',
    rootCause: '分公司对重要危险源闭环管理要求理解不到位。',
    contingency: '台账建立前由分公司安全环保科每周检查一次并书面记录。',
    fundsYuan: 0,
    deadlineDays: 15,
  },
  // [49]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-HHDQ',
    description: '开关柜装配厂房外墙开裂，局部墙皮脱落，厂房下方通道未设置警戒隔离',
    location: '黄河电器有限公司开关柜装配厂房北侧外墙',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['建筑物', '外墙', '高空坠物'],
    measures: '清除外墙松动墙皮并修补开裂部位，下方通道设置警戒隔离和警示标志，委托鉴定厂房结构安全。',
    rootCause: '厂房建成年代久，未开展定期建筑结构安全检查。',
    contingency: '修补完成前封闭下方通道，雨雪大风天气后开展专项巡查。',
    fundsYuan: 110000,
    deadlineDays: 60,
  },
  // [50]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-HHDQ',
    description: '重要危险源未分级制定专项检查表，喷涂车间涂料库的检查无具体内容和标准',
    location: '黄河电器有限公司开关柜喷涂车间涂料库',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['重要危险源', '专项检查表', '危险化学品'],
    measures: '分级制定涂料库重要危险源专项检查表，明确检查内容、标准和频次，建立检查台账。',
    rootCause: '公司未配备专职安全技术人员，重要危险源管理要求未细化。',
    contingency: '检查表发布前由车间安全员每日检查涂料库通风和防爆设施。',
    fundsYuan: 0,
    deadlineDays: 20,
  },
  // [51]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-HHDQ',
    description: '装配车间电气线路私拉乱接，临时用电配电箱未接地，未安装漏电保护器',
    location: '黄河电器有限公司开关柜装配车间',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    tags: ['电气', '私拉乱接', '临时用电'],
    measures: '拆除私拉乱接线路，按临时用电规范重新敷设，配电箱可靠接地并安装漏电保护器。',
    rootCause: '临时用电未执行审批手续，车间对私拉乱接缺少日常检查。',
    contingency: '整改期间违规线路断电停用，配电箱附近配置灭火器材。',
    fundsYuan: 12000,
    deadlineDays: 15,
  },
  // [52] recurrence of [11]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-GFGS-YHLQLCJ',
    description: '平盘过滤机维修作业仍未使用CARC表，作业风险辨识流于形式，2022年督察问题整改不彻底',
    location: '资源综合利用分公司焙烧工区平盘过滤机（山西中铝工服氧化铝清理车间检修现场）',
    level: 'GENERAL',
    category: 'MANAGEMENT',
    tags: ['CARC表', '风险辨识', '检修', '整改不彻底'],
    measures: '将CARC表纳入维修作业许可必备文件，无CARC表不得开工；车间每周抽查CARC表填写质量并通报。',
    rootCause: '2022年整改仅开展了培训，未建立作业许可与CARC表挂钩的长效机制。',
    contingency: '整改期间维修作业由车间安全员到场核查风险辨识和应急措施后方可开工。',
    fundsYuan: 5000,
    deadlineDays: 20,
    recurrenceOfIndex: 11,
  },
  // [53]
  {
    round: 'SXLY_2023_LB_SAFETY',
    unitCode: 'SXLY-GFGS-YHLQLCJ-HBD',
    description: '换布作业人员在平盘上方高处作业未系挂安全带，临时搭设的脚手架未经验收挂牌',
    location: '资源综合利用分公司焙烧工区2号平盘过滤机',
    level: 'GENERAL',
    category: 'UNSAFE_ACT',
    tags: ['高处作业', '脚手架', '安全带'],
    measures: '对违章人员教育考核，脚手架搭设后必须经验收并挂牌，高处作业区域设置安全带挂点。',
    rootCause: '夜间紧急抢修时作业人员安全意识放松，脚手架验收制度执行不严。',
    contingency: '整改期间高处作业由队长现场监护，执行《高处坠落专项应急预案》。',
    fundsYuan: 4000,
    deadlineDays: 10,
  },

  // ===== SXLY_2023_LB_ENV (6) =====
  // [54]
  {
    round: 'SXLY_2023_LB_ENV',
    unitCode: 'SXLY-HTFMH',
    description: '粉煤灰露天堆存未苫盖，堆场防风抑尘网破损，大风天气扬尘明显',
    location: '宏泰粉煤灰开发事业部粉煤灰堆场',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '露天堆存', '苫盖'],
    measures: '露天粉煤灰堆全部苫盖，修复防风抑尘网，堆场配置雾炮和洒水设施。',
    rootCause: '堆场扬尘管控仅依靠人工洒水，苫盖要求未落实到班组。',
    contingency: '大风天气停止堆场装卸作业并增加洒水频次。',
    fundsYuan: 75000,
    deadlineDays: 30,
  },
  // [55]
  {
    round: 'SXLY_2023_LB_ENV',
    unitCode: 'SXLY-HTFMH',
    description: '粉煤灰加工车间除尘器排放口未规范设置采样平台和采样孔，无法开展自行监测',
    location: '宏泰粉煤灰开发事业部粉煤灰加工车间除尘器排放口',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['大气', '自行监测', '排放口规范化'],
    measures: '按排污口规范化要求设置采样平台、采样孔和排放口标志牌，委托有资质单位开展自行监测。',
    rootCause: '除尘器改造时未同步设计监测设施。',
    contingency: '平台建成前委托监测单位采取临时措施监测并留存报告。',
    fundsYuan: 38000,
    deadlineDays: 45,
  },
  // [56]
  {
    round: 'SXLY_2023_LB_ENV',
    unitCode: 'SXLY-DKFGS',
    description: '废变压器油危险废物贮存间未采取防渗漏措施，贮存容器无标签，未设置危险废物识别标志',
    location: '电控分公司变电检修危险废物贮存间',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['危险废物', '废矿物油', '防渗'],
    measures: '贮存间地面做防渗处理并设置围堰，容器张贴危险废物标签，设置识别标志。',
    rootCause: '贮存间由普通库房改造，改造时未按危险废物贮存标准设计。',
    contingency: '整改期间在容器下方放置托盘，配备吸油毡和应急沙。',
    fundsYuan: 26000,
    deadlineDays: 30,
  },
  // [57]
  {
    round: 'SXLY_2023_LB_ENV',
    unitCode: 'SXLY-HHDQ',
    description: '开关柜喷涂工序VOCs废气未有效收集处理，喷漆房活性炭吸附装置长期未更换活性炭',
    location: '黄河电器有限公司开关柜喷涂车间喷漆房',
    level: 'SERIOUS',
    category: 'ENVIRONMENTAL',
    tags: ['VOCs', '大气', '活性炭'],
    measures: '更换活性炭并建立更换台账，改造喷漆房负压收集系统，评估升级为催化燃烧处理工艺。',
    rootCause: '环保设施运维费用未列入预算，活性炭更换周期无标准。',
    contingency: '改造完成前减少喷涂批次，优先使用水性涂料。',
    fundsYuan: 320000,
    deadlineDays: 120,
  },
  // [58]
  {
    round: 'SXLY_2023_LB_ENV',
    unitCode: 'SXLY-GFGS',
    description: '检修现场废油、废棉纱随意丢弃，未按危险废物分类收集',
    location: '山西中铝工服检修作业现场（氧化铝厂蒸发车间）',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['危险废物', '检修', '废油'],
    measures: '检修现场配置危险废物收集桶，废油、废棉纱分类收集后交生产方危废库贮存，纳入检修验收。',
    rootCause: '检修人员危险废物分类意识薄弱，检修合同未明确危险废物收集责任。',
    contingency: '发现废油洒落立即用吸油毡清理，防止渗入土壤。',
    fundsYuan: 8000,
    deadlineDays: 20,
  },
  // [59]
  {
    round: 'SXLY_2023_LB_ENV',
    unitCode: 'SXLY-GFGS-YHLQLCJ',
    description: '清理出的槽体结疤物料在厂区道路旁露天堆存，未苫盖，未及时清运',
    location: '山西中铝工服氧化铝清理车间清理作业现场（氧化铝厂分解槽区域）',
    level: 'GENERAL',
    category: 'ENVIRONMENTAL',
    tags: ['扬尘', '露天堆存', '苫盖', '固体废物'],
    measures: '结疤物料当日清运至指定堆场，暂存期间全部苫盖，清理作业执行“干一片、清一片”。',
    rootCause: '清理作业与清运计划脱节，运输车辆调配不及时。',
    contingency: '清运前苫盖并洒水降尘。',
    fundsYuan: 15000,
    deadlineDays: 15,
  },
];
