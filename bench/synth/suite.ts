// The `synth` suite: synthesizes the benchmark model (bench/synth/model.ts) with shipshape,
// cdk8s-plus and a plain-literal floor, each run as its own process, and checks shipshape's
// targets. Children are interleaved per repeat so drift in the machine hits all alike.

import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeMedian, timeProcess } from '../lib/measure.ts';
import { describeMachine, formatChecks, formatNumber, formatTable, writeResults } from '../lib/report.ts';
import type { BenchOptions, Suite, TargetCheck } from '../lib/suite.ts';
import { REPORT_PREFIX, type ChildReport } from './child.ts';
import { countExpectedObjects } from './model.ts';
import { checkTargets } from './targets.ts';

/** The implementations compared, in table order; each is `bench/synth/<name>.ts`. `shipshape-resources`
 * is shipshape core alone (raw Resources), to tell construct cost from core cost. */
export const SYNTH_IMPLS = ['shipshape', 'shipshape-resources', 'cdk8s', 'floor'] as const;

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FULL_REPEATS: Readonly<Record<number, number>> = { 100: 5, 1000: 7, 5000: 3 };
const QUICK_REPEATS: Readonly<Record<number, number>> = { 100: 3, 1000: 3 };
/** A cell stops repeating once its runs have used this much wall time (at least one run). */
const CELL_BUDGET_MS = { full: 45_000, quick: 15_000 };

/** The measurements of one implementation at one size. */
export interface SynthCell {
  readonly impl: string;
  readonly apps: number;
  readonly runs: number;
  /** Median wall time of the whole child process, as measured by the parent. */
  readonly wallMs: number;
  /** Fastest run: less sensitive to other load on the machine than the median. */
  readonly minWallMs: number;
  readonly synthMs: number;
  readonly peakRssMiB: number;
  readonly objects: number;
  readonly kinds: Readonly<Record<string, number>>;
  readonly yamlBytes: number;
  readonly wallMsAll: readonly number[];
  readonly synthMsAll: readonly number[];
}

interface RunResult {
  readonly wallMs: number;
  readonly report: ChildReport;
}

async function runOnce(impl: string, apps: number, outRoot: string): Promise<RunResult> {
  const outDir = join(outRoot, 'synth', `${impl}-${apps}`);
  rmSync(outDir, { recursive: true, force: true });
  const script = join('bench', 'synth', `${impl}.ts`);
  const run = await timeProcess(process.execPath, ['--import', 'tsx', script, String(apps), outDir], { cwd: REPO });
  const line = run.stdout.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (run.code !== 0 || !line) {
    throw new Error(`${impl} at ${apps} apps failed (exit ${run.code}):\n${run.stderr.trim() || run.stdout.trim()}`);
  }
  return { wallMs: run.wallMs, report: JSON.parse(line.slice(REPORT_PREFIX.length)) as ChildReport };
}

/** Counts the documents of a multi-document YAML file by their top-level `kind:` line. */
function countKinds(file: string): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const m of readFileSync(file, 'utf8').matchAll(/^kind: (\S+)$/gm)) kinds[m[1]!] = (kinds[m[1]!] ?? 0) + 1;
  return Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b)));
}

function selectImpls(options: BenchOptions): string[] {
  if (!options.only) return [...SYNTH_IMPLS];
  const unknown = options.only.filter((o) => !(SYNTH_IMPLS as readonly string[]).includes(o));
  if (unknown.length > 0) throw new RangeError(`--only: unknown implementation '${unknown[0]}'; choose from ${SYNTH_IMPLS.join(', ')}`);
  return SYNTH_IMPLS.filter((i) => options.only!.includes(i));
}

async function measureSize(impls: readonly string[], apps: number, repeats: number, budgetMs: number, outRoot: string): Promise<SynthCell[]> {
  const runs = new Map<string, RunResult[]>(impls.map((i) => [i, []]));
  const spent = new Map<string, number>(impls.map((i) => [i, 0]));
  for (let r = 0; r < repeats; r++) {
    for (const impl of impls) {
      if (r > 0 && spent.get(impl)! >= budgetMs) continue;
      const result = await runOnce(impl, apps, outRoot);
      runs.get(impl)!.push(result);
      spent.set(impl, spent.get(impl)! + result.wallMs);
      process.stderr.write(`  ${impl.padEnd(19)} ${String(apps).padStart(5)} apps  run ${r + 1}: ${formatNumber(result.wallMs)} ms\n`);
    }
  }
  return impls.map((impl) => {
    const list = runs.get(impl)!;
    const file = list[0]!.report.file;
    const kinds = countKinds(file);
    return {
      impl,
      apps,
      runs: list.length,
      wallMs: computeMedian(list.map((x) => x.wallMs)),
      minWallMs: Math.min(...list.map((x) => x.wallMs)),
      synthMs: computeMedian(list.map((x) => x.report.synthMs)),
      peakRssMiB: computeMedian(list.map((x) => x.report.maxRssKiB / 1024)),
      objects: Object.values(kinds).reduce((a, b) => a + b, 0),
      kinds,
      yamlBytes: statSync(file).size,
      wallMsAll: list.map((x) => Math.round(x.wallMs)),
      synthMsAll: list.map((x) => Math.round(x.report.synthMs)),
    };
  });
}

function formatKinds(kinds: Readonly<Record<string, number>>): string {
  return Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ');
}

/** The synth suite. */
export const synthSuite: Suite = {
  name: 'synth',
  description: 'synth of N apps to YAML, whole process: shipshape vs cdk8s-plus vs a plain-literal floor',
  async run(options) {
    const impls = selectImpls(options);
    const plan = options.quick ? QUICK_REPEATS : FULL_REPEATS;
    const sizes = options.sizes ?? Object.keys(plan).map(Number);
    const budgetMs = options.quick ? CELL_BUDGET_MS.quick : CELL_BUDGET_MS.full;
    process.stderr.write(`synth: warming up (tsx transform cache) …\n`);
    for (const impl of impls) await runOnce(impl, 10, options.outDir);
    const cells: SynthCell[] = [];
    for (const apps of sizes) {
      const repeats = options.repeats ?? plan[apps] ?? 3;
      cells.push(...(await measureSize(impls, apps, repeats, budgetMs, options.outDir)));
    }

    const rows = cells.map((c) => [
      c.impl, formatNumber(c.apps), formatNumber(c.wallMs), formatNumber(c.minWallMs), formatNumber(c.synthMs), formatNumber(c.objects),
      formatNumber(c.peakRssMiB), String(c.runs),
    ]);
    console.log(`\nsynth — median of repeats, whole process per measurement (${process.version})\n`);
    console.log(formatTable(['impl', 'apps', 'wall ms', 'min wall ms', 'in-process ms', 'objects', 'peak RSS MiB', 'runs'], rows));
    console.log('\nobjects by kind (from the written YAML):');
    for (const c of cells) console.log(`  ${c.impl.padEnd(19)} ${String(c.apps).padStart(5)}: ${formatKinds(c.kinds)}  (${formatNumber(c.yamlBytes / 1024)} KiB YAML)`);

    const checks: TargetCheck[] = [...checkEquivalence(cells, sizes), ...checkTargets(cells)];
    console.log(`\n${formatChecks(checks)}`);
    const file = writeResults(options.outDir, 'synth', {
      suite: 'synth',
      date: new Date().toISOString(),
      machine: describeMachine(),
      quick: options.quick,
      cells,
      checks,
    });
    console.log(`\nresults: ${file}`);
    return checks;
  },
};

/** Every implementation writes the model's object count, and the same kinds, at each size. */
function checkEquivalence(cells: readonly SynthCell[], sizes: readonly number[]): TargetCheck[] {
  return sizes.map((apps) => {
    const atSize = cells.filter((c) => c.apps === apps);
    const expected = countExpectedObjects(apps);
    const kinds = new Set(atSize.map((c) => formatKinds(c.kinds)));
    const counts = atSize.map((c) => `${c.impl} ${c.objects}`).join(', ');
    const ok = atSize.every((c) => c.objects === expected) && kinds.size === 1;
    const why = kinds.size === 1 ? '' : '; kinds differ';
    return { name: `same objects at ${formatNumber(apps)} apps`, status: ok ? 'pass' : 'fail', detail: `${counts} (model: ${expected})${why}` };
  });
}
