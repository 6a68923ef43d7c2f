/** The 举一反三 weekly form of one campaign (obligation), unit and ISO week: the page a report is written or corrected on. */
export function weeklyFormPath(obligationId: number, unitId: number, week: string): string {
  const query = new URLSearchParams({ obligationId: String(obligationId), unitId: String(unitId), week });
  return `/weekly-reports/new?${query.toString()}`;
}
