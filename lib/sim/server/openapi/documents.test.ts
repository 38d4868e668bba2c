import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../k8s/types.ts';
import { createApi, thaw, widgetCrd } from '../../api/test-objects.ts';
import { openapiForApiServer } from './documents.ts';
import { parseModelDocs } from './model-docs.ts';

type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Record<string, any>> } };

function refsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.add(v.replace('#/components/schemas/', ''));
      else refsIn(v, out);
    }
  }
  return out;
}

describe('OpenAPI v3 documents', () => {
  it('openapiForApiServer() lists every served group-version with a hashed URL', () => {
    const root = openapiForApiServer(createApi())(undefined, undefined) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(root.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/autoscaling/v1', 'apis/autoscaling/v2', 'apis/rbac.authorization.k8s.io/v1']));
    expect(root.paths['apis/apps/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('a group-version document has a patch operation per kind with its GVK and the fieldValidation parameter, without strategic merge', () => {
    const doc = openapiForApiServer(createApi())('apps', 'v1') as Doc;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
    expect(Object.keys(patch.requestBody.content)).toEqual(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
    const core = openapiForApiServer(createApi())('', 'v1') as Doc;
    expect(core.paths['/api/v1/namespaces/{name}']!.patch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Namespace' });
    expect(openapiForApiServer(createApi())('example.com', 'v1')).toBeUndefined();
  });

  it('a group-version document carries component schemas for kubectl explain, every $ref resolving', () => {
    const doc = openapiForApiServer(createApi())('apps', 'v1') as Doc;
    const schemas = doc.components.schemas;
    expect(schemas['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(schemas['io.k8s.api.apps.v1.DeploymentSpec']!.properties.replicas).toEqual({
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      type: 'integer',
      format: 'int32',
    });
    expect(schemas['io.k8s.api.apps.v1.DeploymentSpec']!.required).toEqual(['selector', 'template']);
    expect(schemas['io.k8s.api.core.v1.PodSpec']!.properties.containers.items).toEqual({ default: {}, allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] });
    expect(schemas['io.k8s.api.core.v1.ServicePort']).toBeUndefined();
    expect(schemas['io.k8s.api.core.v1.ContainerPort']!.properties.hostIP.description).toBe('What host IP to bind the external port to.');
    expect([...refsIn(doc)].filter((r) => !(r in schemas))).toEqual([]);
  });

  it('custom kinds get a document from their CRD schema, and the root hash changes when the CRD does', () => {
    const api = createApi();
    const openapi = openapiForApiServer(api);
    api.create(widgetCrd());
    const before = (openapi(undefined, undefined) as { paths: Record<string, { serverRelativeURL: string }> }).paths['apis/example.com/v1']!.serverRelativeURL;
    const doc = openapi('example.com', 'v1') as Doc;
    expect(doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']!.patch['x-kubernetes-group-version-kind']).toEqual({ group: 'example.com', version: 'v1', kind: 'Widget' });
    const widget = doc.components.schemas['com.example.v1.Widget']!;
    expect(widget['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.com', version: 'v1', kind: 'Widget' }]);
    expect(Object.keys(widget.properties)).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec']));
    expect([...refsIn(doc)].filter((r) => !(r in doc.components.schemas))).toEqual([]);

    const crd = thaw(api.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'widgets.example.com' })) as Record<string, any>;
    crd.spec.versions[0].schema.openAPIV3Schema.properties.extra = { type: 'string' };
    api.update(crd as KubeObject);
    const after = (openapi(undefined, undefined) as { paths: Record<string, { serverRelativeURL: string }> }).paths['apis/example.com/v1']!.serverRelativeURL;
    expect(after).not.toBe(before);
  });

  it('parseModelDocs() reads class and field descriptions and required fields from a generated .d.ts', () => {
    const docs = parseModelDocs(`/**\n * header\n */\nimport { X } from './X.js';\n/**\n* A thing.\n*/\nexport declare class V1Thing {\n    /**\n    * The \\"size\\".\n    */\n    'size'?: number;\n    'name': string;\n}`);
    expect(docs.description).toBe('A thing.');
    expect([...docs.fields]).toEqual([['size', 'The "size".']]);
    expect([...docs.required]).toEqual(['name']);
  });
});
