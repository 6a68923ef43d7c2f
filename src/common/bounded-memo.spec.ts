import { BoundedMemo } from './bounded-memo';

describe('BoundedMemo', () => {
  it('works an answer out once per key and gives it back after', () => {
    const memo = new BoundedMemo<string, number>(10);
    let computed = 0;
    const square = (n: number) => memo.get(String(n), () => (computed++, n * n));
    expect([square(3), square(4), square(3), square(4)]).toEqual([9, 16, 9, 16]);
    expect(computed).toBe(2);
  });

  it('keeps at most its bound: full, it starts again, and answers stay right', () => {
    const memo = new BoundedMemo<number, number>(3);
    let computed = 0;
    const double = (n: number) => memo.get(n, () => (computed++, 2 * n));
    for (const n of [1, 2, 3]) double(n);
    expect(computed).toBe(3);
    expect(double(4)).toBe(8); // full: emptied, then 4 kept
    expect(double(1)).toBe(2); // worked out again
    expect(computed).toBe(5);
    expect(double(4)).toBe(8);
    expect(computed).toBe(5);
  });
});
