import { plainText, plainTextDeep } from './plain-text';

describe('plainText (issue 18 printouts point 1)', () => {
  it('turns CRLF, CR and Unicode separators into \\n and drops other control characters', () => {
    expect(plainText('整改措施：\r\n1. 更换护栏\r2. 培训\u20283. 复查')).toBe(
      '整改措施：\n1. 更换护栏\n2. 培训\n3. 复查',
    );
    expect(plainText('a\tb\u0007c\u000bd\u0085e')).toBe('a bcde');
    expect(plainText('不变\n的文字')).toBe('不变\n的文字');
  });

  it('walks a parsed body: nested strings cleaned, numbers, booleans and keys kept', () => {
    expect(plainTextDeep({ a: 'x\r\ny', b: [1, 'p\rq'], c: { d: true, e: null } })).toEqual({
      a: 'x\ny',
      b: [1, 'p\nq'],
      c: { d: true, e: null },
    });
  });

  it('leaves passwords exactly as typed (a tab in an existing password must still match)', () => {
    expect(plainTextDeep({ username: 'a\tb', password: 'p\tw\r\n', newPassword: 'x\ty' })).toEqual({
      username: 'a b',
      password: 'p\tw\r\n',
      newPassword: 'x\ty',
    });
  });
});
