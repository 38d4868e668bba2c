import { describe, expect, it } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth } from '../core/synth.ts';
import { validateManifest } from '../core/validate.ts';
import { Namespace } from './namespace.ts';

describe('Namespace', () => {
  it('Namespace synthesizes a cluster-scoped Namespace with a path-derived name and instance labels', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    new Namespace(stack, 'payments');
    const object = synth(stack).find((o) => o.kind === 'Namespace' && o.metadata.name === 'payments');
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'payments',
        labels: {
          'app.kubernetes.io/instance': 'shop-payments',
          'app.kubernetes.io/managed-by': 'shipshape',
          'app.kubernetes.io/name': 'payments',
          'app.kubernetes.io/part-of': 'shop',
        },
      },
    });
    expect(validateManifest(object!)).toEqual([]);
  });

  it('Namespace renders Pod Security labels, with the version for every mode set', () => {
    const stack = new Stack('shop');
    new Namespace(stack, 'ns', { name: 'secure', podSecurity: { enforce: 'restricted', warn: 'restricted', version: 'v1.31' } });
    const labels = synth(stack)[0]!.metadata.labels;
    expect(labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.31',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.31',
    });
    expect(labels?.['pod-security.kubernetes.io/audit']).toBeUndefined();
  });

  it('Namespace takes labels and annotations, also after construction', () => {
    const stack = new Stack('shop');
    const ns = new Namespace(stack, 'team', { labels: { team: 'core' }, annotations: { 'example.com/owner': 'core' } });
    ns.addLabel('tier', 'gold').addAnnotation('example.com/pager', 'on');
    const object = synth(stack)[0]!;
    expect(object.metadata.labels).toMatchObject({ team: 'core', tier: 'gold' });
    expect(object.metadata.annotations).toEqual({ 'example.com/owner': 'core', 'example.com/pager': 'on' });
  });

  it('Namespace named like the stack namespace replaces the one synth would add', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    new Namespace(stack, 'ns', { name: 'shop', podSecurity: { enforce: 'baseline' } });
    const namespaces = synth(stack).filter((o) => o.kind === 'Namespace');
    expect(namespaces).toHaveLength(1);
    expect(namespaces[0]!.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  it('Namespace rejects a name that is not a DNS-1123 label', () => {
    const stack = new Stack('shop');
    expect(() => new Namespace(stack, 'ns', { name: 'team.a' })).toThrow(
      "Namespace shop/ns: 'name' (\"team.a\") a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  });

  it('Namespace rejects bad labels, a bad Pod Security level and a version without a mode', () => {
    const stack = new Stack('shop');
    expect(() => new Namespace(stack, 'a', { labels: { team: 'not ok' } })).toThrow(
      "Namespace shop/a: 'labels[team]' Invalid value: \"not ok\": a valid label must be an empty string or consist of alphanumeric characters",
    );
    expect(() => new Namespace(stack, 'b', { podSecurity: { enforce: 'strict' as never } })).toThrow(
      "Namespace shop/b: 'podSecurity.enforce' (\"strict\") must be one of 'privileged', 'baseline', 'restricted'",
    );
    expect(() => new Namespace(stack, 'c', { podSecurity: { version: 'v1.31' } })).toThrow(
      "Namespace shop/c: 'podSecurity.version' (\"v1.31\") has no effect without 'enforce', 'audit' or 'warn'",
    );
    expect(() => new Namespace(stack, 'd', { podSecurity: { enforce: 'baseline', version: '1.31' } })).toThrow(
      "Namespace shop/d: 'podSecurity.version' (\"1.31\") must be 'latest' or a Kubernetes minor version such as 'v1.31'",
    );
  });
});
