// Rules shared by ConfigMap and Secret data: config key names (the API server's wording),
// base64 values, the 1 MiB size limit, and deterministic (sorted) rendering of data maps.
// Messages name keys, never values, so Secrets can use them too.

/** The most bytes a ConfigMap's or Secret's data may hold (1 MiB), as the API server enforces. */
export const MAX_CONFIG_DATA_BYTES = 1024 * 1024;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Messages for a ConfigMap or Secret key, as the API server words them; empty when valid. */
export function checkConfigKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key)) {
    errs.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Problems with one key of a data map, each as `'<prop>' key "<key>": <message>`. */
export function describeKeyProblems(prop: string, key: string): string[] {
  return checkConfigKey(key).map((m) => `'${prop}' key ${JSON.stringify(key)}: ${m}`);
}

/** True when a string is standard, padded base64 (what `data` and `binaryData` hold). */
export function isBase64(value: string): boolean {
  return BASE64.test(value);
}

/** Base64 of bytes; a string is taken as base64 already and returned unchanged. */
export function toBase64(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('base64');
}

/** The number of bytes a base64 string decodes to. */
export function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/** The size check of a whole object's data: a message, or undefined when within 1 MiB. */
export function describeSizeProblem(fields: string, bytes: number): string | undefined {
  if (bytes <= MAX_CONFIG_DATA_BYTES) return undefined;
  return `${fields} hold ${bytes} bytes in total: may not be more than ${MAX_CONFIG_DATA_BYTES} bytes (1 MiB)`;
}

/** A copy of a string map with its keys sorted, or undefined when it is empty. */
export function sortedData(map: ReadonlyMap<string, string>): Record<string, string> | undefined {
  if (map.size === 0) return undefined;
  const keys = [...map.keys()].sort();
  return Object.fromEntries(keys.map((k) => [k, map.get(k)!]));
}

/** Renders the `items` of a configMap or secret volume, checking each key exists. */
export function renderVolumeItems(
  items: Readonly<Record<string, string>> | undefined,
  hasKey: (key: string) => boolean,
  where: string,
): Array<{ key: string; path: string }> | undefined {
  if (items === undefined) return undefined;
  return Object.entries(items).map(([key, path]) => {
    if (!hasKey(key)) throw new TypeError(`${where}: renderVolume(): has no key ${JSON.stringify(key)} to mount`);
    return { key, path };
  });
}

/** Checks a volume's defaultMode the way the API server does. */
export function checkDefaultMode(mode: number | undefined, where: string): void {
  if (mode === undefined) return;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    throw new RangeError(`${where}: renderVolume(): defaultMode (${mode}) must be a number between 0 and 0777 (octal), both inclusive`);
  }
}
