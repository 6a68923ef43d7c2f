/**
 * Whatever a test file started (an app, a browser) and did not close — typically because its beforeAll timed out
 * on a loaded machine while the start was still under way, so the file's afterAll had nothing to close yet. Left
 * running, it would keep jest from ever exiting. Each test file has its own copy of this module (jest gives every
 * file its own module registry), and the afterAll below, registered when a test file first imports it, waits for
 * such starts and closes them once the file's own hooks have run.
 */
const open = new Set<Promise<{ close(): Promise<void> }>>();

if (typeof afterAll === 'function')
  afterAll(async () => {
    const left = [...open];
    open.clear();
    for (const starting of left) await starting.then((x) => x.close()).catch(() => undefined);
  });

/** Registers a start; its result's `close()` is tracked, so what the test closes itself is not closed again. */
export async function closeWhenTheFileEnds<T extends { close(): Promise<void> }>(
  starting: Promise<T>,
): Promise<T> {
  open.add(starting);
  const started = await starting.catch((err: unknown) => {
    open.delete(starting);
    throw err;
  });
  const close = started.close.bind(started);
  started.close = async () => {
    open.delete(starting);
    await close();
  };
  return started;
}
