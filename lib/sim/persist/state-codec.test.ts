import { describe, expect, test } from 'vitest';
import { decodeState, encodeState, peekStateVersion } from './state-codec.ts';
import type { SimState, StateChunk } from './state-codec.ts';
import { bigState, smallState } from './fixtures/states.ts';

function textOf(chunks: Iterable<StateChunk>): string {
  return Buffer.concat([...chunks].flatMap((chunk) => chunk.pieces)).toString('utf8');
}

function encodeToText(state: SimState, chunkBytes?: number): string {
  return textOf(encodeState(state, chunkBytes));
}

describe('encodeState()', () => {
  test('encodeState() writes the format and version first and one object per line', () => {
    const text = encodeToText(smallState());
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^\{"format":"shipshape-sim-state","version":1,"resourceVersion":7,"clock":\{"now":"2026-11-24T03:40:00.000Z"\},"extra":\{"faults":\{"rules":\[\]\}\},"sections":\[.*\],"objects":\[$/,
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(JSON.stringify(smallState().objects[0]) + ',');
    expect(decodeState(text)).toEqual(smallState());
  });

  test('encodeState() splits a big state into chunks that count the objects written', () => {
    const chunks = [...encodeState(bigState(1000), 10_000)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.at(-1)!.objectsWritten).toBe(1000);
    expect(chunks.map((c) => c.objectsWritten)).toEqual([...chunks.map((c) => c.objectsWritten)].sort((a, b) => a - b));
    expect(chunks.every((c) => c.byteLength === c.pieces.reduce((n, p) => n + p.length, 0))).toBe(true);
    expect(decodeState(textOf(chunks))).toEqual(bigState(1000));
  });

  test('encodeState() encodes a frozen (stored) object once and reuses its bytes; others are encoded afresh', () => {
    const frozen = Object.freeze({ kind: 'ConfigMap', data: Object.freeze({ a: '1' }) });
    const plain = { kind: 'ConfigMap', data: { a: '1' } };
    const state: SimState = { ...smallState(), objects: [frozen, plain] };
    const piecesOf = (): Buffer[] => [...encodeState(state)].flatMap((chunk) => [...chunk.pieces]);
    const first = piecesOf();
    plain.data.a = '2';
    const second = piecesOf();
    expect(second.find((piece) => piece.toString() === JSON.stringify(frozen))).toBe(first.find((piece) => piece.toString() === JSON.stringify(frozen)));
    expect(decodeState(textOf(encodeState(state)))).toMatchObject({ objects: [frozen, { kind: 'ConfigMap', data: { a: '2' } }] });
  });

  test('encodeState() writes an empty object list', () => {
    const state: SimState = { version: 1, resourceVersion: 0, clock: { now: '2026-01-01T00:00:00Z' }, objects: [] };
    expect(decodeState(encodeToText(state))).toEqual(state);
  });

  test('encodeState() rejects a state that is not a version 1 state before writing anything', () => {
    const bad = { ...smallState(), resourceVersion: -1 };
    expect(() => encodeState(bad)).toThrow(new RangeError('SimState resourceVersion must be a non-negative integer: got -1'));
    expect(() => encodeState({ ...smallState(), clock: { now: 'noon' } })).toThrow(
      'SimState clock.now must be an ISO timestamp: got noon',
    );
  });

  test('encodeState() rejects an object JSON cannot encode', () => {
    const state: SimState = { ...smallState(), objects: [{}, undefined] };
    expect(() => encodeToText(state)).toThrow(new TypeError('SimState objects[1] cannot be encoded as JSON'));
  });
});

describe('decodeState()', () => {
  test.each([
    ['an empty file', '  \n', 'the file is empty'],
    ['a file of another format', '{"format":"kubeconfig"}', "the file is not a shipshape state file (it has format 'kubeconfig', expected 'shipshape-sim-state')"],
    ['a JSON array', '[]', "the file is not a shipshape state file (it has no format field, expected 'shipshape-sim-state')"],
    ['a version 0', '{"format":"shipshape-sim-state","version":0}', "version must be a positive integer: current value is '0'"],
    ['a negative resourceVersion', '{"format":"shipshape-sim-state","version":1,"resourceVersion":-3}', "resourceVersion must be a non-negative integer: current value is '-3'"],
    ['a bad clock', '{"format":"shipshape-sim-state","version":1,"resourceVersion":3,"clock":{"now":"soon"}}', "clock.now must be an ISO timestamp: current value is 'soon'"],
    ['missing objects', '{"format":"shipshape-sim-state","version":1,"resourceVersion":3,"clock":{"now":"2026-01-01T00:00:00Z"}}', "objects must be an array: current value is 'undefined'"],
    ['a non-object in objects', '{"format":"shipshape-sim-state","version":1,"resourceVersion":3,"clock":{"now":"2026-01-01T00:00:00Z"},"objects":[{},7]}', "objects[1] must be an object: current value is '7'"],
    ['a bad extra', '{"format":"shipshape-sim-state","version":1,"resourceVersion":3,"clock":{"now":"2026-01-01T00:00:00Z"},"objects":[],"extra":[1]}', "extra must be an object: current value is '[1]'"],
  ])('decodeState() reports %s as corrupt', (_name, text, detail) => {
    expect(decodeState(text)).toEqual({ kind: 'corrupt', detail });
  });

  test('decodeState() reports a state of a newer format version', () => {
    expect(decodeState('{"format":"shipshape-sim-state","version":2}')).toEqual({
      kind: 'newer',
      detail: 'it was written by a newer shipshape (state format version 2, this shipshape reads version 1)',
    });
  });
});

describe('peekStateVersion()', () => {
  test('peekStateVersion() reads the version of a complete file from its ends', () => {
    const text = encodeToText(smallState());
    expect(peekStateVersion(text.slice(0, 128), text.slice(-8))).toBe(1);
  });

  test('peekStateVersion() gives up on a truncated or hand-formatted file', () => {
    const text = encodeToText(smallState());
    expect(peekStateVersion(text.slice(0, 128), text.slice(-20, -4))).toBeUndefined();
    expect(peekStateVersion(JSON.stringify(smallState(), null, 2), '\n]}\n')).toBeUndefined();
  });
});
