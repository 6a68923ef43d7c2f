import type { ScratchServer } from '../../src/database/scratch-server';
import { demoTemplateFor } from './template-names';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__rectifyScratch as
    { server: ScratchServer; template: string } | undefined;
  if (!state) return;
  const demo = demoTemplateFor(state.template);
  for (const name of [state.template, demo, `${demo}_build`])
    await state.server.dropDatabase(name).catch(() => undefined);
  await state.server.stop();
}
