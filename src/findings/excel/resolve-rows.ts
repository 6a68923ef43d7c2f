/**
 * The import's checks against the database's facts, as plain functions: each parsed row's unit matched by name,
 * former name or code inside the audited company; descriptions already in the round and found dates after today
 * refused. The caller loads the units and the round's findings.
 */
import { ImportRow, SheetProblem } from './import-columns';

/** What the import matches a typed unit against. */
export interface MatchableUnit {
  id: number;
  name: string;
  code: string;
  aliases: string[];
}

/** A finding already in the round, by unit and description. */
export interface ExistingFinding {
  unitId: number;
  description: string;
  code: string;
}

/** Names compared with all whitespace removed and case folded. */
const normalise = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** Every name, code and former name of each unit, normalised, to the units that carry it. */
function unitsByKey<U extends MatchableUnit>(units: U[]): Map<string, U[]> {
  const byKey = new Map<string, U[]>();
  for (const u of units) {
    for (const key of new Set([u.name, u.code, ...u.aliases].map(normalise)))
      byKey.set(key, [...(byKey.get(key) ?? []), u]);
  }
  return byKey;
}

/**
 * The rows matched to units and checked against the round. A row whose unit is unknown or ambiguous is left out of
 * `resolved`; a row with a known unit is resolved even when it has other problems (the caller imports nothing while
 * there are problems).
 */
export function resolveImportRows<U extends MatchableUnit>(
  rows: ImportRow[],
  facts: { companyName: string; units: U[]; existing: ExistingFinding[]; today: string },
): { resolved: { row: ImportRow; unit: U }[]; problems: SheetProblem[] } {
  const byKey = unitsByKey(facts.units);
  const existingKeys = new Map(
    facts.existing.map((e) => [`${e.unitId}|${normalise(e.description)}`, e.code]),
  );
  const problems: SheetProblem[] = [];
  const resolved: { row: ImportRow; unit: U }[] = [];
  for (const row of rows) {
    const matches = byKey.get(normalise(row.unit)) ?? [];
    if (matches.length === 0) {
      problems.push({
        row: row.rowNumber,
        column: '单位',
        message: `找不到单位「${row.unit}」（按名称、曾用名或编码，在「${facts.companyName}」内） / Unknown unit`,
      });
      continue;
    }
    if (matches.length > 1) {
      problems.push({
        row: row.rowNumber,
        column: '单位',
        message: `「${row.unit}」对应多个单位（${matches.map((u) => u.code).join('、')}），请填写单位编码 / Ambiguous: use the code`,
      });
      continue;
    }
    const dup = existingKeys.get(`${matches[0].id}|${normalise(row.description)}`);
    if (dup)
      problems.push({
        row: row.rowNumber,
        column: '问题描述',
        message: `本轮次已有相同问题（编号 ${dup}），不能重复导入 / Already in this round as ${dup}`,
      });
    if (row.foundDate > facts.today)
      problems.push({
        row: row.rowNumber,
        column: '发现日期',
        message: '发现日期不能晚于今天 / The found date is in the future',
      });
    resolved.push({ row, unit: matches[0] });
  }
  return { resolved, problems };
}
