import { SYNONYM_GROUPS, synonymRows, synonymTableProblems } from './safety-synonyms';

describe('the safety-domain synonym table (safety-synonym-table.json)', () => {
  it('has the pairs the issue names, each read as its group’s first term', () => {
    const readAs = new Map(synonymRows().map((r) => [r.term, r.canonical]));
    expect(readAs.get('消防器材')).toBe('灭火器');
    expect(readAs.get('栏杆')).toBe('护栏');
    expect(readAs.get('抽烟')).toBe('吸烟');
    expect(readAs.get('积尘')).toBe('粉尘');
    expect(readAs.get('超过有效期')).toBe('过期');
    expect(readAs.get('作业人员')).toBe(''); // ignored: says nothing about the problem
  });

  it('is consistent: no duplicate term, no one-term group, no replacement that chains into another', () => {
    expect(SYNONYM_GROUPS.length).toBeGreaterThanOrEqual(20);
    expect(synonymTableProblems()).toEqual([]);
  });

  it('finds the problems of a broken table', () => {
    expect(synonymTableProblems([['灭火器'], ['护栏', '栏杆'], ['栏杆', '围栏']], ['现场', '现场'])).toEqual(
      expect.arrayContaining([
        'group 1 has no synonym',
        '"栏杆" is in groups 2 and 3',
        '"现场" is in groups 4 and 5',
      ]),
    );
    expect(
      synonymTableProblems([
        ['防护栏', '防护网'],
        ['护栏', '防护'],
      ]),
    ).toEqual(['"防护栏" contains "防护", which is read as "护栏"']);
  });

  it('lists the longest terms first, so a longer phrase is replaced before the words inside it', () => {
    const rows = synonymRows();
    for (let i = 1; i < rows.length; i++)
      expect(rows[i - 1].term.length).toBeGreaterThanOrEqual(rows[i].term.length);
    expect(rows.findIndex((r) => r.term === '防护栏杆')).toBeLessThan(
      rows.findIndex((r) => r.term === '栏杆'),
    );
  });
});
