// Object metadata checks every kind shares: name or generateName, the kind's name rule,
// namespace format, labels and annotations; plus the labels/annotations of embedded templates.
// Cluster-scoped kinds may carry a namespace: the server clears it, so it is not an error here.

import type { KindInfo } from '../kinds.ts';
import { checkDns1123Label, checkObjectName } from '../names.ts';
import { checkAnnotationsAt, checkLabelsAt } from './common-checks.ts';
import { invalid, required, type FieldError } from './field-error.ts';
import { getString, toRecord } from './fields.ts';

/** Name checks for a generateName prefix: a trailing '-' is allowed (maskTrailingDash). */
function checkGenerateName(prefix: string, info: KindInfo): string[] {
  const masked = prefix.length > 1 && prefix.endsWith('-') ? `${prefix.slice(0, -1)}a` : prefix;
  return checkObjectName(masked, info.nameRule);
}

/** Validates `metadata` of a top-level object of a known kind. */
export function validateObjectMeta(metadata: unknown, info: KindInfo): FieldError[] {
  const meta = toRecord(metadata) ?? {};
  const errs: FieldError[] = [];
  const name = getString(meta, 'name') ?? '';
  const generateName = getString(meta, 'generateName') ?? '';
  if (generateName !== '') {
    for (const msg of checkGenerateName(generateName, info)) errs.push(invalid('metadata.generateName', generateName, msg));
  }
  if (name === '') {
    if (generateName === '') errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of checkObjectName(name, info.nameRule)) errs.push(invalid('metadata.name', name, msg));
  }
  const namespace = getString(meta, 'namespace') ?? '';
  if (info.namespaced && namespace !== '') {
    for (const msg of checkDns1123Label(namespace)) errs.push(invalid('metadata.namespace', namespace, msg));
  }
  errs.push(...checkLabelsAt(meta.labels, 'metadata.labels'));
  errs.push(...checkAnnotationsAt(meta.annotations, 'metadata.annotations'));
  return errs;
}

/** Validates the labels and annotations of an embedded template (`<path>.labels`, as the server names them). */
export function validateTemplateMeta(metadata: unknown, path: string): FieldError[] {
  const meta = toRecord(metadata) ?? {};
  return [...checkLabelsAt(meta.labels, `${path}.labels`), ...checkAnnotationsAt(meta.annotations, `${path}.annotations`)];
}
