// The Namespace construct: a cluster-scoped Namespace object with labels and annotations, and a
// shorthand for the Pod Security admission labels. A Stack creates its own namespace already;
// use this for extra namespaces or to label the stack's one (same name: synth adds no second).

import { Construct } from '../core/construct.ts';
import { MAIN_RESOURCE_ID, Resource } from '../core/resource.ts';
import { checkAnnotations, checkDns1123Label, checkLabels } from '../k8s/names.ts';
import { instanceLabels } from './instance-labels.ts';
import { parseProps } from './props.ts';
import { PropProblems, strictObject, zOneOf, zString, zStringMap } from './schema-rules.ts';

/** A Pod Security Standard level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The Pod Security admission modes of a namespace (`pod-security.kubernetes.io/<mode>` labels). */
export interface NamespacePodSecurity {
  /** Pods that violate this level are rejected. @default no label (the cluster's default) */
  readonly enforce?: PodSecurityLevel;
  /** Violations are recorded in the audit log. @default no label */
  readonly audit?: PodSecurityLevel;
  /** Violations are returned as warnings to the client. @default no label */
  readonly warn?: PodSecurityLevel;
  /** The policy version for every mode, e.g. 'v1.31' or 'latest'. @default no version labels ('latest') */
  readonly version?: string;
}

/** Props of a Namespace. */
export interface NamespaceProps {
  /**
   * The namespace name (a DNS-1123 label).
   * @default derived from the construct path
   */
  readonly name?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** @default no Pod Security labels */
  readonly podSecurity?: NamespacePodSecurity;
}

const LEVELS = ['privileged', 'baseline', 'restricted'] as const;
const MODES = ['enforce', 'audit', 'warn'] as const;

const SCHEMA = strictObject({
  name: zString().optional(),
  labels: zStringMap().optional(),
  annotations: zStringMap().optional(),
  podSecurity: strictObject({
    enforce: zOneOf(LEVELS).optional(),
    audit: zOneOf(LEVELS).optional(),
    warn: zOneOf(LEVELS).optional(),
    version: zString().regex(/^(latest|v1\.[0-9]+)$/, { error: "must be 'latest' or a Kubernetes minor version such as 'v1.31'" }).optional(),
  }).optional(),
});

/**
 * A namespace, with labels such as the Pod Security admission levels.
 * @example
 * new Namespace(stack, 'payments', { podSecurity: { enforce: 'restricted' } });
 */
export class Namespace extends Construct {
  /** The Namespace object (id `Resource`). */
  readonly resource: Resource;
  readonly name: string;

  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    super(scope, id);
    const p = parseProps(this, 'Namespace', SCHEMA, props);
    const problems = new PropProblems(this, 'Namespace');
    this.name = p.name ?? Resource.nameFromPath(this);
    if (p.name !== undefined) for (const m of checkDns1123Label(p.name)) problems.addValue('name', p.name, m);
    for (const [suffix, m] of checkLabels(p.labels ?? {})) problems.add(`'labels${suffix}' ${m}`);
    for (const [suffix, m] of checkAnnotations(p.annotations ?? {})) problems.add(`'annotations${suffix}' ${m}`);
    if (p.podSecurity?.version !== undefined && !MODES.some((mode) => p.podSecurity?.[mode] !== undefined)) {
      problems.addValue('podSecurity.version', p.podSecurity.version, "has no effect without 'enforce', 'audit' or 'warn'");
    }
    problems.throwIfAny();

    const labels: Record<string, string> = { ...instanceLabels(this, this.name), ...(p.labels ?? {}) };
    for (const mode of MODES) {
      const level = p.podSecurity?.[mode];
      if (level === undefined) continue;
      labels[`pod-security.kubernetes.io/${mode}`] = level;
      if (p.podSecurity?.version !== undefined) labels[`pod-security.kubernetes.io/${mode}-version`] = p.podSecurity.version;
    }
    const annotations = p.annotations && Object.keys(p.annotations).length > 0 ? { annotations: { ...p.annotations } } : {};
    this.resource = new Resource(this, MAIN_RESOURCE_ID, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.name, labels, ...annotations } });
  }

  /** Adds (or replaces) a label on the namespace. */
  addLabel(key: string, value: string): this {
    this.resource.addLabel(key, value);
    return this;
  }

  /** Adds (or replaces) an annotation on the namespace. */
  addAnnotation(key: string, value: string): this {
    this.resource.addAnnotation(key, value);
    return this;
  }

  /** True when `value` is a Namespace. */
  static isNamespace(value: unknown): value is Namespace {
    return value instanceof Namespace;
  }
}
