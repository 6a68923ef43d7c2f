import { chineseDate, rmbUppercase } from './chinese-formats';

describe('Chinese formats on printouts (issue 18 printouts points 5 and 6)', () => {
  it.each([
    [0, '人民币零元整'],
    [3500, '人民币叁仟伍佰元整'],
    [200, '人民币贰佰元整'],
    [1002.5, '人民币壹仟零贰元伍角'],
    [10.07, '人民币壹拾元零柒分'],
    [0.5, '人民币伍角'],
    [105000, '人民币壹拾万伍仟元整'],
    [100500, '人民币壹拾万零伍佰元整'],
    [10000, '人民币壹万元整'],
    [100000000, '人民币壹亿元整'],
    [100010000, '人民币壹亿零壹万元整'],
    [1234567.89, '人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    [60010, '人民币陆万零壹拾元整'],
  ])('writes %p yuan as %s', (amount, text) => {
    expect(rmbUppercase(amount)).toBe(text);
  });

  it('refuses what is not an amount', () => {
    expect(() => rmbUppercase(Number.NaN)).toThrow(RangeError);
  });

  it('writes dates without leading zeros', () => {
    expect(chineseDate('2026-12-02')).toBe('2026年12月2日');
    expect(chineseDate('2023-03-15')).toBe('2023年3月15日');
  });
});
