import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatServerUrl, renderKubeconfig, writeKubeconfig } from './kubeconfig.ts';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-kubeconfig-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('kubeconfig', () => {
  it('renderKubeconfig() names cluster, user and context shipshape, with the CA and the token', () => {
    const text = renderKubeconfig({ server: 'https://127.0.0.1:6443', caCert: CA, token: 'tok-123' });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: Config',
        'preferences: {}',
        'clusters:',
        '  - name: shipshape',
        '    cluster:',
        '      server: https://127.0.0.1:6443',
        `      certificate-authority-data: ${Buffer.from(CA).toString('base64')}`,
        'users:',
        '  - name: shipshape',
        '    user:',
        '      token: tok-123',
        'contexts:',
        '  - name: shipshape',
        '    context:',
        '      cluster: shipshape',
        '      user: shipshape',
        '      namespace: default',
        'current-context: shipshape',
        '',
      ].join('\n'),
    );
  });

  it('renderKubeconfig() takes another name and namespace', () => {
    const config = parse(renderKubeconfig({ server: 'https://127.0.0.1:1', caCert: CA, token: 't', name: 'sim', namespace: 'shop' }));
    expect(config['current-context']).toBe('sim');
    expect(config.contexts).toEqual([{ name: 'sim', context: { cluster: 'sim', user: 'sim', namespace: 'shop' } }]);
  });

  it('writeKubeconfig() writes mode 0600, also over an existing readable file', () => {
    const path = join(dir, 'sub', 'kubeconfig');
    writeKubeconfig(path, { server: 'https://127.0.0.1:6443', caCert: CA, token: 'one' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    chmodSync(path, 0o644);
    writeKubeconfig(path, { server: 'https://127.0.0.1:6443', caCert: CA, token: 'two' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(path, 'utf8')).users[0].user.token).toBe('two');
  });

  it('writeKubeconfig() replaces a file it cannot open for writing', () => {
    const path = join(dir, 'kubeconfig');
    writeFileSync(path, 'old', { mode: 0o400 });
    writeKubeconfig(path, { server: 'https://127.0.0.1:6443', caCert: CA, token: 'new' });
    expect(parse(readFileSync(path, 'utf8')).users[0].user.token).toBe('new');
  });

  it('formatServerUrl() points wildcard addresses at 127.0.0.1 and brackets IPv6', () => {
    expect(formatServerUrl('127.0.0.1', 6443)).toBe('https://127.0.0.1:6443');
    expect(formatServerUrl('0.0.0.0', 8443)).toBe('https://127.0.0.1:8443');
    expect(formatServerUrl('::', 8443)).toBe('https://127.0.0.1:8443');
    expect(formatServerUrl('::1', 8443)).toBe('https://[::1]:8443');
  });
});
