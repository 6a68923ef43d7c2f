import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The safety-domain synonym table (safety-synonym-table.json): each group's first term is the one the others are read as
 * ("消防器材" is read as "灭火器", "积尘" as "粉尘"), so texts that say the same thing in other words share characters.
 * The replacement itself is SQL (rectify_canonical, over the similarity_synonyms table that the service keeps equal
 * to this file), so stored finding texts and the text being compared are read the same way.
 */
export interface SynonymRow {
  term: string;
  canonical: string;
}

/** The data file, read from the checkout the service runs in (as templates/ are). */
export const SYNONYM_TABLE_FILE = path.join(
  process.cwd(),
  'src',
  'findings',
  'rules',
  'safety-synonym-table.json',
);

const data = JSON.parse(readFileSync(SYNONYM_TABLE_FILE, 'utf8')) as { groups: string[][]; ignore: string[] };

export const SYNONYM_GROUPS: readonly (readonly string[])[] = data.groups;

/** Words that say nothing about which problem it is (作业人员, 现场, 存在 …): read as nothing. */
export const IGNORED_WORDS: readonly string[] = data.ignore;

/**
 * The table's rows: every term but the first of its group with the group's first term, and each ignored word with
 * the empty text; longest term first.
 */
export function synonymRows(
  groups: readonly (readonly string[])[] = SYNONYM_GROUPS,
  ignored: readonly string[] = IGNORED_WORDS,
): SynonymRow[] {
  return [
    ...groups.flatMap(([canonical, ...terms]) => terms.map((term) => ({ term, canonical }))),
    ...ignored.map((term) => ({ term, canonical: '' })),
  ].sort((a, b) => b.term.length - a.term.length || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}

/** What is wrong with a synonym table (empty when nothing is): duplicates, one-term groups, replacements that chain. */
export function synonymTableProblems(
  groups: readonly (readonly string[])[] = SYNONYM_GROUPS,
  ignored: readonly string[] = IGNORED_WORDS,
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  [...groups, ...ignored.map((w) => [w, w])].forEach((g, i) => {
    if (g.length < 2) problems.push(`group ${i + 1} has no synonym`);
    for (const term of new Set(g)) {
      if (!term.trim() || term !== term.trim())
        problems.push(`group ${i + 1}: blank or padded term "${term}"`);
      if (seen.has(term)) problems.push(`"${term}" is in groups ${seen.get(term)! + 1} and ${i + 1}`);
      seen.set(term, i);
    }
  });
  // A canonical term must not contain a replaced term of another group: the replacement would go on replacing.
  for (const { term, canonical } of synonymRows(groups, ignored))
    for (const [first] of groups)
      if (first !== canonical && first.includes(term))
        problems.push(`"${first}" contains "${term}", which is read as "${canonical}"`);
  return problems;
}
