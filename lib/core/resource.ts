// Resource: one Kubernetes object in the construct tree. Raw objects are Resources; high-level
// constructs own theirs as Resource children and render the body at synth time, so changes
// made after construction (addEnv(), addLabel()) still show up.

import { tryFindKind } from '../k8s/kinds.ts';
import { toDnsLabel } from '../k8s/names.ts';
import type { ObjectRef } from '../k8s/refs.ts';
import type { KubeObject, ObjectMeta } from '../k8s/types.ts';
import { Construct } from './construct.ts';
import { Stack } from './stack.ts';

/** A raw object: apiVersion, kind, optional metadata, and the kind's body fields. */
export interface ResourceProps {
  readonly apiVersion: string;
  readonly kind: string;
  /** @default name derived from the construct path; namespace from the Stack */
  readonly metadata?: ObjectMeta;
  readonly [field: string]: unknown;
}

/** Thrown by copyPlainData at anything that is not plain JSON-like data. */
const NOT_PLAIN = new Error('not plain data');
/** Deeper than this, a value may be cyclic: structuredClone copes with that. */
const MAX_PLAIN_DEPTH = 100;

function copyPlainData(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol') throw NOT_PLAIN;
    return value;
  }
  if (depth > MAX_PLAIN_DEPTH) throw NOT_PLAIN;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Array.prototype) {
    const list = value as unknown[];
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) if (i in list) out[i] = copyPlainData(list[i], depth + 1);
    return out;
  }
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const map = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(map)) {
    if (key === '__proto__') throw NOT_PLAIN; // assignment would set the prototype instead
    out[key] = copyPlainData(map[key], depth + 1);
  }
  return out;
}

/**
 * A deep copy of a Resource's state: plain objects and arrays are copied directly (much faster
 * than structuredClone); anything else (class instances, cycles, functions) goes to
 * structuredClone, which copies or rejects it as before. Shared sub-objects become separate copies.
 */
function copyState<T>(value: T): T {
  try {
    return copyPlainData(value, 0) as T;
  } catch (err) {
    if (err === NOT_PLAIN) return structuredClone(value);
    throw err;
  }
}

/** The id under which a high-level construct keeps its main Resource. */
export const MAIN_RESOURCE_ID = 'Resource';

/**
 * One Kubernetes object, typed by apiVersion and kind.
 * @example
 * new Resource(stack, 'quota', { apiVersion: 'v1', kind: 'ResourceQuota', spec: { hard: { pods: '10' } } });
 */
export class Resource extends Construct {
  readonly apiVersion: string;
  readonly kind: string;
  private readonly meta: ObjectMeta;
  private readonly body: Record<string, unknown>;
  private renderer: (() => Record<string, unknown>) | undefined;

  constructor(scope: Construct, id: string, props: ResourceProps) {
    super(scope, id);
    if (!props || typeof props.apiVersion !== 'string' || props.apiVersion === '') {
      throw new TypeError(`${this.node.path}: 'apiVersion' is required (e.g. 'v1' or 'apps/v1')`);
    }
    if (typeof props.kind !== 'string' || props.kind === '') {
      throw new TypeError(`${this.node.path}: 'kind' is required (e.g. 'ConfigMap')`);
    }
    const { apiVersion, kind, metadata, ...body } = props;
    this.apiVersion = apiVersion;
    this.kind = kind;
    // One copy, so later changes to the caller's props do not reach this object.
    const copy = copyState({ metadata: metadata ?? {}, body });
    this.meta = copy.metadata;
    this.body = copy.body;
  }

  /** The object's name: `metadata.name`, else derived from the construct path below the Stack. */
  get name(): string {
    return this.meta.name ?? Resource.nameFromPath(this);
  }

  /**
   * The object's namespace: `metadata.namespace`, else the Stack's namespace. Always undefined
   * for cluster-scoped kinds (the API server ignores it there).
   */
  get namespace(): string | undefined {
    // A real API server ignores metadata.namespace on cluster-scoped kinds; so do we.
    if (!this.isNamespaced) return undefined;
    return this.meta.namespace ?? Stack.tryOf(this)?.namespace;
  }

  /** False only for kinds known to be cluster-scoped. Unknown kinds count as namespaced. */
  get isNamespaced(): boolean {
    return tryFindKind(this.apiVersion, this.kind)?.namespaced ?? true;
  }

  /** The object's identity. */
  get ref(): ObjectRef {
    return { apiVersion: this.apiVersion, kind: this.kind, namespace: this.namespace, name: this.name };
  }

  /** Adds (or replaces) a label on this object. */
  addLabel(key: string, value: string): this {
    this.meta.labels = { ...(this.meta.labels ?? {}), [key]: value };
    return this;
  }

  /** Adds (or replaces) an annotation on this object. */
  addAnnotation(key: string, value: string): this {
    this.meta.annotations = { ...(this.meta.annotations ?? {}), [key]: value };
    return this;
  }

  /**
   * Sets a function that renders the body at synth time; its fields are laid over the ones
   * given at construction. High-level constructs use it so that later changes are seen.
   */
  renderWith(render: () => Record<string, unknown>): this {
    this.renderer = render;
    return this;
  }

  /** The object as it will be synthesized (before stack labels and validation). */
  toObject(): KubeObject {
    // One copy of this Resource's own state, so the object shares nothing mutable with it.
    const { metadata, body } = copyState({ metadata: this.meta, body: this.body });
    metadata.name = this.name;
    const ns = this.namespace;
    if (ns !== undefined) metadata.namespace = ns;
    else delete metadata.namespace;
    const rendered = this.renderer ? this.renderer() : {};
    return { apiVersion: this.apiVersion, kind: this.kind, metadata, ...body, ...rendered };
  }

  /** The name a Resource gets from its construct path: ids below the Stack, without `Resource`. */
  static nameFromPath(construct: Construct): string {
    const ids = construct.node.scopes
      .slice(1)
      .map((c) => c.node.id)
      .filter((id) => id !== MAIN_RESOURCE_ID);
    return toDnsLabel(ids.length > 0 ? ids.join('-') : construct.node.root.node.id);
  }

  /** True when `value` is a Resource. */
  static isResource(value: unknown): value is Resource {
    return value instanceof Resource;
  }
}
