import { audiencesOf, parseLadder, stepsDue } from './ladder';

const ladder = parseLadder('-7=unit;-1=unit;1=head;7=office,leader2;30=group');

describe('the deadline ladder', () => {
  it('parses the steps earliest first', () => {
    expect(ladder.map((s) => s.offsetDays)).toEqual([-7, -1, 1, 7, 30]);
    expect(ladder[3].audiences).toEqual(['office', 'leader2']);
  });

  it('nothing before T−7; T−7 on its day; T−1 the day before the deadline', () => {
    expect(stepsDue(ladder, '2026-03-10', '2026-03-02', new Set()).send).toBeNull();
    expect(stepsDue(ladder, '2026-03-10', '2026-03-03', new Set()).send?.offsetDays).toBe(-7);
    expect(stepsDue(ladder, '2026-03-10', '2026-03-09', new Set([-7])).send?.offsetDays).toBe(-1);
    expect(stepsDue(ladder, '2026-03-10', '2026-03-10', new Set([-7, -1])).send).toBeNull();
  });

  it('after downtime only the latest due step is sent, the earlier ones coalesced', () => {
    const r = stepsDue(ladder, '2026-03-10', '2026-03-18', new Set([-7]));
    expect(r.send?.offsetDays).toBe(7);
    expect(r.coalesced.map((s) => s.offsetDays)).toEqual([-1, 1]);
    // …to everyone who should have heard: the unit and its head too, once.
    expect(audiencesOf(r.send!, r.coalesced).sort()).toEqual(['head', 'leader2', 'office', 'unit']);
  });
});
