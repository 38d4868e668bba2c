// The expected API-server answers for the manifest corpus, transcribed from
// ../shared/corpus/README.md: per set, which documents a current (1.31-era) API server rejects and
// with which Status, and how many it stores per kind. End states are kept as data for the
// controller tests; this table does not assert them. KNOWN_DEVIATIONS lists where we differ today.

import type { Outcome } from './corpus.ts';

/** An expected rejection: the API Status, or a client-side parse failure (kubectl's Go wording). */
export type ExpectedRejection =
  | { readonly code: number; readonly reason: string; readonly message: string }
  | { readonly parseError: string };

/** One document the README says is rejected. */
export interface RejectedDocument {
  /** The end of the document's id: `<path suffix>#<index in file>`. */
  readonly doc: string;
  /** `Kind namespace/name` as applied (namespace `default` when the manifest has none). */
  readonly object: string;
  readonly error: ExpectedRejection;
}

/** One manifest set of the corpus and what a real API server does with it. */
export interface CorpusSet {
  readonly id: string;
  /** Shown in the test name when a set is applied in more than one way. */
  readonly variant?: string;
  /** Sets applied first, into the same cluster (S17 goes on top of S16). */
  readonly after?: readonly string[];
  /** Number of files (README's file column). */
  readonly files: number;
  /** Number of documents in those files. */
  readonly documents: number;
  /** Accepted documents per kind (a document that updates an earlier one counts too). */
  readonly accepted: Readonly<Record<string, number>>;
  readonly rejected: readonly RejectedDocument[];
  /** README: does the set converge on the reference cluster? (data for the controller tests) */
  readonly converges: boolean;
  /** README's expected end state, in short (data for the controller tests). */
  readonly endState: string;
}

/** A document where our answer differs from a real server's; the test pins our current answer. */
export interface KnownDeviation {
  readonly set: string;
  readonly doc: string;
  readonly object: string;
  /** What we answer today (a parse failure's message included, so any change shows). */
  readonly actual: Outcome;
  /** Where the bug most likely is. */
  readonly fault: string;
}

/** kubectl's REST-mapping failure for a kind the server does not serve at that version. */
export function noMatches(kind: string, apiVersion: string): ExpectedRejection {
  return { code: 404, reason: 'NotFound', message: `no matches for kind "${kind}" in version "${apiVersion}"` };
}

/** The NamespaceLifecycle admission plugin's answer for a namespace that does not exist. */
export function namespaceNotFound(namespace: string): ExpectedRejection {
  return { code: 404, reason: 'NotFound', message: `namespaces "${namespace}" not found` };
}

/** 422 Invalid with the whole Status message. */
export function invalid(message: string): ExpectedRejection {
  return { code: 422, reason: 'Invalid', message };
}

const EXACT_NOT_SUPPORTED = 'Unsupported value: "exact": supported values: "Exact", "ImplementationSpecific", "Prefix"';
const RFC1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const SOCK_SHOP_HPAS = ['cart', 'catalogue', 'front-end', 'orders', 'payment', 'queue-master', 'shipping', 'user'];

/** Every set S01–S37 (S17 twice: on top of S16, and alone). */
export const CORPUS_SETS: readonly CorpusSet[] = [
  { id: 'S01', files: 6, documents: 6, accepted: { Deployment: 3, Service: 3 }, rejected: [], converges: true, endState: 'redis-master 1/1, redis-replica 2/2, frontend 3/3; Services 1/2/3 endpoints' },
  { id: 'S02', files: 1, documents: 6, accepted: { Deployment: 3, Service: 3 }, rejected: [], converges: true, endState: 'as S01 (container named replica)' },
  { id: 'S03', files: 6, documents: 6, accepted: { ReplicationController: 2, Deployment: 1, Service: 3 }, rejected: [], converges: true, endState: 'RC guestbook 3/3, RC redis-replica 2/2, redis-master 1/1; LB external IP pending' },
  { id: 'S04', files: 2, documents: 3, accepted: { Service: 1, StatefulSet: 1, StorageClass: 1 }, rejected: [], converges: false, endState: 'PVC on class fast stays Pending (no provisioner); cassandra 0/3 with 1 pod' },
  { id: 'S05', files: 5, documents: 5, accepted: { PersistentVolume: 1, PersistentVolumeClaim: 1, Deployment: 1, Service: 1, Ingress: 1 }, rejected: [], converges: false, endState: 'PVC gets class standard, VolumeMismatch with my-model-pv; tf-serving 0/1' },
  {
    id: 'S06', files: 4, documents: 4, accepted: { Deployment: 1, Service: 1, HorizontalPodAutoscaler: 1 },
    rejected: [{ doc: 'vllm-service-monitor.yaml#0', object: 'ServiceMonitor monitoring/vllm-gemma-servicemonitor', error: noMatches('ServiceMonitor', 'monitoring.coreos.com/v1') }],
    converges: false, endState: 'vllm pod Pending (Insufficient nvidia.com/gpu); HPA ScalingActive=False',
  },
  { id: 'S07', files: 3, documents: 3, accepted: { PersistentVolumeClaim: 1, Deployment: 1, Service: 1 }, rejected: [], converges: true, endState: 'PVC Bound, minio-deployment 1/1, 1 endpoint :9000' },
  { id: 'S08', files: 3, documents: 3, accepted: { Service: 2, StatefulSet: 1 }, rejected: [], converges: false, endState: 'minio-0..2 Running, minio-3 Pending (hostPort 9000); 3/4' },
  { id: 'S09', files: 5, documents: 5, accepted: { Namespace: 2, ReplicationController: 1, Service: 1, Pod: 1 }, rejected: [], converges: true, endState: 'namespaces Active; RC dns-backend 1/1; dns-frontend terminal' },
  {
    id: 'S10', files: 1, documents: 4, accepted: { Service: 2, StatefulSet: 1 },
    rejected: [{ doc: 'cockroachdb-statefulset.yaml#2', object: 'PodDisruptionBudget default/cockroachdb-budget', error: noMatches('PodDisruptionBudget', 'policy/v1beta1') }],
    converges: true, endState: 'cockroachdb 3/3, PVCs datadir-cockroachdb-0..2 Bound; 3 endpoints each',
  },
  {
    id: 'S11', files: 2, documents: 2, accepted: {},
    rejected: [
      { doc: 'newrelic-config-template.yaml#0', object: 'Secret default/newrelic-config', error: { parseError: 'yaml: invalid map key: map[interface {}]interface {}{"config_data":interface {}(nil)}' } },
      { doc: 'newrelic-infra-daemonset.yaml#0', object: 'DaemonSet default/newrelic-infra-agent', error: noMatches('DaemonSet', 'extensions/v1beta1') },
    ],
    converges: false, endState: 'nothing is created',
  },
  { id: 'S12', files: 3, documents: 8, accepted: { PersistentVolume: 2, PersistentVolumeClaim: 2, Deployment: 2, Service: 2 }, rejected: [], converges: false, endState: 'PVCs Bound on standard; containers CreateContainerConfigError (secret "mysql-pass" not found)' },
  {
    id: 'S13', files: 1, documents: 6, accepted: { Service: 3 },
    rejected: ['redis-master', 'redis-slave', 'frontend'].map((name, i) => ({
      doc: `guestbook-all-in-one.yaml#${2 * i + 1}`, object: `Deployment default/${name}`, error: noMatches('Deployment', 'extensions/v1beta1'),
    })),
    converges: false, endState: '3 Services without endpoints',
  },
  {
    id: 'S14', files: 2, documents: 3, accepted: { Service: 1 },
    rejected: [
      { doc: 'cassandra-statefulset.yaml#0', object: 'StatefulSet default/cassandra', error: noMatches('StatefulSet', 'apps/v1beta1') },
      { doc: 'cassandra-statefulset.yaml#1', object: 'StorageClass fast', error: noMatches('StorageClass', 'storage.k8s.io/v1beta1') },
    ],
    converges: false, endState: 'headless Service cassandra, no endpoints',
  },
  { id: 'S15', files: 1, documents: 35, accepted: { Deployment: 12, Service: 12, ServiceAccount: 11 }, rejected: [], converges: true, endState: '12 Deployments 1/1 (pods Forbidden until their ServiceAccount exists); 1 endpoint per Service' },
  { id: 'S16', files: 1, documents: 29, accepted: { Namespace: 1, Deployment: 14, Service: 14 }, rejected: [], converges: true, endState: '14 Deployments 1/1 in sock-shop; front-end nodePort 30001' },
  {
    id: 'S17', variant: 'after S16', after: ['S16'], files: 8, documents: 8, accepted: { HorizontalPodAutoscaler: 8 }, rejected: [],
    converges: false, endState: 'HPA cart AbleToScale=False (FailedGetScale: no Deployment cart); the others ScalingActive=False at 1 replica',
  },
  {
    id: 'S17', variant: 'alone', files: 8, documents: 8, accepted: {},
    rejected: SOCK_SHOP_HPAS.map((name) => ({ doc: `${name}-hsc.yaml#0`, object: `HorizontalPodAutoscaler sock-shop/${name}`, error: namespaceNotFound('sock-shop') })),
    converges: false, endState: 'nothing is created',
  },
  {
    id: 'S18', files: 6, documents: 8, accepted: { ServiceAccount: 1, DaemonSet: 1, Deployment: 2, Service: 2 },
    rejected: [
      { doc: 'fluentd-cr.yml#0', object: 'ClusterRole fluentd', error: noMatches('ClusterRole', 'rbac.authorization.k8s.io/v1beta1') },
      { doc: 'fluentd-crb.yml#0', object: 'ClusterRoleBinding fluentd', error: noMatches('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1beta1') },
    ],
    converges: false, endState: 'fluentd 3/3; elasticsearch and kibana ImagePullBackOff (no latest tag); kibana nodePort 31601',
  },
  {
    id: 'S19', files: 21, documents: 21,
    accepted: { Namespace: 1, ServiceAccount: 3, ClusterRole: 2, ClusterRoleBinding: 2, ConfigMap: 3, Deployment: 3, DaemonSet: 2, Job: 1, Service: 4 },
    rejected: [], converges: true, endState: 'monitoring: 3 Deployments 1/1, DaemonSets 3/3, Job Complete; nodePorts 31090, 31300',
  },
  { id: 'S20', files: 9, documents: 9, accepted: { Deployment: 5, Service: 4 }, rejected: [], converges: true, endState: '5 Deployments 1/1; nodePorts 31000 (vote), 31001 (result)' },
  { id: 'S21', files: 3, documents: 3, accepted: { CustomResourceDefinition: 2, Foo: 1 }, rejected: [], converges: true, endState: 'one CRD (no status subresource, UnapprovedAnnotation); Foo example-foo stored' },
  { id: 'S22', files: 7, documents: 10, accepted: { Service: 8, Deployment: 1, Pod: 1 }, rejected: [], converges: true, endState: 'Deployment 2/2; ExternalName Service has no clusterIP; nodePort 30007' },
  {
    id: 'S23', files: 7, documents: 8, accepted: { Ingress: 2, Secret: 1 },
    rejected: [
      {
        doc: 'Ingress/fanout.yaml#0', object: 'Ingress default/ingress-fanout',
        error: invalid(`Ingress.networking.k8s.io "ingress-fanout" is invalid: [spec.rules[0].http.paths[0].pathType: ${EXACT_NOT_SUPPORTED}, spec.rules[0].http.paths[1].pathType: ${EXACT_NOT_SUPPORTED}]`),
      },
      {
        doc: 'Ingress/ingress-class.yaml#0', object: 'IngressClass external-lb',
        error: invalid(`IngressClass.networking.k8s.io "external-lb" is invalid: spec.parameters.apiGroup: Invalid value: "k8s.example.com/v1alpha": ${RFC1123_SUBDOMAIN}`),
      },
      {
        doc: 'Ingress/nohost.yaml#0', object: 'Ingress default/name-virtual-host-ingress',
        error: invalid(`Ingress.networking.k8s.io "name-virtual-host-ingress" is invalid: [spec.rules[0].http.paths[0].pathType: ${EXACT_NOT_SUPPORTED}, spec.rules[1].http.paths[0].pathType: ${EXACT_NOT_SUPPORTED}, spec.rules[2].http.paths[0].pathType: ${EXACT_NOT_SUPPORTED}]`),
      },
      {
        doc: 'Ingress/tls.yaml#1', object: 'Ingress default/ingress-tls',
        error: invalid(`Ingress.networking.k8s.io "ingress-tls" is invalid: spec.rules[0].http.paths[0].pathType: ${EXACT_NOT_SUPPORTED}`),
      },
      {
        doc: 'Ingress/virtualhosting.yaml#0', object: 'Ingress default/name-virtual-host-ingress',
        error: invalid(`Ingress.networking.k8s.io "name-virtual-host-ingress" is invalid: [spec.rules[0].http.paths[0].pathType: ${EXACT_NOT_SUPPORTED}, spec.rules[1].http.paths[0].pathType: ${EXACT_NOT_SUPPORTED}]`),
      },
    ],
    converges: false, endState: 'test-ingress, ingress-rewrite and Secret ingress-tls-secret stored, no addresses',
  },
  { id: 'S24', files: 4, documents: 4, accepted: { Job: 3, CronJob: 1 }, rejected: [], converges: true, endState: 'simple and timeout Jobs Complete; timetolive deleted by TTL; CronJob every minute' },
  { id: 'S25', files: 1, documents: 1, accepted: { DaemonSet: 1 }, rejected: [], converges: true, endState: 'fluentd-elasticsearch 3/3' },
  { id: 'S26', files: 4, documents: 9, accepted: { ConfigMap: 2, Secret: 3, Pod: 3, Deployment: 1 }, rejected: [], converges: true, endState: '3 Pods Running, Deployment 2/2; stringData folded into data' },
  { id: 'S27', files: 2, documents: 3, accepted: { Deployment: 2, Service: 1 }, rejected: [], converges: true, endState: 'webserver 2/2 (2 endpoints), init-container-msg 1/1' },
  { id: 'S28', files: 4, documents: 4, accepted: { StorageClass: 1, PersistentVolume: 1, PersistentVolumeClaim: 1, Pod: 1 }, rejected: [], converges: false, endState: 'PVC Bound to the local PV; pod Pending (volume node affinity conflict)' },
  { id: 'S29', files: 2, documents: 6, accepted: { Service: 2, StatefulSet: 2, PersistentVolume: 1, PersistentVolumeClaim: 1 }, rejected: [], converges: false, endState: 'both StatefulSets 0/3 with PVCs Pending (README applies the files in separate namespaces)' },
  { id: 'S30', files: 1, documents: 3, accepted: { Deployment: 1, Service: 1, HorizontalPodAutoscaler: 1 }, rejected: [], converges: true, endState: '1/1, 1 endpoint; HPA ScalingActive=False' },
  { id: 'S31', files: 3, documents: 3, accepted: { Namespace: 1, PodDisruptionBudget: 2 }, rejected: [], converges: true, endState: 'PDBs expectedPods 0, DisruptionAllowed=False (InsufficientPods)' },
  { id: 'S32', files: 1, documents: 1, accepted: { CustomResourceDefinition: 1 }, rejected: [], converges: true, endState: 'crontabs.stable.example.com Established, NamesAccepted' },
  { id: 'S33', files: 9, documents: 10, accepted: { Pod: 8, Deployment: 1, Service: 1 }, rejected: [], converges: false, endState: 'every pod unhealthy (Insufficient, spread, pull, crash, OOM, init, mount); Deployment at 0 replicas' },
  {
    id: 'S34', files: 6, documents: 7, accepted: { Secret: 1 },
    rejected: [
      { doc: 'CronJob/simple.yaml#0', object: 'CronJob default/cronjob-simple', error: noMatches('CronJob', 'batch/v1beta1') },
      { doc: 'Ingress/fanout.yaml#0', object: 'Ingress default/ingress-fanout', error: noMatches('Ingress', 'networking.k8s.io/v1beta1') },
      { doc: 'Ingress/ingress.yaml#0', object: 'Ingress default/test-ingress', error: noMatches('Ingress', 'networking.k8s.io/v1beta1') },
      { doc: 'Ingress/tls.yaml#1', object: 'Ingress default/ingress-tls', error: noMatches('Ingress', 'networking.k8s.io/v1beta1') },
      { doc: 'pod-disruption-budget-max-unavailable.yaml#0', object: 'PodDisruptionBudget default/pod-disruption-budget-max-unavailable-simple', error: noMatches('PodDisruptionBudget', 'policy/v1beta1') },
      { doc: 'pod-disruption-budget-min-available.yaml#0', object: 'PodDisruptionBudget default/pod-disruption-budget-min-available-simple', error: noMatches('PodDisruptionBudget', 'policy/v1beta1') },
    ],
    converges: false, endState: 'only Secret ingress-tls-secret',
  },
  { id: 'S35', files: 5, documents: 6, accepted: { ConfigMap: 2, Service: 1, StatefulSet: 1, PodDisruptionBudget: 1, Deployment: 1 }, rejected: [], converges: true, endState: 'redis 6/6, PVCs Bound, PDB disruptionsAllowed 3; hello-web 3/3, one pod per node' },
  { id: 'S36', files: 6, documents: 6, accepted: { Deployment: 2, Service: 2, Ingress: 2 }, rejected: [], converges: true, endState: 'web 1/1, web2 1/1; Ingresses stored without address' },
  { id: 'S37', files: 4, documents: 5, accepted: { Secret: 1, StorageClass: 1, Service: 1, StatefulSet: 1, PodDisruptionBudget: 1 }, rejected: [], converges: false, endState: 'dbc1-0 Pending (no zone label), 0/3; PVC waits for first consumer' },
];

/**
 * Documents where our answer is wrong today. The test asserts these exact wrong answers, so a fix
 * makes it fail: then delete the entry.
 */
export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [];
