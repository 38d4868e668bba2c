// Container resource requests and limits for an App: the documented defaults, how they merge
// with what the user sets (defaults never contradict an explicit value), and the checks.
// Quantity parsing itself lives in lib/k8s/quantity.ts.

import { z } from 'zod';
import { compareQuantities, isQuantity, parseQuantity } from '../k8s/quantity.ts';
import type { V1ResourceRequirements } from '../k8s/types.ts';
import { expecting, strictObject, type PropProblems } from './schema-rules.ts';

/** CPU and memory amounts: cpu in cores (`100m`, `0.5`, `2`), memory in bytes (`128Mi`, `1Gi`). */
export interface ResourceAmounts {
  readonly cpu?: string | number;
  readonly memory?: string | number;
}

/** Requests (what the scheduler reserves) and limits (the most the container may use). */
export interface AppResources {
  /** @default { cpu: '100m', memory: '128Mi' } */
  readonly requests?: ResourceAmounts;
  /** @default { memory: '256Mi' } and no cpu limit */
  readonly limits?: ResourceAmounts;
}

/**
 * The defaults: a small reservation so pods schedule anywhere, a memory limit so a leak kills
 * one container instead of the node, and no CPU limit, because CPU throttling hurts latency and
 * CPU is reclaimed without killing anything. A default is lowered or raised to meet an
 * explicit value (requests.memory '1Gi' makes the default memory limit '1Gi').
 */
export const DEFAULT_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { memory: '256Mi' },
} as const;

const amount = z.custom<string | number>((v) => isQuantity(v) && parseQuantity(v as string | number) >= 0, {
  error: expecting("a non-negative quantity such as '250m', '0.5', '128Mi' or '1Gi'"),
});
const amounts = strictObject({ cpu: amount.optional(), memory: amount.optional() });

/** The zod schema of AppResources. */
export const resourcesSchema = strictObject({ requests: amounts.optional(), limits: amounts.optional() });

type Amounts = { cpu?: string; memory?: string };

/** The requests and limits an App renders: the user's values over the defaults. */
export function resolveResources(resources: AppResources | undefined): { requests: Amounts; limits: Amounts } {
  const req = resources?.requests ?? {};
  const lim = resources?.limits ?? {};
  const text = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v));
  const lower = (fallback: string, cap: string | number | undefined): string =>
    cap !== undefined && compareQuantities(cap, fallback) < 0 ? String(cap) : fallback;
  const higher = (fallback: string, floor: string | number | undefined): string =>
    floor !== undefined && compareQuantities(floor, fallback) > 0 ? String(floor) : fallback;
  const requests: Amounts = {
    cpu: text(req.cpu) ?? lower(DEFAULT_RESOURCES.requests.cpu, lim.cpu),
    memory: text(req.memory) ?? lower(DEFAULT_RESOURCES.requests.memory, lim.memory),
  };
  const limits: Amounts = {};
  if (lim.cpu !== undefined) limits.cpu = String(lim.cpu);
  limits.memory = text(lim.memory) ?? higher(DEFAULT_RESOURCES.limits.memory, req.memory);
  return { requests, limits };
}

/** Records requests that exceed their limits (only explicit values can, given the merging). */
export function checkResources(resources: AppResources | undefined, problems: PropProblems): void {
  const { requests, limits } = resolveResources(resources);
  for (const name of ['cpu', 'memory'] as const) {
    const request = requests[name];
    const limit = limits[name];
    if (request !== undefined && limit !== undefined && compareQuantities(request, limit) > 0) {
      problems.addValue(`resources.requests.${name}`, request, `must be less than or equal to 'resources.limits.${name}' (${JSON.stringify(limit)})`);
    }
  }
}

/** Renders V1ResourceRequirements. */
export function renderResources(resources: AppResources | undefined): V1ResourceRequirements {
  const { requests, limits } = resolveResources(resources);
  return { requests: { ...requests }, limits: { ...limits } } as V1ResourceRequirements;
}
