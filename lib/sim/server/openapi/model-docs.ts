// The upstream descriptions and required fields of the built-in model classes, read from the
// JSDoc comments of @kubernetes/client-node's generated `.d.ts` files (for `kubectl explain`).
// Read lazily and cached; a missing or unreadable file just yields no descriptions.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What the `.d.ts` of one model class says about it. */
export interface ModelDocs {
  readonly description: string | undefined;
  /** Field descriptions by TypeScript property name. */
  readonly fields: ReadonlyMap<string, string>;
  /** TypeScript property names declared without `?`. */
  readonly required: ReadonlySet<string>;
}

const NO_DOCS: ModelDocs = { description: undefined, fields: new Map(), required: new Set() };
const cache = new Map<string, ModelDocs>();
let modelsDir: string | null | undefined;

function findModelsDir(): string | null {
  if (modelsDir !== undefined) return modelsDir;
  try {
    const entry = createRequire(import.meta.url).resolve('@kubernetes/client-node');
    modelsDir = join(dirname(entry), 'gen', 'models');
  } catch {
    modelsDir = null;
  }
  return modelsDir;
}

function commentText(block: string): string {
  return block
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trimEnd())
    .filter((line) => line !== '')
    .join('\n')
    .replace(/\\(["'\\])/g, '$1')
    .trim();
}

/** Parses the text of a generated model `.d.ts`. */
export function parseModelDocs(source: string): ModelDocs {
  const classMatch = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(source);
  const fields = new Map<string, string>();
  const required = new Set<string>();
  const body = source.slice(source.indexOf('export declare class'));
  const member = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?^\s*'([^']+)'(\??):/gm;
  for (let m = member.exec(body); m; m = member.exec(body)) {
    const [, comment, name, optional] = m;
    if (comment !== undefined) fields.set(name!, commentText(comment));
    if (optional !== '?') required.add(name!);
  }
  return { description: classMatch ? commentText(classMatch[1]!) : undefined, fields, required };
}

/** The descriptions of a model class (`V1DeploymentSpec`). */
export function readModelDocs(className: string): ModelDocs {
  const hit = cache.get(className);
  if (hit) return hit;
  const dir = findModelsDir();
  let docs = NO_DOCS;
  if (dir && /^\w+$/.test(className)) {
    try {
      docs = parseModelDocs(readFileSync(join(dir, `${className}.d.ts`), 'utf8'));
    } catch {
      docs = NO_DOCS;
    }
  }
  cache.set(className, docs);
  return docs;
}
