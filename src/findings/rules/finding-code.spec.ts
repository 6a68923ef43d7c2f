import { normaliseCode } from './finding-code';

describe('normaliseCode: a finding code as a person typed it, as stored', () => {
  it('forgives case, 全角 letters and digits, full-width and typographic dashes, and spaces', () => {
    expect(normaliseCode('xcl-2023-aq-0007')).toBe('XCL-2023-AQ-0007');
    expect(normaliseCode('ＸＣＬ－２０２３－ＡＱ－０００７')).toBe('XCL-2023-AQ-0007');
    expect(normaliseCode('XCL—2023–AQ‐0007')).toBe('XCL-2023-AQ-0007');
    expect(normaliseCode(' XCL-2023-AQ-0007 ')).toBe('XCL-2023-AQ-0007');
  });
});
