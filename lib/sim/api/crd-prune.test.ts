import { describe, expect, it } from 'vitest';
import { applySchemaDefaults, pruneUnknownFields } from './crd-prune.ts';
import type { CrdSchema } from './crd-schema.ts';
import { readCorpus } from './crd-test-fixtures.ts';

const fooSchema = readCorpus('crd.yaml').spec.versions[0].schema.openAPIV3Schema as CrdSchema;

describe('pruneUnknownFields', () => {
  it('pruneUnknownFields() drops fields the schema does not name and returns their paths', () => {
    const foo = readCorpus('example-foo.yaml');
    foo.spec.bogus = true;
    foo.extra = { a: 1 };
    expect(pruneUnknownFields(foo, fooSchema)).toEqual(['spec.bogus', 'extra']);
    expect(foo).toEqual({ apiVersion: 'samplecontroller.k8s.io/v1alpha1', kind: 'Foo', metadata: { name: 'example-foo' }, spec: { deploymentName: 'example-foo', replicas: 1 } });
  });

  it('pruneUnknownFields() keeps apiVersion, kind and metadata at the root', () => {
    const obj = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a', labels: { b: 'c' } } };
    expect(pruneUnknownFields(obj, { type: 'object' })).toEqual([]);
    expect(obj.metadata.labels).toEqual({ b: 'c' });
  });

  it('pruneUnknownFields() keeps everything under x-kubernetes-preserve-unknown-fields but prunes known fields', () => {
    const schema: CrdSchema = {
      type: 'object',
      properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } } },
    };
    const obj = { spec: { anything: { deep: [1, { x: 2 }] }, known: { a: 'x', b: 'y' } } };
    expect(pruneUnknownFields(obj, schema)).toEqual(['spec.known.b']);
    expect(obj.spec).toEqual({ anything: { deep: [1, { x: 2 }] }, known: { a: 'x' } });
  });

  it('pruneUnknownFields() walks list items and additionalProperties maps', () => {
    const schema: CrdSchema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
            labels: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } },
          },
        },
      },
    };
    const obj = { spec: { items: [{ name: 'a', junk: 1 }], labels: { k: { v: 'x', w: 'y' } } } };
    expect(pruneUnknownFields(obj, schema)).toEqual(['spec.items[0].junk', 'spec.labels.k.w']);
  });

  it('pruneUnknownFields() keeps apiVersion, kind and metadata of embedded resources', () => {
    const schema: CrdSchema = {
      type: 'object',
      properties: { spec: { type: 'object', properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { data: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } } },
    };
    const obj = { spec: { template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' }, junk: 1 } } };
    expect(pruneUnknownFields(obj, schema)).toEqual(['spec.template.junk']);
    expect(obj.spec.template).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
  });

  it('pruneUnknownFields() silently drops nulls of non-nullable fields without defaults', () => {
    const schema: CrdSchema = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string', nullable: true } } } } };
    const obj = { spec: { a: null, b: null } };
    expect(pruneUnknownFields(obj, schema)).toEqual([]);
    expect(obj.spec).toEqual({ b: null });
  });
});

describe('applySchemaDefaults', () => {
  const schema: CrdSchema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        default: {},
        properties: {
          replicas: { type: 'integer', default: 1 },
          mode: { type: 'string', default: 'fast' },
          ports: { type: 'array', items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' } } } },
          limits: { type: 'object', additionalProperties: { type: 'object', properties: { max: { type: 'integer', default: 10 } } } },
        },
      },
    },
  };

  it('applySchemaDefaults() fills absent fields, nesting into a defaulted object', () => {
    const obj = applySchemaDefaults({ metadata: { name: 'a' } } as Record<string, unknown>, schema);
    expect(obj.spec).toEqual({ replicas: 1, mode: 'fast' });
  });

  it('applySchemaDefaults() keeps set values and defaults list items and map values', () => {
    const obj = applySchemaDefaults({ spec: { replicas: 3, ports: [{}, { protocol: 'UDP' }], limits: { cpu: {} } } }, schema);
    expect(obj.spec).toEqual({ replicas: 3, mode: 'fast', ports: [{ protocol: 'TCP' }, { protocol: 'UDP' }], limits: { cpu: { max: 10 } } });
  });

  it('applySchemaDefaults() replaces null in a non-nullable defaulted field but not in a nullable one', () => {
    const s: CrdSchema = { type: 'object', properties: { a: { type: 'string', default: 'x' }, b: { type: 'string', nullable: true, default: 'y' } } };
    expect(applySchemaDefaults({ a: null, b: null }, s)).toEqual({ a: 'x', b: null });
  });

  it('applySchemaDefaults() copies defaults instead of sharing them between objects', () => {
    const first = applySchemaDefaults({} as Record<string, any>, schema);
    first.spec.mode = 'changed';
    expect(applySchemaDefaults({} as Record<string, any>, schema).spec.mode).toBe('fast');
  });
});
