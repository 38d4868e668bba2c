// Include: objects read from a YAML or JSON file into the construct tree, so plain manifests
// can live in a stack beside constructs. Each document becomes one Resource child.

import { readFileSync } from 'node:fs';
import { parseYamlDocuments } from '../k8s/yaml.ts';
import type { KubeObject } from '../k8s/types.ts';
import { Construct } from './construct.ts';
import { Resource } from './resource.ts';

/** Options of an Include. */
export interface IncludeProps {
  /** The file to read: YAML (one or more documents) or JSON, a `List` kind is expanded. */
  readonly path: string;
}

/**
 * Objects from a YAML file, each kept as written (names and namespaces included).
 * @example
 * new Include(stack, 'legacy', { path: 'k8s/redis.yaml' });
 */
export class Include extends Construct {
  /** The Resources read from the file, in file order. */
  readonly resources: readonly Resource[];

  constructor(scope: Construct, id: string, props: IncludeProps) {
    super(scope, id);
    let text: string;
    try {
      text = readFileSync(props.path, 'utf8');
    } catch (err) {
      throw new TypeError(`${this.node.path}: cannot read '${props.path}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
    const docs = expandLists(parseYamlDocuments(text, props.path));
    const resources: Resource[] = [];
    docs.forEach((doc, index) => {
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
        throw new TypeError(`${this.node.path}: ${props.path}: document ${index + 1} is not an object`);
      }
      const obj = doc as Partial<KubeObject>;
      const where = `${this.node.path}: ${props.path}: document ${index + 1}`;
      if (typeof obj.apiVersion !== 'string') throw new TypeError(`${where}: apiVersion: Required value`);
      if (typeof obj.kind !== 'string') throw new TypeError(`${where}: kind: Required value`);
      const name = obj.metadata?.name ?? `${index}`;
      const childId = `${obj.kind}-${obj.metadata?.namespace ? `${obj.metadata.namespace}-` : ''}${name}`.replace(/[^A-Za-z0-9_.-]/g, '-');
      resources.push(new Resource(this, uniqueId(this, childId), obj as KubeObject));
    });
    this.resources = resources;
  }
}

function expandLists(docs: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const doc of docs) {
    const d = doc as { kind?: unknown; items?: unknown };
    if (d && typeof d === 'object' && typeof d.kind === 'string' && d.kind.endsWith('List') && Array.isArray(d.items)) {
      out.push(...d.items);
    } else {
      out.push(doc);
    }
  }
  return out;
}

function uniqueId(scope: Construct, base: string): string {
  let id = base;
  for (let n = 2; scope.node.tryFindChild(id); n++) id = `${base}-${n}`;
  return id;
}
