import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

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

/** A password that people can type: 16 characters without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Rules for a new password, as messages (empty: acceptable). */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('密码至少 8 位 / at least 8 characters');
  if (password.length > 128) problems.push('密码最多 128 位 / at most 128 characters');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password))
    problems.push('密码须同时包含字母和数字 / needs letters and digits');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('密码不能包含登录名 / must not contain the login name');
  return problems;
}
