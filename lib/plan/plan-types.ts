// The shape of a plan: what will be created, updated, replaced, deleted or left alone, with the
// field-level changes and the live resourceVersions it was computed from. This is also the
// documented, stable JSON schema of `shipshape plan --json` and saved plans (version 1).

import type { KubeObject } from '../k8s/types.ts';
import type { FieldChange } from './diff.ts';

/** What the plan does to one object. */
export type PlanAction = 'create' | 'update' | 'replace' | 'delete' | 'no-op';

/** One object's entry in a plan. */
export interface PlannedChange {
  readonly action: PlanAction;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
  /** The construct path that defines the object (absent for prunes). */
  readonly path?: string | undefined;
  /** The object apply will send (absent for deletes). May hold secret values. */
  readonly desired?: KubeObject | undefined;
  /** The live resourceVersion the plan saw (absent for creates). */
  readonly liveResourceVersion?: string | undefined;
  /** Changed fields; secret values are replaced by SENSITIVE in `before`/`after`. */
  readonly changes: readonly FieldChange[];
  /** Why a replace is needed (the immutable field), or what a conflict is about. */
  readonly reason?: string | undefined;
  /** Field-manager conflicts: fields someone else changed since shipshape last applied (drift). */
  readonly conflicts?: readonly string[] | undefined;
  /** True for Secrets: values are never shown. */
  readonly sensitive: boolean;
  /** The readiness rule apply will wait on after writing this object. */
  readonly readiness?: string | undefined;
  /** Keys (`group/Kind/namespace/name`) of objects this one is applied after. */
  readonly dependsOn: readonly string[];
}

/** A plan for one stack. */
export interface Plan {
  readonly version: 1;
  readonly stack: string;
  /** Where the plan was made, e.g. `local simulated cluster (.shipshape)`. */
  readonly target: string;
  readonly applySet: { readonly id: string; readonly parent: { readonly name: string; readonly namespace: string } };
  /** Creates, updates and replaces in apply order, then deletes in reverse order, then no-ops. */
  readonly changes: readonly PlannedChange[];
  readonly summary: PlanSummary;
}

/** Counts by action. */
export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly unchanged: number;
}

/** The marker that stands for a secret value in plans and output. */
export const SENSITIVE = '(sensitive value)';
