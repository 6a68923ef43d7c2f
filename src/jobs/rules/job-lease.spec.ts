import { afterFailedItems, claimVerdict, ITEM_ATTEMPTS_A_DAY } from './job-lease';

describe('the lease of a claimed job run', () => {
  const now = new Date('2023-03-03T01:00:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  // A lease taken at `at` for `s` seconds ends then (the database computes it: now() + make_interval(secs => …)).
  const leaseEnd = (at: Date, s: number) => new Date(at.getTime() + s * 1000);

  it('leaves a finished run alone, whatever its lease', () => {
    expect(claimVerdict({ finishedAt: ago(3600), leaseUntil: ago(3000) }, now)).toBe('FINISHED');
    expect(claimVerdict({ finishedAt: ago(1), leaseUntil: leaseEnd(now, 600) }, now)).toBe('FINISHED');
  });
  it('leaves an unfinished run alone while its lease lasts, up to its last instant', () => {
    expect(claimVerdict({ finishedAt: null, leaseUntil: leaseEnd(ago(60), 600) }, now)).toBe('HELD');
    expect(claimVerdict({ finishedAt: null, leaseUntil: now }, now)).toBe('HELD');
  });
  it('takes over an unfinished run whose lease ran out (its instance is gone)', () => {
    expect(claimVerdict({ finishedAt: null, leaseUntil: ago(1) }, now)).toBe('ABANDONED');
    expect(claimVerdict({ finishedAt: null, leaseUntil: leaseEnd(ago(3600), 600) }, now)).toBe('ABANDONED');
  });
});

describe('a run whose items partly failed', () => {
  it('is tried again after 1, 2, 4, 8 … minutes, at most an hour apart', () => {
    const pauses = [1, 2, 3, 4, 5, 6, 7].map((n) => afterFailedItems(n));
    expect(pauses).toEqual([60, 120, 240, 480, 960, 1920, 3600].map((s) => ({ retryInSeconds: s })));
  });
  it(`gives up for the day at its ${ITEM_ATTEMPTS_A_DAY}th failed attempt (about two hours after the first)`, () => {
    expect(afterFailedItems(ITEM_ATTEMPTS_A_DAY)).toBe('GIVE_UP_FOR_THE_DAY');
    expect(afterFailedItems(ITEM_ATTEMPTS_A_DAY + 1)).toBe('GIVE_UP_FOR_THE_DAY');
    const waited = [1, 2, 3, 4, 5, 6, 7]
      .map((n) => afterFailedItems(n))
      .reduce((s, r) => s + (r === 'GIVE_UP_FOR_THE_DAY' ? 0 : r.retryInSeconds), 0);
    expect(waited / 60).toBe(123); // 1+2+4+8+16+32+60 minutes
  });
});
