// The contract between `bench/run.ts` and a benchmark suite: a name, a one-line description and
// a run() that prints its own table and returns its target checks. Suites are listed in
// bench/suites.ts; nothing here knows any particular suite.

/** Options every suite receives from the command line. */
export interface BenchOptions {
  /** `--quick`: fewer sizes and repeats, for a fast look. */
  readonly quick: boolean;
  /** `--repeats N`: overrides the suite's repeat counts. */
  readonly repeats: number | undefined;
  /** `--sizes 100,1000`: overrides the suite's problem sizes. */
  readonly sizes: readonly number[] | undefined;
  /** `--only a,b`: restricts the implementations a suite compares (suite-defined names). */
  readonly only: readonly string[] | undefined;
  /** Where suites write their results (`bench/.out`). */
  readonly outDir: string;
}

/** One target a suite checks, e.g. "shipshape ≥ 7× faster than cdk8s-plus at 1,000 apps". */
export interface TargetCheck {
  readonly name: string;
  /** 'skip' when the measurements it needs were not taken in this run. */
  readonly status: 'pass' | 'fail' | 'skip';
  /** The measured figure against the target, e.g. `9.1× (target ≥ 7×)`. */
  readonly detail: string;
}

/** A benchmark suite. */
export interface Suite {
  readonly name: string;
  readonly description: string;
  /** Runs the suite, prints its report, writes `<outDir>/<name>.json`, and returns its checks. */
  run(options: BenchOptions): Promise<readonly TargetCheck[]>;
}
