// The shapes of requests to the simulated API server's in-process interface: keys naming an
// object, and the options of each verb (the query parameters a real server takes).

import type { FieldError } from '../../k8s/validation/index.ts';
import type { KubeObject } from '../../k8s/types.ts';
import type { LabelSelector } from '../selectors.ts';

/** Names one object by apiVersion, kind, namespace (namespaced kinds) and name. */
export interface ObjectKey {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
}

/** Names a collection: a kind, optionally within one namespace. */
export interface CollectionKey {
  readonly apiVersion: string;
  readonly kind: string;
  /** One namespace; every namespace when undefined. */
  readonly namespace?: string | undefined;
}

/** `fieldValidation`: what to do with fields the schema does not know. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options every write takes. */
export interface WriteOptions {
  /** `dryRun=All`: validate and admit, persist nothing. */
  readonly dryRun?: boolean | undefined;
  /** The field manager recorded in managedFields. @default 'unknown' */
  readonly fieldManager?: string | undefined;
  /** @default 'Ignore' in-process; kubectl sends 'Strict' */
  readonly fieldValidation?: FieldValidation | undefined;
  /** Collects the `Warning` header values of the answer (fieldValidation=Warn), when given. */
  readonly warnings?: string[] | undefined;
}

/** Options of update and patch. */
export interface UpdateOptions extends WriteOptions {
  /** Write the `status` subresource instead of the main resource. */
  readonly subresource?: 'status' | undefined;
}

/** The patch types the server accepts, by their Content-Type. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Content-Type of each patch type. */
export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Options of patch. */
export interface PatchOptions extends UpdateOptions {
  /** Server-side apply only: take fields other managers own. */
  readonly force?: boolean | undefined;
}

/** Options of delete (the body of a DELETE, `DeleteOptions`). */
export interface DeleteOptions {
  readonly dryRun?: boolean | undefined;
  /** @default 'Background' (what kubectl sends) */
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' | undefined;
  /** Pods only: seconds the kubelet has to stop the containers. @default the pod's terminationGracePeriodSeconds */
  readonly gracePeriodSeconds?: number | undefined;
  readonly preconditions?: { readonly uid?: string | undefined; readonly resourceVersion?: string | undefined } | undefined;
}

/** Options of list and deletecollection. */
export interface ListOptions extends CollectionKey {
  readonly labelSelector?: string | LabelSelector | undefined;
  readonly fieldSelector?: string | undefined;
  readonly limit?: number | undefined;
  readonly continue?: string | undefined;
}

/** A list answer: `<Kind>List` with items and list metadata. */
export interface ObjectList {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  readonly items: KubeObject[];
}

/** What a delete did: the last state, and whether the object is gone or lingers (finalizers). */
export interface DeleteResult {
  readonly object: KubeObject;
  readonly deleted: boolean;
}

/** What the server did with unknown fields (fieldValidation=Warn): warnings to show the client. */
export interface WriteResult {
  readonly object: KubeObject;
  readonly warnings: readonly string[];
}

/** Custom resource support the server calls into (implemented over the CRD registry). */
export interface CustomResourceSupport {
  /** Field errors of a CustomResourceDefinition. */
  validateCrd(crd: KubeObject): FieldError[];
  /** Registers, updates or (with undefined) removes the kinds a CRD serves. */
  syncCrd(name: string, crd: KubeObject | undefined): void;
  /** The status a stored CRD carries (accepted names, stored versions, conditions). */
  crdStatus(crd: KubeObject, now: string): unknown;
  /** The status of an updated CRD once the controllers that watch CRDs looked at it. */
  refreshCrdStatus(crd: KubeObject, now: string): unknown;
  /** Prunes, defaults and validates a custom resource; returns the object to store. */
  admit(obj: KubeObject): { object: KubeObject; errors: FieldError[]; pruned: string[] };
}
