import { shortened } from './shortened';

describe('shortened', () => {
  it('cuts a long text with … and leaves one within the length whole', () => {
    expect(shortened('锯切打捆岗位锯切机防护罩缺失', 6)).toBe('锯切打捆岗位…');
    expect(shortened('锯切机', 3)).toBe('锯切机');
    expect(shortened('', 3)).toBe('');
  });
});
