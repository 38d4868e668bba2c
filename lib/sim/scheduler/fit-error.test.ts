import { describe, expect, it } from 'vitest';
import { fail, failUnresolvable } from './framework.ts';
import { formatFitError } from './fit-error.ts';

const cpu = fail('Insufficient cpu');
const taint = failUnresolvable('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');

describe('formatFitError', () => {
  it('formatFitError() counts and sorts reasons, then adds the preemption verdict', () => {
    expect(formatFitError({ numAllNodes: 3, nodeFailures: [cpu, taint, cpu] })).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('formatFitError() counts every reason of a node and sorts counts as strings, like Go', () => {
    const both = fail('Insufficient cpu', ['Insufficient memory']);
    const failures = [...Array.from({ length: 10 }, () => both), taint, taint];
    expect(formatFitError({ numAllNodes: 12, nodeFailures: failures })).toBe(
      '0/12 nodes are available: 10 Insufficient cpu, 10 Insufficient memory, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
        'preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('formatFitError() shows a preFilter rejection once', () => {
    expect(formatFitError({ numAllNodes: 2, preFilterFailure: failUnresolvable('persistentvolumeclaim "data" not found'), nodeFailures: [] })).toBe(
      '0/2 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  it('formatFitError() reports pods that may not preempt, and clusters without nodes', () => {
    expect(formatFitError({ numAllNodes: 1, nodeFailures: [cpu], preemptionPolicy: 'Never' })).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
    expect(formatFitError({ numAllNodes: 0, nodeFailures: [] })).toBe('no nodes available to schedule pods');
  });
});
