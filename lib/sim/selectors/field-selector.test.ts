import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/types.ts';
import { compileFieldSelector, escapeFieldValue, listFieldLabels, parseFieldSelector } from './field-selector.ts';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop' },
  spec: { nodeName: 'node-a', restartPolicy: 'Always' },
  status: { phase: 'Running' },
};

const POD = { group: '', kind: 'Pod' };

describe('parseFieldSelector', () => {
  it('parseFieldSelector() reads =, == and != terms', () => {
    expect(parseFieldSelector('metadata.name=x,metadata.namespace!=y,spec.nodeName==n')).toEqual([
      { field: 'metadata.name', operator: '=', value: 'x' },
      { field: 'metadata.namespace', operator: '!=', value: 'y' },
      { field: 'spec.nodeName', operator: '==', value: 'n' },
    ]);
    expect(parseFieldSelector('')).toEqual([]);
  });

  it('parseFieldSelector() unescapes commas, equals signs and backslashes in values', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d')).toEqual([{ field: 'metadata.name', operator: '=', value: 'a,b=c\\d' }]);
    expect(escapeFieldValue('a,b=c\\d')).toBe('a\\,b\\=c\\\\d');
  });

  it.each([
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['metadata.name=x,bar', "invalid selector: 'metadata.name=x,bar'; can't understand 'bar'"],
    ['metadata.name=a=b', 'invalid field selector: unescaped character ='],
    ['metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('parseFieldSelector(%j) fails with the API server message', (selector, message) => {
    expect(() => parseFieldSelector(selector)).toThrow(message);
  });
});

describe('compileFieldSelector', () => {
  it.each([
    ['metadata.name=web-1', true],
    ['metadata.name!=web-1', false],
    ['metadata.namespace=shop,spec.nodeName=node-a', true],
    ['spec.nodeName=node-b', false],
    ['status.phase!=Running', false],
    ['status.podIP=', true],
    ['spec.hostNetwork=false', true],
  ])('compileFieldSelector(%j) on a Pod decides %s', (selector, expected) => {
    expect(compileFieldSelector(selector, POD)(pod)).toBe(expected);
  });

  it('compileFieldSelector() rejects a field the kind does not support, as the API server does', () => {
    expect(() => compileFieldSelector('spec.replicas=1', { group: 'apps', kind: 'Deployment' })).toThrow('field label not supported: spec.replicas');
    expect(() => compileFieldSelector('spec.size=1', { group: 'example.com', kind: 'Widget' })).toThrow('field label not supported: spec.size');
    expect(() => compileFieldSelector('type=Opaque', POD)).toThrow('field label not supported: type');
  });

  it('compileFieldSelector() reads Event fields, with source meaning source.component', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'shop' },
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'shop', uid: 'u1' },
      reason: 'ScalingReplicaSet',
      source: { component: 'deployment-controller' },
      type: 'Normal',
    };
    const EVENT = { group: '', kind: 'Event' };
    expect(compileFieldSelector('involvedObject.kind=Deployment,involvedObject.name=web,involvedObject.uid=u1', EVENT)(event)).toBe(true);
    expect(compileFieldSelector('source=deployment-controller,type=Normal,reason=ScalingReplicaSet', EVENT)(event)).toBe(true);
    expect(compileFieldSelector('type=Warning', EVENT)(event)).toBe(false);
  });

  it('compileFieldSelector() reads absent bool and int fields as their zero values', () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} };
    expect(compileFieldSelector('spec.unschedulable=false', { group: '', kind: 'Node' })(node)).toBe(true);
    expect(compileFieldSelector('spec.unschedulable=true', { group: '', kind: 'Node' })({ ...node, spec: { unschedulable: true } })).toBe(true);
    const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { succeeded: 2 } };
    expect(compileFieldSelector('status.successful=2', { group: 'batch', kind: 'Job' })(job)).toBe(true);
    expect(compileFieldSelector('status.successful=0', { group: 'batch', kind: 'Job' })({ ...job, status: {} })).toBe(true);
    const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' } };
    expect(compileFieldSelector('status.replicas=0', { group: 'apps', kind: 'ReplicaSet' })(rs)).toBe(true);
  });

  it('compileFieldSelector() matches a cluster-scoped object on an empty namespace', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, status: { phase: 'Active' } };
    expect(compileFieldSelector('metadata.namespace=,status.phase=Active', { group: '', kind: 'Namespace' })(ns)).toBe(true);
  });

  it('listFieldLabels() lists metadata fields for every kind and extra ones per kind', () => {
    expect(listFieldLabels('example.com', 'Widget')).toEqual(['metadata.name', 'metadata.namespace']);
    expect(listFieldLabels('', 'Secret')).toEqual(['metadata.name', 'metadata.namespace', 'type']);
  });
});
