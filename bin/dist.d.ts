// Types of bin/dist.js (plain JS, run by the launcher before anything else loads).

/** The package root (the directory of package.json). */
export declare const PACKAGE_ROOT: string;
/** The build's output directory. */
export declare const DIST_DIR: string;
/** The manifest's file name inside DIST_DIR; the build writes it last. */
export declare const MANIFEST_FILE: string;
/** The format of the manifest; a manifest of another format is stale. */
export declare const MANIFEST_VERSION: number;
/** The entry points: name in dist/ → source file, both relative to their directories. */
export declare const ENTRY_POINTS: Readonly<Record<'main' | 'index' | 'testing', string>>;

/** A fresh build: the CLI entry's URL, and source URL → dist URL of each entry point. */
export interface FreshDist {
  readonly main: string;
  readonly redirects: Readonly<Record<string, string>>;
}

/** What dist/manifest.json records: input file → [size, mtimeMs]; output file → size. */
export interface DistManifest {
  readonly version: number;
  readonly inputs: Readonly<Record<string, readonly [number, number]>>;
  readonly outputs: Readonly<Record<string, number>>;
}

/** The fresh build in `distDir`, or undefined when there is none or it is stale. */
export declare function findFreshDist(root?: string, distDir?: string): FreshDist | undefined;
