// The typed references constructs hand each other: values for environment variables, whole
// ConfigMaps/Secrets as env or files, pod selectors and Service backends. An App asks these
// for their Kubernetes shape at synth time and records a dependency on the construct behind them.

import type { Construct } from '../core/construct.ts';
import type { V1EnvFromSource, V1EnvVar, V1Volume } from '../k8s/types.ts';

/** One value for an environment variable: a ConfigMap key, a Secret key, a field. */
export interface IEnvValue {
  /** Renders the variable `name` with this value. */
  renderEnv(name: string): V1EnvVar;
  /** The constructs that must exist before a pod using this value starts. */
  readonly dependencies: readonly Construct[];
}

/** Several variables under one prefix, e.g. a Database connection (`DB_HOST`, `DB_PORT`, …). */
export interface IEnvGroup {
  /** Renders the group's variables, each name prefixed with `prefix` (e.g. `DB_`). */
  renderEnvGroup(prefix: string): V1EnvVar[];
  readonly dependencies: readonly Construct[];
}

/** A whole ConfigMap or Secret as environment variables (`envFrom`). */
export interface IEnvSource {
  renderEnvFrom(prefix?: string): V1EnvFromSource;
  readonly dependencies: readonly Construct[];
}

/** A ConfigMap or Secret mounted as files. */
export interface IVolumeSource {
  /** Renders a pod volume named `volumeName` that holds the files. */
  renderVolume(volumeName: string, options?: { items?: Readonly<Record<string, string>>; defaultMode?: number }): V1Volume;
  readonly dependencies: readonly Construct[];
}

/** Something that runs pods a Service can select (an App, a Database). */
export interface ISelectable {
  /** The labels that select exactly this construct's pods. */
  readonly podSelector: Readonly<Record<string, string>>;
}

/** A Service port an Ingress can send traffic to (a Service, an App with a Service). */
export interface IServiceBackend {
  readonly serviceName: string;
  /** The Service port: a number, or a port name. */
  readonly servicePort: number | string;
  readonly dependencies: readonly Construct[];
}

/** True when a value is an IEnvValue (as opposed to a literal string). */
export function isEnvValue(value: unknown): value is IEnvValue {
  return typeof value === 'object' && value !== null && typeof (value as IEnvValue).renderEnv === 'function';
}

/** True when a value is an IEnvGroup. */
export function isEnvGroup(value: unknown): value is IEnvGroup {
  return typeof value === 'object' && value !== null && typeof (value as IEnvGroup).renderEnvGroup === 'function';
}

/** Values from the pod itself (the downward API), usable wherever an IEnvValue is. */
export const PodField = {
  /** The pod's name. */
  name: fieldRef('metadata.name'),
  /** The pod's namespace. */
  namespace: fieldRef('metadata.namespace'),
  /** The pod's IP. */
  ip: fieldRef('status.podIP'),
  /** The node the pod runs on. */
  nodeName: fieldRef('spec.nodeName'),
} as const;

function fieldRef(fieldPath: string): IEnvValue {
  return { renderEnv: (name) => ({ name, valueFrom: { fieldRef: { fieldPath } } }), dependencies: [] };
}
