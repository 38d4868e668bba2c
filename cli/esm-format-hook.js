// A module-resolution hook (node:module register) that loads .ts/.tsx files outside
// node_modules as ES modules even in a package without "type": "module", so a program and
// the shipshape it imports share one module graph. When the CLI runs from dist/, it also
// resolves shipshape's own entry sources to their dist files. Plain JS: it runs in the loader thread.

const TS_FILE = /\.tsx?$/;
// tsx marks files it takes for CommonJS with queries like `%3Ftsx-commonjs-export-preparse=1`.
const TSX_PATH_QUERY = /%3Ftsx-.*$/;

/** Source URL → dist URL of shipshape's entry points (lib/index.ts → dist/index.js); empty from sources. */
let redirects = new Map();

/** Takes the `data` of register(): `{ redirects }`, an object of source URL → dist URL. */
export function initialize(data) {
  redirects = new Map(Object.entries(data?.redirects ?? {}));
}

/** Resolves as usual, then redirects shipshape's entry sources and marks the user's TypeScript files as ES modules. */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (redirects.size > 0) {
    const redirect = redirects.get(resolved.url.replace(/\?.*$/, '').replace(TSX_PATH_QUERY, ''));
    if (redirect !== undefined) return { url: redirect, format: 'module', shortCircuit: true };
  }
  if (resolved.format === 'module' || !resolved.url.startsWith('file:')) return resolved;
  const url = new URL(resolved.url);
  url.pathname = url.pathname.replace(TSX_PATH_QUERY, '');
  if (!TS_FILE.test(url.pathname) || url.pathname.includes('/node_modules/')) return resolved;
  for (const key of [...url.searchParams.keys()]) if (key.startsWith('tsx-')) url.searchParams.delete(key);
  return { ...resolved, url: url.href, format: 'module' };
}
