// Output helpers shared by suites: a plain-text table with right-aligned numbers, the target
// check lines, and writing a suite's results as JSON under bench/.out.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import type { TargetCheck } from './suite.ts';

/** Formats rows as an aligned text table; cells that look numeric are right-aligned. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const isNumeric = (s: string): boolean => /^[-+]?[\d,.]+(\s?[a-zA-Z×%]*)?$/.test(s);
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (isNumeric(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Formats target checks as `PASS  name: detail` lines. */
export function formatChecks(checks: readonly TargetCheck[]): string {
  return checks.map((c) => `${c.status.toUpperCase().padEnd(4)}  ${c.name}: ${c.detail}`).join('\n');
}

/** Formats a number with thousands separators and a fixed number of decimals. */
export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** The machine a run was measured on, recorded beside the results. */
export function describeMachine(): Record<string, string | number> {
  const cpu = cpus();
  return { node: process.version, platform: `${platform()} ${release()}`, cpuModel: cpu[0]?.model ?? 'unknown', cpuCount: cpu.length };
}

/** Writes `<outDir>/<name>.json` and returns its path. */
export function writeResults(outDir: string, name: string, results: unknown): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
