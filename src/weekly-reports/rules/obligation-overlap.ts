/**
 * One obligation per unit and campaign at a time (issue 16, 11): a second obligation of the same round that names a
 * unit already obliged for an overlapping period is refused. Returns the units the two share in that period.
 */
export interface ObligationPeriod {
  roundId: number;
  unitIds: number[];
  startDate: string;
  /** null: until the round closes. */
  endDate: string | null;
  active: boolean;
}

export function overlappingUnits(existing: ObligationPeriod, wanted: ObligationPeriod): number[] {
  if (!existing.active || existing.roundId !== wanted.roundId) return [];
  const startsBeforeOtherEnds = (a: ObligationPeriod, b: ObligationPeriod) =>
    b.endDate === null || a.startDate <= b.endDate;
  if (!startsBeforeOtherEnds(existing, wanted) || !startsBeforeOtherEnds(wanted, existing)) return [];
  return wanted.unitIds.filter((id) => existing.unitIds.includes(id));
}
