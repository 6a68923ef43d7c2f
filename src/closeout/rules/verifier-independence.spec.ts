import { UnitKind } from '../../org/unit-kind';
import { isIndependentVerifier, responsibleSubtreePath } from './verifier-independence';

// 公司 /1/ ─ 热电分厂 /1/5/ ─ 燃化工区 /1/5/21/, 电气工区 /1/5/22/; 安全环保健康部 /1/9/; 电解厂 /1/51/
const company = { path: '/1/', kind: UnitKind.COMPANY };
const power = { path: '/1/5/', kind: UnitKind.BRANCH_FACTORY };
const fuelArea = { path: '/1/5/21/', kind: UnitKind.WORK_AREA };
const workArea = [company, power, fuelArea];

describe('verifier independence (复查人独立)', () => {
  it('the responsible subtree is the 二级单位 owning the unit, or the unit itself when second-level', () => {
    expect(responsibleSubtreePath(workArea)).toBe('/1/5/');
    expect(responsibleSubtreePath([company, power])).toBe('/1/5/');
    expect(responsibleSubtreePath([company])).toBe('/1/');
  });

  it('accepts a verifier from another 二级单位, a company-level department, the company itself, or none', () => {
    expect(isIndependentVerifier('/1/9/', workArea)).toBe(true);
    expect(isIndependentVerifier('/1/', workArea)).toBe(true);
    expect(isIndependentVerifier(null, workArea)).toBe(true);
    expect(isIndependentVerifier('', workArea)).toBe(true);
  });

  it('refuses the responsible unit, its parent 二级单位 and a sibling 工区 of the same 二级单位', () => {
    expect(isIndependentVerifier('/1/5/21/', workArea)).toBe(false);
    expect(isIndependentVerifier('/1/5/', workArea)).toBe(false);
    expect(isIndependentVerifier('/1/5/22/', workArea)).toBe(false);
    expect(isIndependentVerifier('/1/5/21/', [company, power])).toBe(false);
  });

  it('compares whole path segments (unit 5 is not unit 51)', () => {
    expect(isIndependentVerifier('/1/51/', workArea)).toBe(true);
  });
});
