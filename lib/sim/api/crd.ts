// Custom resources in the simulated API server: the kinds a CustomResourceDefinition serves
// (shaped like the built-in KindInfo so the server treats both alike) and the registry that
// finds them and admits their objects (prune, default, validate, in the server's order).
// It stores no custom resources and runs no CRD controller; the API server does both.

import { BUILTIN_KINDS, type KindInfo } from '../../k8s/kinds.ts';
import type { FieldError } from '../../k8s/validation/field-error.ts';
import { toRecord } from '../../k8s/validation/fields.ts';
import { applySchemaDefaults, pruneUnknownFields } from './crd-prune.ts';
import { toSchema, type CrdSchema, type CrdScaleSubresource, type CustomResourceDefinition } from './crd-schema.ts';
import { defaultCrd } from './crd-validation.ts';
import { CustomResourceValidator } from './crd-validator.ts';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const AFTER_BUILTINS = Math.max(...BUILTIN_KINDS.map((k) => k.installOrder));

/** One served version of a custom kind: a KindInfo plus what only CRDs have. */
export interface CustomKindInfo extends KindInfo {
  /** `metadata.name` of the defining CRD (`<plural>.<group>`). */
  readonly crdName: string;
  readonly listKind: string;
  /** True for the version objects are stored in. */
  readonly storage: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning?: string;
  /** The version's `openAPIV3Schema`. */
  readonly schema: CrdSchema | undefined;
  /** Paths of the scale subresource, when the version declares one. */
  readonly scale?: CrdScaleSubresource;
}

/** Why a CRD's names were not accepted (condition NamesAccepted=False). */
export interface NamesConflict {
  readonly reason: 'PluralConflict' | 'SingularConflict' | 'ShortNamesConflict' | 'KindConflict' | 'ListKindConflict';
  readonly message: string;
}

/** The kinds a (valid) CRD serves: one entry per version with `served: true`, in spec order. */
export function servedKindsOf(crd: CustomResourceDefinition): CustomKindInfo[] {
  const spec = defaultCrd(structuredClone(crd)).spec;
  const names = spec.names;
  const listKind = names.listKind ?? `${names.kind}List`;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const scale = v.subresources?.scale;
      const subresources: Array<'status' | 'scale'> = [];
      if (toRecord(v.subresources?.status) !== undefined) subresources.push('status');
      if (scale !== undefined) subresources.push('scale');
      const info: CustomKindInfo = {
        group: spec.group,
        version: v.name,
        apiVersion: `${spec.group}/${v.name}`,
        kind: names.kind,
        plural: names.plural,
        singular: names.singular ?? names.kind.toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        shortNames: [...(names.shortNames ?? [])],
        categories: [...(names.categories ?? [])],
        wave: 5,
        installOrder: AFTER_BUILTINS,
        nameRule: 'subdomain',
        subresources,
        verbs: ALL_VERBS,
        crdName: crd.metadata.name ?? `${names.plural}.${spec.group}`,
        listKind,
        storage: v.storage,
        deprecated: v.deprecated === true,
        schema: toSchema(v.schema?.openAPIV3Schema),
        ...(v.deprecationWarning === undefined ? {} : { deprecationWarning: v.deprecationWarning }),
        ...(scale === undefined ? {} : { scale: { ...scale } }),
      };
      return info;
    });
}

/** `unknown field "spec.bogus"`: the warning (fieldValidation=Warn) for one pruned field. */
export function formatUnknownField(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

/** The 400 BadRequest text for pruned fields under fieldValidation=Strict. */
export function formatStrictDecodingError(info: Pick<KindInfo, 'kind' | 'version'>, paths: readonly string[]): string {
  return `${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: strict decoding error: ${paths.map(formatUnknownField).join(', ')}`;
}

/** Result of admitting a custom resource: its field errors and the unknown fields pruned from it. */
export interface CustomResourceAdmission {
  readonly errors: FieldError[];
  /** Paths of the fields pruned because the schema does not specify them. */
  readonly unknownFields: string[];
}

interface Registration {
  readonly crd: CustomResourceDefinition;
  /** Served kinds; empty while the CRD's names conflict with another CRD's. */
  readonly kinds: CustomKindInfo[];
  readonly validators: Map<string, CustomResourceValidator>;
}

function namesOf(crd: CustomResourceDefinition): { group: string; plural: string; singular: string; kind: string; listKind: string; shortNames: readonly string[] } {
  const spec = defaultCrd(structuredClone(crd)).spec;
  const n = spec.names;
  return { group: spec.group, plural: n.plural, singular: n.singular ?? '', kind: n.kind, listKind: n.listKind ?? '', shortNames: n.shortNames ?? [] };
}

/** The custom kinds the simulated API server serves, keyed by the CRDs that define them. */
export class CustomResourceRegistry {
  readonly #byCrd = new Map<string, Registration>();

  /**
   * Serves the kinds of a valid CRD (check it with validateCrd first), replacing an earlier
   * registration under the same name. Returns the served kinds, or none when its names
   * conflict with another CRD's. Throws when a schema cannot be compiled.
   */
  register(crd: CustomResourceDefinition): readonly CustomKindInfo[] {
    const crdName = crd.metadata.name ?? '';
    if (crdName === '') throw new TypeError('CustomResourceDefinition has no metadata.name');
    const conflict = this.checkNames(crd);
    const kinds = conflict === undefined ? servedKindsOf(crd) : [];
    const validators = new Map<string, CustomResourceValidator>();
    for (const info of kinds) if (info.schema !== undefined) validators.set(info.version, new CustomResourceValidator(info.schema));
    this.#byCrd.set(crdName, { crd: structuredClone(crd), kinds, validators });
    return kinds;
  }

  /** Stops serving the CRD's kinds. Returns false when no CRD of that name was registered. */
  unregister(crdName: string): boolean {
    return this.#byCrd.delete(crdName);
  }

  /** The registered CRD of that name, as registered. */
  tryFindCrd(crdName: string): CustomResourceDefinition | undefined {
    return this.#byCrd.get(crdName)?.crd;
  }

  /** The served custom kind for an apiVersion and kind; undefined when none is served. */
  tryFind(apiVersion: string, kind: string): CustomKindInfo | undefined {
    return this.list().find((k) => k.apiVersion === apiVersion && k.kind === kind);
  }

  /** The served custom kind for a group, version and plural resource name. */
  tryFindResource(group: string, version: string, plural: string): CustomKindInfo | undefined {
    return this.list().find((k) => k.group === group && k.version === version && k.plural === plural);
  }

  /**
   * Resolves what a user types (`foos`, `foo`, `fo`, `Foo`, `foos.example.com`) to the
   * storage version of a custom kind, as kubectl does; undefined when nothing matches.
   */
  resolveName(name: string): CustomKindInfo | undefined {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    const base = dot < 0 ? lower : lower.slice(0, dot);
    const group = dot < 0 ? undefined : lower.slice(dot + 1);
    const matches = this.list().filter(
      (k) =>
        (group === undefined || k.group === group) &&
        (k.plural === base || k.singular === base || k.shortNames.includes(base) || k.kind.toLowerCase() === base),
    );
    return matches.find((k) => k.storage) ?? matches[0];
  }

  /** Every served custom kind, one entry per served version, in registration order. */
  list(): CustomKindInfo[] {
    return [...this.#byCrd.values()].flatMap((r) => r.kinds);
  }

  /**
   * Why the CRD's names cannot be accepted next to the other registered CRDs of its group
   * (a plural, singular, short name, kind or list kind already in use), or undefined.
   */
  checkNames(crd: CustomResourceDefinition): NamesConflict | undefined {
    const mine = namesOf(crd);
    for (const [name, other] of this.#byCrd) {
      if (name === crd.metadata.name) continue;
      const theirs = namesOf(other.crd);
      if (theirs.group !== mine.group) continue;
      const resources = new Set([theirs.plural, theirs.singular, ...theirs.shortNames]);
      const kinds = new Set([theirs.kind, theirs.listKind]);
      if (resources.has(mine.plural)) return { reason: 'PluralConflict', message: `"${mine.plural}" is already in use` };
      if (resources.has(mine.singular)) return { reason: 'SingularConflict', message: `"${mine.singular}" is already in use` };
      const short = mine.shortNames.find((s) => resources.has(s));
      if (short !== undefined) return { reason: 'ShortNamesConflict', message: `"${short}" is already in use` };
      if (kinds.has(mine.kind)) return { reason: 'KindConflict', message: `"${mine.kind}" is already in use` };
      if (kinds.has(mine.listKind)) return { reason: 'ListKindConflict', message: `"${mine.listKind}" is already in use` };
    }
    return undefined;
  }

  /**
   * Admits a custom resource in place, in the API server's order: prune unknown fields,
   * apply schema defaults, validate against the schema of the object's own version. Pass a
   * copy you own. Throws TypeError when its apiVersion/kind is not a served custom kind.
   */
  admit(obj: Record<string, unknown>): CustomResourceAdmission {
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const info = this.tryFind(apiVersion, kind);
    if (info === undefined) throw new TypeError(`no custom resource kind ${kind} is served in ${apiVersion}`);
    const schema = info.schema;
    if (schema === undefined) return { errors: [], unknownFields: [] };
    const unknownFields = pruneUnknownFields(obj, schema);
    applySchemaDefaults(obj, schema);
    const validator = this.#byCrd.get(info.crdName)?.validators.get(info.version);
    return { errors: validator?.validate(obj) ?? [], unknownFields };
  }

  /** Prunes, defaults and validates `obj` in place (see {@link admit}); returns the field errors. */
  validate(obj: Record<string, unknown>): FieldError[] {
    return this.admit(obj).errors;
  }
}

