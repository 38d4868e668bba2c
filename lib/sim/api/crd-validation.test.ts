import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../k8s/validation/field-error.ts';
import { crdWithSchema, makeCrd, readCorpus } from './crd-test-fixtures.ts';
import { apiApprovalOf, defaultCrd, validateCrd } from './crd-validation.ts';

function messages(crd: unknown): string[] {
  return validateCrd(crd).map(formatFieldError);
}

describe('validateCrd', () => {
  it('validateCrd() accepts both sample-controller CRDs from the corpus', () => {
    expect(validateCrd(readCorpus('crd.yaml'))).toEqual([]);
    expect(validateCrd(readCorpus('crd-status-subresource.yaml'))).toEqual([]);
  });

  it('validateCrd() accepts a cluster-scoped CRD with several versions and one storage version', () => {
    const schema = { type: 'object' };
    const crd = makeCrd({
      scope: 'Cluster',
      versions: [
        { name: 'v1alpha1', served: true, storage: false, schema: { openAPIV3Schema: schema } },
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } },
      ],
    });
    expect(validateCrd(crd)).toEqual([]);
  });

  it('validateCrd() requires metadata.name to be <plural>.<group>', () => {
    const crd = makeCrd();
    crd.metadata.name = 'foo.example.com';
    expect(messages(crd)).toEqual(['metadata.name: Invalid value: "foo.example.com": must be spec.names.plural+"."+spec.group']);
  });

  it('validateCrd() requires a group with at least one dot', () => {
    const crd = makeCrd({ group: 'example' });
    expect(messages(crd)).toEqual(['spec.group: Invalid value: "example": should be a domain with at least one dot']);
  });

  it('validateCrd() rejects an unknown scope with the supported values', () => {
    expect(messages(makeCrd({ scope: 'Global' }))).toEqual(['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']);
  });

  it('validateCrd() requires exactly one storage version', () => {
    const schema = { openAPIV3Schema: { type: 'object' } };
    const none = makeCrd({ versions: [{ name: 'v1', served: true, storage: false, schema }] });
    const two = makeCrd({
      versions: [
        { name: 'v1', served: true, storage: true, schema },
        { name: 'v2', served: true, storage: true, schema },
      ],
    });
    const [noneErr] = messages(none);
    expect(noneErr).toMatch(/^spec\.versions: Invalid value: .*: must have exactly one version marked as storage version$/);
    expect(messages(two)[0]).toMatch(/must have exactly one version marked as storage version$/);
    expect(messages(makeCrd({ versions: [] }))).toEqual([
      'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion(nil): must have exactly one version marked as storage version',
    ]);
  });

  it('validateCrd() rejects duplicate and malformed version names', () => {
    const schema = { openAPIV3Schema: { type: 'object' } };
    const crd = makeCrd({
      versions: [
        { name: 'V1', served: true, storage: true, schema },
        { name: 'V1', served: true, storage: false, schema },
      ],
    });
    const errs = messages(crd);
    expect(errs[0]).toMatch(/^spec\.versions\[0\]\.name: Invalid value: "V1": a DNS-1035 label must consist of/);
    expect(errs[2]).toMatch(/^spec\.versions: Invalid value: .*: must contain unique version names$/);
  });

  it('validateCrd() requires an openAPIV3Schema for every version', () => {
    const crd = makeCrd({ versions: [{ name: 'v1', served: true, storage: true }] });
    expect(messages(crd)).toEqual(['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
  });

  it('validateCrd() requires type object at the root of the schema', () => {
    expect(messages(crdWithSchema({}))).toEqual(['spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root']);
    expect(messages(crdWithSchema({ type: 'string' }))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root',
    ]);
  });

  it('validateCrd() reports structural-schema violations sorted by text', () => {
    const schema = {
      type: 'object',
      additionalProperties: { type: 'string' },
      properties: { spec: { properties: { list: { type: 'array' } } } },
    };
    expect(messages(crdWithSchema(schema))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
      'spec.versions[0].schema.openAPIV3Schema.additionalProperties: Forbidden: must not be used at the root',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[list].items: Required value: must be specified',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    ]);
  });

  it('validateCrd() accepts untyped nodes that preserve unknown fields or are int-or-string', () => {
    const schema = {
      type: 'object',
      properties: { spec: { 'x-kubernetes-preserve-unknown-fields': true }, port: { 'x-kubernetes-int-or-string': true } },
    };
    expect(validateCrd(crdWithSchema(schema))).toEqual([]);
  });

  it('validateCrd() rejects invalid types, uniqueItems and $ref', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'text' }, b: { type: 'array', items: { type: 'string' }, uniqueItems: true }, c: { $ref: '#/x' } },
    } as never;
    expect(messages(crdWithSchema(schema))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[a].type: Unsupported value: "text": supported values: "array", "boolean", "integer", "number", "object", "string"',
      'spec.versions[0].schema.openAPIV3Schema.properties[b].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      'spec.versions[0].schema.openAPIV3Schema.properties[c].$ref: Forbidden: $ref is not supported',
      'spec.versions[0].schema.openAPIV3Schema.properties[c].type: Required value: must not be empty for specified object fields',
    ]);
  });

  it('validateCrd() requires map lists to name their keys', () => {
    const schema = {
      type: 'object',
      properties: { ports: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object', properties: { name: { type: 'string' } } } } },
    };
    expect(messages(crdWithSchema(schema))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map',
    ]);
  });

  it('validateCrd() checks that defaults validate against their schema', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer', minimum: 1, default: 0 } } } } };
    expect(messages(crdWithSchema(schema))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: 0:  in body should be greater than or equal to 1',
    ]);
  });

  it('validateCrd() forbids defaults in top-level metadata', () => {
    const schema = { type: 'object', properties: { metadata: { type: 'object', default: {} } } };
    expect(messages(crdWithSchema(schema))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[metadata].default: Forbidden: must not be set in top-level metadata',
    ]);
  });

  it('validateCrd() checks scale subresource paths', () => {
    const crd = makeCrd({
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object' } },
          subresources: { scale: { specReplicasPath: '.status.replicas', statusReplicasPath: 'status.replicas', labelSelectorPath: '.metadata.labels' } },
        },
      ],
    });
    expect(messages(crd)).toEqual([
      'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.versions[0].subresources.scale.statusReplicasPath: Invalid value: "status.replicas": must be a simple json path starting with .',
      'spec.versions[0].subresources.scale.labelSelectorPath: Invalid value: ".metadata.labels": should be a json path under either .spec or .status',
    ]);
  });

  it('validateCrd() requires kind and plural and checks name formats', () => {
    const crd = makeCrd({ kind: '', plural: 'Widgets', shortNames: ['w_1'] });
    crd.metadata.name = 'Widgets.example.com';
    const errs = messages(crd);
    expect(errs).toContain('spec.names.kind: Required value');
    expect(errs).toContain('spec.names.singular: Required value');
    expect(errs.some((e) => e.startsWith('spec.names.plural: Invalid value: "Widgets": a DNS-1035 label'))).toBe(true);
    expect(errs.some((e) => e.startsWith('spec.names.shortNames[0]: Invalid value: "w_1": a DNS-1035 label'))).toBe(true);
  });

  it('validateCrd() needs API approval for protected groups', () => {
    const crd = readCorpus('crd.yaml');
    delete crd.metadata.annotations;
    expect(messages(crd)).toEqual([
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    crd.metadata.annotations = { 'api-approved.kubernetes.io': 'maybe' };
    expect(messages(crd)).toEqual([
      'metadata.annotations[api-approved.kubernetes.io]: Invalid value: "maybe": protected groups must have approval annotation "api-approved.kubernetes.io" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
  });

  it('validateCrd() rejects spec.preserveUnknownFields: true', () => {
    const crd = makeCrd() as unknown as { spec: Record<string, unknown> };
    crd.spec.preserveUnknownFields = true;
    expect(messages(crd)).toEqual([
      'spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ]);
  });
});

describe('apiApprovalOf', () => {
  it('apiApprovalOf() reports the corpus CRD as bypassed with reason UnapprovedAnnotation', () => {
    const approval = apiApprovalOf(readCorpus('crd.yaml'));
    expect(approval.state).toBe('Bypassed');
    expect(approval.reason).toBe('UnapprovedAnnotation');
    expect(approval.message).toMatch(/^not approved: "unapproved, experimental-only;/);
  });

  it('apiApprovalOf() approves a URL and ignores unprotected groups', () => {
    const crd = makeCrd({ group: 'stable.k8s.io' });
    crd.metadata.annotations = { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/kubernetes/pull/78458' };
    expect(apiApprovalOf(crd)).toEqual({ state: 'Approved', reason: 'ApprovedAnnotation', message: 'approved in https://github.com/kubernetes/kubernetes/pull/78458' });
    expect(apiApprovalOf(makeCrd()).state).toBe('NotProtected');
  });
});

describe('defaultCrd', () => {
  it('defaultCrd() fills in singular, listKind and conversion strategy None', () => {
    const crd = defaultCrd(readCorpus('crd.yaml'));
    expect(crd.spec.names).toEqual({ kind: 'Foo', plural: 'foos', singular: 'foo', listKind: 'FooList' });
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
  });
});
