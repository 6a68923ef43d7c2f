import { FindingStatus } from '../finding.enums';
import { isCounted, isRectified, rectificationRate } from './counting';

describe('counting rule', () => {
  it('leaves cancelled findings out of every total', () => {
    expect(isCounted(FindingStatus.CANCELLED)).toBe(false);
    for (const s of Object.values(FindingStatus).filter((s) => s !== FindingStatus.CANCELLED))
      expect(isCounted(s)).toBe(true);
  });

  it('counts only closed-out findings as rectified (已整改 = 销号)', () => {
    expect(isRectified(FindingStatus.CLOSED)).toBe(true);
    expect(isRectified(FindingStatus.VERIFIED)).toBe(false);
  });

  it('gives the rectification rate in percent with one decimal, none when nothing is counted', () => {
    expect(rectificationRate(13, 14)).toBe(92.9);
    expect(rectificationRate(2, 3)).toBe(66.7);
    expect(rectificationRate(0, 0)).toBeNull();
    expect(rectificationRate(5, 5)).toBe(100);
  });
});
