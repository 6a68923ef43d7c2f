import { addDays, type IsoDate } from '../../common/time/business-date';

/** Who a step of the ladder reaches (see NOTIFY_LADDER). */
export type Audience = 'unit' | 'head' | 'office' | 'leader2' | 'group';

/** A step: `offsetDays` business days from the deadline (−7 = seven days before, 1 = the day after). */
export interface LadderStep {
  offsetDays: number;
  audiences: Audience[];
}

/** Parses NOTIFY_LADDER (`-7=unit;-1=unit;1=head;7=office,leader2;30=group`, validated at start), earliest first. */
export function parseLadder(setting: string): LadderStep[] {
  return setting
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [offset, audiences] = part.split('=');
      return {
        offsetDays: Number(offset),
        audiences: audiences.split(',').map((a) => a.trim()) as Audience[],
      };
    })
    .sort((a, b) => a.offsetDays - b.offsetDays);
}

/** The day a step falls due for a deadline. */
export const stepDay = (deadline: IsoDate, step: LadderStep): IsoDate => addDays(deadline, step.offsetDays);

/**
 * The steps to act on today for one ladder (a finding's deadline and unit): every step due by today that was not
 * reached before. Only the latest of them is sent; the earlier ones are coalesced (recorded, not sent), so a run
 * after downtime, a late reassignment or a late registration sends one reminder — the current one — not a flood.
 * The current reminder goes to the audiences of the coalesced steps too: everyone who should have heard, once.
 */
export function stepsDue(
  ladder: LadderStep[],
  deadline: IsoDate,
  today: IsoDate,
  reached: ReadonlySet<number>,
): { send: LadderStep | null; coalesced: LadderStep[] } {
  const due = ladder.filter((s) => stepDay(deadline, s) <= today && !reached.has(s.offsetDays));
  if (!due.length) return { send: null, coalesced: [] };
  return { send: due[due.length - 1], coalesced: due.slice(0, -1) };
}

/** Everyone a (possibly coalescing) reminder reaches: the audiences of the sent step and of the steps it covers. */
export const audiencesOf = (send: LadderStep, coalesced: LadderStep[]): Audience[] => [
  ...new Set([...coalesced.flatMap((s) => s.audiences), ...send.audiences]),
];
