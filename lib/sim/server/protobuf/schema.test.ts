import { describe, expect, it } from 'vitest';
import { API_MESSAGES } from './messages-apis.ts';
import { CORE_MESSAGES } from './messages-core.ts';
import { findMessage, messageOfKind, parseField, type ValueType } from './schema.ts';

describe('protobuf message schemas', () => {
  it('parseField() reads names, numbers, types, repetition, maps, pointers and embedding', () => {
    expect(parseField('replicas=1:i?', 'apps.v1')).toEqual({ json: 'replicas', number: 1, type: { scalar: 'int' }, repeated: false, keepZero: true, inline: false });
    expect(parseField('containers=2:Container*', 'core.v1')).toMatchObject({ type: { message: 'core.v1.Container' }, repeated: true });
    expect(parseField('labels=11:{}', 'meta.v1')).toMatchObject({ repeated: true, mapValue: { scalar: 'string' } });
    expect(parseField('limits=1:{resource.Quantity}', 'core.v1')).toMatchObject({ mapValue: { message: 'resource.Quantity' } });
    expect(parseField('...volumeSource=2:VolumeSource', 'core.v1')).toMatchObject({ json: 'volumeSource', inline: true });
    expect(() => parseField('bad', 'core.v1')).toThrow('bad protobuf field notation: bad');
  });

  it('messageOfKind() maps every generator kind to its upstream package', () => {
    expect(messageOfKind('v1', 'ConfigMap')).toBe('core.v1.ConfigMap');
    expect(messageOfKind('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding')).toBe('rbac.v1.ClusterRoleBinding');
    expect(messageOfKind('autoscaling/v1', 'HorizontalPodAutoscaler')).toBe('autoscaling.v1.HorizontalPodAutoscaler');
    expect(messageOfKind('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe('autoscaling.v2.HorizontalPodAutoscaler');
    expect(messageOfKind('scheduling.k8s.io/v1', 'PriorityClass')).toBe('scheduling.v1.PriorityClass');
    expect(messageOfKind('example.com/v1', 'Widget')).toBeUndefined();
  });

  it('findMessage() resolves every message the tables reference', () => {
    const missing: string[] = [];
    const check = (t: ValueType | undefined, from: string): void => {
      if (t && 'message' in t && !findMessage(t.message)) missing.push(`${from} → ${t.message}`);
    };
    for (const [pkg, messages] of Object.entries({ ...CORE_MESSAGES, ...API_MESSAGES })) {
      for (const name of Object.keys(messages)) {
        for (const f of findMessage(`${pkg}.${name}`)!.fields.values()) {
          check(f.type, `${pkg}.${name}.${f.json}`);
          check(f.mapValue, `${pkg}.${name}.${f.json}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
