import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { listErrors, makeContainer, makeObject, makeTemplate, makeWorkload } from './test-fixtures.ts';

const MISMATCH = '`selector` does not match template `labels`';
type Case = [string, KubeObject, Array<[string, string]>];

const cases: Case[] = [
  ['a Deployment without selector', makeWorkload('Deployment', { selector: undefined }), [
    ['spec.selector', 'Required value'],
    ['spec.template.metadata.labels', `Invalid value: map[string]string{"app":"web"}: ${MISMATCH}`],
  ]],
  ['a Deployment whose selector misses the template', makeWorkload('Deployment', { selector: { matchLabels: { app: 'x' } } }), [
    ['spec.template.metadata.labels', `Invalid value: map[string]string{"app":"web"}: ${MISMATCH}`],
  ]],
  ['a Deployment with an empty selector', makeWorkload('Deployment', { selector: {} }), [
    ['spec.selector', 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
  ]],
  ['a Deployment with negative replicas', makeWorkload('Deployment', { replicas: -1 }), [
    ['spec.replicas', 'Invalid value: -1: must be greater than or equal to 0'],
  ]],
  ['a Deployment with maxSurge and maxUnavailable 0', makeWorkload('Deployment', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }), [
    ['spec.strategy.rollingUpdate.maxUnavailable', 'Invalid value: 0: may not be 0 when `maxSurge` is 0'],
  ]],
  ['a Deployment with maxUnavailable over 100%', makeWorkload('Deployment', { strategy: { rollingUpdate: { maxUnavailable: '110%' } } }), [
    ['spec.strategy.rollingUpdate.maxUnavailable', 'Invalid value: 110%: must not be greater than 100%'],
  ]],
  ['a Deployment with a malformed percent', makeWorkload('Deployment', { strategy: { rollingUpdate: { maxSurge: '20Percent' } } }), [
    ['spec.strategy.rollingUpdate.maxSurge', "Invalid value: 20Percent: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
  ]],
  ['a Recreate Deployment with rollingUpdate', makeWorkload('Deployment', { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }), [
    ['spec.strategy.rollingUpdate', "Forbidden: may not be specified when strategy `type` is 'Recreate'"],
  ]],
  ['a Deployment with an unknown strategy', makeWorkload('Deployment', { strategy: { type: 'BlueGreen' } }), [
    ['spec.strategy', 'Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"'],
  ]],
  ['a Deployment whose template restarts Never', makeWorkload('Deployment', { template: makeTemplate({ restartPolicy: 'Never' }) }), [
    ['spec.template.spec.restartPolicy', 'Unsupported value: "Never": supported values: "Always"'],
  ]],
  ['a Deployment with progressDeadlineSeconds below minReadySeconds', makeWorkload('Deployment', { minReadySeconds: 30, progressDeadlineSeconds: 10 }), [
    ['spec.progressDeadlineSeconds', 'Invalid value: 10: must be greater than minReadySeconds'],
  ]],
  ['a Deployment template container without image', makeWorkload('Deployment', { template: makeTemplate({ containers: [{ name: 'web' }] }) }), [
    ['spec.template.spec.containers[0].image', 'Required value'],
  ]],
  ['a Deployment with a bad selector operator', makeWorkload('Deployment', { selector: { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] } }), [
    ['spec.selector.matchExpressions[0].operator', 'Invalid value: "in": not a valid selector operator'],
    ['spec.selector', 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"in", Values:[]string{"web"}}}}: invalid label selector'],
  ]],
  ['a ReplicaSet with an empty selector (worded for deployment)', makeWorkload('ReplicaSet', { selector: {} }), [
    ['spec.selector', 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
  ]],
  ['a DaemonSet with maxSurge and maxUnavailable both set', makeWorkload('DaemonSet', { updateStrategy: { rollingUpdate: { maxSurge: 1 } } }), [
    ['spec.updateStrategy.rollingUpdate.maxSurge', 'Invalid value: 1: may not be set when maxUnavailable is non-zero'],
  ]],
  ['a DaemonSet with maxUnavailable 0 and no surge', makeWorkload('DaemonSet', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } }), [
    ['spec.updateStrategy.rollingUpdate.maxUnavailable', 'Required value: cannot be 0 when maxSurge is 0'],
  ]],
  ['a DaemonSet with an empty selector', makeWorkload('DaemonSet', { selector: { matchLabels: {} } }), [
    ['spec.selector', 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset'],
  ]],
  ['a DaemonSet template with activeDeadlineSeconds', makeWorkload('DaemonSet', { template: makeTemplate({ activeDeadlineSeconds: 30 }) }), [
    ['spec.template.spec.activeDeadlineSeconds', 'Forbidden: activeDeadlineSeconds in DaemonSet is not Supported'],
  ]],
  ['a StatefulSet with an unknown podManagementPolicy', makeWorkload('StatefulSet', { podManagementPolicy: 'Ordered' }), [
    ['spec.podManagementPolicy', "Invalid value: \"Ordered\": must be 'OrderedReady' or 'Parallel'"],
  ]],
  ['a StatefulSet with an unknown update strategy', makeWorkload('StatefulSet', { updateStrategy: { type: 'Recreate' } }), [
    ['spec.updateStrategy', "Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Recreate\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'"],
  ]],
  ['a StatefulSet with an empty selector', makeWorkload('StatefulSet', { selector: {} }), [
    ['spec.selector', 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset'],
  ]],
  ['a StatefulSet claim template without access modes', makeWorkload('StatefulSet', { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } }] }), [
    ['spec.volumeClaimTemplates[0].spec.accessModes', 'Required value: at least 1 access mode is required'],
  ]],
  ['a StatefulSet mounting an unknown claim', makeWorkload('StatefulSet', { template: makeTemplate({ containers: [makeContainer({ volumeMounts: [{ name: 'data', mountPath: '/d' }] })] }) }), [
    ['spec.template.spec.containers[0].volumeMounts[0].name', 'Not found: "data"'],
  ]],
  ['a ReplicationController whose selector misses the template', makeObject('v1', 'ReplicationController', { spec: { selector: { app: 'x' }, template: makeTemplate() } }), [
    ['spec.template.metadata.labels', `Invalid value: map[string]string{"app":"web"}: ${MISMATCH}`],
  ]],
  ['a ReplicationController without selector or template labels', makeObject('v1', 'ReplicationController', { spec: { template: makeTemplate({}, {}) } }), [
    ['spec.selector', 'Required value'],
  ]],
];

describe('workload validation', () => {
  it.each(cases)('validateObject() reports %s', (_name, obj, expected) => {
    expect(listErrors(obj)).toEqual(expected);
  });

  it('validateObject() accepts a StatefulSet mounting its volumeClaimTemplates', () => {
    const sts = makeWorkload('StatefulSet', {
      serviceName: 'web',
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } },
      template: makeTemplate({ containers: [makeContainer({ volumeMounts: [{ name: 'data', mountPath: '/d' }] })] }),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    });
    expect(listErrors(sts)).toEqual([]);
  });

  it('validateObject() accepts a ReplicationController whose selector defaults to the template labels', () => {
    expect(listErrors(makeObject('v1', 'ReplicationController', { spec: { replicas: 2, template: makeTemplate() } }))).toEqual([]);
  });

  it('validateObject() accepts a Deployment with a matchExpressions selector', () => {
    const deploy = makeWorkload('Deployment', {
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }, { key: 'legacy', operator: 'DoesNotExist' }] },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    });
    expect(listErrors(deploy)).toEqual([]);
  });
});
