// `npm run bench [-- <suite>… ] [--quick] [--repeats N] [--sizes a,b] [--only x,y]`: runs the
// named suites (all of them when none is named) from the registry in bench/suites.ts, prints each
// report, and exits 1 when a target check fails. Not part of `npm test`.

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchOptions, TargetCheck } from './lib/suite.ts';
import { SUITES, tryFindSuite } from './suites.ts';

const USAGE = `usage: npm run bench -- [suite…] [--quick] [--repeats N] [--sizes 100,1000] [--only a,b]
suites:
${SUITES.map((s) => `  ${s.name.padEnd(12)} ${s.description}`).join('\n')}`;

function parseList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parsePositiveInt(flag: string, value: string): number {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${flag}: "${value}" must be a positive integer`);
  return n;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      repeats: { type: 'string' },
      sizes: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const suites = positionals.length === 0 ? SUITES : positionals.map((name) => {
    const suite = tryFindSuite(name);
    if (!suite) throw new RangeError(`unknown suite '${name}'\n${USAGE}`);
    return suite;
  });
  const options: BenchOptions = {
    quick: values.quick,
    repeats: values.repeats === undefined ? undefined : parsePositiveInt('--repeats', values.repeats),
    sizes: parseList(values.sizes)?.map((s) => parsePositiveInt('--sizes', s)),
    only: parseList(values.only),
    outDir: fileURLToPath(new URL('./.out', import.meta.url)),
  };
  const checks: TargetCheck[] = [];
  for (const suite of suites) {
    console.log(`\n=== ${suite.name}: ${suite.description}`);
    checks.push(...(await suite.run(options)));
  }
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
