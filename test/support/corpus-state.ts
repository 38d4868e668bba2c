// The end state ../shared/corpus/README.md gives for every manifest set, applied to a fresh
// 3-node simulated cluster, written as the lines corpus-observe.ts prints (checked against the
// README by hand), and KNOWN_GAPS: where the simulation does not reach that state today. The
// end-state test pins each gap's current wrong value, so fixing the simulation makes it fail.

import type { SetRun } from './corpus-state-run.ts';

/** An expected line, or several acceptable ones (the README allows either). `nodePort auto`: any of 30000–32767. */
export type Expected = string | readonly string[];

/** A set's line for an object that must not exist. */
export const ABSENT = 'absent';

/** One set: how it is applied and the README's end state. */
export interface SetEndState extends SetRun {
  readonly variant?: string;
  /**
   * Every object the set leaves behind (pods grouped per workload, `Pods ns/Kind/name`, only
   * where the README says something about them), keyed as corpus-observe.ts keys them.
   */
  readonly expect: Readonly<Record<string, Expected>>;
  /** Events that must have been recorded, by `Kind namespace/name`, as `Type Reason (component): message`. */
  readonly events?: Readonly<Record<string, readonly string[]>>;
}

/** Where the simulation's end state is not the README's; the test asserts `observed`. */
export interface KnownGap {
  readonly set: string;
  readonly key: string;
  /** The README's value (the same as the set's `expect` entry). */
  readonly expected: Expected;
  /** What the simulation shows today. */
  readonly observed: string;
  /** Most likely cause, with file and function. */
  readonly cause: string;
}

const RUNNING = '1/1 ready';
const NO_ENDPOINTS = 'ClusterIP, 0 ready endpoints';
const HPA_NO_METRICS = '1 replica; AbleToScale=True (SucceededGetScale), ScalingActive=False (FailedGetResourceMetric)';
const UNBOUND_IMMEDIATE = 'Pending: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
const SPREAD_MISSING_LABEL = "Pending: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
const EXTERNAL_PROVISIONING = (provisioner: string): string =>
  `Normal ExternalProvisioning (persistentvolume-controller): Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;

/** `{ 'Deployment ns/a': '1/1 ready', … }` */
function lines(prefix: string, names: readonly string[], value: Expected): Record<string, Expected> {
  return Object.fromEntries(names.map((name) => [`${prefix}/${name}`, value]));
}

/** Service name → `port` of its one ready endpoint. */
function oneEndpointEach(namespace: string, ports: Readonly<Record<string, number>>): Record<string, Expected> {
  return Object.fromEntries(Object.entries(ports).map(([name, port]) => [`Service ${namespace}/${name}`, `ClusterIP, 1 ready endpoint :${port}`]));
}

function boundClaims(namespace: string, names: readonly string[]): Record<string, Expected> {
  return Object.fromEntries(names.flatMap((name) => [
    [`PersistentVolumeClaim ${namespace}/${name}`, 'Bound to a provisioned volume, storageClassName standard'],
    [`PersistentVolume provisioned for ${namespace}/${name}`, `Bound (claim ${namespace}/${name})`],
  ]));
}

const GUESTBOOK: Record<string, Expected> = {
  'Deployment default/redis-master': '1/1 ready',
  'Deployment default/redis-replica': '2/2 ready',
  'Deployment default/frontend': '3/3 ready',
  'Service default/redis-master': 'ClusterIP, 1 ready endpoint :6379',
  'Service default/redis-replica': 'ClusterIP, 2 ready endpoints :6379',
  'Service default/frontend': 'NodePort, 3 ready endpoints :80, nodePort auto',
};

const BOUTIQUE = ['adservice', 'cartservice', 'checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'loadgenerator', 'paymentservice', 'productcatalogservice', 'recommendationservice', 'redis-cart', 'shippingservice'];

const SOCK_SHOP_DEPLOYMENTS = ['carts', 'carts-db', 'catalogue', 'catalogue-db', 'front-end', 'orders', 'orders-db', 'payment', 'queue-master', 'rabbitmq', 'session-db', 'shipping', 'user', 'user-db'];
const SOCK_SHOP: Record<string, Expected> = {
  'Namespace sock-shop': 'Active, kubernetes.io/metadata.name=sock-shop',
  ...lines('Deployment sock-shop', SOCK_SHOP_DEPLOYMENTS, RUNNING),
  ...oneEndpointEach('sock-shop', {
    carts: 80, 'carts-db': 27017, catalogue: 80, 'catalogue-db': 3306, orders: 80, 'orders-db': 27017, payment: 80,
    'queue-master': 80, 'session-db': 6379, shipping: 80, user: 80, 'user-db': 27017,
  }),
  'Service sock-shop/rabbitmq': 'ClusterIP, 1 ready endpoint :5672,9090',
  'Service sock-shop/front-end': 'NodePort, 1 ready endpoint :8079, nodePort 30001',
};

/** Every set S01–S37 (S17 on top of S16). */
export const END_STATES: readonly SetEndState[] = [
  { id: 'S01', expect: GUESTBOOK },
  { id: 'S02', expect: GUESTBOOK },
  {
    id: 'S03',
    expect: {
      'ReplicationController default/guestbook': '3/3 ready',
      'ReplicationController default/redis-replica': '2/2 ready',
      'Deployment default/redis-master': '1/1 ready',
      'Service default/guestbook': 'LoadBalancer, 3 ready endpoints :3000, nodePort auto, external IP <pending>',
      'Service default/redis-master': 'ClusterIP, 1 ready endpoint :6379',
      'Service default/redis-replica': 'ClusterIP, 2 ready endpoints :6379',
    },
  },
  {
    id: 'S04',
    expect: {
      'StorageClass fast': 'provisioner k8s.io/minikube-hostpath, Immediate',
      'PersistentVolumeClaim default/cassandra-data-cassandra-0': 'Pending, storageClassName unset',
      'Pod default/cassandra-0': UNBOUND_IMMEDIATE,
      'StatefulSet default/cassandra': '0/3 ready, 1 pod on 0 nodes',
      'Service default/cassandra': 'ClusterIP (headless), 0 ready endpoints',
    },
    events: { 'PersistentVolumeClaim default/cassandra-data-cassandra-0': [EXTERNAL_PROVISIONING('k8s.io/minikube-hostpath')] },
  },
  {
    id: 'S05',
    expect: {
      'PersistentVolumeClaim default/my-model-pvc': 'Pending, storageClassName standard',
      'PersistentVolume my-model-pv': 'Available',
      'Deployment default/tf-serving': '0/1 ready',
      'Pods default/Deployment/tf-serving': `1× ${UNBOUND_IMMEDIATE} on 0 nodes`,
      'Service default/tf-serving': NO_ENDPOINTS,
      'Ingress default/tf-serving-ingress': 'no address',
    },
    events: {
      'PersistentVolumeClaim default/my-model-pvc': ['Warning VolumeMismatch (persistentvolume-controller): Cannot bind to requested volume "my-model-pv": storageClassName does not match'],
    },
  },
  {
    id: 'S06',
    expect: {
      'Deployment default/vllm-gemma-deployment': '0/1 ready',
      'Pods default/Deployment/vllm-gemma-deployment':
        '1× Pending: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod. on 0 nodes',
      'Service default/vllm-service': NO_ENDPOINTS,
      'HorizontalPodAutoscaler default/gemma-server-hpa': '1 replica; AbleToScale=True (SucceededGetScale), ScalingActive=False (FailedGetPodsMetric)',
    },
  },
  {
    id: 'S07',
    expect: {
      ...boundClaims('default', ['minio-pv-claim']),
      'Deployment default/minio-deployment': '1/1 ready',
      'Service default/minio-service': 'LoadBalancer, 1 ready endpoint :9000, nodePort auto, external IP <pending>',
    },
  },
  {
    id: 'S08',
    expect: {
      'StatefulSet default/minio': '3/4 ready, 4 pods on 3 nodes',
      ...lines('Pod default', ['minio-0', 'minio-1', 'minio-2'], 'Running 1/1'),
      'Pod default/minio-3':
        "Pending: 0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
      ...boundClaims('default', ['data-minio-0', 'data-minio-1', 'data-minio-2']),
      'PersistentVolumeClaim default/data-minio-3': 'Pending, storageClassName standard', // WaitForFirstConsumer
      'Service default/minio': 'ClusterIP (headless), 3 ready endpoints :9000',
      'Service default/minio-service': 'LoadBalancer, 3 ready endpoints :9000, nodePort auto, external IP <pending>',
    },
  },
  {
    id: 'S09',
    expect: {
      'Namespace development': 'Active, kubernetes.io/metadata.name=development',
      'Namespace production': 'Active, kubernetes.io/metadata.name=production',
      'ReplicationController default/dns-backend': '1/1 ready',
      'Service default/dns-backend': 'ClusterIP, 1 ready endpoint :8000',
      'Pod default/dns-frontend': ['Completed 0/1', 'Error 0/1'],
    },
  },
  {
    id: 'S10',
    expect: {
      'StatefulSet default/cockroachdb': '3/3 ready, 3 pods on 3 nodes',
      ...lines('Pod default', ['cockroachdb-0', 'cockroachdb-1', 'cockroachdb-2'], 'Running 1/1'),
      ...boundClaims('default', ['datadir-cockroachdb-0', 'datadir-cockroachdb-1', 'datadir-cockroachdb-2']),
      'Service default/cockroachdb': 'ClusterIP (headless), 3 ready endpoints :8080,26257',
      'Service default/cockroachdb-public': 'ClusterIP, 3 ready endpoints :8080,26257',
    },
  },
  { id: 'S11', expect: {} },
  {
    id: 'S12',
    expect: {
      ...boundClaims('default', ['mysql-pv-claim', 'wp-pv-claim']),
      'PersistentVolume local-pv-1': 'Available',
      'PersistentVolume local-pv-2': 'Available',
      'Deployment default/wordpress': '0/1 ready',
      'Deployment default/wordpress-mysql': '0/1 ready',
      ...lines('Pods default/Deployment', ['wordpress', 'wordpress-mysql'], '1× CreateContainerConfigError 0/1 (secret "mysql-pass" not found) on 1 node'),
      'Service default/wordpress': 'LoadBalancer, 0 ready endpoints :80, nodePort auto, external IP <pending>',
      'Service default/wordpress-mysql': 'ClusterIP (headless), 0 ready endpoints :3306',
    },
  },
  { id: 'S13', expect: lines('Service default', ['frontend', 'redis-master', 'redis-slave'], NO_ENDPOINTS) },
  { id: 'S14', expect: { 'Service default/cassandra': 'ClusterIP (headless), 0 ready endpoints' } },
  {
    id: 'S15',
    expect: {
      ...lines('Deployment default', BOUTIQUE, RUNNING),
      ...oneEndpointEach('default', {
        adservice: 9555, cartservice: 7070, checkoutservice: 5050, currencyservice: 7000, emailservice: 8080, frontend: 8080,
        paymentservice: 50051, productcatalogservice: 3550, recommendationservice: 8080, 'redis-cart': 6379, shippingservice: 50051,
      }),
      'Service default/frontend-external': 'LoadBalancer, 1 ready endpoint :8080, nodePort auto, external IP <pending>',
    },
  },
  { id: 'S16', expect: SOCK_SHOP },
  {
    id: 'S17',
    variant: 'after S16',
    after: ['S16'],
    expect: {
      ...SOCK_SHOP,
      'HorizontalPodAutoscaler sock-shop/cart': '0 replicas; AbleToScale=False (FailedGetScale)',
      ...lines('HorizontalPodAutoscaler sock-shop', ['catalogue', 'front-end', 'orders', 'payment', 'queue-master', 'shipping', 'user'], HPA_NO_METRICS),
    },
  },
  {
    id: 'S18',
    unpullable: ['elasticsearch', 'kibana'],
    expect: {
      'DaemonSet kube-system/fluentd': '3/3 ready',
      'Deployment kube-system/elasticsearch': '0/1 ready',
      'Deployment kube-system/kibana': '0/1 ready',
      'Pods kube-system/Deployment/elasticsearch': '1× ImagePullBackOff 0/1 (Back-off pulling image "elasticsearch") on 1 node',
      'Pods kube-system/Deployment/kibana': '1× ImagePullBackOff 0/1 (Back-off pulling image "kibana") on 1 node',
      'Service kube-system/elasticsearch': 'ClusterIP, 0 ready endpoints :9200',
      'Service kube-system/kibana': 'NodePort, 0 ready endpoints :5601, nodePort 31601',
    },
  },
  {
    id: 'S19',
    expect: {
      'Namespace monitoring': 'Active, kubernetes.io/metadata.name=monitoring',
      ...lines('Deployment monitoring', ['grafana-core', 'kube-state-metrics', 'prometheus-deployment'], RUNNING),
      'DaemonSet monitoring/node-directory-size-metrics': '3/3 ready',
      'DaemonSet monitoring/node-exporter': '3/3 ready',
      'Job monitoring/grafana-import-dashboards': 'Complete (CompletionsReached), succeeded 1, failed 0',
      'Service monitoring/prometheus': 'NodePort, 1 ready endpoint :9090, nodePort 31090',
      'Service monitoring/grafana': 'NodePort, 1 ready endpoint :3000, nodePort 31300',
      'Service monitoring/kube-state-metrics': 'ClusterIP (headless), 1 ready endpoint :8080,8081',
      'Service monitoring/node-exporter': 'ClusterIP (headless), 3 ready endpoints :9100 (node IPs)',
    },
  },
  {
    id: 'S20',
    expect: {
      ...lines('Deployment default', ['db', 'redis', 'result', 'vote', 'worker'], RUNNING),
      ...oneEndpointEach('default', { db: 5432, redis: 6379 }),
      'Service default/result': 'NodePort, 1 ready endpoint :80, nodePort 31001',
      'Service default/vote': 'NodePort, 1 ready endpoint :80, nodePort 31000',
    },
  },
  {
    id: 'S21',
    expect: {
      'CustomResourceDefinition foos.samplecontroller.k8s.io':
        'Established=True (InitialNamesAccepted), KubernetesAPIApprovalPolicyConformant=False (UnapprovedAnnotation), NamesAccepted=True (NoConflicts)',
    },
  },
  {
    id: 'S22',
    expect: {
      'Deployment default/headless-service-deployment': '2/2 ready',
      'Pod default/headless-service-dnsutils-pod': 'Running 1/1',
      'Service default/headless-service-normal-service': 'ClusterIP, 2 ready endpoints :3000',
      'Service default/headless-service-headless-service': 'ClusterIP (headless), 2 ready endpoints :3000',
      'Service default/service-external-name-service': 'ExternalName my.database.example.com, clusterIP none, 0 EndpointSlices, no Endpoints object',
      ...lines('Service default', ['service-simple-service', 'multi-port-service-service', 'service-external-ips-service'], NO_ENDPOINTS),
      'Service default/service-node-port-service': 'NodePort, 0 ready endpoints, nodePort 30007',
      'Service default/service-load-balancer-service': 'LoadBalancer, 0 ready endpoints, nodePort auto, external IP <pending>',
    },
  },
  { id: 'S23', expect: lines('Ingress default', ['test-ingress', 'ingress-rewrite'], 'no address') },
  {
    id: 'S24',
    expect: {
      'Job default/jobs-simple-job': 'Complete (CompletionsReached), succeeded 1, failed 0',
      'Job default/jobs-timeout-job': ['Complete (CompletionsReached), succeeded 1, failed 0', 'Failed (DeadlineExceeded), succeeded 0, failed 1'],
      'Job default/jobs-timetolive-job': ABSENT,
      // One Job a minute for 30 minutes, each done in seconds: 3 kept (successfulJobsHistoryLimit).
      'CronJob default/cronjob-simple': '3 Jobs (3 Complete), 0 active, last schedule 2026-01-01T00:29:00Z',
    },
  },
  { id: 'S25', expect: { 'DaemonSet default/fluentd-elasticsearch': '3/3 ready' } },
  {
    id: 'S26',
    expect: {
      ...lines('Pod default', ['volumes-configmap-pod', 'simple-secret-pod', 'simple-secret-secret-key-ref-pod'], 'Running 1/1'),
      'Deployment default/deployments-simple-deployment-with-environment-deployment': '2/2 ready',
    },
  },
  {
    id: 'S27',
    expect: {
      'Deployment default/webserver-simple-deployment': '2/2 ready',
      'Service default/webserver-simple-service': 'ClusterIP, 2 ready endpoints :8000',
      'Deployment default/init-container-msg-deployment': '1/1 ready',
    },
  },
  {
    id: 'S28',
    expect: {
      'StorageClass storage-class-simple': 'provisioner kubernetes.io/no-provisioner, WaitForFirstConsumer',
      'PersistentVolume volumes-local-persistent-volume': 'Bound (claim default/persistent-volume-claim)',
      'PersistentVolumeClaim default/persistent-volume-claim': 'Bound to volumes-local-persistent-volume, storageClassName hostpath',
      'Pod default/volume-pvc':
        'Pending: 0/3 nodes are available: 3 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
  },
  {
    id: 'S29',
    variant: 'each file in its own namespace',
    namespacePerFile: { '/simple-stateful-set.yaml': 'simple', '/stateful-set-shared-pv.yaml': 'shared-pv' },
    expect: {
      'StatefulSet simple/simple-stateful-set': '0/3 ready, 1 pod on 0 nodes',
      'Pod simple/simple-stateful-set-0': UNBOUND_IMMEDIATE,
      'PersistentVolumeClaim simple/www-simple-stateful-set-0': 'Pending, storageClassName my-storage-class',
      'Service simple/nginx': 'ClusterIP (headless), 0 ready endpoints',
      'PersistentVolume stateful-set-shared-pv-volume': 'Available',
      'PersistentVolumeClaim shared-pv/stateful-set-shared-pv-claim': 'Pending, storageClassName standard',
      'StatefulSet shared-pv/stateful-set-shared-pv-stateful-set': '0/3 ready, 1 pod on 0 nodes',
      'Pod shared-pv/stateful-set-shared-pv-stateful-set-0': 'Pending: running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded',
      'Service shared-pv/nginx': 'ClusterIP (headless), 0 ready endpoints',
    },
    events: {
      'PersistentVolumeClaim simple/www-simple-stateful-set-0': ['Warning ProvisioningFailed (persistentvolume-controller): storageclass.storage.k8s.io "my-storage-class" not found'],
      'PersistentVolumeClaim shared-pv/stateful-set-shared-pv-claim': [
        'Warning ProvisioningFailed (shipshape.dev/sim-provisioner): failed to provision volume with StorageClass "standard": claim Selector is not supported',
      ],
    },
  },
  {
    id: 'S30',
    expect: {
      'Deployment default/hpa-simple-deployment': '1/1 ready',
      'Service default/hpa-simple-deployment-service': 'ClusterIP, 1 ready endpoint :80',
      'HorizontalPodAutoscaler default/hpa-simple-hpa': HPA_NO_METRICS,
    },
  },
  {
    id: 'S31',
    expect: {
      'Namespace namespace-namespace': 'Active, kubernetes.io/metadata.name=namespace-namespace',
      'PodDisruptionBudget default/pod-disruption-budget-max-unavailable-simple':
        'expectedPods 0, currentHealthy 0, desiredHealthy 0, disruptionsAllowed 0; DisruptionAllowed=False (InsufficientPods)',
      'PodDisruptionBudget default/pod-disruption-budget-min-available-simple':
        'expectedPods 0, currentHealthy 0, desiredHealthy 2, disruptionsAllowed 0; DisruptionAllowed=False (InsufficientPods)',
    },
  },
  { id: 'S32', expect: { 'CustomResourceDefinition crontabs.stable.example.com': 'Established=True (InitialNamesAccepted), NamesAccepted=True (NoConflicts)' } },
  {
    id: 'S33',
    unpullable: ['imiell/bad-dockerfile-private'],
    failingCommands: ['default/broken-pods-failed-command-pod'],
    memoryUsage: { 'default/broken-pods-oom-killed-pod': '250M' },
    hangingInit: ['default/broken-init-container-pod'],
    expect: {
      'Pod default/broken-pods-too-much-mem-pod':
        'Pending: 0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      'Pod default/resource-request-pod':
        'Pending: 0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      'Pod default/topology-spread-constraints-pod': SPREAD_MISSING_LABEL,
      'Pod default/broken-pods-private-repo-pod': [
        'ImagePullBackOff 0/1 (Back-off pulling image "imiell/bad-dockerfile-private")',
        'ErrImagePull 0/1',
      ],
      'Pod default/broken-pods-failed-command-pod': 'CrashLoopBackOff 0/1 (last state: Error exit 1)',
      'Pod default/broken-pods-oom-killed-pod': 'CrashLoopBackOff 0/1 (last state: OOMKilled exit 137)',
      'Pod default/broken-init-container-pod': 'Init:0/1 0/1',
      'Pod default/secrets-simple-secret-pod': 'ContainerCreating 0/1',
      'Deployment default/readiness-broken-deployment': '0/0 ready',
      'Service default/readiness-broken-svc': NO_ENDPOINTS,
    },
    events: {
      'Pod default/secrets-simple-secret-pod': [
        'Warning FailedMount (kubelet): MountVolume.SetUp failed for volume "secrets-simple-secret-volume" : secret "secrets-simple-secret-secret-doesnotexist" not found',
      ],
    },
  },
  { id: 'S34', expect: {} },
  {
    id: 'S35',
    expect: {
      'StatefulSet default/redis': '6/6 ready, 6 pods on 3 nodes',
      ...lines('Pod default', ['redis-0', 'redis-1', 'redis-2', 'redis-3', 'redis-4', 'redis-5'], 'Running 1/1'),
      ...boundClaims('default', ['data-redis-0', 'data-redis-1', 'data-redis-2', 'data-redis-3', 'data-redis-4', 'data-redis-5']),
      'Service default/redis-cluster': 'ClusterIP (headless), 6 ready endpoints :6379',
      'PodDisruptionBudget default/redis-pdb': 'expectedPods 6, currentHealthy 6, desiredHealthy 3, disruptionsAllowed 3; DisruptionAllowed=True (SufficientPods)',
      'Deployment default/hello-web': '3/3 ready',
      'Pods default/Deployment/hello-web': '3× Running 1/1 on 3 nodes',
    },
  },
  {
    id: 'S36',
    expect: {
      'Deployment default/web': '1/1 ready',
      'Deployment default/web2': '1/1 ready',
      'Service default/web': 'NodePort, 1 ready endpoint :8080, nodePort auto',
      'Service default/web2': 'NodePort, 1 ready endpoint :8080, nodePort auto',
      'Ingress default/basic-ingress': 'no address',
      'Ingress default/fanout-ingress': 'no address',
    },
  },
  {
    id: 'S37',
    expect: {
      'StorageClass fast-storageclass': 'provisioner pd.csi.storage.gke.io, WaitForFirstConsumer',
      'StatefulSet default/dbc1': '0/3 ready, 1 pod on 0 nodes',
      'Pod default/dbc1-0': SPREAD_MISSING_LABEL,
      'PersistentVolumeClaim default/mysql-dbc1-0': 'Pending, storageClassName fast-storageclass',
      'Service default/mysql': 'ClusterIP (headless), 0 ready endpoints',
      'PodDisruptionBudget default/mysql-pdb': 'expectedPods 3, currentHealthy 0, desiredHealthy 2, disruptionsAllowed 0; DisruptionAllowed=False (InsufficientPods)',
    },
    events: { 'PersistentVolumeClaim default/mysql-dbc1-0': ['Normal WaitForPodScheduled (persistentvolume-controller): waiting for pod dbc1-0 to be scheduled'] },
  },
];
