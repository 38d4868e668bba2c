// Kubernetes object validation shared by synth and the simulated API server: create-time checks,
// update-time immutability rules, and the API server's wording for the resulting 422 message.
// Pure functions over manifest JSON; nothing here reads a store or a cluster.

export { formatFieldError, type FieldError, type FieldErrorType } from './field-error.ts';
export { validateStatusUpdate, validateUpdate } from './immutable.ts';
export { formatInvalidMessage, toStatusCauses, type StatusCause } from './invalid-message.ts';
export { tryFindServedKind, validateObject } from './validate-object.ts';
