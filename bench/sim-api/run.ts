// `npx tsx bench/sim-api/run.ts [--quick] [--sizes N] [--only api,store] [--profile]`: runs the
// sim-api suite on its own (each measurement in a child process) and exits 1 when a target fails.
// `--profile` instead CPU-profiles ApiServer creates (`node --cpu-prof`) and prints the hotspots.

import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatNumber, formatTable } from '../lib/report.ts';
import type { BenchOptions } from '../lib/suite.ts';
import { summarizeCpuProfile } from './profile.ts';
import { CREATE_TARGET_PER_SECOND, runChild, simApiSuite } from './suite.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../.out', import.meta.url));
const PROFILE_OBJECTS = 20_000;
const HOTSPOTS = 25;
/** The frame every timed phase runs under: the profile is summarized within it. */
const PHASE_FRAME = 'bench/sim-api/workload.ts:timePhase';

function parseSizes(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((s) => {
    const n = Number(s.trim().replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`--sizes: "${s}" must be a positive integer`);
    return n;
  });
}

/** Profiles N ApiServer creates (ConfigMaps and Pods) and prints the functions that take the time. */
async function profileCreates(objects: number): Promise<void> {
  const dir = join(OUT_DIR, 'sim-api-profile');
  rmSync(dir, { recursive: true, force: true });
  const report = await runChild('api', 'mixed', { objects, lists: 0, patches: 0, watchers: 0 }, ['--cpu-prof', '--cpu-prof-dir', dir]);
  const create = report.phases.find((p) => p.operation.startsWith('create'))!;
  console.log(`ApiServer: ${formatNumber(create.count)} creates in ${formatNumber(create.seconds, 3)} s = ${formatNumber(create.count / create.seconds)}/s (target ${formatNumber(CREATE_TARGET_PER_SECOND)}/s)`);
  // Node writes one profile per thread (tsx's loader runs in a worker): the main thread's is the largest.
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  if (!file) throw new Error(`no .cpuprofile written to ${dir}`);
  const hotspots = summarizeCpuProfile(join(dir, file), REPO, PHASE_FRAME);
  const rows = hotspots.filter((h) => h.where.startsWith('lib/')).slice(0, HOTSPOTS).map((h) => [h.where, formatNumber(h.totalPercent, 1), formatNumber(h.selfPercent, 1)]);
  console.log(`\nlib/ functions by inclusive share of the create phase's samples:\n`);
  console.log(formatTable(['file:function', 'total %', 'self %'], rows));
  const bySelf = [...hotspots].sort((a, b) => b.selfPercent - a.selfPercent).slice(0, HOTSPOTS);
  console.log(`\nby self share of the create phase's samples:\n`);
  console.log(formatTable(['file:function', 'self %', 'total %'], bySelf.map((h) => [h.where, formatNumber(h.selfPercent, 1), formatNumber(h.totalPercent, 1)])));
  console.log(`\nprofile: ${join(dir, file)}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
    },
  });
  const sizes = parseSizes(values.sizes);
  if (values.profile) {
    await profileCreates(sizes?.[0] ?? PROFILE_OBJECTS);
    return 0;
  }
  const options: BenchOptions = {
    quick: values.quick,
    repeats: undefined,
    sizes,
    only: values.only?.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    outDir: OUT_DIR,
  };
  const checks = await simApiSuite.run(options);
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
