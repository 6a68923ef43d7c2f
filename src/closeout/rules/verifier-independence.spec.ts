import { isIndependentVerifier } from './verifier-independence';

describe('verifier independence (复查人独立)', () => {
  it('accepts a verifier from another unit, or from none', () => {
    expect(isIndependentVerifier('/1/9/', '/1/5/')).toBe(true);
    expect(isIndependentVerifier('/1/', '/1/5/')).toBe(true);
    expect(isIndependentVerifier(null, '/1/5/')).toBe(true);
    expect(isIndependentVerifier('', '/1/5/')).toBe(true);
  });

  it('refuses a verifier from the responsible unit or a unit under it', () => {
    expect(isIndependentVerifier('/1/5/', '/1/5/')).toBe(false);
    expect(isIndependentVerifier('/1/5/21/', '/1/5/')).toBe(false);
  });

  it('compares whole path segments (unit 5 is not unit 51)', () => {
    expect(isIndependentVerifier('/1/51/', '/1/5/')).toBe(true);
  });
});
