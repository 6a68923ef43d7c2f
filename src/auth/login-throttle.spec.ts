import { delayAfterFailures, secondsToWait } from './login-throttle';

describe('login throttle', () => {
  const settings = { pairThreshold: 5, clientThreshold: 20, maxDelaySeconds: 900 };
  const now = new Date('2024-05-06T08:00:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  const none = { failures: 0, lastFailureAt: null };

  it('does not delay below the threshold, then doubles the wait with every failure up to the cap', () => {
    expect([0, 1, 4].map((f) => delayAfterFailures(f, 5, 900))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 12, 13, 50].map((f) => delayAfterFailures(f, 5, 900))).toEqual([
      8, 16, 32, 64, 128, 256, 512, 900, 900, 900,
    ]);
  });

  it('counts the wait from the last failure of the pair or of the client, whichever ends later', () => {
    expect(secondsToWait(now, { pair: none, client: none }, settings)).toBe(0);
    expect(secondsToWait(now, { pair: { failures: 5, lastFailureAt: ago(3) }, client: none }, settings)).toBe(
      5,
    );
    expect(secondsToWait(now, { pair: { failures: 5, lastFailureAt: ago(9) }, client: none }, settings)).toBe(
      0,
    );
    expect(
      secondsToWait(
        now,
        { pair: { failures: 1, lastFailureAt: ago(1) }, client: { failures: 21, lastFailureAt: ago(1) } },
        settings,
      ),
    ).toBe(15);
  });
});
