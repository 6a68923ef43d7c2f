import { generatePassword, passwordProblems } from './passwords';

describe('passwordProblems (the password policy)', () => {
  it('accepts long, uncommon passwords without the user name', () => {
    expect(passwordProblems('Passw0rd-2023', 'office')).toEqual([]);
    expect(passwordProblems('NewSecret2024', 'reporter')).toEqual([]);
    expect(passwordProblems('correct horse battery staple')).toEqual([]);
  });

  it('refuses fewer than 10 characters', () => {
    expect(passwordProblems('Kx9#mQ2zL')).toEqual([expect.stringContaining('at least 10 characters')]);
    expect(passwordProblems('aaaaaaa1')).toContainEqual(expect.stringContaining('at least 10 characters'));
    expect(passwordProblems('Rectify2023'.slice(0, 9))).toHaveLength(1);
    expect(passwordProblems('x'.repeat(10))).toEqual([]);
  });

  it('refuses more than 128 characters', () => {
    expect(passwordProblems('x'.repeat(129))).toEqual([expect.stringContaining('at most 128')]);
  });

  it('refuses common passwords, whatever their case', () => {
    for (const p of ['password123', 'PASSWORD123', 'qwertyuiop', '1234567890', 'iloveyou12'])
      expect(passwordProblems(p)).toEqual([expect.stringContaining('common password')]);
    // The demo users' password is published in the README.
    expect(passwordProblems('Rectify2023')).toEqual([expect.stringContaining('common password')]);
    expect(passwordProblems('rectify2023')).toHaveLength(1);
    // Short common ones fail both rules.
    expect(passwordProblems('password1')).toHaveLength(2);
  });

  it('refuses a password containing the user name, whatever its case', () => {
    expect(passwordProblems('Wang.Anquan-2024', 'wang.anquan')).toEqual([
      expect.stringContaining('must not contain the login name'),
    ]);
    expect(passwordProblems('xxSPAREaccount', 'spare')).toHaveLength(1);
    expect(passwordProblems('xxSPAREaccount', 'other')).toEqual([]);
  });

  it('generates passwords that meet the policy, also for very short user names', () => {
    for (let i = 0; i < 500; i++) {
      const p = generatePassword('ab');
      expect(p).toHaveLength(16);
      expect(passwordProblems(p, 'ab')).toEqual([]);
    }
  });
});
