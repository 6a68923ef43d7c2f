import { normaliseCode, typedCodes } from './finding-code';

describe('normaliseCode: a finding code as a person typed it, as stored', () => {
  it('forgives case, 全角 letters and digits, full-width and typographic dashes, and spaces', () => {
    expect(normaliseCode('xcl-2023-aq-0007')).toBe('XCL-2023-AQ-0007');
    expect(normaliseCode('ＸＣＬ－２０２３－ＡＱ－０００７')).toBe('XCL-2023-AQ-0007');
    expect(normaliseCode('XCL—2023–AQ‐0007')).toBe('XCL-2023-AQ-0007');
    expect(normaliseCode(' XCL-2023-AQ-0007 ')).toBe('XCL-2023-AQ-0007');
  });
});

describe('typedCodes: the codes in a codes field', () => {
  it('splits on lines, spaces, commas and 、, but keeps spaces around a dash inside one code', () => {
    expect(typedCodes('XCL - 2023 - AQ - 0007')).toEqual(['XCL-2023-AQ-0007']);
    expect(typedCodes('xcl-2023-aq-0007\nXCL-2023-AQ-0010')).toEqual([
      'xcl-2023-aq-0007',
      'XCL-2023-AQ-0010',
    ]);
    expect(typedCodes('XCL-2023-AQ-0007，XCL-2023-AQ-0010、XCL-2023-AQ-0011; XCL-2023-AQ-0012')).toEqual([
      'XCL-2023-AQ-0007',
      'XCL-2023-AQ-0010',
      'XCL-2023-AQ-0011',
      'XCL-2023-AQ-0012',
    ]);
    expect(typedCodes('ＸＣＬ－２０２３ － ＡＱ－０００７　XCL-2023-AQ-0010')).toEqual([
      'XCL-2023-AQ-0007',
      'XCL-2023-AQ-0010',
    ]);
    expect(typedCodes('  \n ')).toEqual([]);
  });
});
