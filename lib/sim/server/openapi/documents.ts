// The served OpenAPI v3 documents: the `/openapi/v3` root (one entry per served group-version
// with a content hash) and each group-version's document (paths plus components.schemas).
// Built-in documents are built once and cached; custom ones are rebuilt from their CRDs.
// Routing and HTTP are the handler's business (ServeOptions.openapi).

import { createHash } from 'node:crypto';
import type { ApiServer } from '../../api/api-server.ts';
import { modelOfKind, schemaNameOf } from '../../api/builtin-models.ts';
import { schemaOfVersion, type CrdSchema, type CustomResourceDefinition } from '../../api/crd-schema.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { resourcePaths } from './paths.ts';
import { builtinSchemas, customSchemaName, customSchemas, type Gvk, type SchemaObject } from './schemas.ts';

/** What the documents describe: the served resources and the CRD schema of each custom one. */
export interface OpenApiSource {
  resources(): readonly ResourceInfo[];
  /** The `openAPIV3Schema` of a custom kind's version. */
  customSchema?(info: ResourceInfo): CrdSchema | undefined;
}

/** An OpenAPI v3 document with its content hash. */
export interface HashedDocument {
  readonly document: Record<string, unknown>;
  readonly hash: string;
}

const builtinCache = new Map<string, HashedDocument>();

/** `api/v1` or `apis/<group>/<version>`: the document's key in the root listing. */
export function documentPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function hashOf(document: unknown): string {
  return createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
}

function finish(paths: Record<string, unknown>, schemas: Record<string, SchemaObject>): HashedDocument {
  const document = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
  return { document, hash: hashOf(document) };
}

function buildBuiltin(resources: readonly ResourceInfo[]): HashedDocument {
  const roots: Array<{ className: string; gvk: Gvk }> = [];
  const paths: Record<string, unknown> = {};
  const status = modelOfKind('v1', 'Status');
  if (status) roots.push({ className: status, gvk: { group: '', version: 'v1', kind: 'Status' } });
  for (const info of resources) {
    const gvk = { group: info.group, version: info.version, kind: info.kind };
    const cls = modelOfKind(info.apiVersion, info.kind);
    const listCls = modelOfKind(info.apiVersion, `${info.kind}List`);
    if (cls) roots.push({ className: cls, gvk });
    if (listCls) roots.push({ className: listCls, gvk: { ...gvk, kind: `${info.kind}List` } });
    if (info.scale) {
      const scale = modelOfKind('autoscaling/v1', 'Scale');
      if (scale) roots.push({ className: scale, gvk: { group: 'autoscaling', version: 'v1', kind: 'Scale' } });
    }
    Object.assign(paths, resourcePaths(info, cls ? schemaNameOf(cls) : 'io.k8s.apimachinery.pkg.runtime.RawExtension', listCls ? schemaNameOf(listCls) : undefined));
  }
  return finish(paths, builtinSchemas(roots));
}

function buildCustom(resources: readonly ResourceInfo[], source: OpenApiSource): HashedDocument {
  const paths: Record<string, unknown> = {};
  for (const info of resources) Object.assign(paths, resourcePaths(info, customSchemaName(info), undefined));
  return finish(paths, customSchemas(resources.map((info) => ({ info, schema: source.customSchema?.(info) }))));
}

/** The document of one served group-version, or undefined when nothing is served there. */
export function groupVersionDocument(source: OpenApiSource, group: string, version: string): HashedDocument | undefined {
  const resources = source.resources().filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  if (resources.some((r) => r.custom)) return buildCustom(resources, source);
  const key = `${documentPath(group, version)}|${resources.map((r) => r.plural).join(',')}`;
  let hit = builtinCache.get(key);
  if (!hit) builtinCache.set(key, (hit = buildBuiltin(resources)));
  return hit;
}

/** The `/openapi/v3` root: every served group-version's document URL, with its hash. */
export function openapiRoot(source: OpenApiSource): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const seen = new Set<string>();
  for (const r of source.resources()) {
    const path = documentPath(r.group, r.version);
    if (seen.has(path)) continue;
    seen.add(path);
    const doc = groupVersionDocument(source, r.group, r.version);
    if (doc) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${doc.hash}` };
  }
  return { paths };
}

/** The ServeOptions.openapi hook over a source: the root for no group, else that document. */
export function createOpenApi(source: OpenApiSource): (group: string | undefined, version: string | undefined) => unknown {
  return (group, version) => {
    if (group === undefined || version === undefined) return openapiRoot(source);
    return groupVersionDocument(source, group, version)?.document;
  };
}

/** The ServeOptions.openapi hook for an in-process API server (CRD schemas read from its store). */
export function openapiForApiServer(api: ApiServer): (group: string | undefined, version: string | undefined) => unknown {
  return createOpenApi({
    resources: () => api.resources.all(),
    customSchema: (info) => {
      const crd = api.tryGet<CustomResourceDefinition>({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: `${info.plural}.${info.group}` });
      return crd ? schemaOfVersion(crd, info.version) : undefined;
    },
  });
}
