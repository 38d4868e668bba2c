// The shapes of the built-in kinds: field tables of @kubernetes/client-node's generated model
// classes, read from builtin-models.generated.json (made by generate-builtin-models.ts, so a run
// never loads client-node's ~700 model modules), with upstream schema names
// (`io.k8s.api.apps.v1.Deployment`). Shared by field validation and the OpenAPI documents.
// No validation or document building here; custom resources are not described.

import { readFileSync } from 'node:fs';
import { BUILTIN_KINDS, ALSO_SERVED, splitApiVersion } from '../../k8s/kinds.ts';

/** The type of one field, as the model classes declare it. */
export type ModelType =
  | { readonly kind: 'string' | 'boolean' }
  | { readonly kind: 'integer' | 'number'; readonly format: string }
  | { readonly kind: 'date-time' }
  | { readonly kind: 'int-or-string' }
  | { readonly kind: 'any' }
  | { readonly kind: 'model'; readonly model: string }
  | { readonly kind: 'array'; readonly items: ModelType }
  | { readonly kind: 'map'; readonly values: ModelType };

/** One field of a model: its JSON name, the generated TypeScript name, and its type. */
export interface ModelField {
  readonly name: string;
  readonly tsName: string;
  readonly type: ModelType;
}

/** A compiled model class. */
export interface Model {
  readonly className: string;
  /** Fields by JSON name, in declaration order. */
  readonly fields: ReadonlyMap<string, ModelField>;
}

/**
 * The committed field tables: per model class, JSON field name → type descriptor (see
 * encodeModelType), plus the generated TypeScript names that differ from the JSON names.
 */
export interface ModelTable {
  readonly models: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly tsNames: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Where the generated table lives. */
export const MODEL_TABLE_URL = new URL('./builtin-models.generated.json', import.meta.url);

let table: ModelTable | undefined;
const compiled = new Map<string, Model | null>();

/** The entry of a parsed JSON record, never one inherited from Object.prototype. */
function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function readTable(): ModelTable {
  table ??= JSON.parse(readFileSync(MODEL_TABLE_URL, 'utf8')) as ModelTable;
  return table;
}

/** Whether client-node has a model class of that name. */
export function hasModel(className: string): boolean {
  return Object.hasOwn(readTable().models, className);
}

/** Parses a client-node type string (`Array<V1Container>`, `{ [key: string]: string; }`). */
export function parseModelType(type: string, format = '', isModel: (className: string) => boolean = hasModel): ModelType {
  const t = type.trim();
  if (t.startsWith('Array<') && t.endsWith('>')) return { kind: 'array', items: parseModelType(t.slice(6, -1), '', isModel) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (map) return { kind: 'map', values: parseModelType(map[1]!, '', isModel) };
  switch (t) {
    case 'string':
      return { kind: 'string' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'number':
      return format === 'int32' || format === 'int64' ? { kind: 'integer', format } : { kind: 'number', format };
    case 'Date':
      return { kind: 'date-time' };
    case 'IntOrString':
      return { kind: 'int-or-string' };
    case 'any':
    case 'object':
      return { kind: 'any' };
    default:
      return isModel(t) ? { kind: 'model', model: t } : { kind: 'any' };
  }
}

/** The table descriptor of a type: `string`, `integer:int32`, `V1Container`, `[]V1Container`, `{}string`. */
export function encodeModelType(type: ModelType): string {
  switch (type.kind) {
    case 'integer':
    case 'number':
      return `${type.kind}:${type.format}`;
    case 'model':
      return type.model;
    case 'array':
      return `[]${encodeModelType(type.items)}`;
    case 'map':
      return `{}${encodeModelType(type.values)}`;
    default:
      return type.kind;
  }
}

/** The type a table descriptor stands for (the inverse of encodeModelType). */
export function decodeModelType(descriptor: string): ModelType {
  if (descriptor.startsWith('[]')) return { kind: 'array', items: decodeModelType(descriptor.slice(2)) };
  if (descriptor.startsWith('{}')) return { kind: 'map', values: decodeModelType(descriptor.slice(2)) };
  switch (descriptor) {
    case 'string':
    case 'boolean':
    case 'date-time':
    case 'int-or-string':
    case 'any':
      return { kind: descriptor };
  }
  const colon = descriptor.indexOf(':');
  if (colon >= 0) {
    const kind = descriptor.slice(0, colon);
    if (kind === 'integer' || kind === 'number') return { kind, format: descriptor.slice(colon + 1) };
  }
  return { kind: 'model', model: descriptor };
}

/** The compiled model class of that name, or undefined when client-node has none. */
export function findModel(className: string): Model | undefined {
  const hit = compiled.get(className);
  if (hit !== undefined) return hit ?? undefined;
  const { models, tsNames } = readTable();
  const fields = ownEntry(models, className);
  const renamed = ownEntry(tsNames, className);
  const model = fields
    ? {
        className,
        fields: new Map(
          Object.entries(fields).map(([name, type]) => [name, { name, tsName: ownEntry(renamed, name) ?? name, type: decodeModelType(type) }] as const),
        ),
      }
    : null;
  compiled.set(className, model);
  return model ?? undefined;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The model class of a built-in kind (`apps/v1`, `Deployment` → `V1Deployment`), or undefined. */
export function modelOfKind(apiVersion: string, kind: string): string | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  const v = capitalize(version);
  const prefix = capitalize(group === '' ? 'core' : group.split('.')[0]!);
  for (const name of [`${v}${kind}`, `${prefix}${v}${kind}`]) if (findModel(name)) return name;
  return undefined;
}

/** The class names reachable from a model (itself included), in discovery order. */
export function modelClosure(className: string, into = new Set<string>()): Set<string> {
  if (into.has(className) || !findModel(className)) return into;
  into.add(className);
  for (const field of findModel(className)!.fields.values()) {
    for (let t: ModelType = field.type; ; ) {
      if (t.kind === 'array') t = t.items;
      else if (t.kind === 'map') t = t.values;
      else {
        if (t.kind === 'model') modelClosure(t.model, into);
        break;
      }
    }
  }
  return into;
}

const META_TYPES = new Set([
  'ObjectMeta', 'ListMeta', 'LabelSelector', 'LabelSelectorRequirement', 'OwnerReference', 'ManagedFieldsEntry', 'Condition',
  'Status', 'StatusDetails', 'StatusCause', 'DeleteOptions', 'Preconditions', 'APIResource', 'APIResourceList', 'WatchEvent',
]);
/** Types no served kind reaches first from their own group, so the reachability pass would misplace them. */
const GROUP_OF_CLASS: Readonly<Record<string, string>> = {
  V1TopologySelectorTerm: '',
  V1TopologySelectorLabelRequirement: '',
  V1Scale: 'autoscaling',
  V1ScaleSpec: 'autoscaling',
  V1ScaleStatus: 'autoscaling',
};
const GROUP_PREFIX = /^(Core|Apps|Batch|Rbac|Events|Discovery|Storage|Networking|Policy|Autoscaling|Apiextensions|Admissionregistration|Apiregistration|Authentication|Flowcontrol|Resource)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/;

/** The upstream schema-name prefix of a group/version (`io.k8s.api.apps.v1`). */
export function schemaPackageOf(group: string, version: string): string {
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  if (group === 'apiregistration.k8s.io') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}`;
  return `io.k8s.api.${group === '' ? 'core' : group.split('.')[0]}.${version}`;
}

let owners: Map<string, string> | undefined;

/** Which group each model class belongs to: the first served kind (core first) that reaches it. */
function ownersByClass(): Map<string, string> {
  if (owners) return owners;
  owners = new Map();
  const kinds = [...BUILTIN_KINDS, ...ALSO_SERVED].map((k) => ({ apiVersion: k.apiVersion, kind: k.kind }));
  kinds.sort((a, b) => Number(a.apiVersion.includes('/')) - Number(b.apiVersion.includes('/')));
  for (const k of kinds) {
    const cls = modelOfKind(k.apiVersion, k.kind);
    if (!cls) continue;
    const { group } = splitApiVersion(k.apiVersion);
    for (const name of modelClosure(cls)) if (!owners.has(name)) owners.set(name, group);
  }
  return owners;
}

/** The upstream OpenAPI schema name of a model class (`V1Deployment` → `io.k8s.api.apps.v1.Deployment`). */
export function schemaNameOf(className: string): string {
  const m = GROUP_PREFIX.exec(className);
  if (!m) return className;
  const [, prefix, version, name] = m as unknown as [string, string | undefined, string, string];
  const v = version.toLowerCase();
  if (META_TYPES.has(name)) return `io.k8s.apimachinery.pkg.apis.meta.${v}.${name}`;
  const fixed = GROUP_OF_CLASS[className];
  if (fixed !== undefined) return `${schemaPackageOf(fixed, v)}.${name}`;
  if (prefix) return `${schemaPackageOf(prefix === 'Core' ? '' : `${prefix.toLowerCase()}.k8s.io`, v)}.${name}`;
  return `${schemaPackageOf(ownersByClass().get(className) ?? '', v)}.${name}`;
}
