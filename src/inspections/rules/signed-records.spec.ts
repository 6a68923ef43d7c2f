import { findingLabel, signerLabel } from './signed-records';

describe('signed inspections on paper', () => {
  it('prints the typed signature with the account that signed', () => {
    expect(signerLabel('张三', 'wen.xiaofeng')).toBe('张三（账号：wen.xiaofeng）');
    expect(signerLabel('王班长', 'banzuzhang', true)).toBe('王班长\n（账号：banzuzhang）');
    expect(signerLabel('张三', null)).toBe('张三');
    expect(signerLabel(null, '温晓峰')).toBe('');
  });

  it('names a finding by its code, marks 重大, and names none outside the reader’s scope', () => {
    expect(findingLabel({ code: 'XCL-2026-AQ-0005', level: 'MAJOR' })).toBe('XCL-2026-AQ-0005（重大）');
    expect(findingLabel({ code: 'XCL-2026-AQ-0006', level: 'GENERAL' })).toBe('XCL-2026-AQ-0006');
    expect(findingLabel(undefined)).toBe('问题（不在查看范围）');
  });
});
