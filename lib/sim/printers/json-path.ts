// The JSONPath subset CRD printer columns use: `.status.replicas`, `.spec.containers[0].image`,
// `.metadata.labels['app.kubernetes.io/name']`, `[*]` and filters like
// `.status.conditions[?(@.type=="Ready")].status`. Not a general JSONPath engine.

type Step = { kind: 'field'; name: string } | { kind: 'index'; index: number } | { kind: 'all' } | { kind: 'filter'; path: Step[]; op: '==' | '!='; value: unknown };

/** Thrown for a path outside the supported subset. */
export class JsonPathError extends Error {}

function parseLiteral(text: string): unknown {
  const t = text.trim();
  if (/^(['"]).*\1$/.test(t)) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t);
  if (t !== '' && Number.isFinite(n)) return n;
  throw new JsonPathError(`unrecognized literal ${JSON.stringify(text)}`);
}

function parseBracket(inner: string, path: string): Step {
  const body = inner.trim();
  if (body === '*') return { kind: 'all' };
  if (/^-?\d+$/.test(body)) return { kind: 'index', index: Number(body) };
  if (/^(['"]).*\1$/.test(body)) return { kind: 'field', name: body.slice(1, -1) };
  const filter = /^\?\(@((?:\.[\w-]+)+)\s*(==|!=)\s*(.+)\)$/.exec(body);
  if (filter) return { kind: 'filter', path: parseJsonPath(filter[1]!), op: filter[2] as '==' | '!=', value: parseLiteral(filter[3]!) };
  throw new JsonPathError(`unsupported JSONPath ${JSON.stringify(path)}`);
}

/** Parses `.a.b[0]['c'][*][?(@.x=="y")]` into steps. @throws JsonPathError */
export function parseJsonPath(path: string): Step[] {
  const text = path.trim().replace(/^\{(.*)\}$/, '$1').replace(/^\$/, '');
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '.') {
      const m = /^\.([^.[\]]+)/.exec(text.slice(i));
      if (!m) throw new JsonPathError(`unsupported JSONPath ${JSON.stringify(path)}`);
      steps.push(m[1] === '*' ? { kind: 'all' } : { kind: 'field', name: m[1]! });
      i += m[0].length;
    } else if (text[i] === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new JsonPathError(`unclosed bracket in JSONPath ${JSON.stringify(path)}`);
      steps.push(parseBracket(text.slice(i + 1, end), path));
      i = end + 1;
    } else {
      throw new JsonPathError(`unsupported JSONPath ${JSON.stringify(path)}`);
    }
  }
  return steps;
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value && typeof value === 'object' ? Object.values(value) : [];
}

function apply(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return value && typeof value === 'object' && !Array.isArray(value) && step.name in value ? [(value as Record<string, unknown>)[step.name]] : [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const at = step.index < 0 ? value.length + step.index : step.index;
      return at >= 0 && at < value.length ? [value[at]] : [];
    }
    case 'all':
      return children(value);
    case 'filter':
      return children(value).filter((item) => {
        const found = evaluateSteps(step.path, item);
        const hit = found.length > 0 && found[0] === step.value;
        return step.op === '==' ? hit : found.length > 0 && !hit;
      });
  }
}

function evaluateSteps(steps: readonly Step[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) current = current.flatMap((v) => apply(step, v));
  return current;
}

/** Every value a JSONPath selects in `root`, in document order. @throws JsonPathError */
export function evaluateJsonPath(path: string, root: unknown): unknown[] {
  return evaluateSteps(parseJsonPath(path), root);
}
