import { FindingSource, HazardLevel } from '../../findings/finding.enums';
import { InspectionLevel, ItemResult } from '../inspection.enums';
import {
  findingLevelOf,
  findingSourceOf,
  inspectionFields,
  itemAnswer,
  itemProblems,
  numberItems,
  signingProblems,
} from './checklist';

const items = numberItems([
  { requirement: '煤气区域设置固定式CO报警仪', method: '现场查看' },
  {
    requirement: '煤气设施排水器水封高度满足要求',
    method: '现场检查',
    clause: '工贸重大事故隐患判定标准 第十一条',
  },
]);

describe('checklist items', () => {
  it('refuses an item without a requirement or method, and an empty list', () => {
    expect(itemProblems([{ requirement: ' ', method: '看' }])).toEqual([
      { field: 'items.0.requirement', messages: [expect.stringContaining('缺少检查内容')] },
    ]);
    expect(itemProblems([{ requirement: '有', method: '' }])[0].field).toBe('items.0.method');
    expect(itemProblems([])[0].field).toBe('items');
    expect(itemProblems(items)).toEqual([]);
  });

  it('refuses a clause that is not text (a number, an object), and takes an item without one', () => {
    for (const clause of [123, true, { text: '第十一条' }, ['第十一条'], null])
      expect(itemProblems([{ requirement: '有', method: '看', clause }])).toEqual([
        { field: 'items.0.clause', messages: [expect.stringContaining('判定依据须为文字')] },
      ]);
    expect(itemProblems([{ requirement: '有', method: '看' }])).toEqual([]);
  });

  it('numbers items and makes a failed clause item a MAJOR finding, others GENERAL', () => {
    expect(items.map((i) => [i.no, i.clause])).toEqual([
      [1, undefined],
      [2, '工贸重大事故隐患判定标准 第十一条'],
    ]);
    expect(findingLevelOf(items[0])).toBe(HazardLevel.GENERAL);
    expect(findingLevelOf(items[1])).toBe(HazardLevel.MAJOR);
  });

  it('makes company inspections COMPANY_CHECK and a unit’s own SELF_CHECK', () => {
    expect(findingSourceOf(InspectionLevel.COMPANY)).toBe(FindingSource.COMPANY_CHECK);
    expect(findingSourceOf(InspectionLevel.TEAM)).toBe(FindingSource.SELF_CHECK);
    expect(findingSourceOf(InspectionLevel.SECONDARY)).toBe(FindingSource.SELF_CHECK);
  });

  it('needs every item answered, and a failed item with a note and a photo before signing', () => {
    const none = () => ({ before: 0, after: 0 });
    expect(signingProblems(items, [{ no: 1, result: ItemResult.PASS }], none).map((p) => p.field)).toEqual([
      'answers.2',
    ]);
    const failed = [
      { no: 1, result: ItemResult.FAIL, note: '' },
      { no: 2, result: ItemResult.NOT_APPLICABLE },
    ];
    expect(signingProblems(items, failed, none).map((p) => p.field)).toEqual([
      'answers.1.note',
      'answers.1.photos',
    ]);
    expect(
      signingProblems(items, [{ ...failed[0], note: '报警仪失效' }, failed[1]], () => ({
        before: 1,
        after: 0,
      })),
    ).toEqual([]);
  });

  it('refuses an on-the-spot fix of a clause item, or one without measures, cause or after photo', () => {
    const answers = [
      { no: 1, result: ItemResult.FAIL, note: '报警仪失效', fixedOnTheSpot: true },
      {
        no: 2,
        result: ItemResult.FAIL,
        note: '水封不足',
        fixedOnTheSpot: true,
        measures: '补水',
        rootCause: '巡检漏项',
      },
    ];
    const fields = signingProblems(items, answers, () => ({ before: 1, after: 0 })).map((p) => p.field);
    expect(fields).toEqual([
      'answers.1.measures',
      'answers.1.rootCause',
      'answers.1.photos',
      'answers.2.fixedOnTheSpot',
      'answers.2.photos',
    ]);
  });

  it('names every field signing can fault in the form’s order: item by item, the signature last', () => {
    const order = inspectionFields(items);
    expect(order.slice(0, 3)).toEqual(['answers.1', 'answers.1.note', 'answers.1.photos']);
    expect(order.slice(-2)).toEqual(['signature', 'version']);
    const fixed = [
      { no: 1, result: ItemResult.FAIL, fixedOnTheSpot: true },
      { no: 2, result: ItemResult.FAIL, fixedOnTheSpot: true },
    ];
    const named = [
      ...signingProblems(items, [], () => ({ before: 0, after: 0 })),
      ...signingProblems(items, fixed, () => ({ before: 0, after: 0 })),
    ].map((p) => p.field);
    expect(named.filter((f) => !order.includes(f))).toEqual([]);
  });

  it('keeps an answer with blank texts as none and no on-the-spot fix unless said', () => {
    expect(itemAnswer(3, { result: ItemResult.PASS, note: '' })).toEqual({
      no: 3,
      result: ItemResult.PASS,
      note: null,
      fixedOnTheSpot: false,
      measures: null,
      rootCause: null,
    });
  });
});
