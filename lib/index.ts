// The public API of shipshape: everything users import comes from here. A symbol exported from
// its own file but not from here is internal.

export { Construct, Node } from './core/construct.ts';
export { SynthContext } from './core/context.ts';
export { Include, type IncludeProps } from './core/include.ts';
export { Resource, type ResourceProps } from './core/resource.ts';
export { Stack, type StackProps } from './core/stack.ts';
export { STANDARD_LABELS, synth, synthYaml, synthesizeStack, type SynthesizedObject, type SynthesizedStack } from './core/synth.ts';
export {
  PodField,
  type IEnvGroup,
  type IEnvSource,
  type IEnvValue,
  type IServiceBackend,
  type ISelectable,
  type IVolumeSource,
} from './constructs/contracts.ts';
export { ShipshapeError, ValidationError, type ValidationIssue } from './k8s/errors.ts';
export { parseQuantity } from './k8s/quantity.ts';
export type { KubeObject, Manifest } from './k8s/types.ts';
export { manifestsToYaml, parseYamlDocuments } from './k8s/yaml.ts';
