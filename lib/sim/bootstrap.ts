// What a fresh simulated cluster holds before any user object: the system namespaces, the
// default StorageClass `standard`, the API server's own Service `default/kubernetes` with its
// Endpoints and EndpointSlice, and worker nodes with the labels real kubelets set. The corpus
// README's reference cluster (3 nodes, 4 CPU / 16Gi each) is the default.

import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../k8s/types.ts';
import type { ApiServer } from './api/api-server.ts';

/** Shape of the nodes of a new cluster. */
export interface ClusterShape {
  /** @default 3 */
  readonly nodes?: number;
  /** Allocatable CPU per node. @default '4' */
  readonly cpu?: string;
  /** Allocatable memory per node. @default '16Gi' */
  readonly memory?: string;
  /** Pods per node. @default 110 */
  readonly maxPods?: number;
}

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;
export const DEFAULT_STORAGE_CLASS = 'standard';
const BOOTSTRAP_MANAGER = 'shipshape-sim-bootstrap';

/** The Service through which pods reach the API server: `default/kubernetes`. */
export const KUBERNETES_SERVICE = { namespace: 'default', name: 'kubernetes' } as const;
/** Its cluster IP: the first address of the service CIDR 10.96.0.0/12, reserved for it. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
/**
 * The API server's advertised address. The control plane sits on the nodes' network
 * (172.18.0.0/16, see nodeIpFor) at its first host address, which no worker node ever gets
 * (nodes start at 172.18.0.2), as a single control-plane host of that network would.
 */
export const API_SERVER_ADDRESS = '172.18.0.1';
/** The API server's secure port (`--secure-port`), the Service's target port. */
export const API_SERVER_PORT = 6443;
/** The field manager the API server's own reconciler writes with. */
const API_SERVER_MANAGER = 'kube-apiserver';

/** The node's pod CIDR: 10.244.0.0/24, 10.244.1.0/24, … 10.245.0.0/24 after 256 nodes. */
export function podCidrFor(index: number): string {
  return `10.${244 + (index >> 8)}.${index & 255}.0/24`;
}

/** The node's internal IP: 172.18.0.2, 172.18.0.3, … (valid for any number of nodes). */
export function nodeIpFor(index: number): string {
  const n = index + 2;
  return `172.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

/** A node object as a kubelet registers it (status filled in by the node lifecycle later). */
export function nodeObject(name: string, index: number, shape: ClusterShape = {}): KubeObject {
  const cpu = shape.cpu ?? '4';
  const memory = shape.memory ?? '16Gi';
  const pods = String(shape.maxPods ?? 110);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
      },
    },
    spec: { podCIDR: podCidrFor(index), podCIDRs: [podCidrFor(index)] },
    status: {
      capacity: { cpu, memory, pods, 'ephemeral-storage': '100Gi' },
      allocatable: { cpu, memory, pods, 'ephemeral-storage': '100Gi' },
      addresses: [
        { type: 'InternalIP', address: nodeIpFor(index) },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.0-shipshape',
        containerRuntimeVersion: 'shipshape-sim://1.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'shipshape simulated node',
        kernelVersion: '6.1.0',
        kubeProxyVersion: 'v1.32.0-shipshape',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
      conditions: [],
    },
  };
}

/** Service `default/kubernetes` as the API server creates it (defaults such as clusterIPs come from the server). */
export function kubernetesServiceObject(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...KUBERNETES_SERVICE, labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: KUBERNETES_SERVICE_IP,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: API_SERVER_PORT }],
      sessionAffinity: 'None',
    },
  } as KubeObject;
}

const API_SERVER_ENDPOINT_PORTS = [{ name: 'https', port: API_SERVER_PORT, protocol: 'TCP' }];
const ENDPOINTS_LABELS = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };
const SLICE_LABELS = { 'kubernetes.io/service-name': KUBERNETES_SERVICE.name };

/** Endpoints `default/kubernetes`: one subset with the API server's address and port https. */
export function kubernetesEndpointsObject(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...KUBERNETES_SERVICE, labels: { ...ENDPOINTS_LABELS } },
    subsets: [{ addresses: [{ ip: API_SERVER_ADDRESS }], ports: structuredClone(API_SERVER_ENDPOINT_PORTS) }],
  } as KubeObject;
}

/** EndpointSlice `default/kubernetes`: the API server's address, ready, port https. */
export function kubernetesEndpointSliceObject(): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...KUBERNETES_SERVICE, labels: { ...SLICE_LABELS } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [API_SERVER_ADDRESS], conditions: { ready: true } }],
    ports: structuredClone(API_SERVER_ENDPOINT_PORTS),
  } as KubeObject;
}

type Obj = Record<string, any>;

function holderOf(api: ApiServer, ip: string): KubeObject | undefined {
  return api.list({ apiVersion: 'v1', kind: 'Service' }).items.find((s) => {
    const spec = ((s as Obj).spec ?? {}) as Obj;
    return spec.clusterIP === ip || (Array.isArray(spec.clusterIPs) && spec.clusterIPs.includes(ip));
  });
}

/** Creates the Service, or puts back its ports and type when someone changed them. */
function ensureService(api: ApiServer): void {
  const wanted = kubernetesServiceObject() as Obj;
  const current = api.tryGet({ apiVersion: 'v1', kind: 'Service', ...KUBERNETES_SERVICE }) as Obj | undefined;
  if (!current) {
    // A state saved before the Service existed may have handed its address to a user Service.
    if (!holderOf(api, KUBERNETES_SERVICE_IP)) api.create(wanted as KubeObject, { fieldManager: API_SERVER_MANAGER });
    return;
  }
  if (current.metadata.deletionTimestamp) return;
  const spec = (current.spec ?? {}) as Obj;
  if (spec.type === wanted.spec.type && isDeepStrictEqual(spec.ports, wanted.spec.ports)) return;
  const next = structuredClone(current);
  next.spec = { ...spec, type: wanted.spec.type, ports: wanted.spec.ports };
  api.update(next as KubeObject, { fieldManager: API_SERVER_MANAGER });
}

/** Creates `wanted`, or resets the fields the API server owns when they differ. */
function ensureObject(api: ApiServer, wanted: Obj, owned: readonly string[]): void {
  const current = api.tryGet({ apiVersion: wanted.apiVersion, kind: wanted.kind, ...KUBERNETES_SERVICE }) as Obj | undefined;
  if (!current) {
    api.create(wanted as KubeObject, { fieldManager: API_SERVER_MANAGER });
    return;
  }
  const same = isDeepStrictEqual(current.metadata.labels ?? {}, wanted.metadata.labels) && owned.every((f) => isDeepStrictEqual(current[f], wanted[f]));
  if (same) return;
  const next = structuredClone(current);
  next.metadata.labels = wanted.metadata.labels;
  for (const f of owned) next[f] = wanted[f];
  api.update(next as KubeObject, { fieldManager: API_SERVER_MANAGER });
}

/**
 * What the API server's own reconciler keeps: Service `default/kubernetes` (10.96.0.1:443 →
 * 6443) and its Endpoints and EndpointSlice naming the API server. Creates what is missing and
 * resets what was changed; does nothing before namespace `default` exists.
 */
export function ensureKubernetesService(api: ApiServer): void {
  if (!api.tryGet({ apiVersion: 'v1', kind: 'Namespace', name: KUBERNETES_SERVICE.namespace })) return;
  ensureService(api);
  ensureObject(api, kubernetesEndpointsObject() as Obj, ['subsets']);
  const slice = kubernetesEndpointSliceObject() as Obj;
  // Other slices labelled for the Service are stale as far as the API server is concerned.
  const slices = api.list({ apiVersion: slice.apiVersion, kind: slice.kind, namespace: KUBERNETES_SERVICE.namespace, labelSelector: `kubernetes.io/service-name=${KUBERNETES_SERVICE.name}` }).items;
  for (const other of slices) {
    if (other.metadata.name === KUBERNETES_SERVICE.name && (other as Obj).addressType === slice.addressType) continue;
    api.delete({ apiVersion: slice.apiVersion, kind: slice.kind, namespace: KUBERNETES_SERVICE.namespace, name: other.metadata.name ?? '' });
  }
  ensureObject(api, slice, ['addressType', 'endpoints', 'ports']);
}

/** Creates the system namespaces, the default StorageClass, Service `default/kubernetes` and the nodes on an empty server. */
export function bootstrapCluster(api: ApiServer, shape: ClusterShape = {}): void {
  const opts = { fieldManager: BOOTSTRAP_MANAGER };
  for (const name of SYSTEM_NAMESPACES) {
    if (!api.tryGet({ apiVersion: 'v1', kind: 'Namespace', name })) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, opts);
  }
  if (!api.tryGet({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: DEFAULT_STORAGE_CLASS })) {
    api.create(
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        provisioner: 'shipshape.dev/sim-provisioner',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      },
      opts,
    );
  }
  ensureKubernetesService(api);
  const count = shape.nodes ?? 3;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Cluster shape: 'nodes' must be a whole number >= 0: current value is ${count}`);
  for (let i = 0; i < count; i++) {
    const name = `node-${i + 1}`;
    if (!api.tryGet({ apiVersion: 'v1', kind: 'Node', name })) api.create(nodeObject(name, i, shape), opts);
  }
}
