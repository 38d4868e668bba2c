// Minimal valid objects for the validation tests, built so one override makes one mistake.
// Test support only: nothing outside *.test.ts files imports this module.

import type { KubeObject } from '../types.ts';
import { validateObject } from './validate-object.ts';

type Json = Record<string, unknown>;

/** A container that passes validation. */
export function makeContainer(overrides: Json = {}): Json {
  return { name: 'web', image: 'nginx:1.27', ...overrides };
}

/** A Pod with one valid container, its spec merged with `spec`. */
export function makePod(spec: Json = {}, name = 'web'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [makeContainer()], ...spec } };
}

/** A pod template labelled `app: web`, its spec merged with `spec`. */
export function makeTemplate(spec: Json = {}, labels: Json = { app: 'web' }): Json {
  return { metadata: { labels }, spec: { containers: [makeContainer()], ...spec } };
}

/** An apps/v1 workload selecting `app: web`, its spec merged with `spec`. */
export function makeWorkload(kind: 'Deployment' | 'ReplicaSet' | 'DaemonSet' | 'StatefulSet', spec: Json = {}): KubeObject {
  const base: Json = { selector: { matchLabels: { app: 'web' } }, template: makeTemplate() };
  if (kind !== 'DaemonSet') base.replicas = 1;
  return { apiVersion: 'apps/v1', kind, metadata: { name: 'web' }, spec: { ...base, ...spec } };
}

/** Any object: apiVersion, kind, name and the remaining top-level fields. */
export function makeObject(apiVersion: string, kind: string, body: Json = {}, name = 'web'): KubeObject {
  return { apiVersion, kind, metadata: { name }, ...body };
}

/** `[field, message]` pairs of validateObject, for exact comparisons. */
export function listErrors(obj: KubeObject): Array<[string, string]> {
  return validateObject(obj).map((e) => [e.field, e.message]);
}
