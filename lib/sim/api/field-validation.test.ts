import { describe, expect, it } from 'vitest';
import { findModel, modelOfKind, parseModelType, schemaNameOf } from './builtin-models.ts';
import { formatStrictDecodingError } from './crd.ts';
import { checkUnknownFields, dropUnknownFields, formatUnknownFieldWarnings } from './field-validation.ts';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', custom: false } as const;

function deployment(extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'a/b': 'c' }, creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1' } }, ...container }] },
      },
      ...extra,
    },
  };
}

describe('checkUnknownFields', () => {
  it('checkUnknownFields() finds nothing in a well-formed Deployment', () => {
    expect(checkUnknownFields(deployment(), DEPLOYMENT)).toEqual([]);
  });

  it('checkUnknownFields() names unknown fields by path, with list indexes, in document order', () => {
    const obj = deployment({ bogusField: 1 }, { bogus: true });
    (obj.metadata as Record<string, unknown>).nme = 'x';
    expect(checkUnknownFields(obj, DEPLOYMENT)).toEqual(['metadata.nme', 'spec.template.spec.containers[0].bogus', 'spec.bogusField']);
  });

  it('checkUnknownFields() leaves free-form values, maps and mistyped values alone', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } }] },
    };
    expect(checkUnknownFields(crd, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', custom: false })).toEqual([]);
    expect(checkUnknownFields(deployment({ template: 'not-an-object' }), DEPLOYMENT)).toEqual([]);
  });

  it('checkUnknownFields() checks nothing for custom resources and unknown kinds', () => {
    expect(checkUnknownFields({ spec: { anything: 1 } }, { apiVersion: 'example.com/v1', kind: 'Widget', custom: true })).toEqual([]);
    expect(checkUnknownFields({ spec: { anything: 1 } }, { apiVersion: 'example.com/v1', kind: 'Widget', custom: false })).toEqual([]);
  });

  it('dropUnknownFields() removes what checkUnknownFields() names, in place, or only below one top-level field', () => {
    const obj = deployment({ bogusField: 1 }, { bogus: true }) as Record<string, any>;
    obj.status = { replicas: 1, bogusStatus: 2 };
    const status = dropUnknownFields(structuredClone(obj), DEPLOYMENT, 'status');
    expect(status).toEqual(['status.bogusStatus']);
    expect(dropUnknownFields(obj, DEPLOYMENT)).toEqual(['spec.template.spec.containers[0].bogus', 'spec.bogusField', 'status.bogusStatus']);
    expect(checkUnknownFields(obj, DEPLOYMENT)).toEqual([]);
    expect([obj.spec.bogusField, obj.spec.template.spec.containers[0].bogus, obj.status]).toEqual([undefined, undefined, { replicas: 1 }]);
  });

  it('formatStrictDecodingError() and formatUnknownFieldWarnings() give the Strict and Warn answers', () => {
    const paths = checkUnknownFields(deployment({ bogusField: 1 }), DEPLOYMENT);
    expect(formatStrictDecodingError({ kind: 'Deployment', version: 'v1' }, paths)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogusField"',
    );
    expect(formatUnknownFieldWarnings(paths)).toEqual(['299 - "unknown field \\"spec.bogusField\\""']);
  });
});

describe('builtin models', () => {
  it('modelOfKind() finds the client-node class of every served kind spelling', () => {
    expect(modelOfKind('apps/v1', 'Deployment')).toBe('V1Deployment');
    expect(modelOfKind('v1', 'Event')).toBe('CoreV1Event');
    expect(modelOfKind('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe('V2HorizontalPodAutoscaler');
    expect(modelOfKind('example.com/v1', 'Widget')).toBeUndefined();
  });

  it('schemaNameOf() gives upstream OpenAPI names, placing shared types in their own group', () => {
    expect(schemaNameOf('V1Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(schemaNameOf('V1PodTemplateSpec')).toBe('io.k8s.api.core.v1.PodTemplateSpec');
    expect(schemaNameOf('V1ObjectMeta')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(schemaNameOf('RbacV1Subject')).toBe('io.k8s.api.rbac.v1.Subject');
    expect(schemaNameOf('V1TopologySelectorTerm')).toBe('io.k8s.api.core.v1.TopologySelectorTerm');
    expect(schemaNameOf('V1JSONSchemaProps')).toBe('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps');
  });

  it('parseModelType() reads client-node type strings', () => {
    expect(parseModelType('Array<V1Container>')).toEqual({ kind: 'array', items: { kind: 'model', model: 'V1Container' } });
    expect(parseModelType('{ [key: string]: string; }')).toEqual({ kind: 'map', values: { kind: 'string' } });
    expect(parseModelType('number', 'int64')).toEqual({ kind: 'integer', format: 'int64' });
    expect(parseModelType('IntOrString')).toEqual({ kind: 'int-or-string' });
    expect(findModel('V1DeploymentSpec')?.fields.get('replicas')?.type).toEqual({ kind: 'integer', format: 'int32' });
  });
});
