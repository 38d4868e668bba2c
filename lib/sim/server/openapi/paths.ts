// The `paths` of a served OpenAPI v3 group-version document: per resource, the collection, item,
// status and scale paths with upstream-shaped operations. Every write carries the
// `fieldValidation` parameter and its GVK, which is what kubectl looks for before a write.
// Patch bodies list json-patch, merge-patch and apply-patch, never strategic merge (so kubectl
// computes strategic patches from its compiled-in types, not from these partial schemas).

import type { ResourceInfo } from '../../api/resources.ts';
import { PATCH_SCHEMA, refTo, type Gvk, type SchemaObject } from './schemas.ts';

type Json = Record<string, unknown>;

function queryParam(name: string, description: string, type = 'string'): Json {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const PRETTY = queryParam('pretty', "If 'true', then the output is pretty printed.");
const DRY_RUN = queryParam('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = queryParam('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const FIELD_VALIDATION = queryParam(
  'fieldValidation',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
);
const FORCE = queryParam('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const LIST_PARAMS = [
  queryParam('labelSelector', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  queryParam('fieldSelector', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  queryParam('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
  queryParam('continue', 'The continue option should be set when retrieving more results from the server.'),
  queryParam('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  queryParam('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.', 'boolean'),
  queryParam('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK".', 'boolean'),
  queryParam('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
];
const DELETE_PARAMS = [DRY_RUN, queryParam('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'), queryParam('propagationPolicy', 'Whether and how garbage collection will be performed.')];

function pathParam(name: string, description: string): Json {
  return { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } };
}

function camel(s: string): string {
  return s.split(/[.-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** The operation id's group part (`AppsV1`, `RbacAuthorizationV1`, `CoreV1`). */
function groupVersionId(info: ResourceInfo): string {
  const group = info.group === '' ? 'core' : info.group.replace(/\.k8s\.io$/, '');
  return `${camel(group)}${camel(info.version)}`;
}

/** The operation tag (`apps_v1`, `core_v1`, `rbacAuthorization_v1`). */
function tagOf(info: ResourceInfo): string {
  const group = camel(info.group === '' ? 'core' : info.group.replace(/\.k8s\.io$/, ''));
  return `${group.charAt(0).toLowerCase()}${group.slice(1)}_${info.version}`;
}

function content(schema: SchemaObject, types: readonly string[]): Json {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

interface OperationSpec {
  readonly verb: string;
  readonly action: string;
  readonly description: string;
  readonly gvk: Gvk;
  readonly response: SchemaObject;
  readonly params: readonly Json[];
  readonly body?: Json;
  readonly created?: boolean;
}

function operation(info: ResourceInfo, idSuffix: string, o: OperationSpec): Json {
  const ok = { description: 'OK', content: content(o.response, ['application/json', 'application/yaml']) };
  return {
    tags: [tagOf(info)],
    description: o.description,
    operationId: `${o.verb}${groupVersionId(info)}${idSuffix}`,
    parameters: o.params,
    ...(o.body ? { requestBody: { content: o.body, required: true } } : {}),
    responses: { '200': ok, ...(o.created ? { '201': { ...ok, description: 'Created' } } : {}), '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': o.action,
    'x-kubernetes-group-version-kind': o.gvk,
  };
}

const WRITE_BODY_TYPES = ['*/*'];
const PATCH_BODY_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

/** The read, replace and patch operations of an item path whose body is `schema` of `gvk`. */
function itemOperations(info: ResourceInfo, idSuffix: string, what: string, gvk: Gvk, schema: SchemaObject): Json {
  const common = { gvk, response: schema };
  return {
    get: operation(info, idSuffix, { ...common, verb: 'read', action: 'get', description: `read ${what}`, params: [] }),
    put: operation(info, idSuffix, { ...common, verb: 'replace', action: 'put', description: `replace ${what}`, params: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], body: content(schema, WRITE_BODY_TYPES), created: true }),
    patch: operation(info, idSuffix, {
      ...common, verb: 'patch', action: 'patch', description: `partially update ${what}`, params: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE], body: content(refTo(PATCH_SCHEMA), PATCH_BODY_TYPES), created: true,
    }),
  };
}

/** The paths of one resource, keyed by URL template. */
export function resourcePaths(info: ResourceInfo, kindSchema: string, listSchema: string | undefined): Record<string, Json> {
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const collection = info.namespaced ? `${base}/namespaces/{namespace}/${info.plural}` : `${base}/${info.plural}`;
  const scope = info.namespaced ? 'Namespaced' : '';
  const gvk: Gvk = { group: info.group, version: info.version, kind: info.kind };
  const schema = refTo(kindSchema);
  const list = listSchema ? refTo(listSchema) : { type: 'object' };
  const nsParams = info.namespaced ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')] : [];
  const nameParam = pathParam('name', `name of the ${info.kind}`);
  const paths: Record<string, Json> = {
    [collection]: {
      get: operation(info, `${scope}${info.kind}`, { verb: 'list', action: 'list', description: `list or watch objects of kind ${info.kind}`, gvk, response: list, params: LIST_PARAMS }),
      post: operation(info, `${scope}${info.kind}`, { verb: 'create', action: 'post', description: `create a ${info.kind}`, gvk, response: schema, params: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], body: content(schema, WRITE_BODY_TYPES), created: true }),
      delete: operation(info, `Collection${scope}${info.kind}`, { verb: 'delete', action: 'deletecollection', description: `delete collection of ${info.kind}`, gvk, response: refTo('io.k8s.apimachinery.pkg.apis.meta.v1.Status'), params: [...LIST_PARAMS, ...DELETE_PARAMS] }),
      parameters: [...nsParams, PRETTY],
    },
    [`${collection}/{name}`]: {
      ...itemOperations(info, `${scope}${info.kind}`, `the specified ${info.kind}`, gvk, schema),
      delete: operation(info, `${scope}${info.kind}`, { verb: 'delete', action: 'delete', description: `delete a ${info.kind}`, gvk, response: refTo('io.k8s.apimachinery.pkg.apis.meta.v1.Status'), params: DELETE_PARAMS }),
      parameters: [nameParam, ...nsParams, PRETTY],
    },
  };
  if (info.namespaced) {
    paths[`${base}/${info.plural}`] = {
      get: operation(info, `${info.kind}ForAllNamespaces`, { verb: 'list', action: 'list', description: `list or watch objects of kind ${info.kind}`, gvk, response: list, params: LIST_PARAMS }),
      parameters: [PRETTY],
    };
  }
  if (info.hasStatus) {
    paths[`${collection}/{name}/status`] = { ...itemOperations(info, `${scope}${info.kind}Status`, `status of the specified ${info.kind}`, gvk, schema), parameters: [nameParam, ...nsParams, PRETTY] };
  }
  if (info.scale) {
    const scaleGvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    paths[`${collection}/{name}/scale`] = { ...itemOperations(info, `${scope}${info.kind}Scale`, `scale of the specified ${info.kind}`, scaleGvk, refTo('io.k8s.api.autoscaling.v1.Scale')), parameters: [nameParam, ...nsParams, PRETTY] };
  }
  return paths;
}
