/** 专业: the two audit domains (DOMAIN.md §2). Rounds are per domain; findings inherit their round's. */
export enum Domain {
  SAFETY = 'SAFETY',
  ENVIRONMENT = 'ENVIRONMENT',
}
export const DOMAIN_LABEL: Record<Domain, string> = { SAFETY: '职业健康安全', ENVIRONMENT: '生态环境保护' };
