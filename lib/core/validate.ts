// Validation of one synthesized manifest: metadata rules for every kind (names per kind,
// namespace, labels, annotations), then the API server's own checks of built-in kinds
// (lib/k8s/validation), so synth rejects what a cluster would. Issues name object and field.

import type { ValidationIssue } from '../k8s/errors.ts';
import { tryFindKind } from '../k8s/kinds.ts';
import { checkAnnotations, checkDns1123Label, checkLabels, checkObjectName } from '../k8s/names.ts';
import { describeObject } from '../k8s/refs.ts';
import type { Manifest } from '../k8s/types.ts';
// validate-object.ts directly: the index also loads update-time rules synth never needs.
import { validateObject } from '../k8s/validation/validate-object.ts';

/** Every problem with one manifest; empty when it is valid. */
export function validateManifest(object: Manifest): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let where: string | undefined; // described only when there is something to report
  const add = (path: string, message: string): void => {
    where ??= describeObject(object);
    issues.push({ object: where, path, message });
  };
  const info = tryFindKind(object.apiVersion, object.kind);
  const name = object.metadata.name;
  if (!name) add('metadata.name', 'Required value: name or generateName is required');
  else for (const m of checkObjectName(name, info?.nameRule ?? 'subdomain')) add('metadata.name', `Invalid value: "${name}": ${m}`);
  const ns = object.metadata.namespace;
  if (ns !== undefined) {
    for (const m of checkDns1123Label(ns)) add('metadata.namespace', `Invalid value: "${ns}": ${m}`);
  }
  for (const [suffix, m] of checkLabels(object.metadata.labels ?? {})) add(`metadata.labels${suffix}`, m);
  for (const [suffix, m] of checkAnnotations(object.metadata.annotations ?? {})) add(`metadata.annotations${suffix}`, m);
  if (issues.length > 0) return issues;
  // Metadata is fine: run the API server's checks (they repeat the metadata ones in its wording).
  for (const err of validateObject(object)) add(err.field, err.message);
  return issues;
}
