import TestSequencer from '@jest/test-sequencer';

/** Where the test files selected for this run are left for the global setup (same process, before it runs). */
export const SELECTED_TESTS = Symbol.for('rectify.test.selectedFiles');

/**
 * Jest's own order (slowest and failed first), unchanged. It also records which test files were selected, because
 * jest gives the global setup only the configuration: the setup seeds the demo template only when a selected file
 * uses the demo data (test/support/global-setup.ts).
 */
export default class RectifyTestSequencer extends TestSequencer {
  sort(tests) {
    globalThis[SELECTED_TESTS] = tests.map((t) => t.path);
    return super.sort(tests);
  }
}
