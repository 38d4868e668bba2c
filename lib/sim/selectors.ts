// Selectors of the simulated API server: label selectors (string and object forms) and field
// selectors, each compiled to a matcher. The implementations live in ./selectors/; this is the
// entry the store and the API layer import.

export {
  SelectorError,
  compileLabelSelector,
  compileRequirements,
  convertLabelSelector,
  formatRequirements,
  formatSelector,
  parseLabelSelector,
} from './selectors/label-selector.ts';
export type { LabelMatcher, LabelRequirement, LabelSelector, Labels, SelectorOperator } from './selectors/label-selector.ts';
export {
  compileFieldSelector,
  escapeFieldValue,
  listFieldLabels,
  parseFieldSelector,
  readFieldValue,
} from './selectors/field-selector.ts';
export type { FieldMatcher, FieldRequirement } from './selectors/field-selector.ts';
