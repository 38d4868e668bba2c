// Every built-in object in the real-world corpus (shared/corpus beside the repo) validates cleanly, except
// the documents the corpus README lists as rejected by a real API server, which must fail with
// exactly the server's errors.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { parseYamlDocuments } from '../yaml.ts';
import { formatFieldError } from './field-error.ts';
import { tryFindServedKind, validateObject } from './validate-object.ts';

// The corpus sits in shared/ beside the repository (CI clones put it there too).
const CORPUS = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));
const EXACT = "supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"";
const pathTypeError = (rule: number, path: number): string =>
  `spec.rules[${rule}].http.paths[${path}].pathType: Unsupported value: "exact": ${EXACT}`;

/** Files the shared YAML parser cannot read yet; S11's is an unrendered template (expected). */
const KNOWN_PARSE_FAILURES = new Set([
  'kubernetes-examples/_archived/newrelic-infrastructure/newrelic-config-template.yaml',
  // A multi-line single-quoted annotation whose closing line is not indented; Go's YAML accepts it.
  'sock-shop/deploy/kubernetes/manifests-monitoring/23-grafana-import-dash-batch.yaml',
]);

/** README S23: Ingresses with a lowercase pathType and an IngressClass with a bad apiGroup. */
const REJECTED: Record<string, string[]> = {
  'containersolutions-kubernetes-examples/Ingress/fanout.yaml#ingress-fanout': [pathTypeError(0, 0), pathTypeError(0, 1)],
  'containersolutions-kubernetes-examples/Ingress/nohost.yaml#name-virtual-host-ingress': [pathTypeError(0, 0), pathTypeError(1, 0), pathTypeError(2, 0)],
  'containersolutions-kubernetes-examples/Ingress/virtualhosting.yaml#name-virtual-host-ingress': [pathTypeError(0, 0), pathTypeError(1, 0)],
  'containersolutions-kubernetes-examples/Ingress/tls.yaml#ingress-tls': [pathTypeError(0, 0)],
  'containersolutions-kubernetes-examples/Ingress/ingress-class.yaml#external-lb': [
    "spec.parameters.apiGroup: Invalid value: \"k8s.example.com/v1alpha\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ],
  // S11: if the parser stringifies the template's map key instead of failing, the value is not base64.
  'kubernetes-examples/_archived/newrelic-infrastructure/newrelic-config-template.yaml#newrelic-config': [
    'data[config]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 0',
  ],
};

/**
 * README S35: `defaultMode: 0755` is 493 to kubectl (YAML 1.1) but 755 to a YAML 1.2 parser, which
 * the API rejects; the mounts of the rejected volumes are then not found either.
 */
function expectedRedisErrors(obj: KubeObject): string[] {
  const volumes = ((obj.spec as { template: { spec: { volumes: Array<{ configMap?: { defaultMode?: number } }> } } }).template.spec.volumes);
  if (volumes[0]?.configMap?.defaultMode === 0o755) return [];
  const mode = (n: number, v: number): string =>
    `spec.template.spec.volumes[${n}].configMap.defaultMode: Invalid value: ${v}: must be a number between 0 and 0777 (octal), both inclusive`;
  return [
    mode(0, 755),
    mode(1, 555),
    'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "conf"',
    'spec.template.spec.containers[0].volumeMounts[2].name: Not found: "probes"',
  ];
}

function listYamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listYamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

interface CorpusDoc {
  readonly id: string;
  readonly obj: KubeObject;
}

function loadCorpus(): { docs: CorpusDoc[]; parseFailures: string[] } {
  const docs: CorpusDoc[] = [];
  const parseFailures: string[] = [];
  for (const file of listYamlFiles(CORPUS)) {
    const rel = relative(CORPUS, file);
    let parsed: unknown[];
    try {
      parsed = parseYamlDocuments(readFileSync(file, 'utf8'), rel);
    } catch {
      parseFailures.push(rel);
      continue;
    }
    for (const doc of parsed) {
      const obj = doc as KubeObject;
      if (typeof obj !== 'object' || obj === null || !tryFindServedKind(String(obj.apiVersion), String(obj.kind))) continue;
      docs.push({ id: `${rel}#${obj.metadata?.name ?? ''}`, obj });
    }
  }
  return { docs, parseFailures };
}

describe('corpus validation', () => {
  it('the corpus is present beside the repository (shared/corpus)', () => {
    expect(existsSync(CORPUS), `missing ${CORPUS}`).toBe(true);
  });
  const { docs, parseFailures } = existsSync(CORPUS) ? loadCorpus() : { docs: [], parseFailures: [] };

  it('corpus files that fail to parse are only the known ones', () => {
    expect(parseFailures.filter((f) => !KNOWN_PARSE_FAILURES.has(f))).toEqual([]);
    expect(docs.length).toBeGreaterThan(200);
  });

  it.each(docs.map((d) => [d.id, d.obj] as const))('validateObject() gives %s exactly the real server\'s errors', (id, obj) => {
    const isRedis = id === 'kubernetes-engine-samples/quickstarts/hello-app-redis/manifests/redis-cluster.yaml#redis';
    const expected = isRedis ? expectedRedisErrors(obj) : (REJECTED[id] ?? []);
    expect(validateObject(obj).map(formatFieldError)).toEqual(expected);
  });
});
