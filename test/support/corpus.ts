// Applies the real-world manifest corpus (../shared/corpus beside the repository) to a simulated
// API server the way `kubectl apply -f <files>` does, and records what happened to each document.
// It only reports acceptance; the expected outcomes live in corpus-sets.ts, the assertions in the test.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApiServer } from '../../lib/sim/api/api-server.ts';
import { isStatusError } from '../../lib/sim/errors.ts';
import { splitApiVersion } from '../../lib/k8s/kinds.ts';
import { parseYamlDocuments } from '../../lib/k8s/yaml.ts';
import type { KubeObject } from '../../lib/k8s/types.ts';

/** The repository root (this file is test/support/corpus.ts). */
const REPO_ROOT = new URL('../../', import.meta.url);

/** The corpus directory: `shared/corpus` beside the repository, as CI checks it out. */
export const CORPUS_DIR = fileURLToPath(new URL('../shared/corpus/', REPO_ROOT));

/** The field manager the corpus is applied with (what `kubectl apply --server-side` sends). */
export const KUBECTL_MANAGER = 'kubectl';

/** What the server (or the client, for a file it cannot parse) did with one document. */
export type Outcome =
  | { readonly accepted: true }
  | { readonly code: number; readonly reason: string; readonly message: string }
  | { readonly parseError: string };

/** One document of an applied set. */
export interface DocumentResult {
  /** `<corpus path>#<index of the document in its file>`. */
  readonly doc: string;
  /** `Deployment default/web`, `Namespace sock-shop`; `?` when the file did not parse. */
  readonly object: string;
  /** The key to read the object back with (undefined when the file did not parse). */
  readonly key?: { readonly apiVersion: string; readonly kind: string; readonly namespace?: string; readonly name: string };
  readonly outcome: Outcome;
}

/** One row of PROVENANCE.tsv. */
export interface ProvenanceRow {
  readonly set: string;
  readonly path: string;
  readonly blobSha1: string;
  readonly bytes: number;
}

/** Throws a clear error when the corpus is not checked out beside the repository. */
export function requireCorpus(): string {
  if (!existsSync(`${CORPUS_DIR}PROVENANCE.tsv`)) {
    throw new Error(
      `The manifest corpus is missing: expected ${CORPUS_DIR}PROVENANCE.tsv. ` +
        'Check out the shared/ directory beside the repository (../shared/corpus from the repo root).',
    );
  }
  return CORPUS_DIR;
}

/** Every file of the corpus, as PROVENANCE.tsv lists them. */
export function readProvenance(): ProvenanceRow[] {
  const text = readFileSync(`${requireCorpus()}PROVENANCE.tsv`, 'utf8');
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header!.split('\t');
  const at = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`PROVENANCE.tsv has no column '${name}'`);
    return i;
  };
  const [set, path, sha, bytes] = [at('set'), at('corpus_path'), at('git_blob_sha1'), at('bytes')];
  return lines.map((line) => {
    const cells = line.split('\t');
    return { set: cells[set]!, path: cells[path]!, blobSha1: cells[sha]!, bytes: Number(cells[bytes]) };
  });
}

/** The set's files in the order `kubectl apply -f` walks them (lexical, directory by directory). */
export function listSetFiles(setId: string): string[] {
  const files = readProvenance().filter((r) => r.set === setId).map((r) => r.path);
  if (files.length === 0) throw new Error(`PROVENANCE.tsv lists no files for set ${setId}`);
  return files.sort(compareWalkOrder);
}

/** Orders paths as filepath.Walk visits them: segment by segment, each by bytes. */
export function compareWalkOrder(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] !== bs[i]) return as[i]! < bs[i]! ? -1 : 1;
  }
  return as.length - bs.length;
}

/** `git hash-object` of some bytes: sha1 over `blob <size>\0<bytes>`. */
export function computeGitBlobSha1(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Reads one corpus file's bytes. */
export function readCorpusFile(path: string): Buffer {
  return readFileSync(`${requireCorpus()}${path}`);
}

function describeObject(doc: KubeObject, namespace: string | undefined): string {
  const name = doc.metadata?.name ?? '<no name>';
  return `${doc.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function toOutcome(error: unknown): Outcome {
  if (isStatusError(error)) return { code: error.status.code, reason: error.status.reason, message: error.status.message };
  throw error;
}

/**
 * Applies one file as `kubectl apply --server-side --force-conflicts` would: each document in
 * order, namespaced objects without a namespace into `defaultNamespace`, a rejected document not
 * stopping the rest. A file that does not parse is one rejected entry (`#0`): kubectl applies
 * nothing from the failing document on.
 */
export function applyFile(api: ApiServer, path: string, defaultNamespace = 'default'): DocumentResult[] {
  let docs: unknown[];
  try {
    docs = parseYamlDocuments(readCorpusFile(path).toString('utf8'), path);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return [{ doc: `${path}#0`, object: '?', outcome: { parseError: error.message } }];
  }
  return docs.map((value, index) => {
    const doc = value as KubeObject;
    // Scope from the served version, else from another version of the group/kind (removed betas);
    // cluster-scoped kinds ignore the namespace. Unknown kinds fail in patch() with "no matches".
    const info = api.resources.tryFindKind(doc.apiVersion, doc.kind) ?? api.resources.tryFindGroupKind(splitApiVersion(String(doc.apiVersion)).group, doc.kind);
    const namespace = info && !info.namespaced ? undefined : (doc.metadata?.namespace ?? defaultNamespace);
    const key = { apiVersion: doc.apiVersion, kind: doc.kind, ...(namespace ? { namespace } : {}), name: doc.metadata?.name ?? '' };
    const base = { doc: `${path}#${index}`, object: describeObject(doc, namespace), key };
    try {
      api.patch(key, 'apply', doc, { fieldManager: KUBECTL_MANAGER, force: true });
      return { ...base, outcome: { accepted: true } as const };
    } catch (error) {
      return { ...base, outcome: toOutcome(error) };
    }
  });
}

/** Applies every file of a set in walk order; returns one result per document. */
export function applySet(api: ApiServer, setId: string): DocumentResult[] {
  return listSetFiles(setId).flatMap((path) => applyFile(api, path));
}
