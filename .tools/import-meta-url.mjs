// Injected into the service bundle (.tools/bundle-service.mjs): import.meta.url for the ES modules bundled into
// one CommonJS file — the bundle's own address, from which they find their packages' files through node_modules.
/* global require, __filename -- the bundle is CommonJS */
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
