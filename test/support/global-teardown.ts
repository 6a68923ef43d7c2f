import type { ScratchServer } from '../../src/database/scratch-server';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__rectifyScratch as
    { server: ScratchServer; template: string } | undefined;
  if (!state) return;
  await state.server.dropDatabase(state.template).catch(() => undefined);
  await state.server.stop();
}
