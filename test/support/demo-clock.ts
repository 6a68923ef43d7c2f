import { Clock } from '../../src/common/time/clock';
import type { TestApp } from './test-app';

/**
 * Runs `check` with the service's clock pinned to just after the demo was loaded (its last inspection tasks'
 * creation), then lets it run again. The demo's 重要危险源 story — one missed 班组 inspection, the current shift open
 * — is told as of its loading: a shift still open then whose window has ended since (shifts change at 00, 08 and 16
 * o'clock in Shanghai) is missed too, rightly, and a CI run that loaded the demo at 07:59 and asked at 08:00
 * counted 2.
 */
export async function asDemoLoaded<T>(t: TestApp, check: () => Promise<T>): Promise<T> {
  const [{ at }] = (await t.db.query(`SELECT max(created_at) AS at FROM inspection_tasks`)) as { at: Date }[];
  const clock = t.app.get(Clock);
  clock.pinForTesting(new Date(+at + 1_000));
  try {
    return await check();
  } finally {
    clock.pinForTesting(undefined);
  }
}
