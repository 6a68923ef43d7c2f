// Preloaded (`node --import`) into a service a test starts: when the process exits, writes every file Node loaded as
// a CommonJS module to LOADED_MODULES_FILE — what the bundled service (.tools/bundle-service.mjs) still loads from
// disk.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { cache } = createRequire(import.meta.url);
process.on('exit', () => writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(cache))));
