#!/usr/bin/env node
// The `shipshape` launcher: registers tsx so the CLI (TypeScript, no build step) and users'
// programs load as they are, then hands over to cli/main.ts. Nothing else belongs here.

import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
// Registered after tsx, so it runs first: users' .ts files always load as ES modules.
registerHooks('../cli/esm-format-hook.js', import.meta.url);

const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
