import { notFound } from './domain-error';

describe('notFound: the 404 message names what is missing in each language', () => {
  it('splits a bilingual name into its Chinese and English halves', () => {
    expect(notFound('单位 / Unit', 99999).message).toBe('单位不存在：99999 / Unit 99999 not found');
    expect(notFound('问题 / Finding').message).toBe('问题不存在 / Finding not found');
  });

  it('uses a Chinese-only name on both sides', () => {
    expect(notFound('检查表', 4).message).toBe('检查表不存在：4 / 检查表 4 not found');
  });

  it('answers 404 with the stable code NOT_FOUND', () => {
    const e = notFound('用户 / User', 3);
    expect([e.kind, e.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
  });
});
