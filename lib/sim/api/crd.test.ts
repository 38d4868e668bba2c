import { describe, expect, it } from 'vitest';
import type { KindInfo } from '../../k8s/kinds.ts';
import { formatFieldError } from '../../k8s/validation/field-error.ts';
import { CustomResourceRegistry, formatStrictDecodingError, formatUnknownField, servedKindsOf } from './crd.ts';
import type { CustomResourceDefinition } from './crd-schema.ts';
import { makeCrd, readCorpus, readCronTabCrd } from './crd-test-fixtures.ts';
import { apiApprovalOf, validateCrd } from './crd-validation.ts';

const fooCrd = readCorpus('crd-status-subresource.yaml') as CustomResourceDefinition;

const replicaSchema = {
  openAPIV3Schema: {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { replicas: { type: 'integer', minimum: 0 }, mode: { type: 'string', enum: ['a', 'b'], default: 'a' } }, required: ['replicas'] },
      status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
    },
  },
};

function multiVersionCrd(): CustomResourceDefinition {
  return makeCrd({
    scope: 'Cluster',
    shortNames: ['wd'],
    categories: ['all'],
    versions: [
      { name: 'v1beta1', served: true, storage: false, deprecated: true, deprecationWarning: 'use v1', schema: replicaSchema },
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: replicaSchema,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
      },
      { name: 'v0', served: false, storage: false, schema: replicaSchema },
    ],
  });
}

describe('servedKindsOf', () => {
  it('servedKindsOf() describes the corpus Foo as a namespaced kind with a status subresource', () => {
    const [foo, ...rest] = servedKindsOf(fooCrd);
    expect(rest).toEqual([]);
    expect(foo).toMatchObject({
      group: 'samplecontroller.k8s.io',
      version: 'v1alpha1',
      apiVersion: 'samplecontroller.k8s.io/v1alpha1',
      kind: 'Foo',
      plural: 'foos',
      singular: 'foo',
      listKind: 'FooList',
      namespaced: true,
      shortNames: [],
      categories: [],
      wave: 5,
      nameRule: 'subdomain',
      subresources: ['status'],
      storage: true,
      crdName: 'foos.samplecontroller.k8s.io',
    });
    expect(foo?.verbs).toContain('watch');
    expect(foo?.schema?.properties?.spec?.properties?.replicas).toEqual({ type: 'integer', minimum: 1, maximum: 10 });
  });

  it('servedKindsOf() lists only served versions of a cluster-scoped CRD, with scale paths', () => {
    const kinds = servedKindsOf(multiVersionCrd());
    expect(kinds.map((k) => [k.apiVersion, k.storage, k.namespaced])).toEqual([
      ['example.com/v1beta1', false, false],
      ['example.com/v1', true, false],
    ]);
    expect(kinds[0]).toMatchObject({ deprecated: true, deprecationWarning: 'use v1', subresources: [], shortNames: ['wd'], categories: ['all'] });
    expect(kinds[1]?.subresources).toEqual(['status', 'scale']);
    expect(kinds[1]?.scale).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' });
  });

  it('servedKindsOf() serves the corpus CronTab as stable.example.com/v1 with short name ct', () => {
    const crd = readCronTabCrd() as CustomResourceDefinition;
    expect(validateCrd(crd)).toEqual([]);
    expect(apiApprovalOf(crd).state).toBe('NotProtected');
    expect(servedKindsOf(crd).map((k) => [k.apiVersion, k.kind, k.namespaced, k.shortNames])).toEqual([['stable.example.com/v1', 'CronTab', true, ['ct']]]);
  });

  it('servedKindsOf() entries are usable wherever a built-in KindInfo is', () => {
    const asKind: KindInfo[] = servedKindsOf(fooCrd);
    expect(asKind[0]?.installOrder).toBeGreaterThan(0);
  });
});

describe('CustomResourceRegistry', () => {
  it('CustomResourceRegistry finds a registered kind by apiVersion/kind and by resource', () => {
    const registry = new CustomResourceRegistry();
    registry.register(fooCrd);
    expect(registry.tryFind('samplecontroller.k8s.io/v1alpha1', 'Foo')?.plural).toBe('foos');
    expect(registry.tryFind('samplecontroller.k8s.io/v1', 'Foo')).toBeUndefined();
    expect(registry.tryFindResource('samplecontroller.k8s.io', 'v1alpha1', 'foos')?.kind).toBe('Foo');
    expect(registry.resolveName('foo')?.kind).toBe('Foo');
    expect(registry.resolveName('foos.samplecontroller.k8s.io')?.kind).toBe('Foo');
    expect(registry.list()).toHaveLength(1);
  });

  it('CustomResourceRegistry re-registering a CRD replaces its kinds, and unregister stops serving them', () => {
    const registry = new CustomResourceRegistry();
    registry.register(readCorpus('crd-status-subresource.yaml') as CustomResourceDefinition);
    registry.register(readCorpus('crd.yaml') as CustomResourceDefinition);
    expect(registry.list().map((k) => k.subresources)).toEqual([[]]);
    expect(registry.unregister('foos.samplecontroller.k8s.io')).toBe(true);
    expect(registry.tryFind('samplecontroller.k8s.io/v1alpha1', 'Foo')).toBeUndefined();
    expect(registry.unregister('foos.samplecontroller.k8s.io')).toBe(false);
  });

  it('CustomResourceRegistry does not serve a CRD whose names another CRD already uses', () => {
    const registry = new CustomResourceRegistry();
    registry.register(makeCrd());
    const clash = makeCrd({ plural: 'gadgets' });
    clash.spec = { ...clash.spec, names: { ...clash.spec.names, singular: 'gadget' } };
    expect(registry.checkNames(clash)).toEqual({ reason: 'KindConflict', message: '"Widget" is already in use' });
    expect(registry.register(clash)).toEqual([]);
    expect(registry.checkNames(makeCrd({ kind: 'Gadget', plural: 'widget' }))).toEqual({ reason: 'PluralConflict', message: '"widget" is already in use' });
  });

  it('CustomResourceRegistry.validate() accepts the corpus Foo and rejects an out-of-range replicas', () => {
    const registry = new CustomResourceRegistry();
    registry.register(fooCrd);
    expect(registry.validate(readCorpus('example-foo.yaml'))).toEqual([]);
    const foo = readCorpus('example-foo.yaml');
    foo.spec.replicas = 20;
    expect(registry.validate(foo).map(formatFieldError)).toEqual(['spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10']);
  });

  it('CustomResourceRegistry.admit() prunes, then defaults, then validates against the object version', () => {
    const registry = new CustomResourceRegistry();
    registry.register(multiVersionCrd());
    const obj: Record<string, any> = { apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: -1, bogus: 1, mode: null } };
    const result = registry.admit(obj);
    expect(result.unknownFields).toEqual(['spec.bogus']);
    expect(obj.spec).toEqual({ replicas: -1, mode: 'a' });
    expect(result.errors.map(formatFieldError)).toEqual(['spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0']);
    expect(registry.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} }).map(formatFieldError)).toEqual([
      'spec.replicas: Required value',
    ]);
  });

  it('CustomResourceRegistry.admit() throws for a kind no CRD serves', () => {
    const registry = new CustomResourceRegistry();
    expect(() => registry.admit({ apiVersion: 'example.com/v1', kind: 'Widget' })).toThrow(new TypeError('no custom resource kind Widget is served in example.com/v1'));
  });
});

describe('unknown field messages', () => {
  it('formatUnknownField() and formatStrictDecodingError() word pruned fields as the API server does', () => {
    expect(formatUnknownField('spec.bogus')).toBe('unknown field "spec.bogus"');
    expect(formatStrictDecodingError({ kind: 'Foo', version: 'v1alpha1' }, ['spec.bogus', 'spec.x'])).toBe(
      'Foo in version "v1alpha1" cannot be handled as a Foo: strict decoding error: unknown field "spec.bogus", unknown field "spec.x"',
    );
  });
});
