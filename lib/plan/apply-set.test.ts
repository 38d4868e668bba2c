import { describe, expect, it } from 'vitest';
import { applySetId, applySetParent, groupKindOf, parseGroupKind, readApplySetParent, withPartOf } from './apply-set.ts';

describe('ApplySet', () => {
  it('applySetId() computes the id kubectl computes', () => {
    // The value kubectl 1.32 wrote for `--applyset=myset -n default` (measured).
    expect(applySetId({ name: 'myset', namespace: 'default' })).toBe('applyset-51uXdjs_k8zt9KVdAtPaWnW_O9B-EVzd2Bkztfa9DSA-v1');
  });

  it('applySetParent() lists the group-kinds and the namespaces other than its own', () => {
    const parent = applySetParent(
      { name: 'shipshape-shop', namespace: 'shop' },
      [
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shared' } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      ],
      'shop',
    );
    expect(parent.metadata.annotations).toEqual({
      'applyset.kubernetes.io/tooling': 'shipshape/v0.1.0',
      'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap,Deployment.apps,Namespace,Service',
      'applyset.kubernetes.io/additional-namespaces': 'shared',
    });
    expect(parent.metadata.labels?.['applyset.kubernetes.io/id']).toBe(applySetId({ name: 'shipshape-shop', namespace: 'shop' }));
    expect(readApplySetParent(parent)).toEqual({ groupKinds: ['ConfigMap', 'Deployment.apps', 'Namespace', 'Service'], namespaces: ['shared'] });
  });

  it('withPartOf() labels a copy and groupKindOf()/parseGroupKind() round-trip', () => {
    const obj = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', labels: { a: 'b' } } };
    expect(withPartOf(obj, 'applyset-x-v1').metadata.labels).toEqual({ a: 'b', 'applyset.kubernetes.io/part-of': 'applyset-x-v1' });
    expect(obj.metadata.labels).toEqual({ a: 'b' });
    expect(groupKindOf(obj)).toBe('Ingress.networking.k8s.io');
    expect(parseGroupKind('Ingress.networking.k8s.io')).toEqual({ kind: 'Ingress', group: 'networking.k8s.io' });
    expect(parseGroupKind('Service')).toEqual({ kind: 'Service', group: '' });
  });
});
