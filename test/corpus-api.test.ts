// End-to-end: every manifest set of the real-world corpus (../shared/corpus) applied to a fresh
// simulated API server as `kubectl apply --server-side --force-conflicts -f <files>` would, checking
// which documents are stored and the exact Status of each rejection against the corpus README.
// Acceptance only: no controllers run, so end states (pods, endpoints) are not asserted here.

import { describe, expect, it } from 'vitest';
import { ApiServer } from '../lib/sim/api/api-server.ts';
import { bootstrapCluster } from '../lib/sim/bootstrap.ts';
import {
  CORPUS_DIR, applySet, computeGitBlobSha1, readCorpusFile, readProvenance, requireCorpus,
  type DocumentResult, type Outcome,
} from './support/corpus.ts';
import { CORPUS_SETS, KNOWN_DEVIATIONS, type CorpusSet, type ExpectedRejection, type KnownDeviation } from './support/corpus-sets.ts';

const ALL_SET_IDS = Array.from({ length: 37 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);

/** Applies a set (after its prerequisites) to a fresh bootstrapped cluster. */
function applyToFreshCluster(set: CorpusSet): { api: ApiServer; results: DocumentResult[] } {
  const api = new ApiServer();
  bootstrapCluster(api);
  for (const id of set.after ?? []) applySet(api, id);
  return { api, results: applySet(api, set.id) };
}

function matchesSuffix(doc: string, suffix: string): boolean {
  return doc === suffix || doc.endsWith(`/${suffix}`);
}

/** The single result a table entry names; a stale or ambiguous entry is a table bug. */
function findResult(results: readonly DocumentResult[], suffix: string, table: string): DocumentResult {
  const hits = results.filter((r) => matchesSuffix(r.doc, suffix));
  if (hits.length !== 1) throw new Error(`${table} entry '${suffix}' matches ${hits.length} documents`);
  return hits[0]!;
}

/** A parse failure matches any parse failure (kubectl's Go wording is the client's); API answers match exactly. */
function isExpected(outcome: Outcome, expected: ExpectedRejection | 'accepted'): boolean {
  if (expected === 'accepted') return 'accepted' in outcome;
  if ('parseError' in expected) return 'parseError' in outcome;
  return 'code' in outcome && outcome.code === expected.code && outcome.reason === expected.reason && outcome.message === expected.message;
}

function countByKind(objects: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of objects) {
    const kind = object.split(' ')[0]!;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

describe('the manifest corpus', () => {
  it('the corpus is checked out beside the repository at ../shared/corpus', () => {
    expect(() => requireCorpus(), `corpus directory ${CORPUS_DIR}`).not.toThrow();
  });

  it('every corpus file matches the git blob hash and size PROVENANCE.tsv records', () => {
    const mismatched = readProvenance().filter((row) => {
      const bytes = readCorpusFile(row.path);
      return bytes.length !== row.bytes || computeGitBlobSha1(bytes) !== row.blobSha1;
    });
    expect(mismatched.map((r) => r.path)).toEqual([]);
  });

  it('the set table covers S01–S37 with the file counts PROVENANCE.tsv lists', () => {
    const provenance = readProvenance();
    expect([...new Set(CORPUS_SETS.map((s) => s.id))]).toEqual(ALL_SET_IDS);
    const counts = Object.fromEntries(CORPUS_SETS.map((s) => [s.id, provenance.filter((r) => r.set === s.id).length]));
    expect(counts).toEqual(Object.fromEntries(CORPUS_SETS.map((s) => [s.id, s.files])));
  });
});

describe.each(CORPUS_SETS.map((set) => ({ ...set, title: set.variant ? `${set.id} (${set.variant})` : set.id })))(
  'corpus set $title',
  (set) => {
    it(`kubectl apply of ${set.title} is accepted and rejected per document as a real API server does`, () => {
      const { api, results } = applyToFreshCluster(set);
      expect(results).toHaveLength(set.documents);

      const expected = new Map<DocumentResult, ExpectedRejection | 'accepted'>(results.map((r) => [r, 'accepted']));
      for (const rejection of set.rejected) {
        const result = findResult(results, rejection.doc, `${set.title} rejected`);
        if (result.object !== '?') expect(result.object, rejection.doc).toBe(rejection.object);
        expected.set(result, rejection.error);
      }
      const deviations = new Map<DocumentResult, KnownDeviation>();
      for (const deviation of KNOWN_DEVIATIONS.filter((d) => d.set === set.id)) {
        deviations.set(findResult(results, deviation.doc, 'KNOWN_DEVIATIONS'), deviation);
      }

      const acceptedObjects: string[] = [];
      for (const result of results) {
        const want = expected.get(result)!;
        const deviation = deviations.get(result);
        if (deviation) {
          // Still wrong in exactly the recorded way; when this fails, the bug is fixed: drop the entry.
          expect(result.outcome, `${result.doc} (known deviation)`).toEqual(deviation.actual);
          expect(isExpected(result.outcome, want), `${result.doc} deviation matches the README now`).toBe(false);
        } else {
          expect(isExpected(result.outcome, want), `${result.doc} ${result.object}: got ${JSON.stringify(result.outcome)}, want ${JSON.stringify(want)}`).toBe(true);
        }
        if (want === 'accepted') acceptedObjects.push(deviation?.object ?? result.object);
        if ('accepted' in result.outcome) expect(api.tryGet(result.key!), `${result.object} is stored`).toBeDefined();
      }
      expect(countByKind(acceptedObjects)).toEqual(set.accepted);
    });
  },
);

describe('what the API server itself writes for corpus sets (admission, defaults, allocation)', () => {
  function applyFresh(id: string): ApiServer {
    return applyToFreshCluster(CORPUS_SETS.find((s) => s.id === id)!).api;
  }

  it('a Namespace of S09 gets the kubernetes.io/metadata.name label', () => {
    const ns = applyFresh('S09').get({ apiVersion: 'v1', kind: 'Namespace', name: 'development' });
    expect(ns.metadata.labels).toEqual({ name: 'development', 'kubernetes.io/metadata.name': 'development' });
  });

  it('a Secret of S26 stores its stringData folded into base64 data', () => {
    const secret = applyFresh('S26').get({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: 'database-secrets' }) as Record<string, any>;
    expect(secret.data).toEqual({ password: Buffer.from('password').toString('base64') });
    expect(secret.stringData).toBeUndefined();
  });

  it('claims without a class get the default class standard; an explicit class is kept (S05, S12, S29, S28)', () => {
    const classes = ['S05', 'S12', 'S29', 'S28'].flatMap((id) =>
      applyFresh(id).list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' }).items.map((c) => `${c.metadata.name}=${(c as Record<string, any>).spec.storageClassName}`),
    );
    expect(classes).toEqual(['my-model-pvc=standard', 'mysql-pv-claim=standard', 'wp-pv-claim=standard', 'stateful-set-shared-pv-claim=standard', 'persistent-volume-claim=hostpath']);
  });

  it('Services of S22 get cluster IPs and node ports as the service REST allocates them', () => {
    const services = new Map(applyFresh('S22').list({ apiVersion: 'v1', kind: 'Service' }).items.map((s) => [s.metadata.name, (s as Record<string, any>).spec]));
    expect(services.get('service-external-name-service')!.clusterIP).toBeUndefined();
    expect(services.get('headless-service-headless-service')!.clusterIP).toBe('None');
    expect(services.get('service-node-port-service')!.ports[0].nodePort).toBe(30007);
    const lbPort = services.get('service-load-balancer-service')!.ports[0].nodePort as number;
    expect(lbPort >= 30000 && lbPort <= 32767).toBe(true);
  });

  it('the second CRD document of S21 updates the first, dropping the status subresource', () => {
    const crd = applyFresh('S21').get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'foos.samplecontroller.k8s.io' }) as Record<string, any>;
    expect(crd.spec.versions.map((v: Record<string, unknown>) => v.subresources)).toEqual([undefined]);
  });
});
