import { describe, expect, it } from 'vitest';
import { invalid, required } from './field-error.ts';
import { formatInvalidMessage, toStatusCauses } from './invalid-message.ts';

const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } };

describe('formatInvalidMessage()', () => {
  it('formatInvalidMessage() qualifies the kind with its group and shows one error bare', () => {
    const errs = [invalid('spec.replicas', -1, 'must be greater than or equal to 0')];
    expect(formatInvalidMessage(deploy, errs)).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('formatInvalidMessage() uses the bare kind for the core group and brackets several errors', () => {
    const errs = [required('spec.containers[0].image'), required('spec.containers[0].name')];
    expect(formatInvalidMessage(pod, errs)).toBe(
      'Pod "x" is invalid: [spec.containers[0].image: Required value, spec.containers[0].name: Required value]',
    );
  });

  it('formatInvalidMessage() drops duplicate errors as the aggregate does', () => {
    const errs = [required('spec.ports'), required('spec.ports')];
    expect(formatInvalidMessage(pod, errs)).toBe('Pod "x" is invalid: spec.ports: Required value');
  });

  it('toStatusCauses() maps errors to reason, message and field', () => {
    expect(toStatusCauses([required('spec.selector')])).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
    ]);
  });
});
