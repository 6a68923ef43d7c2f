/**
 * The 重要危险源 part of the bench database (issue 20), loaded once with the first stage (generate.ts calls it while
 * hazard_sources is empty): the seeded checklists, 2,000 sources over the bench's units, and one source's year of
 * daily inspections for the ledger scenario.
 *
 * The story the rows tell (so the schedule scenario starts from a real state):
 * - The inspections module started a year and seven weeks ago: the four seeded checklists (SEED_CHECKLISTS, as
 *   ChecklistTemplatesService seeds them at start: version 1, items numbered, a CHECKLIST_SEEDED entry each).
 * - One pilot source (LEDGER_SOURCE_ID: a 较大风险 煤气 source of a 工区 of the first company) was registered then, and
 *   the daily job made its tasks day by day for a year (today's and tomorrow's each morning, a claim and an
 *   INSPECTION_TASKS_GENERATED entry per day), with the schedule's own duePeriods(). Its unit's people did them in
 *   their window, item by item, and signed: about 1 in 20 with a failed item (with its photo; most non-clause ones
 *   fixed on the spot), about 1 in 100 never done (漏检). Today's and tomorrow's are still open.
 * - The other 1,999 sources were registered today by their units (the register's rollout), after the day's job
 *   had run: none has a task yet. The schedule scenario makes their month.
 *
 * What the rows leave out: a failed item here does not become a finding (the service's sign does that, in the
 * year's 重要危险源检查 round). The findings tables are built by construction (ids by index, rounds by year block) so
 * that 10k, 100k and 1M stay comparable; a few dozen extra findings and two extra rounds would break that. The
 * ledger prints "［问题 N］" after a failed item that has a finding: its lines here are that much shorter.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { addDays, type IsoDate } from '../src/common/time/business-date';
import { SEED_CHECKLISTS } from '../src/inspections/checklist-seeds';
import {
  InspectionLevel,
  ItemResult,
  PeriodUnit,
  RiskGrade,
  SourceDocumentType,
  SourceKind,
} from '../src/inspections/inspection.enums';
import type { ChecklistItem, Frequency, ItemAnswer } from '../src/inspections/inspections.entities';
import { numberItems } from '../src/inspections/rules/checklist';
import { duePeriods } from '../src/inspections/rules/schedule';
import { Chain, change, EventDraft, eventRows, h32, pgArray, pick, Rows } from './copy-rows';
import type { Org, OrgUnit, OrgUser } from './generate';
import { MEASURES, personName, ROOT_CAUSES } from './text';

/** Sources in the register (issue 20's bench: "schedule generation for 2,000 sources"). */
export const HAZARD_SOURCES = 2_000;
/** The pilot source with a year of daily inspections: the first one registered. */
export const LEDGER_SOURCE_ID = 1;
/** The ledger scenario prints the 365 days before today. */
export const LEDGER_DAYS = 365;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** An instant at a local (Asia/Shanghai, UTC+8) time of a business date. */
const at = (date: IsoDate, hours: number) => Date.parse(`${date}T00:00:00+08:00`) + hours * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** Kinds and grades in the register, by weight: an aluminium group's sources (no kind left out). */
const KIND_WEIGHTS: [SourceKind, number][] = [
  [SourceKind.GAS, 18],
  [SourceKind.MOLTEN_METAL, 18],
  [SourceKind.CONFINED_SPACE, 14],
  [SourceKind.LIFTING, 14],
  [SourceKind.HIGH_VOLTAGE, 12],
  [SourceKind.DUST, 10],
  [SourceKind.CHEMICAL_TANK, 6],
  [SourceKind.TAILINGS, 5],
  [SourceKind.AMMONIA, 3],
];
/** The risk pyramid: few 重大 (red), most 一般/低. */
const GRADE_WEIGHTS: [RiskGrade, number][] = [
  [RiskGrade.RED, 5],
  [RiskGrade.ORANGE, 20],
  [RiskGrade.YELLOW, 40],
  [RiskGrade.BLUE, 35],
];
const weighted = <T>(table: [T, number][], i: number, salt: number): T => {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = h32(i, salt) % total;
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[0][0];
};

/** What a source of each kind is, its hazards, controls, emergency measures and supplies. */
const KIND_TEXT: Record<
  SourceKind,
  { objects: string[]; hazards: string; controls: string; emergency: string; supplies: string[] }
> = {
  GAS: {
    objects: ['煤气管网', '煤气加压站', '焙烧炉煤气区域', '煤气发生炉', '煤气排水器区域'],
    hazards: '煤气泄漏导致中毒、火灾、爆炸',
    controls: '固定式CO报警仪联网值守，排水器水封每班检查，进入煤气区域两人同行、携带便携式报警仪',
    emergency: '立即撤离至上风向，佩戴正压式空气呼吸器施救，关闭上游阀门，报告调度',
    supplies: ['正压式空气呼吸器', '便携式一氧化碳报警仪'],
  },
  MOLTEN_METAL: {
    objects: ['铝液转运区域', '熔炼炉', '铸造机', '出铝作业区', '抬包维修区'],
    hazards: '高温铝液喷溅、遇水爆炸、灼烫',
    controls: '抬包、流槽使用前烘干，作业区域无积水，出铝作业警戒，穿戴防护服',
    emergency: '停止作业，疏散人员，用干砂覆盖溢出铝液，烫伤人员冷水冲洗后送医',
    supplies: ['烫伤急救箱', '干砂'],
  },
  CONFINED_SPACE: {
    objects: ['沉降槽', '分解槽', '检修井', '污水池', '料仓内部'],
    hazards: '缺氧窒息、有毒气体中毒、淹溺',
    controls: '作业审批，先通风、再检测、后作业，专人监护',
    emergency: '严禁盲目施救，佩戴呼吸器、系安全绳施救，报告调度',
    supplies: ['长管呼吸器', '三脚架及安全绳'],
  },
  LIFTING: {
    objects: ['多功能天车', '桥式起重机', '电解多功能机组', '阳极组装天车'],
    hazards: '起重伤害、高处坠落、物体打击',
    controls: '天车日检，制动器和钢丝绳周检，吊运区域警戒，检修挂牌上锁',
    emergency: '立即停车断电，疏散作业区人员，救护伤员并报告',
    supplies: ['急救箱', '担架'],
  },
  HIGH_VOLTAGE: {
    objects: ['110kV变电站', '整流所', '高压配电室', '35kV开关站'],
    hazards: '触电、电弧灼伤、电气火灾',
    controls: '两票三制，倒闸操作监护，带电设备安全距离，绝缘工器具定期试验',
    emergency: '立即断电，用绝缘工具使触电者脱离电源，心肺复苏，报告调度',
    supplies: ['绝缘手套、绝缘靴', '二氧化碳灭火器'],
  },
  DUST: {
    objects: ['除尘系统', '煤粉制备系统', '氧化铝料仓', '碳素破碎筛分系统'],
    hazards: '粉尘爆炸、火灾',
    controls: '定期清扫积尘，除尘系统泄爆隔爆，防爆电气，严禁明火',
    emergency: '停止设备，切断电源，疏散人员，用干粉灭火器扑救初期火灾',
    supplies: ['干粉灭火器', '防爆工具'],
  },
  CHEMICAL_TANK: {
    objects: ['液碱储罐区', '硫酸储罐区', '盐酸储罐区', '柴油储罐区'],
    hazards: '泄漏、化学灼伤、火灾',
    controls: '储罐液位联锁，围堰完好，装卸作业监护，定期检测',
    emergency: '关闭进出口阀门，围堵泄漏物，受伤人员用大量清水冲洗',
    supplies: ['防化服', '洗眼器'],
  },
  TAILINGS: {
    objects: ['赤泥库', '尾矿库', '赤泥堆场'],
    hazards: '溃坝、坝体渗漏、回水井有限空间窒息',
    controls: '坝体位移与浸润线在线监测，汛期24小时巡坝，回水井作业审批',
    emergency: '发现坝体异常立即撤离下游人员，报告调度和属地应急管理部门',
    supplies: ['救生衣', '应急照明'],
  },
  AMMONIA: {
    objects: ['液氨储罐', '氨制冷站', '脱硝氨水站'],
    hazards: '液氨泄漏导致中毒、爆炸',
    controls: '氨气泄漏报警联锁，喷淋装置完好，储罐定期检验',
    emergency: '启动喷淋，佩戴防毒面具关闭阀门，人员撤离至上风向',
    supplies: ['防毒面具', '重型防化服'],
  },
};

/** What a failed item says, per checklist (the note an inspector writes). */
const FAILURE_NOTES: Record<string, string[]> = {
  'GAS-AREA': [
    '煤气区域入口警示标志褪色，风险告知牌内容不全',
    '2号加压站固定式CO报警仪显示故障，未及时报修',
    '作业人员未携带便携式一氧化碳报警仪进入煤气区域',
    '3号排水器水封高度不足，补水不及时',
    '加压站出口法兰处检测到微量煤气泄漏（CO 35 ppm），法兰垫片老化',
    '计量间排风扇停用，通风不良',
    '应急柜内1台正压式空气呼吸器气瓶压力不足（18 MPa），未及时充装',
    '带煤气作业现场监护人不在岗',
  ],
  'CONFINED-SPACE': [
    '检修井口未设置有限空间警示标志',
    '作业审批表缺少风险辨识内容',
    '气体检测记录未写明检测时间',
    '监护人中途离开作业点',
    '救援三脚架未放置在作业点',
  ],
};

type Snapshot = Record<string, unknown>;
interface Template {
  id: number;
  key: string;
  items: ChecklistItem[];
  kinds: SourceKind[];
  grades: RiskGrade[];
  frequencies: Partial<Record<RiskGrade, Partial<Record<InspectionLevel, Frequency>>>>;
}
interface Source {
  id: number;
  unit: OrgUnit;
  kind: SourceKind;
  grade: RiskGrade;
  created: number;
  createdBy: OrgUser;
}

export interface InspectionsLoad {
  pool: pg.Pool;
  chain: Chain;
  org: Org;
  /** Today, the business date (Asia/Shanghai). */
  today: IsoDate;
  /** Nothing generated happens later than this instant. */
  sessionEnd: number;
  /** Writes the rows in one transaction (the generator's insert). */
  insert: (rows: Rows[]) => Promise<void>;
}

/** Loads the register and the pilot's year; returns the rows written per table. */
export async function loadInspections(o: InspectionsLoad): Promise<Record<string, number>> {
  const { org, today } = o;
  const first = addDays(today, -LEDGER_DAYS);
  const pilotCreated = at(addDays(first, -20), 10);
  const seededAt = at(addDays(first, -30), 0) + 5 * MINUTE;
  const drafts: EventDraft[] = [];
  const system = { actorId: null, actorName: '系统' };
  const by = (u: OrgUser) => ({ actorId: u.id, actorName: u.displayName });

  // The seeded checklists, as the service seeds them at its first start.
  const templateRows = new Rows('checklist_templates', [
    'id',
    'key',
    'version',
    'current',
    'name',
    'kinds',
    'grades',
    'items',
    'frequencies',
    'created_by_id',
    'created_at',
  ]);
  const templates: Template[] = SEED_CHECKLISTS.map((seed, i) => {
    const t = { id: i + 1, ...seed, items: numberItems(seed.items) };
    const when = seededAt + i;
    templateRows.push(
      t.id,
      t.key,
      1,
      true,
      t.name,
      pgArray(t.kinds),
      pgArray(t.grades),
      JSON.stringify(t.items),
      JSON.stringify(t.frequencies),
      null,
      iso(when),
    );
    drafts.push({
      at: when,
      ...system,
      action: 'CHECKLIST_SEEDED',
      entityType: 'ChecklistTemplate',
      entityId: String(t.id),
      unitId: null,
      changes: change(null, {
        key: t.key,
        version: 1,
        name: t.name,
        kinds: t.kinds,
        grades: t.grades,
        items: t.items,
        frequencies: t.frequencies,
      }),
    });
    return t;
  });

  // The register: the pilot, then the rollout's 1,999 registered today by their units' officers.
  const sourceRows = new Rows('hazard_sources', [
    'id',
    'unit_id',
    'name',
    'location',
    'kind',
    'grade',
    'hazards',
    'controls',
    'emergency_measures',
    'responsible',
    'documents',
    'supplies',
    'drills',
    'closed_gaps',
    'status',
    'created_by_id',
    'version',
    'created_at',
    'updated_at',
  ]);
  const areas = org.findingUnits[0].filter((u) => u.kind !== 'TEAM' && u.parentId !== org.companyIds[0]);
  const regEnd = o.sessionEnd;
  const regStart = Math.min(at(today, 0) + 5 * MINUTE, regEnd - 30 * MINUTE);
  const sources: Source[] = [];
  for (let i = 0; i < HAZARD_SOURCES; i++) {
    const isPilot = i === 0;
    const unit = isPilot ? areas[0] : pick(org.findingUnits[i % 2], i, 301);
    const kind = isPilot ? SourceKind.GAS : weighted(KIND_WEIGHTS, i, 302);
    const grade = isPilot ? RiskGrade.ORANGE : weighted(GRADE_WEIGHTS, i, 303);
    const created = isPilot
      ? pilotCreated
      : regStart + Math.floor(((regEnd - regStart) * i) / HAZARD_SOURCES);
    const secondary = org.unitById.get(unit.secondaryId!)!;
    const s: Source = { id: i + 1, unit, kind, grade, created, createdBy: org.officerOf.get(secondary.id)! };
    sources.push(s);
    const snap = sourceSnapshot(s, secondary, org, today, i);
    sourceRows.push(
      s.id,
      unit.id,
      snap.name,
      snap.location,
      kind,
      grade,
      snap.hazards,
      snap.controls,
      snap.emergencyMeasures,
      JSON.stringify(snap.responsible),
      JSON.stringify(snap.documents),
      JSON.stringify(snap.supplies),
      JSON.stringify(snap.drills),
      '[]',
      'ACTIVE',
      s.createdBy.id,
      1,
      iso(created),
      iso(created),
    );
    drafts.push({
      at: created,
      ...by(s.createdBy),
      action: 'HAZARD_SOURCE_CREATED',
      entityType: 'HazardSource',
      entityId: String(s.id),
      unitId: unit.id,
      changes: change(null, snap),
    });
  }

  // The pilot's year: the daily job's runs, then each task done (or missed) in its window.
  const pilot = sources[0];
  const claims = new Rows('job_claims', ['job', 'period', 'claimed_by', 'claimed_at']);
  const taskRows = new Rows('inspection_tasks', [
    'id',
    'source_id',
    'unit_id',
    'template_id',
    'template_key',
    'level',
    'period_key',
    'due_from',
    'due_until',
    'status',
    'answers',
    'inspector_id',
    'signature',
    'signed_at',
    'version',
    'created_at',
  ]);
  const photoRows = new Rows('inspection_photos', [
    'id',
    'task_id',
    'item_no',
    'kind',
    'file_name',
    'mime_type',
    'size_bytes',
    'sha256',
    'content',
    'uploaded_by_id',
    'created_at',
  ]);
  const applying = templates.filter(
    (t) => t.kinds.includes(pilot.kind) && t.grades.includes(pilot.grade) && t.frequencies[pilot.grade],
  );
  const made = new Set<string>();
  let taskId = 0;
  let photoId = 0;
  const startOfToday = at(today, 0);
  for (let day = first; day <= today; day = addDays(day, 1)) {
    const runAt = at(day, 0) + 30_000;
    if (runAt > o.sessionEnd) break;
    claims.push('inspection-schedule', day, 'pid-4242', iso(runAt));
    let added = 0;
    for (const t of applying)
      for (const [level, freq] of Object.entries(t.frequencies[pilot.grade]!))
        for (const p of duePeriods(freq!, day, addDays(day, 1))) {
          const key = `${t.key}|${level}|${p.periodKey}`;
          if (made.has(key)) continue;
          made.add(key);
          added++;
          const id = ++taskId;
          const done = p.dueUntil.getTime() <= startOfToday && h32(id, 401) % 100 !== 0;
          if (!done) {
            taskRows.push(
              id,
              pilot.id,
              pilot.unit.id,
              t.id,
              t.key,
              level,
              p.periodKey,
              iso(p.dueFrom.getTime()),
              iso(p.dueUntil.getTime()),
              'OPEN',
              '[]',
              null,
              null,
              null,
              1,
              iso(runAt),
            );
            continue;
          }
          const work = inspect(id, t, level as InspectionLevel, freq!, p.dueFrom.getTime(), pilot, org);
          for (const [k, a] of work.answers.entries()) {
            const answeredAt = work.signedAt - (work.answers.length - k) * 40_000;
            drafts.push({
              at: answeredAt,
              ...by(work.inspector),
              action: 'INSPECTION_ITEM_ANSWERED',
              entityType: 'InspectionTask',
              entityId: String(id),
              unitId: pilot.unit.id,
              changes: change(null, { [`item${a.no}`]: a }),
            });
            if (a.result !== ItemResult.FAIL) continue;
            for (const kind of a.fixedOnTheSpot ? ['BEFORE', 'AFTER'] : ['BEFORE']) {
              const pid = ++photoId;
              const content = photo(pid);
              const sha256 = createHash('sha256').update(content).digest('hex');
              const fileName = `检查第${a.no}项.jpg`;
              const takenAt = answeredAt + 10_000 + (kind === 'AFTER' ? 10_000 : 0);
              photoRows.push(
                pid,
                id,
                a.no,
                kind,
                fileName,
                'image/jpeg',
                content.length,
                sha256,
                '\\x' + content.toString('hex'),
                work.inspector.id,
                iso(takenAt),
              );
              drafts.push({
                at: takenAt,
                ...by(work.inspector),
                action: 'INSPECTION_PHOTO_ADDED',
                entityType: 'InspectionTask',
                entityId: String(id),
                unitId: pilot.unit.id,
                changes: change(null, null, { photoId: pid, itemNo: a.no, kind, fileName, sha256 }),
              });
            }
          }
          drafts.push({
            at: work.signedAt,
            ...by(work.inspector),
            action: 'INSPECTION_SIGNED',
            entityType: 'InspectionTask',
            entityId: String(id),
            unitId: pilot.unit.id,
            changes: change(
              { status: 'OPEN' },
              { status: 'DONE', signature: work.inspector.displayName, findingIds: [] },
            ),
          });
          taskRows.push(
            id,
            pilot.id,
            pilot.unit.id,
            t.id,
            t.key,
            level,
            p.periodKey,
            iso(p.dueFrom.getTime()),
            iso(p.dueUntil.getTime()),
            'DONE',
            JSON.stringify(work.answers),
            work.inspector.id,
            work.inspector.displayName,
            iso(work.signedAt),
            // One version for the insert, one per answer saved, one for the signature.
            work.answers.length + 2,
            iso(runAt),
          );
        }
    drafts.push({
      at: runAt,
      ...system,
      action: 'INSPECTION_TASKS_GENERATED',
      entityType: 'InspectionSchedule',
      entityId: `${day}..${addDays(day, 1)}`,
      unitId: null,
      changes: change(null, null, { from: day, to: addDays(day, 1), sources: 1, added }),
    });
  }

  const events = eventRows();
  o.chain.append(drafts, events);
  await o.insert([templateRows, sourceRows, taskRows, photoRows, claims, events]);
  for (const t of ['checklist_templates', 'hazard_sources', 'inspection_tasks', 'inspection_photos'])
    await o.pool.query(
      `SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM "${t}"), false)`,
    );
  return {
    checklist_templates: templateRows.length,
    hazard_sources: sourceRows.length,
    inspection_tasks: taskRows.length,
    inspection_photos: photoRows.length,
    job_claims: claims.length,
    change_events: events.length,
  };
}

/** A source as HazardSourcesService records it (its snapshot): the kind's texts, people, documents, drills. */
function sourceSnapshot(s: Source, secondary: OrgUnit, org: Org, today: IsoDate, i: number): Snapshot {
  const text = KIND_TEXT[s.kind];
  const object = pick(text.objects, i, 310);
  const name = `${s.unit.name}${object}`;
  const phone = (n: number) => `139${String(h32(i, 311 + n) % 100_000_000).padStart(8, '0')}`;
  const head = org.headOf.get(secondary.id)!;
  const registered = new Date(s.created + 8 * HOUR).toISOString().slice(0, 10);
  // A few contingency plans have expired and a few sources have never drilled: the register's gaps.
  const planExpiry =
    h32(i, 312) % 25 === 0 ? addDays(today, -(10 + (h32(i, 313) % 80))) : addDays(today, 400);
  const drilled = h32(i, 314) % 20 !== 0;
  const doc = (type: SourceDocumentType, suffix: string, title: string, version: string) => ({
    type,
    number: `${s.unit.code}-${suffix}-${String(i + 1).padStart(4, '0')}`,
    title: `${name}${title}`,
    version,
    effectiveDate: addDays(registered, -(200 + (h32(i, 315) % 600))),
  });
  return {
    unitId: s.unit.id,
    name,
    location: `${s.unit.name}${object}及其周边区域`,
    kind: s.kind,
    grade: s.grade,
    hazards: text.hazards,
    controls: text.controls,
    emergencyMeasures: text.emergency,
    responsible: [
      { level: InspectionLevel.SECONDARY, name: head.displayName, title: '负责人', phone: phone(0) },
      {
        level: InspectionLevel.WORKSHOP,
        name: personName(h32(i, 316) % 5000),
        title: '安全员',
        phone: phone(1),
      },
      { level: InspectionLevel.TEAM, name: personName(h32(i, 317) % 5000), title: '班长', phone: phone(2) },
    ],
    documents: [
      doc(SourceDocumentType.MANAGEMENT_SYSTEM, 'ZD', '安全管理制度', 'A/1'),
      doc(SourceDocumentType.OPERATING_PROCEDURE, 'GC', '安全操作规程', 'A/2'),
      { ...doc(SourceDocumentType.CONTINGENCY_PLAN, 'YA', '专项应急预案', 'B/0'), expiryDate: planExpiry },
    ],
    supplies: text.supplies.map((item, k) => ({
      item,
      quantity: 2 + (h32(i, 318 + k) % 10),
      location: `${s.unit.name}应急柜`,
      lastCheckDate: addDays(registered, -(h32(i, 320 + k) % 30)),
    })),
    drills: drilled
      ? [
          {
            date: addDays(registered, -(20 + (h32(i, 322) % 150))),
            scenario: `${object}${text.hazards.split('、')[0]}`,
            participants: 10 + (h32(i, 323) % 30),
            evaluation: '响应及时，处置得当',
          },
        ]
      : [],
    closedGaps: [],
    status: 'ACTIVE',
  };
}

/**
 * One inspection done in its window by the unit's people (the company's by the safety office): every item answered,
 * 动火/作业审批 items not applicable on most days, about 1 in 20 inspections with a failed item.
 */
function inspect(
  id: number,
  t: Template,
  level: InspectionLevel,
  freq: Frequency,
  dueFrom: number,
  source: Source,
  org: Org,
): { answers: ItemAnswer[]; signedAt: number; inspector: OrgUser } {
  const secondary = source.unit.secondaryId!;
  const inspector =
    level === InspectionLevel.COMPANY
      ? org.users[org.officeUser[source.unit.company] - 1]
      : level === InspectionLevel.SECONDARY
        ? org.headOf.get(secondary)!
        : org.officerOf.get(secondary)!;
  // Into its window: the day's during the day shift, the week's in its first five days, the month's in its first 20.
  const days = { [PeriodUnit.SHIFT]: 0, [PeriodUnit.DAY]: 0, [PeriodUnit.WEEK]: 4, [PeriodUnit.MONTH]: 19 }[
    freq.unit
  ];
  const signedAt =
    dueFrom + (h32(id, 403) % (days + 1)) * DAY + 9 * HOUR + (h32(id, 404) % (7 * 60)) * MINUTE;
  const failedNo = h32(id, 405) % 20 === 0 ? t.items[h32(id, 406) % t.items.length].no : 0;
  const answers = t.items.map((item): ItemAnswer => {
    if (item.no === failedNo) {
      const fixed = !item.clause && h32(id, 407) % 5 < 3;
      return {
        no: item.no,
        result: ItemResult.FAIL,
        note: FAILURE_NOTES[t.key]?.[item.no - 1] ?? '不符合要求',
        fixedOnTheSpot: fixed,
        measures: fixed ? pick(MEASURES, id, 408) : null,
        rootCause: fixed ? pick(ROOT_CAUSES, id, 409) : null,
      };
    }
    const approval = /审批/.test(item.requirement) && h32(id * 16 + item.no, 410) % 10 < 7;
    return {
      no: item.no,
      result: approval ? ItemResult.NOT_APPLICABLE : ItemResult.PASS,
      note: null,
      fixedOnTheSpot: false,
      measures: null,
      rootCause: null,
    };
  });
  return { answers, signedAt, inspector };
}

/** A tiny JPEG-looking photo, unique per id (the bytes are not read by any scenario). */
function photo(id: number): Buffer {
  const b = Buffer.alloc(64);
  b.write('ffd8ffe000104a46494600010100000100010000', 0, 'hex');
  b.writeUInt32BE(id, 24);
  return b;
}
