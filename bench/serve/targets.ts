// What the serve suite measures, shared by the suite (client side) and the server child: the
// benchmarked requests, the watch fan-out objects, and the child's ready-line format.

/** The namespace the child fills with pods. */
export const BENCH_NAMESPACE = 'bench';
/** The ConfigMap the watch fan-out writes. */
export const FAN_CONFIGMAP = 'fan';

/** One benchmarked GET. */
export interface RequestTarget {
  readonly name: string;
  readonly path: string;
  readonly accept: string;
}

/** The Accept header kubectl sends for `get` (a Table, falling back to JSON). */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** The requests measured against both the simulated cluster and the floor. */
export function requestTargets(pods: number): RequestTarget[] {
  return [
    { name: 'GET one pod (JSON)', path: `/api/v1/namespaces/${BENCH_NAMESPACE}/pods/${podName(42 % pods)}`, accept: 'application/json' },
    { name: `LIST ${pods.toLocaleString('en-US')} pods (JSON)`, path: '/api/v1/pods', accept: 'application/json' },
    { name: `LIST ${pods.toLocaleString('en-US')} pods (Table)`, path: '/api/v1/pods', accept: TABLE_ACCEPT },
  ];
}

/** The name of the i-th bench pod. */
export function podName(i: number): string {
  return `pod-${String(i).padStart(5, '0')}`;
}

/** The prefix of the child's ready line. */
export const READY_PREFIX = 'SERVE_BENCH_READY ';

/** What the child reports once both servers listen. */
export interface ChildReady {
  readonly simUrl: string;
  readonly floorUrl: string;
  readonly token: string;
  readonly ca: string;
  readonly kubeconfig: string;
  /** Seconds to create and settle the pods. */
  readonly setupSeconds: number;
  /** Bytes of each target's answer, by target name. */
  readonly bytes: Record<string, number>;
}
