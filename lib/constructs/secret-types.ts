// The built-in Secret types and the keys each requires (as the API server checks them), plus
// builders for the structured ones (`.dockerconfigjson`). Messages name keys, never values.
// Rendering and validating the Secret object as a whole is secret.ts's job.

/** The Secret types shipshape knows; any other type string is accepted without key checks. */
export const SECRET_TYPES = [
  'Opaque',
  'kubernetes.io/tls',
  'kubernetes.io/dockerconfigjson',
  'kubernetes.io/basic-auth',
  'kubernetes.io/ssh-auth',
] as const;

/** A built-in Secret type. */
export type SecretType = (typeof SECRET_TYPES)[number];

/** Problems with a Secret's keys for its type; `readValue` gives a key's value when it is known. */
export function describeTypeProblems(
  type: string,
  keys: ReadonlySet<string>,
  readValue: (key: string) => string | undefined,
): string[] {
  const requireAll = (...required: string[]): string[] => {
    const missing = required.filter((k) => !keys.has(k));
    if (missing.length === 0) return [];
    return [`'type' ("${type}") requires the key${required.length > 1 ? 's' : ''} ${quoteList(required)}; missing: ${quoteList(missing)}`];
  };
  switch (type) {
    case 'kubernetes.io/tls':
      return requireAll('tls.crt', 'tls.key');
    case 'kubernetes.io/ssh-auth':
      return requireAll('ssh-privatekey');
    case 'kubernetes.io/basic-auth':
      return keys.has('username') || keys.has('password')
        ? []
        : [`'type' ("${type}") requires the key 'username' or 'password' (or both)`];
    case 'kubernetes.io/dockerconfigjson': {
      const missing = requireAll('.dockerconfigjson');
      if (missing.length > 0) return missing;
      const text = readValue('.dockerconfigjson');
      return text === undefined || isJsonObject(text) ? [] : [`key ".dockerconfigjson" must hold a JSON object (the value is not shown)`];
    }
    default:
      return [];
  }
}

/** One registry login for a `kubernetes.io/dockerconfigjson` Secret. */
export interface RegistryCredentials {
  /** The registry host, e.g. `ghcr.io` or `https://index.docker.io/v1/`. */
  readonly registry: string;
  readonly username: string;
  readonly password: string;
  /** @default no email */
  readonly email?: string;
}

/** The `.dockerconfigjson` text for registry logins: `{"auths":{"<registry>":{...,"auth":"<base64 user:pass>"}}}`. */
export function buildDockerConfigJson(logins: readonly RegistryCredentials[]): string {
  const auths: Record<string, Record<string, string>> = {};
  for (const login of logins) {
    auths[login.registry] = {
      username: login.username,
      password: login.password,
      ...(login.email !== undefined ? { email: login.email } : {}),
      auth: Buffer.from(`${login.username}:${login.password}`).toString('base64'),
    };
  }
  return JSON.stringify({ auths });
}

/** True when text looks like PEM: at least one `-----BEGIN <label>-----` … `-----END <label>-----` block. */
export function isPem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/.test(text);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function quoteList(keys: readonly string[]): string {
  return keys.map((k) => `'${k}'`).join(', ');
}
