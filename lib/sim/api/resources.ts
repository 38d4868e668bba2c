// Which kinds the simulated API server serves, and how a request names them: built-in kinds
// from the registry plus custom resources from CRDs. Answers "no matches for kind" exactly where
// a real server does (removed beta APIs, unknown groups).

import { ALSO_SERVED, BUILTIN_KINDS, findRemovedApiVersion, splitApiVersion, tryFindKind, type KindInfo } from '../../k8s/kinds.ts';
import { StatusError } from '../errors.ts';

/** The scale subresource's paths into the object. */
export interface ScalePaths {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string | undefined;
}

/** Everything the server needs to know about one served kind at one version. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly hasStatus: boolean;
  readonly scale?: ScalePaths | undefined;
  /** True for kinds defined by a CustomResourceDefinition. */
  readonly custom: boolean;
}

/** The custom kinds the server currently serves (from CRDs). */
export interface CustomKindSource {
  list(): readonly ResourceInfo[];
}

const BUILTIN_SCALE: ScalePaths = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };

function fromKindInfo(info: KindInfo, apiVersion = info.apiVersion): ResourceInfo {
  const { group, version } = splitApiVersion(apiVersion);
  return {
    group,
    version,
    apiVersion,
    kind: info.kind,
    plural: info.plural,
    singular: info.singular,
    namespaced: info.namespaced,
    shortNames: info.shortNames,
    categories: info.categories,
    hasStatus: info.subresources.includes('status'),
    scale: info.subresources.includes('scale') ? BUILTIN_SCALE : undefined,
    custom: false,
  };
}

const BUILTIN_RESOURCES: readonly ResourceInfo[] = [
  ...BUILTIN_KINDS.map((k) => fromKindInfo(k)),
  ...ALSO_SERVED.map((a) => fromKindInfo(BUILTIN_KINDS.find((k) => k.kind === a.kind)!, a.apiVersion)),
];

/** Resolves kinds and resources to what the server serves. */
export class ResourceResolver {
  private readonly custom: CustomKindSource | undefined;

  constructor(custom?: CustomKindSource) {
    this.custom = custom;
  }

  /** Every served resource, built-in first. */
  all(): ResourceInfo[] {
    return [...BUILTIN_RESOURCES, ...(this.custom?.list() ?? [])];
  }

  /** The resource serving `kind` at `apiVersion`, or undefined. */
  tryFindKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    const builtin = BUILTIN_RESOURCES.find((r) => r.apiVersion === apiVersion && r.kind === kind);
    if (builtin) return builtin;
    return this.custom?.list().find((r) => r.apiVersion === apiVersion && r.kind === kind);
  }

  /**
   * The resource serving `kind` at `apiVersion`.
   * @throws StatusError 404 `no matches for kind "Deployment" in version "extensions/v1beta1"`.
   */
  findKind(apiVersion: string, kind: string): ResourceInfo {
    const found = this.tryFindKind(apiVersion, kind);
    if (found) return found;
    const removed = findRemovedApiVersion(apiVersion, kind);
    const hint = removed?.replacement ? ` (removed in Kubernetes ${removed.removedIn}; use apiVersion "${removed.replacement.apiVersion}")` : '';
    throw new StatusError(
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `no matches for kind "${kind}" in version "${apiVersion}"`,
        reason: 'NotFound',
        details: { group: splitApiVersion(apiVersion).group, kind },
        code: 404,
      },
      hint ? { hint: `"${apiVersion}" is not served${hint}` } : undefined,
    );
  }

  /** The resource at group/version/plural (as in a URL), or undefined. */
  tryFindResource(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.all().find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** The preferred (first served) version of a group/kind. */
  tryFindGroupKind(group: string, kind: string): ResourceInfo | undefined {
    return this.all().find((r) => r.group === group && r.kind === kind);
  }

  /** True for a built-in kind, whatever the version. */
  static isBuiltin(apiVersion: string, kind: string): boolean {
    return tryFindKind(apiVersion, kind) !== undefined;
  }
}

/** 404 for a path the server has no handler for, e.g. `configmaps/x/scale`. */
export function noSuchResource(): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
}

/** The etcd key of an object, as storage errors quote it (`/registry/deployments/shop/web`). */
export function storageKeyOf(info: ResourceInfo, key: { namespace?: string | undefined; name: string }): string {
  const SPECIAL: Record<string, string> = { services: 'services/specs', nodes: 'minions', endpoints: 'services/endpoints' };
  const resource = info.custom ? `${info.group}/${info.plural}` : info.group === '' ? (SPECIAL[info.plural] ?? info.plural) : info.plural;
  return `/registry/${resource}/${info.namespaced ? `${key.namespace ?? 'default'}/` : ''}${key.name}`;
}
