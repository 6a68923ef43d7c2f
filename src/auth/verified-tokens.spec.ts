import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const exp = 1_800_000_000; // seconds, as in a JWT

  it('answers a remembered token until the second of its expiry, then forgets it', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', { sub: 7, tv: 2, exp });
    expect(tokens.get('a.b.c', exp * 1000 - 1)).toEqual({ sub: 7, tv: 2 });
    expect(tokens.get('a.b.c', exp * 1000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('knows only the exact text it verified (an altered signature is another token)', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', { sub: 7, tv: 2, exp });
    expect(tokens.get('a.b.forged', 0)).toBeUndefined();
  });

  it('does not remember a token without an expiry', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', { sub: 7, tv: 2 });
    expect(tokens.get('a.b.c', 0)).toBeUndefined();
  });

  it('stays within its capacity, dropping the oldest first', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('one', { sub: 1, tv: 0, exp });
    tokens.remember('two', { sub: 2, tv: 0, exp });
    tokens.remember('three', { sub: 3, tv: 0, exp });
    expect(tokens.size).toBe(2);
    expect(tokens.get('one', 0)).toBeUndefined();
    expect(tokens.get('three', 0)).toEqual({ sub: 3, tv: 0 });
  });
});
