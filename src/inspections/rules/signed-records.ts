/**
 * How a signed inspection names, on paper and on its page, who signed it and the findings it made. A typed name is a
 * paper habit anyone can type, so the account that signed is always printed beside it; an internal finding id means
 * nothing on paper, so a finding is named by its code, 重大 marked — and only one the reader may see: a finding of a
 * unit outside the reader's scope is counted but not named.
 */

/** The finding as the reader may see it (code and level), or undefined when it is outside the reader's scope. */
export interface SeenFinding {
  code: string;
  level: string;
}

/** 「张三（账号：wen.xiaofeng）」: the typed signature and the account (username) that signed; the signature alone when no account is known. */
export function signerLabel(
  signature: string | null,
  account: string | null | undefined,
  lineBreak = false,
): string {
  if (!signature) return '';
  return account ? `${signature}${lineBreak ? '\n' : ''}（账号：${account}）` : signature;
}

/** 「XCL-2026-AQ-0005（重大）」, or 「问题（不在查看范围）」 for a finding the reader may not see. */
export function findingLabel(seen: SeenFinding | undefined): string {
  if (!seen) return '问题（不在查看范围）';
  return `${seen.code}${seen.level === 'MAJOR' ? '（重大）' : ''}`;
}
