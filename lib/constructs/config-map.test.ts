import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from '../core/stack.ts';
import { synth, synthYaml } from '../core/synth.ts';
import { validateManifest } from '../core/validate.ts';
import type { Manifest } from '../k8s/types.ts';
import { App } from './app.ts';
import { ConfigMap } from './config-map.ts';

function findObject(stack: Stack, kind: string): Manifest {
  const found = synth(stack).find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind}`);
  return found;
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-cm-'));
  writeFileSync(join(dir, 'nginx.conf'), 'server { listen 80; }\n');
  writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]));
  mkdirSync(join(dir, 'sub'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ConfigMap', () => {
  it('ConfigMap synthesizes data sorted by key, with a path-derived name and instance labels', () => {
    const stack = new Stack('shop', { namespace: 'shop' });
    new ConfigMap(stack, 'web-config', { data: { b: '2', a: '1' } });
    const object = findObject(stack, 'ConfigMap');
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'web-config',
        namespace: 'shop',
        labels: {
          'app.kubernetes.io/instance': 'shop-web-config',
          'app.kubernetes.io/managed-by': 'shipshape',
          'app.kubernetes.io/name': 'web-config',
          'app.kubernetes.io/part-of': 'shop',
        },
      },
      data: { a: '1', b: '2' },
    });
    expect(Object.keys(object.data as object)).toEqual(['a', 'b']);
    expect(validateManifest(object)).toEqual([]);
  });

  it('ConfigMap with no props synthesizes neither data nor binaryData nor immutable', () => {
    const stack = new Stack('shop');
    new ConfigMap(stack, 'empty');
    const object = findObject(stack, 'ConfigMap');
    expect(object.data).toBeUndefined();
    expect(object.binaryData).toBeUndefined();
    expect(object.immutable).toBeUndefined();
    expect(object.metadata.namespace).toBeUndefined();
  });

  it('ConfigMap takes a name, immutable, and binary data as bytes or base64', () => {
    const stack = new Stack('shop');
    new ConfigMap(stack, 'cfg', { name: 'settings', immutable: true, binaryData: { raw: Uint8Array.from([0xff, 0]), b64: 'aGk=' } });
    const object = findObject(stack, 'ConfigMap');
    expect(object.metadata.name).toBe('settings');
    expect(object.immutable).toBe(true);
    expect(object.binaryData).toEqual({ b64: 'aGk=', raw: '/wA=' });
  });

  it('ConfigMap.fromFiles() puts UTF-8 files in data and other files in binaryData, keyed by base name', () => {
    const stack = new Stack('shop');
    const cm = ConfigMap.fromFiles(stack, 'files', [join(dir, 'nginx.conf'), join(dir, 'logo.png')]);
    cm.addFile(join(dir, 'nginx.conf'), 'default.conf');
    const object = findObject(stack, 'ConfigMap');
    expect(object.data).toEqual({ 'default.conf': 'server { listen 80; }\n', 'nginx.conf': 'server { listen 80; }\n' });
    expect(object.binaryData).toEqual({ 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]).toString('base64') });
    expect(cm.keys).toEqual(['default.conf', 'logo.png', 'nginx.conf']);
  });

  it('ConfigMap reports a file it cannot read', () => {
    const stack = new Stack('shop');
    expect(() => ConfigMap.fromFiles(stack, 'files', ['does/not/exist.txt'])).toThrow('ConfigMap shop/files: cannot read file "does/not/exist.txt": no such file');
    expect(() => new ConfigMap(stack, 'dir', { files: [join(dir, 'sub')] })).toThrow(`ConfigMap shop/dir: cannot read file "${join(dir, 'sub')}": it is a directory`);
  });

  it('ConfigMap rejects keys the API server rejects, with its wording', () => {
    const stack = new Stack('shop');
    expect(() => new ConfigMap(stack, 'bad', { data: { 'bad key': 'x' } })).toThrow(
      "ConfigMap shop/bad: 'data' key \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
    expect(() => new ConfigMap(stack, 'dots', { binaryData: { '..x': 'aGk=' } })).toThrow("ConfigMap shop/dots: 'binaryData' key \"..x\": must not start with '..'");
    const cm = new ConfigMap(stack, 'ok');
    expect(() => cm.addData('.', 'x')).toThrow("ConfigMap shop/ok: 'data' key \".\": must not be '.'");
  });

  it('ConfigMap rejects a key set in both data and binaryData, and a key added twice', () => {
    const stack = new Stack('shop');
    expect(() => new ConfigMap(stack, 'dup', { data: { a: '1' }, binaryData: { a: 'aGk=' } })).toThrow(
      "ConfigMap shop/dup: key \"a\" is set twice: each key may appear once across 'data' and 'binaryData'",
    );
    const cm = new ConfigMap(stack, 'cfg', { data: { a: '1' } });
    expect(() => cm.addBinaryData('a', Uint8Array.from([1]))).toThrow(
      "ConfigMap shop/cfg: key \"a\" is set twice: each key may appear once across 'data' and 'binaryData'",
    );
  });

  it('ConfigMap rejects binaryData that is not base64 and data values that are not strings', () => {
    const stack = new Stack('shop');
    expect(() => new ConfigMap(stack, 'b64', { binaryData: { a: 'not base64!' } })).toThrow(
      "ConfigMap shop/b64: 'binaryData' key \"a\": must be base64-encoded (standard alphabet, padded)",
    );
    expect(() => new ConfigMap(stack, 'num', { data: { a: 1 as unknown as string } })).toThrow("ConfigMap shop/num: 'data.a' (1) must be a string");
  });

  it('ConfigMap rejects more than 1 MiB of data', () => {
    const stack = new Stack('shop');
    const big = 'x'.repeat(1024 * 1024);
    expect(() => new ConfigMap(stack, 'big', { data: { a: big, b: 'y' } })).toThrow(
      "ConfigMap shop/big: 'data' and 'binaryData' hold 1048577 bytes in total: may not be more than 1048576 bytes (1 MiB)",
    );
    const cm = new ConfigMap(stack, 'grows', { data: { a: big } });
    expect(() => cm.addData('b', 'y')).toThrow('hold 1048577 bytes in total');
  });

  it('ConfigMap rejects an invalid name', () => {
    const stack = new Stack('shop');
    expect(() => new ConfigMap(stack, 'cfg', { name: 'Bad_Name' })).toThrow(
      "ConfigMap shop/cfg: 'name' (\"Bad_Name\") a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  it('ConfigMap with hashSuffix appends a 10-character hash of the data that is stable and follows changes', () => {
    const build = (data: Record<string, string>): ConfigMap => new ConfigMap(new Stack('shop'), 'web-config', { data, hashSuffix: true });
    const first = build({ a: '1', b: '2' });
    expect(first.name).toMatch(/^web-config-[bcdfghjklmnpqrstvwxz0-9]{10}$/);
    expect(build({ b: '2', a: '1' }).name).toBe(first.name);
    expect(build({ a: '1', b: '3' }).name).not.toBe(first.name);
    expect(first.baseName).toBe('web-config');
    expect(first.resource.toObject().metadata.labels?.['app.kubernetes.io/name']).toBe('web-config');
  });

  it('ConfigMap hash suffix reflects data added after construction, in the object and in references', () => {
    const stack = new Stack('shop');
    const cm = new ConfigMap(stack, 'cfg', { data: { a: '1' }, hashSuffix: true });
    const ref = cm.keyRef('a');
    const before = cm.name;
    cm.addData('b', '2');
    expect(cm.name).not.toBe(before);
    expect(findObject(stack, 'ConfigMap').metadata.name).toBe(cm.name);
    expect(ref.renderEnv('A')).toEqual({ name: 'A', valueFrom: { configMapKeyRef: { name: cm.name, key: 'a' } } });
    expect(cm.renderEnvFrom().configMapRef?.name).toBe(cm.name);
  });

  it('ConfigMap with hashSuffix changes the pod template of an App that uses it when the data changes', () => {
    const templateOf = (level: string): string => {
      const stack = new Stack('shop', { namespace: 'shop' });
      const cm = new ConfigMap(stack, 'web-config', { data: { LOG_LEVEL: level }, hashSuffix: true });
      new App(stack, 'web', { image: 'nginx:1.27', port: 80, envFrom: [cm], files: [{ path: '/etc/web', source: cm }] });
      const deployment = synth(stack).find((o) => o.kind === 'Deployment') as unknown as { spec: { template: unknown } };
      return JSON.stringify(deployment.spec.template);
    };
    expect(templateOf('info')).toBe(templateOf('info'));
    expect(templateOf('info')).not.toBe(templateOf('debug'));
    expect(templateOf('info')).toMatch(/"configMapRef":\{"name":"web-config-[a-z0-9]{10}"\}/);
  });

  it('ConfigMap.keyRef() renders a configMapKeyRef and depends on the ConfigMap', () => {
    const stack = new Stack('shop');
    const cm = new ConfigMap(stack, 'cfg', { data: { LOG_LEVEL: 'info' } });
    const ref = cm.keyRef('LOG_LEVEL');
    expect(ref.renderEnv('LOG')).toEqual({ name: 'LOG', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'LOG_LEVEL' } } });
    expect(ref.dependencies).toEqual([cm]);
    expect(cm.keyRef('maybe', { optional: true }).renderEnv('M')).toEqual({
      name: 'M',
      valueFrom: { configMapKeyRef: { name: 'cfg', key: 'maybe', optional: true } },
    });
    expect(() => cm.keyRef('LOG')).toThrow('ConfigMap shop/cfg: keyRef(): has no key "LOG" (keys: LOG_LEVEL)');
  });

  it('ConfigMap renders envFrom with an optional prefix', () => {
    const cm = new ConfigMap(new Stack('shop'), 'cfg', { data: { a: '1' } });
    expect(cm.renderEnvFrom()).toEqual({ configMapRef: { name: 'cfg' } });
    expect(cm.renderEnvFrom('CFG_')).toEqual({ prefix: 'CFG_', configMapRef: { name: 'cfg' } });
    expect(cm.dependencies).toEqual([cm]);
  });

  it('ConfigMap renders a volume with items and defaultMode, and rejects unknown items and bad modes', () => {
    const cm = new ConfigMap(new Stack('shop'), 'cfg', { data: { 'nginx.conf': 'x' } });
    expect(cm.renderVolume('config')).toEqual({ name: 'config', configMap: { name: 'cfg' } });
    expect(cm.renderVolume('config', { items: { 'nginx.conf': 'conf.d/default.conf' }, defaultMode: 0o644 })).toEqual({
      name: 'config',
      configMap: { name: 'cfg', items: [{ key: 'nginx.conf', path: 'conf.d/default.conf' }], defaultMode: 0o644 },
    });
    expect(() => cm.renderVolume('config', { items: { other: 'x' } })).toThrow('ConfigMap shop/cfg: renderVolume(): has no key "other" to mount');
    expect(() => cm.renderVolume('config', { defaultMode: 0o1000 })).toThrow(
      'ConfigMap shop/cfg: renderVolume(): defaultMode (512) must be a number between 0 and 0777 (octal), both inclusive',
    );
  });

  it('ConfigMap synthesizes the same YAML twice', () => {
    const build = (): string => {
      const stack = new Stack('shop', { namespace: 'shop' });
      new ConfigMap(stack, 'cfg', { data: { z: '1', a: '2' }, binaryData: { bin: Uint8Array.from([1, 2, 3]) }, hashSuffix: true });
      return synthYaml(stack);
    };
    expect(build()).toBe(build());
  });
});
