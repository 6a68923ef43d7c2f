import { supervisionRemindersDue } from './supervision-reminders';

const open = { status: 'SIGNED', deadline: '2023-06-30', acceptanceDueOn: null };
const none = new Map<string, Set<number>>();

describe('挂牌督办 reminders (supervisionRemindersDue)', () => {
  it('nothing before T−7; T−7 and T−1 to the unit and heads; T+1 also to the office', () => {
    expect(supervisionRemindersDue(open, '2023-06-22', none)).toEqual([]);
    const [r7] = supervisionRemindersDue(open, '2023-06-23', none);
    expect(r7).toMatchObject({ kind: 'DEADLINE', dueDate: '2023-06-30', send: { offsetDays: -7 } });
    expect(r7.send.audiences).toEqual(['unit', 'head']);
    const reached = new Map([['DEADLINE:2023-06-30', new Set([-7])]]);
    expect(supervisionRemindersDue(open, '2023-06-28', reached)).toEqual([]);
    expect(supervisionRemindersDue(open, '2023-06-29', reached)[0].send.offsetDays).toBe(-1);
    reached.get('DEADLINE:2023-06-30')!.add(-1);
    expect(supervisionRemindersDue(open, '2023-06-30', reached)).toEqual([]);
    const [late] = supervisionRemindersDue(open, '2023-07-01', reached);
    expect(late.send).toEqual({ offsetDays: 1, audiences: ['unit', 'head', 'office'] });
    reached.get('DEADLINE:2023-06-30')!.add(1);
    expect(supervisionRemindersDue(open, '2023-07-20', reached)).toEqual([]);
  });

  it('after downtime only the latest step is sent, the skipped ones coalesced', () => {
    const [r] = supervisionRemindersDue(open, '2023-07-03', none);
    expect(r.send.offsetDays).toBe(1);
    expect(r.coalesced.map((s) => s.offsetDays)).toEqual([-7, -1]);
  });

  it('a new deadline (extension) is a new ladder; a delisted listing gets nothing', () => {
    const reached = new Map([['DEADLINE:2023-06-30', new Set([-7, -1, 1])]]);
    const extended = { ...open, deadline: '2023-07-31' };
    expect(supervisionRemindersDue(extended, '2023-07-24', reached)[0]).toMatchObject({
      dueDate: '2023-07-31',
      send: { offsetDays: -7 },
    });
    expect(supervisionRemindersDue({ ...open, status: 'DELISTED' }, '2023-07-01', none)).toEqual([]);
  });

  it('an acceptance request past its due date reminds whoever accepts, once', () => {
    const waiting = { status: 'ACCEPTANCE_REQUESTED', deadline: '2023-09-30', acceptanceDueOn: '2023-06-15' };
    expect(supervisionRemindersDue(waiting, '2023-06-15', none)).toEqual([]);
    const [r] = supervisionRemindersDue(waiting, '2023-06-16', none);
    expect(r).toMatchObject({ kind: 'ACCEPTANCE', dueDate: '2023-06-15' });
    expect(r.send.audiences).toEqual(['office', 'group']);
    const reached = new Map([['ACCEPTANCE:2023-06-15', new Set([1])]]);
    expect(supervisionRemindersDue(waiting, '2023-06-20', reached)).toEqual([]);
    // decided already: no acceptance reminder although the due date is past
    expect(supervisionRemindersDue({ ...waiting, status: 'SIGNED' }, '2023-06-20', none)).toEqual([]);
  });
});
