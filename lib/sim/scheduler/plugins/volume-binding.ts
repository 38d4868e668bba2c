// VolumeBinding: a pod's claims must exist; a claim bound to a PV limits the pod to nodes the
// PV's nodeAffinity selects; an unbound claim is fine when its StorageClass waits for the first
// consumer (the scheduler then stamps `volume.kubernetes.io/selected-node` on it after placing
// the pod, and the PV controller provisions there). Unbound claims in Immediate mode wait.

import type { KubeObject } from '../../../k8s/types.ts';
import { failUnresolvable, OK, SKIP, type CycleState, type FilterResult, type SchedulerPlugin } from '../framework.ts';
import { matchesNodeSelectorTerms, type NodeSelectorTerm } from '../node-selector.ts';

type Obj = Record<string, any>;

const STATE_KEY = 'VolumeBinding';
/** Set by the PV controller once a claim is bound. */
const BIND_COMPLETED_ANNOTATION = 'pv.kubernetes.io/bind-completed';
/** The deprecated class annotation; it wins over `spec.storageClassName`. */
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The annotation the scheduler sets on a WaitForFirstConsumer claim. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';

interface PreFilterState {
  /** nodeSelectorTerms of bound PVs that have node affinity. */
  readonly pvTerms: NodeSelectorTerm[][];
  readonly missingPv: boolean;
  /** allowedTopologies terms of the classes of claims that wait for a consumer. */
  readonly classTerms: NodeSelectorTerm[][];
  /** Claims to stamp with the selected node. */
  readonly delayedClaims: KubeObject[];
}

function claimNameOf(volume: Obj, podName: string): { name: string; ephemeral: boolean } | undefined {
  if (volume?.persistentVolumeClaim?.claimName) return { name: String(volume.persistentVolumeClaim.claimName), ephemeral: false };
  if (volume?.ephemeral) return { name: `${podName}-${volume.name}`, ephemeral: true };
  return undefined;
}

function toTerms(allowedTopologies: Obj[]): NodeSelectorTerm[] {
  return allowedTopologies.map((t) => ({
    matchExpressions: (t.matchLabelExpressions ?? []).map((e: Obj) => ({ key: e.key, operator: 'In', values: e.values ?? [] })),
  }));
}

/** The claims of the pod being scheduled that wait for a node (WaitForFirstConsumer, unbound). */
export function listDelayedClaims(state: CycleState): readonly KubeObject[] {
  return state.read<PreFilterState>(STATE_KEY)?.delayedClaims ?? [];
}

/** The VolumeBinding filter. */
export const volumeBindingPlugin: SchedulerPlugin = {
  name: 'VolumeBinding',
  requeueOn: ['NodeAdd', 'NodeUpdate', 'VolumeChange'],
  preFilter(pod, state): FilterResult {
    const volumes: Obj[] = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    // Made at the first claim: most pods have none and skip the filter.
    let s: PreFilterState | undefined;
    for (const volume of volumes) {
      const claim = claimNameOf(volume, pod.name);
      if (!claim) continue;
      s ??= { pvTerms: [], missingPv: false, classTerms: [], delayedClaims: [] };
      const pvc = state.cluster.lookup.getPersistentVolumeClaim(pod.namespace, claim.name);
      if (!pvc) {
        return failUnresolvable(
          claim.ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${claim.name}"` : `persistentvolumeclaim "${claim.name}" not found`,
        );
      }
      if (pvc.metadata.deletionTimestamp) return failUnresolvable(`persistentvolumeclaim "${claim.name}" is being deleted`);
      const spec: Obj = (pvc as Obj).spec ?? {};
      // Fully bound means volumeName plus the PV controller's bind-completed annotation; a claim
      // pre-bound by the user (volumeName only) counts as an unbound Immediate claim (upstream isPVCFullyBound).
      const fullyBound = Boolean(spec.volumeName) && pvc.metadata.annotations?.[BIND_COMPLETED_ANNOTATION] !== undefined;
      if (spec.volumeName && !fullyBound) return failUnresolvable('pod has unbound immediate PersistentVolumeClaims');
      if (fullyBound) {
        const pv = state.cluster.lookup.getPersistentVolume(spec.volumeName);
        if (!pv) {
          (s as { missingPv: boolean }).missingPv = true;
          continue;
        }
        const terms = (pv as Obj).spec?.nodeAffinity?.required?.nodeSelectorTerms;
        if (Array.isArray(terms)) s.pvTerms.push(terms);
        continue;
      }
      const className: string | undefined = pvc.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? spec.storageClassName;
      const sc = className ? state.cluster.lookup.getStorageClass(className) : undefined;
      if ((sc as Obj | undefined)?.volumeBindingMode !== 'WaitForFirstConsumer') return failUnresolvable('pod has unbound immediate PersistentVolumeClaims');
      const allowed = (sc as Obj).allowedTopologies;
      if (Array.isArray(allowed) && allowed.length > 0) s.classTerms.push(toTerms(allowed));
      s.delayedClaims.push(pvc);
    }
    if (s === undefined) return SKIP;
    state.write(STATE_KEY, s);
    return OK;
  },
  filter(_pod, node, state) {
    const s = state.read<PreFilterState>(STATE_KEY)!;
    if (s.missingPv) return failUnresolvable('node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)');
    for (const terms of s.pvTerms) {
      if (!matchesNodeSelectorTerms(terms, node.labels, node.name)) return failUnresolvable('node(s) had volume node affinity conflict');
    }
    for (const terms of s.classTerms) {
      if (!matchesNodeSelectorTerms(terms, node.labels, node.name)) return failUnresolvable("node(s) didn't find available persistent volumes to bind");
    }
    return OK;
  },
};
