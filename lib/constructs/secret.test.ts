import { describe, expect, it } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth, synthYaml } from '../core/synth.ts';
import { validateManifest } from '../core/validate.ts';
import type { Manifest } from '../k8s/types.ts';
import { GENERATE_KEYS_ANNOTATION, GENERATE_LENGTH_ANNOTATION, Secret } from './secret.ts';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN FAKE KEY-----\nnot-a-key\n-----END FAKE KEY-----\n'; // PEM-shaped, but no 'PRIVATE KEY' label for secret scanners to flag
const SECRET_VALUE = 'hunter2-do-not-print';

function findSecret(stack: Stack): Manifest {
  const found = synth(stack).find((o) => o.kind === 'Secret');
  if (!found) throw new Error('no Secret');
  return found;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('did not throw');
}

describe('Secret', () => {
  it('Secret synthesizes an Opaque Secret with stringData as given and instance labels', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    new Secret(stack, 'api-token', { stringData: { token: 'abc', a: 'b' } });
    const object = findSecret(stack);
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'api-token',
        namespace: 'shop',
        labels: {
          'app.kubernetes.io/instance': 'shop-api-token',
          'app.kubernetes.io/managed-by': 'shipshape',
          'app.kubernetes.io/name': 'api-token',
          'app.kubernetes.io/part-of': 'shop',
        },
      },
      stringData: { a: 'b', token: 'abc' },
      type: 'Opaque',
    });
    expect(validateManifest(object)).toEqual([]);
  });

  it('Secret encodes data given as bytes and keeps data given as base64; immutable is rendered only when true', () => {
    const stack = new Stack('shop');
    new Secret(stack, 'bin', { name: 'binary', data: { raw: Uint8Array.from([0xff, 0]), b64: 'aGk=' }, immutable: true });
    const object = findSecret(stack);
    expect(object.metadata.name).toBe('binary');
    expect(object.data).toEqual({ b64: 'aGk=', raw: '/wA=' });
    expect(object.stringData).toBeUndefined();
    expect(object.immutable).toBe(true);
  });

  it('Secret.tls() builds a kubernetes.io/tls Secret from PEM text', () => {
    const stack = new Stack('shop');
    const tls = Secret.tls(stack, 'web-tls', { cert: CERT, key: KEY });
    expect(tls.type).toBe('kubernetes.io/tls');
    const object = findSecret(stack);
    expect(object.type).toBe('kubernetes.io/tls');
    expect(object.stringData).toEqual({ 'tls.crt': CERT, 'tls.key': KEY });
  });

  it('Secret.tls() rejects text that is not PEM without showing it', () => {
    const stack = new Stack('shop');
    const message = messageOf(() => Secret.tls(stack, 'web-tls', { cert: CERT, key: SECRET_VALUE }));
    expect(message).toBe("Secret shop/web-tls: 'key' must be PEM-encoded text (a '-----BEGIN …-----' block); the value is not shown");
    expect(message).not.toContain(SECRET_VALUE);
  });

  it('Secret of type kubernetes.io/tls requires tls.crt and tls.key', () => {
    const stack = new Stack('shop');
    expect(() => new Secret(stack, 'tls', { type: 'kubernetes.io/tls', stringData: { 'tls.crt': CERT } })).toThrow(
      "Secret shop/tls: 'type' (\"kubernetes.io/tls\") requires the keys 'tls.crt', 'tls.key'; missing: 'tls.key'",
    );
  });

  it('Secret.dockerConfig() builds .dockerconfigjson with a base64 auth field', () => {
    const stack = new Stack('shop');
    Secret.dockerConfig(stack, 'pull', { registry: 'ghcr.io', username: 'bot', password: 'pw' });
    const object = findSecret(stack);
    expect(object.type).toBe('kubernetes.io/dockerconfigjson');
    const json = JSON.parse((object.stringData as Record<string, string>)['.dockerconfigjson']!);
    expect(json).toEqual({ auths: { 'ghcr.io': { username: 'bot', password: 'pw', auth: Buffer.from('bot:pw').toString('base64') } } });
  });

  it('Secret.dockerConfig() takes several logins and names what a login lacks', () => {
    const stack = new Stack('shop');
    Secret.dockerConfig(stack, 'pull', {
      logins: [
        { registry: 'ghcr.io', username: 'a', password: '1' },
        { registry: 'quay.io', username: 'b', password: '2', email: 'b@example.com' },
      ],
    });
    const json = JSON.parse((findSecret(stack).stringData as Record<string, string>)['.dockerconfigjson']!);
    expect(Object.keys(json.auths)).toEqual(['ghcr.io', 'quay.io']);
    expect(json.auths['quay.io'].email).toBe('b@example.com');
    expect(() => Secret.dockerConfig(stack, 'bad', { registry: 'ghcr.io', username: 'x' } as never)).toThrow(
      "Secret shop/bad: registry login 1 needs 'password'",
    );
    expect(() => Secret.dockerConfig(stack, 'none', {} as never)).toThrow(
      "Secret shop/none: needs a registry login: give 'registry', 'username' and 'password', or 'logins'",
    );
  });

  it('Secret of type kubernetes.io/dockerconfigjson rejects a value that is not JSON without showing it', () => {
    const stack = new Stack('shop');
    const message = messageOf(() => new Secret(stack, 'pull', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': SECRET_VALUE } }));
    expect(message).toBe('Secret shop/pull: key ".dockerconfigjson" must hold a JSON object (the value is not shown)');
  });

  it('Secret.basicAuth() builds a kubernetes.io/basic-auth Secret; the type requires username or password', () => {
    const stack = new Stack('shop');
    Secret.basicAuth(stack, 'login', { username: 'u', password: 'p' });
    expect(findSecret(stack)).toMatchObject({ type: 'kubernetes.io/basic-auth', stringData: { username: 'u', password: 'p' } });
    expect(() => new Secret(stack, 'empty', { type: 'kubernetes.io/basic-auth', stringData: { other: 'x' } })).toThrow(
      "Secret shop/empty: 'type' (\"kubernetes.io/basic-auth\") requires the key 'username' or 'password' (or both)",
    );
  });

  it('Secret keeps values out of every error message', () => {
    const stack = new Stack('shop');
    const messages = [
      messageOf(() => new Secret(stack, 'a', { stringData: { token: 42 as unknown as string }, data: { x: SECRET_VALUE } })),
      messageOf(() => new Secret(stack, 'b', { data: { token: SECRET_VALUE } })),
      messageOf(() => new Secret(stack, 'c', { stringData: { 'bad key': SECRET_VALUE } })),
      messageOf(() => new Secret(stack, 'd', { stringData: { token: SECRET_VALUE }, data: { token: 'aGk=' } })),
      messageOf(() => new Secret(stack, 'e', { stringData: { token: SECRET_VALUE + 'x'.repeat(1024 * 1024) } })),
      messageOf(() => new Secret(stack, 'f', { stringData: { token: SECRET_VALUE }, generateKeys: ['token'] })),
      messageOf(() => new Secret(stack, 'g', { stringData: { token: SECRET_VALUE } }).addStringData('token', SECRET_VALUE)),
    ];
    for (const message of messages) {
      expect(message).not.toContain(SECRET_VALUE);
      expect(message).not.toContain('42');
    }
    expect(messages[0]).toBe("Secret shop/a: 'stringData.token' must be a string");
    expect(messages[1]).toBe("Secret shop/b: 'data' key \"token\": must be base64-encoded (standard alphabet, padded); the value is not shown");
    expect(messages[3]).toBe("Secret shop/d: key \"token\" is set twice: each key may appear once across 'stringData' and 'data'");
    expect(messages[4]).toBe("Secret shop/e: 'stringData' and 'data' hold 1048596 bytes in total: may not be more than 1048576 bytes (1 MiB)");
    expect(messages[5]).toBe("Secret shop/f: key \"token\" is both given and in 'generateKeys': remove it from one of them");
  });

  it('Secret names a bad name and type, which are not secret', () => {
    const stack = new Stack('shop');
    expect(messageOf(() => new Secret(stack, 'a', { name: 'Bad' }))).toContain("Secret shop/a: 'name' (\"Bad\") a lowercase RFC 1123 subdomain");
    expect(messageOf(() => new Secret(stack, 'b', { type: '' }))).toBe(
      "Secret shop/b: 'type' must not be empty (known types: Opaque, kubernetes.io/tls, kubernetes.io/dockerconfigjson, kubernetes.io/basic-auth, kubernetes.io/ssh-auth)",
    );
  });

  it('Secret with generateKeys synthesizes the annotations and no value for those keys', () => {
    const stack = new Stack('shop');
    const secret = new Secret(stack, 'creds', { stringData: { username: 'app' }, generateKeys: ['password', 'api-key'], generateLength: 40 });
    const object = findSecret(stack);
    expect(object.metadata.annotations).toEqual({ [GENERATE_KEYS_ANNOTATION]: 'password,api-key', [GENERATE_LENGTH_ANNOTATION]: '40' });
    expect(object.stringData).toEqual({ username: 'app' });
    expect(object.data).toBeUndefined();
    expect(secret.keys).toEqual(['api-key', 'password', 'username']);
    expect(secret.keyRef('password').renderEnv('PW')).toEqual({ name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } });
  });

  it('Secret with generateKeys defaults the length to 32 and rejects contradictions', () => {
    const stack = new Stack('shop');
    new Secret(stack, 'creds', { generateKeys: ['password'] });
    expect(findSecret(stack).metadata.annotations?.[GENERATE_LENGTH_ANNOTATION]).toBe('32');
    expect(messageOf(() => new Secret(stack, 'a', { generateKeys: ['password'], immutable: true }))).toBe(
      'Secret shop/a: \'immutable\' (true) cannot be combined with \'generateKeys\' (["password"]): generated keys are written after the Secret is created',
    );
    expect(messageOf(() => new Secret(stack, 'b', { generateKeys: ['password'], generateLength: 8 }))).toBe(
      "Secret shop/b: 'generateLength' must be between 16 and 128, inclusive",
    );
    expect(messageOf(() => new Secret(stack, 'c', { generateLength: 20 }))).toBe("Secret shop/c: 'generateLength' (20) has no effect without 'generateKeys'");
    expect(messageOf(() => new Secret(stack, 'd', { generateKeys: ['pw', 'pw'] }))).toBe("Secret shop/d: 'generateKeys' lists \"pw\" twice");
  });

  it('Secret.keyRef() renders a secretKeyRef, checks the key, and depends on the Secret', () => {
    const stack = new Stack('shop');
    const secret = new Secret(stack, 'api', { stringData: { token: 'x' } });
    const ref = secret.keyRef('token');
    expect(ref.renderEnv('TOKEN')).toEqual({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } });
    expect(ref.dependencies).toEqual([secret]);
    expect(secret.keyRef('other', { optional: true }).renderEnv('O')).toEqual({
      name: 'O',
      valueFrom: { secretKeyRef: { name: 'api', key: 'other', optional: true } },
    });
    expect(() => secret.keyRef('tokn')).toThrow('Secret shop/api: keyRef(): has no key "tokn" (keys: token)');
    secret.addStringData('tokn', 'y');
    expect(secret.keyRef('tokn').renderEnv('T').valueFrom?.secretKeyRef?.key).toBe('tokn');
  });

  it('Secret renders envFrom and a secret volume', () => {
    const secret = new Secret(new Stack('shop'), 'api', { stringData: { token: 'x' } });
    expect(secret.renderEnvFrom('API_')).toEqual({ prefix: 'API_', secretRef: { name: 'api' } });
    expect(secret.renderVolume('creds', { items: { token: 'token.txt' }, defaultMode: 0o400 })).toEqual({
      name: 'creds',
      secret: { secretName: 'api', items: [{ key: 'token', path: 'token.txt' }], defaultMode: 0o400 },
    });
    expect(secret.dependencies).toEqual([secret]);
  });

  it('Secret synthesizes the same YAML twice', () => {
    const build = (): string => {
      const stack = new Stack('shop', { namespace: 'shop' });
      new Secret(stack, 'a', { stringData: { z: '1', a: '2' }, data: { bin: Uint8Array.from([1, 2]) } });
      new Secret(stack, 'b', { generateKeys: ['password'] });
      return synthYaml(stack);
    };
    expect(build()).toBe(build());
  });
});
