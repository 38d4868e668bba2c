import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { hashKindText, type KindText } from '../store/kind-text.ts';
import { decodeSections, decodeSectionsAsync, decodeStateBytes, encodeState, isStateProblem, parseStateTexts, type SimState } from './state-codec.ts';
import { smallState } from './fixtures/states.ts';

function bytesOf(state: SimState): Buffer {
  return Buffer.concat([...encodeState(state)].flatMap((chunk) => [...chunk.pieces]));
}

function headerOf(bytes: Buffer): { sections?: { kind: string; count: number; maxResourceVersion: number; sha256: string }[] } {
  const line = bytes.toString('utf8', 0, bytes.indexOf(10));
  return JSON.parse(`${line}]}`) as ReturnType<typeof headerOf>;
}

function decodeOk(bytes: Buffer): SimState {
  const state = decodeStateBytes(bytes);
  if (isStateProblem(state)) throw new Error(state.detail);
  return state;
}

const pod = (name: string, rv: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', resourceVersion: rv } });
const deployment = (name: string, rv: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', resourceVersion: rv } });

function storeLikeState(): SimState {
  return { version: 1, resourceVersion: 9, clock: { now: '2026-01-01T00:00:00.000Z' }, objects: [deployment('web', '4'), pod('web-1', '9'), pod('web-2', '6')] };
}

describe('state file sections', () => {
  test('encodeState() records each kind with its count, highest resourceVersion and the SHA-256 of its lines', () => {
    const bytes = bytesOf(storeLikeState());
    const lines = bytes.toString('utf8').split('\n');
    expect(headerOf(bytes).sections).toEqual([
      { kind: 'apps/Deployment', count: 1, maxResourceVersion: 4, sha256: createHash('sha256').update(JSON.stringify(deployment('web', '4'))).digest('hex') },
      { kind: '/Pod', count: 2, maxResourceVersion: 9, sha256: createHash('sha256').update(`${lines[2]}\n${lines[3]}`).digest('hex') },
    ]);
  });

  test('decodeStateBytes() keeps every kind of a file whose sections check out as text, and parsing them gives the objects back', () => {
    const state = decodeOk(bytesOf(storeLikeState()));
    expect(state.objects).toEqual([]);
    expect(state.texts!.map((text) => [text.kindKey, text.count, text.maxResourceVersion])).toEqual([
      ['apps/Deployment', 1, 4],
      ['/Pod', 2, 9],
    ]);
    expect(parseStateTexts(state)).toEqual(storeLikeState());
    expect(decodeStateBytes(bytesOf(storeLikeState()), { parse: true })).toEqual(storeLikeState());
  });

  test('decodeStateBytes() parses in full a file edited by hand, so the edit is what loads', () => {
    const edited = Buffer.from(bytesOf(storeLikeState()).toString('utf8').replace('"web-2"', '"web-3"'));
    const state = decodeOk(edited);
    expect(state.texts).toBeUndefined();
    expect(state.objects.map((object) => (object as { metadata: { name: string } }).metadata.name)).toEqual(['web', 'web-1', 'web-3']);
  });

  test('decodeStateBytes() parses in full a file whose resourceVersion is below a section\'s highest', () => {
    const lowered = Buffer.from(bytesOf(storeLikeState()).toString('utf8').replace('"resourceVersion":9,"clock"', '"resourceVersion":8,"clock"'));
    const state = decodeOk(lowered);
    expect(state.texts).toBeUndefined();
    expect(state.resourceVersion).toBe(8);
    expect(state.objects).toHaveLength(3);
  });

  test('decodeStateBytes() reports a truncated sectioned file as corrupt', () => {
    const bytes = bytesOf(storeLikeState());
    expect(decodeStateBytes(bytes.subarray(0, bytes.length - 20))).toMatchObject({ kind: 'corrupt' });
  });

  test('encodeState() writes a kind kept as text byte for byte, in kind order among the parsed kinds', () => {
    const first = decodeOk(bytesOf(storeLikeState()));
    const podText = first.texts!.find((text) => text.kindKey === '/Pod')!;
    const state: SimState = { ...first, objects: [deployment('api', '3'), deployment('web', '4')], texts: [podText] };
    const bytes = bytesOf(state);
    expect(bytes.includes(podText.bytes)).toBe(true);
    expect(headerOf(bytes).sections!.map((section) => [section.kind, section.count, section.sha256 === podText.sha256])).toEqual([
      ['/Pod', 2, true],
      ['apps/Deployment', 2, false],
    ]);
    const again = decodeOk(bytes);
    expect(parseStateTexts(again).objects).toEqual([pod('web-1', '9'), pod('web-2', '6'), deployment('api', '3'), deployment('web', '4')]);
  });

  test('encodeState() writes no sections when a kind comes in two runs, and the file still loads', () => {
    const state: SimState = { ...storeLikeState(), objects: [pod('a', '1'), deployment('web', '4'), pod('b', '2')] };
    const bytes = bytesOf(state);
    expect(headerOf(bytes).sections).toBeUndefined();
    expect(decodeOk(bytes)).toEqual(state);
  });

  test('encodeState() keeps the order of objects of a state not grouped by kind key', () => {
    expect(decodeStateBytes(bytesOf(smallState()), { parse: true })).toEqual(smallState());
  });

  test('decodeSectionsAsync() agrees with decodeSections(): kinds as text for a good file, nothing for an edited one', async () => {
    const bytes = bytesOf(storeLikeState());
    expect(await decodeSectionsAsync(bytes)).toEqual(decodeSections(bytes));
    expect((await decodeSectionsAsync(bytes))!.texts).toHaveLength(2);
    const edited = Buffer.from(bytes.toString('utf8').replace('"web-2"', '"web-3"'));
    expect(await decodeSectionsAsync(edited)).toBeUndefined();
    expect(decodeSections(edited)).toBeUndefined();
  });

  test('hashKindText() hashes pieces as their concatenation', () => {
    const text: Pick<KindText, 'bytes'> = { bytes: Buffer.from('{"a":1},\n{"b":2}') };
    expect(hashKindText([Buffer.from('{"a":1}'), Buffer.from(',\n'), Buffer.from('{"b":2}')])).toBe(hashKindText(text.bytes));
  });
});
