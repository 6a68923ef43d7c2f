/**
 * 倒查 by name: a person written as free text ("燃化工区主任 赵立新", "赵立新（燃化工区主任）", "主任赵立新") is the
 * same person as "赵立新". The name is what remains once unit names and job titles are taken away; two entries name
 * the same person when their remaining names are equal. An entry that is nothing but a unit and a title
 * ("燃气管网工区负责人") stays whole, so it matches only itself.
 */

/** Job titles written before or after a name (longest first, so 副厂长 goes before 厂长). */
const TITLES = [
  '常务副总经理',
  '主任工程师',
  '副总经理',
  '安全总监',
  '车间主任',
  '副书记',
  '副厂长',
  '副主任',
  '副经理',
  '副部长',
  '副科长',
  '副班长',
  '副组长',
  '副站长',
  '总经理',
  '工区长',
  '作业长',
  '值班长',
  '负责人',
  '安全员',
  '技术员',
  '调度员',
  '工程师',
  '操作工',
  '厂长',
  '主任',
  '经理',
  '部长',
  '科长',
  '班长',
  '队长',
  '组长',
  '站长',
  '主管',
  '专工',
  '书记',
  '总监',
];

/** How unit names end: a part ending so, once titles are gone, is a unit, not a person. */
const UNIT_ENDING = /(公司|分厂|厂|工区|车间|中心|事业部|部|班|站|科|室|队|处|组)$/;

/** Separators between a unit, a title and a name. */
const SEPARATORS = /[\s\u3000、，,；;：:（）()[\]【】/·•-]+/;

function stripTitles(part: string): string {
  let rest = part;
  for (let changed = true; changed && rest;) {
    changed = false;
    for (const title of TITLES) {
      const at = rest.lastIndexOf(title);
      if (at < 0) continue;
      const after = rest.slice(at + title.length);
      const before = rest.slice(0, at);
      // "燃化工区主任赵立新" → what follows the title is the name; "赵立新主任" → what precedes it.
      rest = after ? after : before;
      changed = true;
      break;
    }
  }
  // "分管生产", "分管安全": what a leader is in charge of, part of the title.
  return /^分管/.test(rest) ? '' : rest;
}

/** The name a person entry comes down to; `unitNames` (the org's names and aliases) are taken away first. */
export function personNameKey(entry: string, unitNames: readonly string[] = []): string {
  const text = entry.normalize('NFKC').trim();
  const units = [...unitNames].filter((u) => u.length >= 2).sort((a, b) => b.length - a.length);
  const names = text
    .split(SEPARATORS)
    .map((part) => {
      let rest = part;
      for (const u of units) rest = rest.split(u).join(' ');
      return rest
        .split(/\s+/)
        .map(stripTitles)
        .filter((x) => x && !UNIT_ENDING.test(x))
        .join('');
    })
    .filter(Boolean);
  // A single character left ("原燃化工区主任" → "原") is not a name: the entry stays whole.
  const name = names.join('');
  return name.length >= 2 ? name : text.replace(new RegExp(SEPARATORS.source, 'g'), '');
}

/** The same person, compared on the names the two entries come down to. */
export const samePerson = (a: string, b: string, unitNames: readonly string[] = []): boolean =>
  personNameKey(a, unitNames) === personNameKey(b, unitNames);

/** The persons of `required` that none of `covered` names (in `required`'s order and wording). */
export const uncoveredPersons = (
  required: readonly string[],
  covered: readonly string[],
  unitNames: readonly string[] = [],
): string[] => {
  const keys = new Set(covered.map((c) => personNameKey(c, unitNames)));
  return required.filter((p) => !keys.has(personNameKey(p, unitNames)));
};
