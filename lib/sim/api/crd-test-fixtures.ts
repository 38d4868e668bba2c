// Test fixtures for the custom-resource modules: the sample-controller corpus files and a
// builder for hand-made CRDs. Used only by the crd*.test.ts files beside it.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { CrdSchema, CrdVersion, CustomResourceDefinition } from './crd-schema.ts';

// The corpus sits in shared/ beside the repository (CI clones put it there too).
const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));
const CORPUS = existsSync(CORPUS_DIR) ? CORPUS_DIR : undefined;

// Copies of the corpus files' content, used when the corpus is not on disk.
const FOO_SCHEMA = {
  type: 'object',
  properties: {
    spec: { type: 'object', properties: { deploymentName: { type: 'string' }, replicas: { type: 'integer', minimum: 1, maximum: 10 } } },
    status: { type: 'object', properties: { availableReplicas: { type: 'integer' } } },
  },
};
function fooCrd(withStatus: boolean): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: 'foos.samplecontroller.k8s.io',
      annotations: {
        'api-approved.kubernetes.io':
          "unapproved, experimental-only; please get an approval from Kubernetes API reviewers if you're trying to develop a CRD in the *.k8s.io or *.kubernetes.io groups",
      },
    },
    spec: {
      group: 'samplecontroller.k8s.io',
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: FOO_SCHEMA }, ...(withStatus ? { subresources: { status: {} } } : {}) }],
      names: { kind: 'Foo', plural: 'foos' },
      scope: 'Namespaced',
    },
  };
}
const FALLBACK: Record<string, () => Record<string, unknown>> = {
  'sample-controller/artifacts/examples/crd.yaml': () => fooCrd(false),
  'sample-controller/artifacts/examples/crd-status-subresource.yaml': () => fooCrd(true),
  'sample-controller/artifacts/examples/example-foo.yaml': () => ({
    apiVersion: 'samplecontroller.k8s.io/v1alpha1',
    kind: 'Foo',
    metadata: { name: 'example-foo' },
    spec: { deploymentName: 'example-foo', replicas: 1 },
  }),
  'containersolutions-kubernetes-examples/CustomResourceDefinition/custom-resource-definition.yaml': () => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' }, image: { type: 'string' }, replicas: { type: 'integer' } } } },
            },
          },
        },
      ],
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    },
  }),
};

function readCorpusFile(path: string): Record<string, any> {
  if (CORPUS !== undefined) return parse(readFileSync(`${CORPUS}/${path}`, 'utf8')) as Record<string, any>;
  const fallback = FALLBACK[path];
  if (fallback === undefined) throw new Error(`no corpus copy of ${path}`);
  return fallback();
}

/** Parses one YAML file of the sample-controller corpus. */
export function readCorpus(file: 'crd.yaml' | 'crd-status-subresource.yaml' | 'example-foo.yaml'): Record<string, any> {
  return readCorpusFile(`sample-controller/artifacts/examples/${file}`);
}

/** Parses the CronTab CRD of the ContainerSolutions corpus (set S32). */
export function readCronTabCrd(): Record<string, any> {
  return readCorpusFile('containersolutions-kubernetes-examples/CustomResourceDefinition/custom-resource-definition.yaml');
}

/** Options for {@link makeCrd}. */
export interface MakeCrdOptions {
  readonly group?: string;
  readonly kind?: string;
  readonly plural?: string;
  readonly scope?: string;
  readonly shortNames?: string[];
  readonly categories?: string[];
  readonly versions?: CrdVersion[];
  readonly schema?: CrdSchema;
}

/** A v1 CRD for `widgets.example.com` with one served storage version `v1` unless told otherwise. */
export function makeCrd(options: MakeCrdOptions = {}): CustomResourceDefinition {
  const group = options.group ?? 'example.com';
  const plural = options.plural ?? 'widgets';
  const schema: CrdSchema = options.schema ?? { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: {
        kind: options.kind ?? 'Widget',
        plural,
        ...(options.shortNames ? { shortNames: options.shortNames } : {}),
        ...(options.categories ? { categories: options.categories } : {}),
      },
      scope: options.scope ?? 'Namespaced',
      versions: options.versions ?? [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

/** A CRD whose only version uses `schema`, for schema-focused tests. */
export function crdWithSchema(schema: CrdSchema): CustomResourceDefinition {
  return makeCrd({ schema });
}
