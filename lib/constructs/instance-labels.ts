// The two labels that identify a construct's objects and pods (`app.kubernetes.io/name` and
// `app.kubernetes.io/instance`), used as immutable pod selectors. Synth adds the stack-wide
// labels (managed-by, part-of, the stack's own) to objects; pod templates get them here.

import type { Construct } from '../core/construct.ts';
import { Stack } from '../core/stack.ts';
import { STANDARD_LABELS } from '../core/synth.ts';
import { checkLabelValue, toDnsLabel } from '../k8s/names.ts';

/** `app.kubernetes.io/name: <name>` and `app.kubernetes.io/instance: <stack>-<name>`. */
export function instanceLabels(construct: Construct, name: string): Record<string, string> {
  const stack = Stack.of(construct);
  return {
    [STANDARD_LABELS.name]: toLabelValue(name),
    [STANDARD_LABELS.instance]: toLabelValue(`${stack.name}-${name}`),
  };
}

/** The selector labels plus the stack-wide labels, for a pod template (not selectors: safe to change). */
export function podTemplateLabels(construct: Construct, name: string): Record<string, string> {
  const stack = Stack.of(construct);
  return {
    [STANDARD_LABELS.managedBy]: 'shipshape',
    [STANDARD_LABELS.partOf]: stack.name,
    ...stack.labels,
    ...instanceLabels(construct, name),
  };
}

/** A value as is when it is a valid label value, else shortened deterministically (with a hash). */
function toLabelValue(value: string): string {
  return checkLabelValue(value).length === 0 ? value : toDnsLabel(value);
}
