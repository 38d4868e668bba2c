import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureServerTls, generateCertificateAuthority, generateServerCertificate, readSubjectAltNames, TLS_FILES } from './tls.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-tls-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function modeOf(file: string): number {
  return statSync(join(dir, file)).mode & 0o777;
}

describe('tls', () => {
  it('generateCertificateAuthority() makes a self-signed CA named shipshape-ca, valid ten years', () => {
    const ca = generateCertificateAuthority({ now: NOW });
    const x = new X509Certificate(ca.cert);
    expect(x.subject).toBe('CN=shipshape-ca');
    expect(x.issuer).toBe('CN=shipshape-ca');
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(Date.parse(x.validTo) - NOW.getTime()).toBe(3650 * DAY);
    expect(ca.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('generateServerCertificate() signs a server certificate for 127.0.0.1 and localhost', () => {
    const ca = generateCertificateAuthority({ now: NOW });
    const server = generateServerCertificate(ca, { now: NOW });
    const x = new X509Certificate(server.cert);
    const caX = new X509Certificate(ca.cert);
    expect(x.subject).toBe('CN=shipshape-apiserver');
    expect(x.ca).toBe(false);
    expect(x.checkIssued(caX)).toBe(true);
    expect(x.verify(caX.publicKey)).toBe(true);
    expect(readSubjectAltNames(server.cert)).toEqual(['127.0.0.1', 'localhost']);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(Date.parse(x.validTo) - NOW.getTime()).toBe(365 * DAY);
  });

  it('generateServerCertificate() adds extra names, IPs and DNS names alike, but not wildcard addresses', () => {
    const ca = generateCertificateAuthority({ now: NOW });
    const server = generateServerCertificate(ca, { now: NOW, names: ['10.1.2.3', 'sim.local', '0.0.0.0', 'localhost'] });
    expect(readSubjectAltNames(server.cert)).toEqual(['127.0.0.1', 'localhost', '10.1.2.3', 'sim.local']);
  });

  it('ensureServerTls() writes ca.crt, ca.key, server.crt and server.key, keys with mode 0600', () => {
    const tls = ensureServerTls(dir, { now: NOW });
    expect(tls.written).toEqual(['ca.crt', 'ca.key', 'server.crt', 'server.key']);
    expect(readFileSync(join(dir, TLS_FILES.caCert), 'utf8')).toBe(tls.ca.cert);
    expect(readFileSync(join(dir, TLS_FILES.key), 'utf8')).toBe(tls.server.key);
    expect(modeOf('ca.key')).toBe(0o600);
    expect(modeOf('server.key')).toBe(0o600);
    expect(modeOf('ca.crt')).toBe(0o644);
  });

  it('ensureServerTls() reuses valid certificates on a later run', () => {
    const first = ensureServerTls(dir, { now: NOW });
    const second = ensureServerTls(dir, { now: new Date(NOW.getTime() + 100 * DAY) });
    expect(second.written).toEqual([]);
    expect(second.ca).toEqual(first.ca);
    expect(second.server).toEqual(first.server);
  });

  it('ensureServerTls() renews a server certificate within 7 days of expiry and keeps the CA', () => {
    const first = ensureServerTls(dir, { now: NOW });
    const later = new Date(NOW.getTime() + 359 * DAY);
    const second = ensureServerTls(dir, { now: later });
    expect(second.written).toEqual(['server.crt', 'server.key']);
    expect(second.ca).toEqual(first.ca);
    expect(new X509Certificate(second.server.cert).checkIssued(new X509Certificate(first.ca.cert))).toBe(true);
  });

  it('ensureServerTls() renews the server certificate when it does not cover the address served', () => {
    ensureServerTls(dir, { now: NOW });
    const second = ensureServerTls(dir, { now: NOW, names: ['192.168.7.7'] });
    expect(second.written).toEqual(['server.crt', 'server.key']);
    expect(readSubjectAltNames(second.server.cert)).toEqual(['127.0.0.1', 'localhost', '192.168.7.7']);
  });

  it('ensureServerTls() replaces everything when the CA key is unreadable or does not match', () => {
    const first = ensureServerTls(dir, { now: NOW });
    writeFileSync(join(dir, 'ca.key'), 'not a key');
    const second = ensureServerTls(dir, { now: NOW });
    expect(second.written).toEqual(['ca.crt', 'ca.key', 'server.crt', 'server.key']);
    expect(second.ca.cert).not.toBe(first.ca.cert);
  });

  it('ensureServerTls() replaces a server certificate signed by another CA', () => {
    const first = ensureServerTls(dir, { now: NOW });
    const stranger = generateServerCertificate(generateCertificateAuthority({ now: NOW }), { now: NOW });
    writeFileSync(join(dir, 'server.crt'), stranger.cert);
    writeFileSync(join(dir, 'server.key'), stranger.key);
    const second = ensureServerTls(dir, { now: NOW });
    expect(second.written).toEqual(['server.crt', 'server.key']);
    expect(new X509Certificate(second.server.cert).checkIssued(new X509Certificate(first.ca.cert))).toBe(true);
  });
});
