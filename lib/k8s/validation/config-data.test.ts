import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { checkBase64 } from './config-data.ts';
import { listErrors, makeObject } from './test-fixtures.ts';

const KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const b64 = (s: string): string => Buffer.from(s).toString('base64');

type Case = [string, KubeObject, Array<[string, string]>];

const cases: Case[] = [
  ['a ConfigMap key with a slash', makeObject('v1', 'ConfigMap', { data: { 'conf/app.yaml': 'x' } }), [
    ['data[conf/app.yaml]', `Invalid value: "conf/app.yaml": ${KEY_MSG}`],
  ]],
  ['a ConfigMap key of two dots', makeObject('v1', 'ConfigMap', { data: { '..': 'x' } }), [['data[..]', 'Invalid value: "..": must not be \'..\'']]],
  ['a ConfigMap key in both data and binaryData', makeObject('v1', 'ConfigMap', { data: { a: 'x' }, binaryData: { a: b64('x') } }), [
    ['data[a]', 'Invalid value: "a": duplicate of key present in binaryData'],
  ]],
  ['binaryData that is not base64', makeObject('v1', 'ConfigMap', { binaryData: { a: 'not base64!' } }), [
    ['binaryData[a]', 'Invalid value: "not base64!": illegal base64 data at input byte 3'],
  ]],
  ['a ConfigMap over 1 MiB', makeObject('v1', 'ConfigMap', { data: { a: 'x'.repeat(1024 * 1024), b: 'y' } }), [
    ['[]', 'Too long: must have at most 1048576 bytes'],
  ]],
  ['a Secret whose data is not base64', makeObject('v1', 'Secret', { data: { password: 'hunter2' } }), [
    ['data[password]', 'Invalid value: "<secret contents redacted>": illegal base64 data at input byte 4'],
  ]],
  ['a Secret over 1 MiB', makeObject('v1', 'Secret', { stringData: { a: 'x'.repeat(1024 * 1024 + 1) } }), [
    ['data', 'Too long: must have at most 1048576 bytes'],
  ]],
  ['a TLS Secret without key', makeObject('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': b64('cert') } }), [
    ['data[tls.key]', 'Required value'],
  ]],
  ['a dockerconfigjson Secret without its key', makeObject('v1', 'Secret', { type: 'kubernetes.io/dockerconfigjson', data: {} }), [
    ['data[.dockerconfigjson]', 'Required value'],
  ]],
  ['a dockerconfigjson Secret that is not JSON', makeObject('v1', 'Secret', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'auths: {}' } }), [
    ['data[.dockerconfigjson]', 'Invalid value: "<secret contents redacted>": invalid character \'a\' looking for beginning of value'],
  ]],
  ['a basic-auth Secret with neither username nor password', makeObject('v1', 'Secret', { type: 'kubernetes.io/basic-auth', stringData: {} }), [
    ['data[username]', 'Required value'],
    ['data[password]', 'Required value'],
  ]],
  ['a service-account-token Secret without its annotation', makeObject('v1', 'Secret', { type: 'kubernetes.io/service-account-token' }), [
    ['metadata.annotations[kubernetes.io/service-account.name]', 'Required value'],
  ]],
  ['a Secret stringData key with a space', makeObject('v1', 'Secret', { stringData: { 'my key': 'x' } }), [
    ['data[my key]', `Invalid value: "my key": ${KEY_MSG}`],
  ]],
];

describe('ConfigMap and Secret validation', () => {
  it.each(cases)('validateObject() reports %s', (_name, obj, expected) => {
    expect(listErrors(obj)).toEqual(expected);
  });

  it('validateObject() accepts TLS, dockerconfigjson and Opaque Secrets with stringData', () => {
    expect(listErrors(makeObject('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': b64('a\n'), 'tls.key': b64('b') } }))).toEqual([]);
    expect(listErrors(makeObject('v1', 'Secret', { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{}}') } }))).toEqual([]);
    expect(listErrors(makeObject('v1', 'Secret', { stringData: { 'app.properties': 'a=b' }, data: { key: b64('v') } }))).toEqual([]);
    expect(listErrors(makeObject('v1', 'ConfigMap', { data: { 'a.conf': 'x', A_B: 'y' }, binaryData: { blob: `${b64('xyz')}\n` } }))).toEqual([]);
  });

  it('checkBase64() reports the first bad byte like Go', () => {
    expect(checkBase64('aGVsbG8=')).toBeUndefined();
    expect(checkBase64('aGVsbG8')).toBe('illegal base64 data at input byte 4');
    expect(checkBase64('a$==')).toBe('illegal base64 data at input byte 1');
  });
});
