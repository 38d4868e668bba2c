// The checks a kubelet makes before it can start a pod's containers: volumes (ConfigMaps,
// Secrets, PersistentVolumeClaims that must be bound) before the sandbox, then each container's
// env references (`configMapKeyRef`, `secretKeyRef`, `envFrom`) before the container is created.
// Messages are the kubelet's. Each check also names what it read, so a watch can wake the pod.

import type { KubeObject } from '../../k8s/types.ts';
import type { ApiServer } from '../api/api-server.ts';

type Obj = Record<string, any>;

/** The outcome of a check: an error message (undefined when fine) and the objects it depends on. */
export interface RefCheck {
  readonly error: string | undefined;
  /** `ConfigMap/ns/name`, `Secret/ns/name`, `PersistentVolumeClaim/ns/name`. */
  readonly refs: string[];
}

/** The reference key of a ConfigMap, Secret or PVC, as RefCheck.refs holds it. */
export function refKeyOf(kindName: string, namespace: string, name: string): string {
  return `${kindName}/${namespace}/${name}`;
}

function read(api: ApiServer, kindName: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim', namespace: string, name: string): Obj | undefined {
  return api.tryGet({ apiVersion: 'v1', kind: kindName, namespace, name }) as Obj | undefined;
}

function hasKey(obj: Obj, key: string): boolean {
  const inData = (field: string): boolean => obj[field] != null && Object.prototype.hasOwnProperty.call(obj[field], key);
  return obj.kind === 'Secret' ? inData('data') || inData('stringData') : inData('data') || inData('binaryData');
}

/**
 * Checks one container's env references in the kubelet's order (envFrom, then env) and returns
 * the first error, e.g. `secret "db" not found` or `couldn't find key password in Secret default/db`.
 */
export function checkContainerEnv(api: ApiServer, pod: KubeObject, container: Obj): RefCheck {
  const namespace = pod.metadata.namespace ?? 'default';
  const refs: string[] = [];
  let error: string | undefined;
  for (const source of (container.envFrom ?? []) as Obj[]) {
    if (source.configMapRef?.name) {
      const name = String(source.configMapRef.name);
      refs.push(refKeyOf('ConfigMap', namespace, name));
      if (!read(api, 'ConfigMap', namespace, name) && source.configMapRef.optional !== true) error ??= `configmap "${name}" not found`;
    }
    if (source.secretRef?.name) {
      const name = String(source.secretRef.name);
      refs.push(refKeyOf('Secret', namespace, name));
      if (!read(api, 'Secret', namespace, name) && source.secretRef.optional !== true) error ??= `secret "${name}" not found`;
    }
  }
  for (const env of (container.env ?? []) as Obj[]) {
    const cmRef = env.valueFrom?.configMapKeyRef;
    const secretRef = env.valueFrom?.secretKeyRef;
    const ref = cmRef ?? secretRef;
    if (!ref?.name) continue;
    const kindName = cmRef ? 'ConfigMap' : 'Secret';
    const name = String(ref.name);
    const key = String(ref.key ?? '');
    refs.push(refKeyOf(kindName, namespace, name));
    const obj = read(api, kindName, namespace, name);
    if (ref.optional === true) continue;
    if (!obj) error ??= `${kindName.toLowerCase()} "${name}" not found`;
    else if (!hasKey(obj, key)) error ??= `couldn't find key ${key} in ${kindName} ${namespace}/${name}`;
  }
  return { error, refs };
}

/** The claim a volume mounts: its own claim, or the one a generic ephemeral volume gets. */
function claimNameOf(pod: KubeObject, volume: Obj): string | undefined {
  if (volume.persistentVolumeClaim?.claimName) return String(volume.persistentVolumeClaim.claimName);
  if (volume.ephemeral) return `${pod.metadata.name}-${volume.name}`;
  return undefined;
}

function checkSource(api: ApiServer, namespace: string, volumeName: string, kindName: 'ConfigMap' | 'Secret', source: Obj, refs: string[]): string | undefined {
  const name = String(kindName === 'Secret' ? (source.secretName ?? source.name ?? '') : (source.name ?? ''));
  if (!name) return undefined;
  refs.push(refKeyOf(kindName, namespace, name));
  const obj = read(api, kindName, namespace, name);
  const setupFailed = `MountVolume.SetUp failed for volume "${volumeName}" : `;
  if (source.optional === true) return undefined;
  if (!obj) return `${setupFailed}${kindName.toLowerCase()} "${name}" not found`;
  for (const item of (source.items ?? []) as Obj[]) {
    if (!hasKey(obj, String(item.key))) {
      return kindName === 'Secret'
        ? `${setupFailed}secret references non-existent secret key: ${item.key}`
        : `${setupFailed}configmap references non-existent config key: ${item.key}`;
    }
  }
  return undefined;
}

/**
 * Checks the pod's volumes: ConfigMaps and Secrets must exist (with the listed keys) unless
 * optional, and claims must exist and be Bound. The error is the first FailedMount message.
 */
export function checkPodVolumes(api: ApiServer, pod: KubeObject): RefCheck {
  const namespace = pod.metadata.namespace ?? 'default';
  const refs: string[] = [];
  let error: string | undefined;
  for (const volume of ((pod as Obj).spec?.volumes ?? []) as Obj[]) {
    const volumeName = String(volume.name ?? '');
    let problem: string | undefined;
    if (volume.configMap) problem = checkSource(api, namespace, volumeName, 'ConfigMap', volume.configMap, refs);
    else if (volume.secret) problem = checkSource(api, namespace, volumeName, 'Secret', volume.secret, refs);
    else if (volume.projected) {
      for (const source of (volume.projected.sources ?? []) as Obj[]) {
        if (source.configMap) problem ??= checkSource(api, namespace, volumeName, 'ConfigMap', source.configMap, refs);
        if (source.secret) problem ??= checkSource(api, namespace, volumeName, 'Secret', source.secret, refs);
      }
    } else {
      const claim = claimNameOf(pod, volume);
      if (claim) {
        refs.push(refKeyOf('PersistentVolumeClaim', namespace, claim));
        const pvc = read(api, 'PersistentVolumeClaim', namespace, claim);
        const prefix = `Unable to attach or mount volumes: unmounted volumes=[${volumeName}], unattached volumes=[], failed to process volumes=[${volumeName}]: error processing PVC ${namespace}/${claim}: `;
        if (!pvc) problem = `${prefix}failed to fetch PVC from API server: persistentvolumeclaims "${claim}" not found`;
        else if (pvc.status?.phase !== 'Bound') problem = `${prefix}PVC is not bound`;
      }
    }
    error ??= problem;
  }
  return { error, refs };
}
