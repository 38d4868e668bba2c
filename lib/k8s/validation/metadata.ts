// Object metadata checks every kind shares: name or generateName, the kind's name rule,
// namespace format, labels and annotations; plus the labels/annotations of embedded templates.
// Cluster-scoped kinds may carry a namespace: the server clears it, so it is not an error here.

import type { KindInfo } from '../kinds.ts';
import { checkDns1123Label, checkObjectName, isDns1123Label, isValidObjectName } from '../names.ts';
import { pushAnnotationErrors, pushLabelErrors } from './common-checks.ts';
import { invalid, required, type FieldError } from './field-error.ts';
import { getString, toRecord, type Json } from './fields.ts';

/** A generateName prefix as its names are checked: a trailing '-' is allowed (maskTrailingDash). */
function maskTrailingDash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith('-') ? `${prefix.slice(0, -1)}a` : prefix;
}

const NO_METADATA: Json = Object.freeze({});

/**
 * Validates `metadata` of a top-level object of a known kind. Every create and update runs this:
 * each check asks a yes/no question first and builds its messages only for a bad value.
 */
export function validateObjectMeta(metadata: unknown, info: KindInfo): FieldError[] {
  const meta = toRecord(metadata) ?? NO_METADATA;
  const errs: FieldError[] = [];
  const name = getString(meta, 'name') ?? '';
  const generateName = getString(meta, 'generateName') ?? '';
  if (generateName !== '') {
    const masked = maskTrailingDash(generateName);
    if (!isValidObjectName(masked, info.nameRule)) {
      for (const msg of checkObjectName(masked, info.nameRule)) errs.push(invalid('metadata.generateName', generateName, msg));
    }
  }
  if (name === '') {
    if (generateName === '') errs.push(required('metadata.name', 'name or generateName is required'));
  } else if (!isValidObjectName(name, info.nameRule)) {
    for (const msg of checkObjectName(name, info.nameRule)) errs.push(invalid('metadata.name', name, msg));
  }
  const namespace = getString(meta, 'namespace') ?? '';
  if (info.namespaced && namespace !== '' && !isDns1123Label(namespace)) {
    for (const msg of checkDns1123Label(namespace)) errs.push(invalid('metadata.namespace', namespace, msg));
  }
  pushLabelErrors(errs, meta.labels, 'metadata.labels');
  pushAnnotationErrors(errs, meta.annotations, 'metadata.annotations');
  return errs;
}

/** Validates the labels and annotations of an embedded template (`<path>.labels`, as the server names them). */
export function validateTemplateMeta(metadata: unknown, path: string): FieldError[] {
  const meta = toRecord(metadata) ?? NO_METADATA;
  const errs: FieldError[] = [];
  // The paths are joined only when there is a map to check.
  if (meta.labels !== undefined && meta.labels !== null) pushLabelErrors(errs, meta.labels, `${path}.labels`);
  if (meta.annotations !== undefined && meta.annotations !== null) pushAnnotationErrors(errs, meta.annotations, `${path}.annotations`);
  return errs;
}
