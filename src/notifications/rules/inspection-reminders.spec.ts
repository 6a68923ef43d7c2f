import { Role } from '../../common/access/roles';
import { InspectionLevel } from '../../inspections/inspection.enums';
import {
  dueByUser,
  inspectionReminderDue,
  listLines,
  MAX_LISTED,
  missedByUnit,
  reminderWindows,
  taskLine,
  windowLabel,
  type TaskForReminder,
} from './inspection-reminders';
import type { Candidate } from './recipients';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const task = (over: Partial<TaskForReminder>): TaskForReminder => ({
  id: 1,
  unitId: 7,
  unitName: '煤气运行班',
  unitPath: '/1/3/6/7/',
  sourceName: '煤气管网',
  templateName: '煤气区域专项检查表',
  level: InspectionLevel.TEAM,
  dueFrom: at('2026-12-02T00:00:00Z'), // 08:00 Shanghai
  dueUntil: at('2026-12-02T08:00:00Z'), // 16:00
  ...over,
});
const user = (id: number, roles: Role[], homeUnitPath: string | null, displayName = `u${id}`): Candidate => ({
  id,
  displayName,
  roles,
  homeUnitPath,
});

describe('inspection reminders (rules/inspection-reminders)', () => {
  it('runs in the weekly reminders’ morning only (08:00 up to 12:00)', () => {
    expect([7, 8, 11, 12, 16].map(inspectionReminderDue)).toEqual([false, true, true, false, false]);
  });

  it('today’s window: begun before tomorrow and not over now; missed: ended before today began, within a week', () => {
    const now = at('2026-12-02T01:00:00Z'); // 09:00 on 2 December in Shanghai
    const w = reminderWindows('2026-12-02', now);
    expect(w.due).toEqual({ beginsBefore: at('2026-12-02T16:00:00Z'), endsAfter: now });
    expect(w.missed).toEqual({
      endedAfter: at('2026-11-24T16:00:00Z'),
      endedBy: at('2026-12-01T16:00:00Z'),
    });
  });

  it('reminds the unit people of the unit levels in their subtree and the safety office of the company’s', () => {
    const team = task({ id: 1 });
    const workshop = task({
      id: 2,
      level: InspectionLevel.WORKSHOP,
      unitPath: '/1/3/6/',
      unitName: '燃气管网工区',
    });
    const company = task({ id: 3, level: InspectionLevel.COMPANY });
    const elsewhere = task({ id: 4, unitId: 9, unitPath: '/20/21/', unitName: '宏泰粉煤灰开发事业部' });
    const users = [
      user(10, [Role.UNIT_OFFICER], '/1/3/6/7/'), // 班组长: the team's task only
      user(11, [Role.UNIT_HEAD], '/1/3/'), // 热电主任: everything of the unit levels under 热电分厂
      user(12, [Role.SAFETY_OFFICE], '/1/5/'), // the company's inspection only
      user(13, [Role.UNIT_OFFICER], '/20/21/'), // another company's unit: its own only
      user(14, [Role.REPORTER], '/1/3/6/7/'), // does no inspections
      user(15, [Role.VIEWER], '/1/'),
      user(16, [Role.UNIT_OFFICER], '/1/4/'), // 电解厂: nothing of 热电分厂
    ];
    const by = new Map(
      dueByUser([team, workshop, company, elsewhere], users).map((r) => [r.userId, r.tasks.map((t) => t.id)]),
    );
    expect([...by.entries()]).toEqual([
      [10, [1]],
      [11, [1, 2]],
      [12, [3]],
      [13, [4]],
    ]);
  });

  it('groups missed tasks by their unit', () => {
    const groups = missedByUnit([
      task({ id: 1 }),
      task({ id: 2, unitId: 8, unitName: '电气班', unitPath: '/1/3/8/' }),
      task({ id: 3 }),
    ]);
    expect(groups.map((g) => [g.unitName, g.tasks.map((t) => t.id)])).toEqual([
      ['煤气运行班', [1, 3]],
      ['电气班', [2]],
    ]);
  });

  it('names a task with its unit, level, checklist and deadline in the business zone (midnight is 24:00)', () => {
    expect(taskLine(task({}), TZ)).toBe(
      '煤气管网（煤气运行班）班组级·煤气区域专项检查表，截止 2026-12-02 16:00',
    );
    const day = task({ dueFrom: at('2026-11-30T16:00:00Z'), dueUntil: at('2026-12-01T16:00:00Z') });
    expect(taskLine(day, TZ)).toBe('煤气管网（煤气运行班）班组级·煤气区域专项检查表，截止 2026-12-01 24:00');
    expect(taskLine(day, TZ, true)).toBe(
      '煤气管网（煤气运行班）班组级·煤气区域专项检查表，2026-12-01 00:00–24:00',
    );
    expect(windowLabel(at('2026-11-29T16:00:00Z'), at('2026-12-06T16:00:00Z'), TZ)).toBe(
      '2026-11-30 00:00–2026-12-06 24:00',
    );
  });

  it('lists at most MAX_LISTED and counts the rest', () => {
    expect(listLines(['a', 'b'])).toBe('a；b');
    const many = Array.from({ length: MAX_LISTED + 5 }, (_, i) => `t${i}`);
    const text = listLines(many);
    expect(text.split('；')).toHaveLength(MAX_LISTED + 1);
    expect(text.endsWith(`等共 ${MAX_LISTED + 5} 项`)).toBe(true);
  });
});
