// The object model every layer shares. Concrete shapes come from @kubernetes/client-node's
// models, used as types only; `KubeObject` is the loose form any manifest has.

import type { V1ObjectMeta } from '@kubernetes/client-node';

export type {
  V1ConfigMap,
  V1Container,
  V1ContainerPort,
  V1DaemonSet,
  V1Deployment,
  V1EnvFromSource,
  V1EnvVar,
  V1HTTPIngressPath,
  V1Ingress,
  V1IngressRule,
  V1IngressTLS,
  V1Job,
  V1Namespace,
  V1ObjectMeta,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1PodSpec,
  V1PodTemplateSpec,
  V1Probe,
  V1ResourceRequirements,
  V1Secret,
  V1SecurityContext,
  V1PodSecurityContext,
  V1Service,
  V1ServicePort,
  V1StatefulSet,
  V1Volume,
  V1VolumeMount,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';

/** Plain JSON, the shape every object takes on the wire and on disk. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Object metadata as it appears in a manifest (dates as strings, as on the wire). */
export type ObjectMeta = Omit<V1ObjectMeta, 'creationTimestamp' | 'deletionTimestamp'> & {
  creationTimestamp?: string;
  deletionTimestamp?: string;
};

/** Any Kubernetes object: apiVersion, kind, metadata, and whatever the kind carries. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A synthesized object, ready to be written as YAML or applied. */
export type Manifest = KubeObject;
