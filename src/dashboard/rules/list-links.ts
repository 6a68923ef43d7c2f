import { FindingStatus } from '../../findings/finding.enums';
import { isCounted } from '../../findings/rules/counting';
import { OPEN_STATUSES } from '../../findings/rules/open-and-overdue';

/** The statuses a counted figure lists: everything but 作废 (counting.ts). */
export const COUNTED_STATUSES = Object.values(FindingStatus).filter(isCounted).join(',');
export const OPEN_STATUS_LIST = OPEN_STATUSES.join(',');

/** The finding list's filters a figure links with (the names of ListFindingsQuery). */
export type ListFilters = Record<string, string | number | boolean | undefined>;

/**
 * The finding list page that shows what a figure counts: the same filters as the figure's SQL, so the list's total
 * is the figure. Keys are written in a fixed order so equal filters give equal links.
 */
export function findingListHref(filters: ListFilters): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(filters).sort()) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return `/findings?${params.toString()}`;
}
