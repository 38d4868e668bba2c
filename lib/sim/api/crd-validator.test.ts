import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../k8s/validation/field-error.ts';
import type { CrdSchema } from './crd-schema.ts';
import { readCorpus } from './crd-test-fixtures.ts';
import { CustomResourceValidator, toAjvSchema } from './crd-validator.ts';

function check(schema: CrdSchema, obj: unknown): string[] {
  return new CustomResourceValidator(schema).validate(obj).map(formatFieldError);
}

function specSchema(properties: Record<string, CrdSchema>, required?: string[]): CrdSchema {
  return { type: 'object', properties: { spec: { type: 'object', properties, ...(required ? { required } : {}) } } };
}

const fooSchema = readCorpus('crd.yaml').spec.versions[0].schema.openAPIV3Schema as CrdSchema;

describe('CustomResourceValidator', () => {
  it('CustomResourceValidator accepts the corpus Foo example', () => {
    expect(check(fooSchema, readCorpus('example-foo.yaml'))).toEqual([]);
  });

  it('CustomResourceValidator reports a wrong type as the API server does', () => {
    const foo = readCorpus('example-foo.yaml');
    foo.spec.replicas = 'string';
    const errs = new CustomResourceValidator(fooSchema).validate(foo);
    expect(errs).toEqual([
      { type: 'FieldValueTypeInvalid', field: 'spec.replicas', message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"' },
    ]);
  });

  it('CustomResourceValidator reports minimum and maximum of the corpus Foo', () => {
    const foo = readCorpus('example-foo.yaml');
    foo.spec.replicas = 0;
    expect(check(fooSchema, foo)).toEqual(['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1']);
    foo.spec.replicas = 11;
    expect(check(fooSchema, foo)).toEqual(['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
  });

  it('CustomResourceValidator reports exclusive bounds and multipleOf', () => {
    const schema = specSchema({ ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true, multipleOf: 0.25 } });
    expect(check(schema, { spec: { ratio: 0 } })).toEqual(['spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0']);
    expect(check(schema, { spec: { ratio: 1 } })).toEqual(['spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1']);
    expect(check(schema, { spec: { ratio: 0.3 } })).toEqual(['spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.25']);
  });

  it('CustomResourceValidator reports a missing required field as Required value', () => {
    const schema = specSchema({ image: { type: 'string' } }, ['image']);
    expect(check(schema, { spec: {} })).toEqual(['spec.image: Required value']);
    expect(check({ type: 'object', required: ['spec'] }, { metadata: { name: 'x' } })).toEqual(['spec: Required value']);
  });

  it('CustomResourceValidator reports an enum miss with the supported values', () => {
    const schema = specSchema({ mode: { type: 'string', enum: ['a', 'b'] }, level: { type: 'integer', enum: [1, 2] } });
    expect(check(schema, { spec: { mode: 'x', level: 3 } })).toEqual([
      'spec.mode: Unsupported value: "x": supported values: "a", "b"',
      'spec.level: Unsupported value: 3: supported values: "1", "2"',
    ]);
  });

  it('CustomResourceValidator reports string length and pattern', () => {
    const schema = specSchema({ name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' } });
    expect(check(schema, { spec: { name: 'A' } })).toEqual([
      'spec.name: Invalid value: "A": spec.name in body should be at least 2 chars long',
      "spec.name: Invalid value: \"A\": spec.name in body should match '^[a-z]+$'",
    ]);
    expect(check(schema, { spec: { name: 'abcdefg' } })).toEqual(['spec.name: Too long: may not be longer than 5']);
  });

  it('CustomResourceValidator reports list sizes and item paths with indexes', () => {
    const schema = specSchema({ items: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'object', properties: { n: { type: 'integer' } } } } });
    expect(check(schema, { spec: { items: [] } })).toEqual(['spec.items: Invalid value: 0: spec.items in body should have at least 1 items']);
    expect(check(schema, { spec: { items: [{}, {}, {}] } })).toEqual(['spec.items: Too many: 3: must have at most 2 items']);
    expect(check(schema, { spec: { items: [{ n: 'x' }] } })).toEqual([
      'spec.items[0].n: Invalid value: "string": spec.items[0].n in body must be of type integer: "string"',
    ]);
  });

  it('CustomResourceValidator checks Kubernetes formats and ignores unknown ones', () => {
    const schema = specSchema({ at: { type: 'string', format: 'date-time' }, n: { type: 'integer', format: 'int32' }, x: { type: 'string', format: 'no-such-format' } });
    expect(check(schema, { spec: { at: '2024-01-02T03:04:05Z', n: 5, x: 'anything' } })).toEqual([]);
    expect(check(schema, { spec: { at: 'yesterday' } })).toEqual([
      'spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday"',
    ]);
  });

  it('CustomResourceValidator rejects null unless the field is nullable', () => {
    const schema = specSchema({ a: { type: 'string' }, b: { type: 'string', nullable: true } });
    expect(check(schema, { spec: { a: null, b: null } })).toEqual(['spec.a: Invalid value: "null": spec.a in body must be of type string: "null"']);
  });

  it('CustomResourceValidator accepts both forms of x-kubernetes-int-or-string', () => {
    const schema = specSchema({ port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } });
    expect(check(schema, { spec: { port: 80 } })).toEqual([]);
    expect(check(schema, { spec: { port: 'http' } })).toEqual([]);
    expect(check(schema, { spec: { port: true } })).toEqual([
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    ]);
  });

  it('CustomResourceValidator reports a failed anyOf at the <nil> path, then the closest branch', () => {
    const schema = specSchema({ size: { type: 'string', anyOf: [{ pattern: '^[0-9]+$' }, { enum: ['small', 'large'] }] } });
    expect(check(schema, { spec: { size: 'medium' } })).toEqual([
      '<nil>: Invalid value: "": "spec.size" must validate at least one schema (anyOf)',
      "spec.size: Invalid value: \"medium\": spec.size in body should match '^[0-9]+$'",
    ]);
  });

  it('CustomResourceValidator reports duplicates in set and map lists', () => {
    const schema = specSchema({
      tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      ports: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
      },
    });
    const obj = { spec: { tags: ['a', 'b', 'a'], ports: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] } };
    expect(check(schema, obj)).toEqual([
      'spec.tags[2]: Duplicate value: "a"',
      'spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}',
    ]);
  });

  it('CustomResourceValidator requires apiVersion and kind in embedded resources', () => {
    const schema = specSchema({ template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } });
    expect(check(schema, { spec: { template: { metadata: {} } } })).toEqual(['spec.template.apiVersion: Required value', 'spec.template.kind: Required value']);
    expect(check(schema, { spec: { template: { apiVersion: 'v1', kind: 'ConfigMap' } } })).toEqual([]);
  });

  it('CustomResourceValidator ignores x-kubernetes-validations (CEL is not evaluated)', () => {
    const schema = specSchema({ a: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 5' }] } });
    expect(check(schema, { spec: { a: 1 } })).toEqual([]);
  });

  it('CustomResourceValidator checks only name and generateName in the root metadata schema', () => {
    const schema: CrdSchema = { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } } } };
    expect(check(schema, { metadata: { name: 'toolong', labels: { a: 'b' } } })).toEqual(['metadata.name: Too long: may not be longer than 5']);
  });
});

describe('toAjvSchema', () => {
  it('toAjvSchema() turns OpenAPI extensions into plain JSON Schema', () => {
    expect(
      toAjvSchema({ type: 'integer', nullable: true, minimum: 0, exclusiveMinimum: true, format: 'int64', 'x-kubernetes-list-type': 'atomic', default: 3 }),
    ).toEqual({ type: ['integer', 'null'], exclusiveMinimum: 0 });
  });
});
