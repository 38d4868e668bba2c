// The scale subresource: reads and writes `replicas` of a Deployment, ReplicaSet, StatefulSet,
// ReplicationController or custom resource through the paths its kind declares, answering
// with an autoscaling/v1 Scale as a real server does.

import type { KubeObject } from '../../k8s/types.ts';
import { formatSelector } from '../selectors.ts';
import type { ScalePaths } from './resources.ts';

/** An autoscaling/v1 Scale. */
export interface Scale {
  apiVersion: 'autoscaling/v1';
  kind: 'Scale';
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string };
  spec: { replicas: number };
  status: { replicas: number; selector?: string };
}

function splitPath(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter((p) => p !== '');
}

function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of splitPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** The Scale view of an object. */
export function readScale(obj: KubeObject, paths: ScalePaths): Scale {
  const meta = obj.metadata;
  const scale: Scale = {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: meta.name ?? '' },
    spec: { replicas: Number(readPath(obj, paths.specReplicasPath) ?? 0) },
    status: { replicas: Number(readPath(obj, paths.statusReplicasPath) ?? 0) },
  };
  if (meta.namespace) scale.metadata.namespace = meta.namespace;
  if (meta.uid) scale.metadata.uid = meta.uid;
  if (meta.resourceVersion) scale.metadata.resourceVersion = meta.resourceVersion;
  if (meta.creationTimestamp) scale.metadata.creationTimestamp = meta.creationTimestamp;
  // Built-in kinds report their spec.selector in string form; custom kinds read labelSelectorPath.
  const specSelector = (obj as { spec?: { selector?: unknown } }).spec?.selector;
  if (paths.labelSelectorPath === '.status.selector' && specSelector && typeof specSelector === 'object') {
    const sel = specSelector as Record<string, unknown>;
    const isLabelSelector = 'matchLabels' in sel || 'matchExpressions' in sel;
    scale.status.selector = isLabelSelector
      ? formatSelector(sel as never)
      : Object.entries(sel).map(([k, v]) => `${k}=${String(v)}`).join(',');
  } else if (paths.labelSelectorPath) {
    const value = readPath(obj, paths.labelSelectorPath);
    if (typeof value === 'string') scale.status.selector = value;
  }
  return scale;
}

/** Sets the replicas at the kind's spec path on a mutable copy, and returns it. */
export function writeScaleReplicas(obj: KubeObject, paths: ScalePaths, replicas: number): KubeObject {
  const parts = splitPath(paths.specReplicasPath);
  let cur = obj as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = replicas;
  return obj;
}
