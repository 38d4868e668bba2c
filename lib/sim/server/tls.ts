// The served cluster's certificates: a certificate authority (CN shipshape-ca) and a server
// certificate it signs for 127.0.0.1 and localhost, kept as PEM files in the state directory and
// reused while valid. Keys come from Node's crypto; node-forge builds and signs the certificates
// (Node can parse X.509 but cannot issue it). It does not serve anything.

import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';
import { writeAtomically } from './write-file.ts';

/** File names under the state directory. */
export const TLS_FILES = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'server.crt', key: 'server.key' } as const;

/** The CA's common name. */
export const CA_COMMON_NAME = 'shipshape-ca';
/** The server certificate's common name. */
export const SERVER_COMMON_NAME = 'shipshape-apiserver';
/** Names every server certificate covers. */
export const DEFAULT_SERVER_NAMES: readonly string[] = ['127.0.0.1', 'localhost'];

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_DAYS = 3650;
const SERVER_DAYS = 365;
/** A certificate expiring sooner than this is replaced rather than reused. */
const RENEW_BEFORE_MS = 7 * DAY_MS;

/** A PEM certificate and its PEM (PKCS#8) private key. */
export interface CertificateAndKey {
  readonly cert: string;
  readonly key: string;
}

/** What the server needs to serve HTTPS and what the kubeconfig needs to trust it. */
export interface ServerTls {
  readonly ca: CertificateAndKey;
  readonly server: CertificateAndKey;
  /** Which files were written this time (empty when everything was reused). */
  readonly written: readonly string[];
}

/** Options of the certificate functions. */
export interface TlsOptions {
  /** The time certificates are checked against and start at. @default new Date() */
  readonly now?: Date;
  /** IP addresses and DNS names the server certificate must cover, besides 127.0.0.1 and localhost. */
  readonly names?: readonly string[];
}

/**
 * Loads the CA and server certificate from `dir`, generating whichever is missing, unreadable,
 * expiring within 7 days, or (server) not signed by the CA or not covering the names.
 * Keys are written with mode 0600.
 */
export function ensureServerTls(dir: string, options: TlsOptions = {}): ServerTls {
  const now = options.now ?? new Date();
  const names = uniqueNames([...DEFAULT_SERVER_NAMES, ...(options.names ?? [])]);
  const written: string[] = [];
  let ca = readPair(dir, TLS_FILES.caCert, TLS_FILES.caKey);
  if (!ca || !isUsableCa(ca, now)) {
    ca = generateCertificateAuthority({ now });
    writePair(dir, TLS_FILES.caCert, TLS_FILES.caKey, ca);
    written.push(TLS_FILES.caCert, TLS_FILES.caKey);
  }
  let server = written.length > 0 ? undefined : readPair(dir, TLS_FILES.cert, TLS_FILES.key);
  if (!server || !isUsableServerCert(server, ca, names, now)) {
    server = generateServerCertificate(ca, { now, names });
    writePair(dir, TLS_FILES.cert, TLS_FILES.key, server);
    written.push(TLS_FILES.cert, TLS_FILES.key);
  }
  return { ca, server, written };
}

/** A new self-signed CA (CN shipshape-ca), valid for ten years. */
export function generateCertificateAuthority(options: Pick<TlsOptions, 'now'> = {}): CertificateAndKey {
  const now = options.now ?? new Date();
  const { privateKey, publicKey } = generateRsaKeys();
  const cert = newCertificate(publicKey, now, CA_DAYS);
  const subject = [{ name: 'commonName', value: CA_COMMON_NAME }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: toPkcs8Pem(privateKey) };
}

/** A new server certificate signed by `ca`, for 127.0.0.1, localhost and `names`, valid for a year. */
export function generateServerCertificate(ca: CertificateAndKey, options: TlsOptions = {}): CertificateAndKey {
  const now = options.now ?? new Date();
  const names = uniqueNames([...DEFAULT_SERVER_NAMES, ...(options.names ?? [])]);
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const { privateKey, publicKey } = generateRsaKeys();
  const cert = newCertificate(publicKey, now, SERVER_DAYS);
  cert.setSubject([{ name: 'commonName', value: SERVER_COMMON_NAME }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: toPkcs8Pem(privateKey) };
}

/** The names (IPs and DNS names) a PEM certificate's subjectAltName covers. */
export function readSubjectAltNames(certPem: string): string[] {
  const san = new X509Certificate(certPem).subjectAltName ?? '';
  return san
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('IP Address:') || s.startsWith('DNS:'))
    .map((s) => s.slice(s.indexOf(':') + 1));
}

function isUsableCa(ca: CertificateAndKey, now: Date): boolean {
  try {
    const x = new X509Certificate(ca.cert);
    return x.ca && isCurrent(x, now) && x.checkPrivateKey(createPrivateKey(ca.key)) && x.verify(x.publicKey);
  } catch {
    return false;
  }
}

function isUsableServerCert(server: CertificateAndKey, ca: CertificateAndKey, names: readonly string[], now: Date): boolean {
  try {
    const x = new X509Certificate(server.cert);
    const caX = new X509Certificate(ca.cert);
    if (!isCurrent(x, now) || !x.checkPrivateKey(createPrivateKey(server.key))) return false;
    if (!x.checkIssued(caX) || !x.verify(caX.publicKey)) return false;
    const covered = new Set(readSubjectAltNames(server.cert));
    return names.every((n) => covered.has(n));
  } catch {
    return false;
  }
}

function isCurrent(x: X509Certificate, now: Date): boolean {
  return Date.parse(x.validFrom) <= now.getTime() && Date.parse(x.validTo) - RENEW_BEFORE_MS > now.getTime();
}

function newCertificate(publicKey: forge.pki.PublicKey, now: Date, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive 128-bit serial: clear the top bit so DER does not read it as negative.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  // Start a minute early so a client with a slightly slow clock accepts it at once.
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
  return cert;
}

function generateRsaKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // Node's native key generation is far faster than forge's pure-JavaScript one.
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey: forge.pki.privateKeyFromPem(privatePem), publicKey: forge.pki.publicKeyFromPem(publicPem) };
}

function toPkcs8Pem(key: forge.pki.PrivateKey): string {
  return createPrivateKey(forge.pki.privateKeyToPem(key)).export({ type: 'pkcs8', format: 'pem' }).toString();
}

function readPair(dir: string, certFile: string, keyFile: string): CertificateAndKey | undefined {
  const certPath = join(dir, certFile);
  const keyPath = join(dir, keyFile);
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  try {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  } catch {
    return undefined;
  }
}

function writePair(dir: string, certFile: string, keyFile: string, pair: CertificateAndKey): void {
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, keyFile), pair.key, 0o600);
  writeAtomically(join(dir, certFile), pair.cert, 0o644);
}

function uniqueNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((n) => n !== '' && n !== '0.0.0.0' && n !== '::'))];
}
