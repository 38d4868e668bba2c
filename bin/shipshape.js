#!/usr/bin/env node
// The `shipshape` launcher: runs the CLI from dist/ (bin/build.js) when that build is fresh, and
// otherwise from the TypeScript sources through tsx. Users' programs always load through tsx,
// registered before they are imported. Nothing else belongs here.

import { register as registerHooks } from 'node:module';
import { findFreshDist } from './dist.js';

const dist = findFreshDist();
let main;
if (dist) {
  // Our own modules load without the hooks; they are registered only right before a user's
  // program is imported, so commands that load none (sim get, --version) never start them.
  let setProgramImportSetup;
  ({ main, setProgramImportSetup } = await import(dist.main));
  setProgramImportSetup(() => registerTypeScript(dist.redirects));
} else {
  await registerTypeScript({});
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));

/** Registers tsx, then the format hook (registered after tsx, so it runs first: users' .ts files always load as ES modules). */
async function registerTypeScript(redirects) {
  const { register } = await import('tsx/esm/api');
  register();
  registerHooks('../cli/esm-format-hook.js', { parentURL: import.meta.url, data: { redirects } });
}
