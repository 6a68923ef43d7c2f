import { lineBreaks, quotationBreaks } from './line-breaks';

describe('quotationBreaks: Unicode 15.1 breaks around quotation marks in Chinese text', () => {
  it('allows a break before an opening mark after Chinese text and after a closing mark before it', () => {
    const text = '存在与“锯切机防护罩缺失”同类的问题';
    expect(quotationBreaks(text)).toEqual([text.indexOf('“'), text.indexOf('”') + 1]);
  });

  it('allows a break before an opening mark after a clause ends', () => {
    expect(quotationBreaks('落实，“五落实”')).toEqual([3]);
  });

  it('never inside Latin text, nor after an opening mark or before a closing one', () => {
    expect(quotationBreaks('the “word” here')).toEqual([]);
    expect(quotationBreaks('“三违”')).toEqual([]);
    expect(quotationBreaks('（“三违”）')).toEqual([]);
  });

  it('sees a Chinese character outside the BMP as one character', () => {
    expect(quotationBreaks('𠀀“𠀀”𠀀')).toEqual([2, 6]);
  });
});

describe('lineBreaks', () => {
  it('gives the package breaks and the quotation breaks in order, once each, a line feed required', () => {
    const text = '检查发现“三违”行为\n整改';
    const breaks = [...lineBreaks(text)];
    const positions = breaks.map((b) => b.position);
    expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
    expect(positions).toContain(text.indexOf('“'));
    expect(positions).toContain(text.indexOf('”') + 1);
    expect(positions).not.toContain(text.indexOf('“') + 1);
    expect(positions).not.toContain(text.indexOf('”'));
    expect(breaks.find((b) => b.position === text.indexOf('\n') + 1)?.required).toBe(true);
    expect(positions[positions.length - 1]).toBe(text.length);
  });
});
