// Field-level differences between a live object and what applying the desired one would make
// of it, with the noise removed (status, server bookkeeping). Lists of named items are matched
// by name, so a changed container image reads `spec.template.spec.containers[web].image`.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../k8s/types.ts';

/** One changed field. `before`/`after` are undefined when the field was added/removed. */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

const NOISE_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** The object without status and server bookkeeping: what a plan compares. */
export function stripNoise(obj: KubeObject): KubeObject {
  const { status: _status, ...rest } = obj as KubeObject & { status?: unknown };
  const metadata: Record<string, unknown> = { ...obj.metadata };
  for (const key of NOISE_METADATA) delete metadata[key];
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...rest, metadata } as KubeObject;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function itemKey(item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  for (const k of ['name', 'type', 'mountPath', 'containerPort', 'port', 'key', 'ip']) {
    const v = item[k];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function diffValues(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (isDeepStrictEqual(before, after)) return;
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) diffValues(join(path, k), before[k], after[k], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const bKeys = before.map(itemKey);
    const aKeys = after.map(itemKey);
    const keyed = bKeys.every((k) => k !== undefined) && aKeys.every((k) => k !== undefined) && new Set(aKeys).size === aKeys.length && new Set(bKeys).size === bKeys.length;
    if (keyed) {
      const beforeBy = new Map(before.map((item, i) => [bKeys[i]!, item]));
      const afterBy = new Map(after.map((item, i) => [aKeys[i]!, item]));
      for (const k of [...new Set([...bKeys, ...aKeys])] as string[]) diffValues(`${path}[${k}]`, beforeBy.get(k), afterBy.get(k), out);
      return;
    }
    if (before.length === after.length) {
      before.forEach((b, i) => diffValues(`${path}[${i}]`, b, after[i], out));
      return;
    }
  }
  const change: { path: string; before?: unknown; after?: unknown } = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
}

/** The fields that differ between two objects (noise removed), in path order. */
export function diffObjects(before: KubeObject | undefined, after: KubeObject): FieldChange[] {
  const out: FieldChange[] = [];
  diffValues('', before ? stripNoise(before) : undefined, stripNoise(after), out);
  return out;
}
