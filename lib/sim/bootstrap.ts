// What a fresh simulated cluster holds before any user object: the system namespaces, the
// default StorageClass `standard`, and worker nodes with the labels real kubelets set. The
// corpus README's reference cluster (3 nodes, 4 CPU / 16Gi each) is the default.

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

/** Creates the system namespaces, the default StorageClass and the nodes on an empty server. */
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
  const count = shape.nodes ?? 3;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Cluster shape: 'nodes' must be a whole number >= 0: current value is ${count}`);
  for (let i = 0; i < count; i++) {
    const name = `node-${i + 1}`;
    if (!api.tryGet({ apiVersion: 'v1', kind: 'Node', name })) api.create(nodeObject(name, i, shape), opts);
  }
}
