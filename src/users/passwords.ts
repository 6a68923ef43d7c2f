import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { zxcvbnCommon } from '../common/libraries/on-first-use';

/** argon2id with the OWASP baseline (19 MiB, 2 passes): memory-hard, ~20 ms per hash on this hardware. */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The demo users' password. The README publishes it for demo mode, so it is refused as anyone's chosen password; only
 * the demo seeder sets it, bypassing the policy explicitly.
 */
export const DEMO_PASSWORD = 'Rectify2023';

let common: Set<string> | undefined;
/** The ~49,000 most common passwords (zxcvbn-ts' ranked list), lower-case; loaded on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    (zxcvbnCommon().dictionary['passwords-common'] as (string | number)[]).map((p) =>
      String(p).toLowerCase(),
    ),
  );
  return common;
}

/**
 * The password policy, the one rule every new password meets (created or reset by an administrator, changed by its
 * user, the first-start administrator's): at least 10 and at most 128 characters, not one of the common passwords
 * nor the published demo password (compared case-insensitively), not containing the user name (case-insensitively). Returns the problems as
 * messages for people; empty: acceptable.
 */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH)
    problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位 / at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH)
    problems.push(`密码最多 ${PASSWORD_MAX_LENGTH} 位 / at most ${PASSWORD_MAX_LENGTH} characters`);
  if (commonPasswords().has(password.toLowerCase()) || password.toLowerCase() === DEMO_PASSWORD.toLowerCase())
    problems.push('这是常见密码，很容易被猜中 / this is a common password, easily guessed');
  if (username && password.toLowerCase().includes(username.trim().toLowerCase()))
    problems.push('密码不能包含登录名 / must not contain the login name');
  return problems;
}

/**
 * A password that people can type: 16 characters without look-alikes, drawn until it meets the policy (for a short
 * user name a random string may contain it).
 */
export function generatePassword(username?: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  for (;;) {
    // 256 is not a multiple of 56: take only bytes below 224 (= 4 × 56), so every character is equally likely.
    const chars: string[] = [];
    while (chars.length < 16) {
      for (const b of randomBytes(24))
        if (b < 224 && chars.length < 16) chars.push(alphabet[b % alphabet.length]);
    }
    const password = chars.join('');
    if (passwordProblems(password, username).length === 0) return password;
  }
}
