// Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`) as hotspots: self and inclusive share of
// samples per `file:function`, paths relative to the repository. Reading only; it does not run
// anything or write files.

import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

/** One function's share of the samples. */
export interface Hotspot {
  /** `lib/sim/api/api-server.ts:admit` (`(program)`, `(garbage collector)` for V8's own). */
  readonly where: string;
  /** Percent of samples with this function on top of the stack. */
  readonly selfPercent: number;
  /** Percent of samples with this function anywhere on the stack. */
  readonly totalPercent: number;
}

/** `file:function`; an anonymous function is named after its nearest named caller (`file:paths/(anonymous)`). */
function describeFrame(node: ProfileNode, repoRoot: string, callerName: (node: ProfileNode) => string | undefined): string {
  const { functionName, url } = node.callFrame;
  const name = functionName || `${callerName(node) ?? ''}/(anonymous)`.replace(/^\//, '');
  if (!url) return name;
  const path = url.replace(/^file:\/\//, '');
  const short = path.startsWith(repoRoot) ? path.slice(repoRoot.length) : path.replace(/^.*\/node_modules\//, 'node_modules/');
  return `${short}:${name}`;
}

/**
 * Self and inclusive sample shares per function, most inclusive first. With `focus` (a `where`
 * such as `bench/sim-api/workload.ts:timePhase`), only samples with that frame on the stack count.
 */
export function summarizeCpuProfile(file: string, repoRoot: string, focus?: string): Hotspot[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const root = repoRoot.endsWith('/') ? repoRoot : `${repoRoot}/`;
  const callerName = (node: ProfileNode): string | undefined => {
    for (let at = parent.get(node.id); at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)?.callFrame.functionName;
      if (name) return name;
    }
    return undefined;
  };
  const describe = (node: ProfileNode): string => describeFrame(node, root, callerName);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const stackCache = new Map<number, readonly string[]>();
  const stackOf = (id: number): readonly string[] => {
    let cached = stackCache.get(id);
    if (cached) return cached;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node && node.callFrame.functionName !== '(root)') seen.add(describe(node));
    }
    cached = [...seen];
    stackCache.set(id, cached);
    return cached;
  };
  let count = 0;
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    if (focus !== undefined && !stackOf(id).includes(focus)) continue;
    count++;
    const top = describe(node);
    self.set(top, (self.get(top) ?? 0) + 1);
    for (const where of stackOf(id)) total.set(where, (total.get(where) ?? 0) + 1);
  }
  const base = count || 1;
  return [...total.entries()]
    .map(([where, n]) => ({ where, selfPercent: (100 * (self.get(where) ?? 0)) / base, totalPercent: (100 * n) / base }))
    .sort((a, b) => b.totalPercent - a.totalPercent || b.selfPercent - a.selfPercent);
}
