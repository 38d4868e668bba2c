// The props of App, their documented defaults, and the zod schema that checks their shapes.
// Checks between props (port and ports, replicas and autoscaling) are made by the App
// constructor; the parts with their own rules live in probes.ts, resources.ts and friends.

import { z } from 'zod';
import type { V1PodSecurityContext, V1SecurityContext } from '../k8s/types.ts';
import { isEnvGroup, isEnvValue, type IEnvGroup, type IEnvSource } from './contracts.ts';
import { isVolumeSource, type FileMount } from './app-files.ts';
import type { EnvValue } from './app-env.ts';
import { appPortSchema, type AppPort } from './app-ports.ts';
import { autoscalingSchema, type AutoscalingOptions } from './autoscaling.ts';
import { disruptionBudgetSchema, type DisruptionBudgetOptions } from './disruption-budget.ts';
import { checkIngressHost, checkIngressPath, type PathType } from './ingress.ts';
import { probeSchema, type ProbeSpec } from './probes.ts';
import { resourcesSchema, type AppResources } from './resources.ts';
import {
  strictObject,
  zBoolean,
  zCustom,
  zInteger,
  zIntOrPercent,
  zOneOf,
  zString,
  zStringMap,
  zStrings,
  type PropProblems,
} from './schema-rules.ts';
import { checkDns1123Subdomain } from '../k8s/names.ts';

/** A rolling update's pace: extra pods allowed above, and pods allowed missing below, `replicas`. */
export interface RollingUpdateOptions {
  /** A pod count or a percentage of replicas. @default '25%' */
  readonly maxSurge?: number | string;
  /** A pod count or a percentage of replicas. @default '25%' */
  readonly maxUnavailable?: number | string;
}

/** How the App's Service exposes it. */
export interface AppServiceOptions {
  /** @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An Ingress in front of the App's Service. */
export interface AppIngressOptions {
  /** A DNS name, optionally with a leading '*.'. @default every host */
  readonly host?: string;
  /** The paths routed to the App. @default ['/'] */
  readonly paths?: readonly string[];
  /** @default 'Prefix' */
  readonly pathType?: PathType;
  /** The TLS certificate for `host`: a Secret name or a Secret. @default no TLS */
  readonly tlsSecret?: string | { readonly name: string };
  /** The IngressClass. @default the cluster's default class */
  readonly className?: string;
  /** Annotations for the ingress controller. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A whole ConfigMap or Secret as variables, optionally prefixed. */
export type EnvFromEntry = IEnvSource | { readonly source: IEnvSource; readonly prefix: string };

/** Options of an App: a stateless service run as a Deployment, with a Service and more. */
export interface AppProps {
  /** The container image, e.g. 'nginx:1.27' (no tag means 'latest'). */
  readonly image: string;
  /** The name of the Deployment, Service and other objects. @default the construct path below the stack, joined by '-' */
  readonly name?: string;
  /** @default 1; must not be set together with `autoscaling` */
  readonly replicas?: number;
  /** The one port the container listens on (named 'http'). Use `ports` for several. @default no ports */
  readonly port?: number;
  /** The ports the container listens on. @default no ports */
  readonly ports?: readonly AppPort[];
  /** Replaces the image's ENTRYPOINT. @default the image's */
  readonly command?: readonly string[];
  /** Replaces the image's CMD. @default the image's */
  readonly args?: readonly string[];
  /** Variables: literal strings or typed references (ConfigMap keys, Secret keys, PodField). @default {} */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Groups of variables by prefix, e.g. `{ DB_: db.connection }`. @default {} */
  readonly envGroups?: Readonly<Record<string, IEnvGroup>>;
  /** Whole ConfigMaps or Secrets as variables. @default [] */
  readonly envFrom?: readonly EnvFromEntry[];
  /** ConfigMaps or Secrets mounted as files. @default [] */
  readonly files?: readonly FileMount[];
  /** @default requests cpu '100m' and memory '128Mi'; limits memory '256Mi'; no cpu limit (see DEFAULT_RESOURCES) */
  readonly resources?: AppResources;
  /**
   * When a pod may receive traffic.
   * @default an HTTP GET of '/' on the first port when the App has ports; none otherwise
   */
  readonly readiness?: ProbeSpec;
  /**
   * When a container is restarted. A failing liveness probe restarts the container, so a wrong
   * guess would cause restart loops: set it only when you know what healthy looks like.
   * @default none
   */
  readonly liveness?: ProbeSpec;
  /** Holds off the other probes while a slow container starts. @default none */
  readonly startup?: ProbeSpec;
  /** 'Recreate' (stop all, then start) or rolling update settings. @default { maxSurge: '25%', maxUnavailable: '25%' } */
  readonly strategy?: 'Recreate' | RollingUpdateOptions;
  /** The Service, or `false` for none. @default a ClusterIP Service when the App has ports */
  readonly service?: AppServiceOptions | false;
  /** An Ingress routing to the App's Service. @default none */
  readonly ingress?: AppIngressOptions;
  /** A HorizontalPodAutoscaler; the Deployment then leaves `replicas` to it. @default none */
  readonly autoscaling?: AutoscalingOptions;
  /** A PodDisruptionBudget. @default none */
  readonly disruptionBudget?: DisruptionBudgetOptions;
  /** Container securityContext fields, laid over the defaults (see DEFAULT_CONTAINER_SECURITY_CONTEXT). @default { allowPrivilegeEscalation: false } */
  readonly securityContext?: V1SecurityContext;
  /** Pod securityContext fields, laid over the defaults. @default { seccompProfile: { type: 'RuntimeDefault' } } */
  readonly podSecurityContext?: V1PodSecurityContext;
  /** Whether the pod gets a Kubernetes API token. @default false */
  readonly automountServiceAccountToken?: boolean;
  /** @default the namespace's 'default' ServiceAccount */
  readonly serviceAccountName?: string;
  /** @default the Kubernetes default: 'Always' for ':latest' or no tag, else 'IfNotPresent' */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Annotations on the pods (not on the Deployment). @default {} */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEnvSource = (v: unknown): boolean => isObject(v) && typeof (v as IEnvSource).renderEnvFrom === 'function';

/** The zod schema of AppProps (shapes and ranges; relations are checked by App). */
export const appPropsSchema = strictObject({
  image: zString().min(1, { error: 'must not be empty' }),
  name: zString().optional(),
  replicas: zInteger({ min: 0 }).optional(),
  port: zInteger({ min: 1, max: 65535 }).optional(),
  ports: z.array(appPortSchema, { error: 'must be an array of ports' }).optional(),
  command: zStrings().optional(),
  args: zStrings().optional(),
  env: z
    .record(z.string(), zCustom<EnvValue>((v) => typeof v === 'string' || isEnvValue(v), 'a string or a typed reference (a ConfigMap key, a Secret key, a PodField)'), {
      error: 'must be an object of variables',
    })
    .optional(),
  envGroups: z.record(z.string(), zCustom<IEnvGroup>(isEnvGroup, 'an env group (such as a Database connection)'), { error: 'must be an object of env groups' }).optional(),
  envFrom: z
    .array(
      zCustom<EnvFromEntry>(
        (v) => isEnvSource(v) || (isObject(v) && isEnvSource((v as { source?: unknown }).source) && typeof (v as { prefix?: unknown }).prefix === 'string'),
        'a ConfigMap or Secret, or { source, prefix }',
      ),
      { error: 'must be an array' },
    )
    .optional(),
  files: z
    .array(
      strictObject({
        path: zString(),
        source: zCustom<FileMount['source']>(isVolumeSource, 'a ConfigMap or Secret (an IVolumeSource)'),
        items: zStringMap().optional(),
        readOnly: zBoolean().optional(),
        defaultMode: zInteger({ min: 0, max: 0o777 }).optional(),
      }),
      { error: 'must be an array' },
    )
    .optional(),
  resources: resourcesSchema.optional(),
  readiness: probeSchema.optional(),
  liveness: probeSchema.optional(),
  startup: probeSchema.optional(),
  strategy: z
    .union([z.literal('Recreate'), strictObject({ maxSurge: zIntOrPercent().optional(), maxUnavailable: zIntOrPercent().optional() })], {
      error: "must be 'Recreate' or an object with maxSurge and maxUnavailable",
    })
    .optional(),
  service: z
    .union([z.literal(false), strictObject({ type: zOneOf(['ClusterIP', 'NodePort', 'LoadBalancer']).optional(), annotations: zStringMap().optional() })], {
      error: 'must be false or an object with type and annotations',
    })
    .optional(),
  ingress: strictObject({
    host: zString().optional(),
    paths: zStrings().min(1, { error: 'must not be empty' }).optional(),
    pathType: zOneOf(['Prefix', 'Exact', 'ImplementationSpecific']).optional(),
    tlsSecret: zCustom<string | { name: string }>(
      (v) => typeof v === 'string' || (isObject(v) && typeof (v as { name?: unknown }).name === 'string'),
      'a Secret name or a Secret',
    ).optional(),
    className: zString().optional(),
    annotations: zStringMap().optional(),
  }).optional(),
  autoscaling: autoscalingSchema.optional(),
  disruptionBudget: disruptionBudgetSchema.optional(),
  securityContext: zCustom<V1SecurityContext>(isObject, 'an object (a container securityContext)').optional(),
  podSecurityContext: zCustom<V1PodSecurityContext>(isObject, 'an object (a pod securityContext)').optional(),
  automountServiceAccountToken: zBoolean().optional(),
  serviceAccountName: zString().optional(),
  imagePullPolicy: zOneOf(['Always', 'IfNotPresent', 'Never']).optional(),
  podAnnotations: zStringMap().optional(),
});

// The distribution reference grammar, simplified: [registry[:port]/]path[:tag][@algorithm:hex].
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(
  `^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?/)?${COMPONENT}(?:/${COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/** Messages for a container image reference; empty when it is well-formed. */
export function checkImage(image: string): string[] {
  if (IMAGE_REFERENCE.test(image)) return [];
  return [
    "must be an image reference such as 'nginx:1.27' or 'ghcr.io/org/app@sha256:<digest>': a lowercase repository path, an optional ':tag' and '@digest', no spaces",
  ];
}

/** Records `ingress` props an Ingress would refuse, under the App's prop names. */
export function checkIngressOptions(ingress: AppIngressOptions | undefined, problems: PropProblems): void {
  if (!ingress) return;
  if (ingress.host !== undefined) for (const m of checkIngressHost(ingress.host)) problems.addValue('ingress.host', ingress.host, m);
  const paths = ingress.paths ?? ['/'];
  paths.forEach((path, i) => {
    for (const m of checkIngressPath(path, ingress.pathType ?? 'Prefix')) problems.addValue(`ingress.paths[${i}]`, path, m);
    if (paths.indexOf(path) < i) problems.addValue(`ingress.paths[${i}]`, path, `is also ingress.paths[${paths.indexOf(path)}]`);
  });
  const secret = ingress.tlsSecret;
  const secretName = typeof secret === 'object' ? secret.name : secret;
  if (secretName !== undefined) for (const m of checkDns1123Subdomain(secretName)) problems.addValue('ingress.tlsSecret', secretName, m);
  if (ingress.className !== undefined) for (const m of checkDns1123Subdomain(ingress.className)) problems.addValue('ingress.className', ingress.className, m);
}
