// End-to-end: every manifest set of the corpus (../shared/corpus) applied to a fresh simulated
// 3-node cluster with all controllers running, settled for 30 virtual minutes, and compared with
// the end state the corpus README gives (support/corpus-state.ts). Where the simulation falls
// short, KNOWN_GAPS pins today's value, so a fix shows up as a failure here.

import { describe, expect, it } from 'vitest';
import { listEventsOf } from './support/corpus-observe.ts';
import { KNOWN_GAPS } from './support/corpus-gaps.ts';
import { runSet } from './support/corpus-state-run.ts';
import { ABSENT, END_STATES, type Expected, type SetEndState } from './support/corpus-state.ts';

const ALL_SET_IDS = Array.from({ length: 37 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when an observed line is (one of) the expected; `nodePort auto` stands for any port of 30000–32767. */
function matches(observed: string, expected: Expected): boolean {
  const options: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  return options.some((option) => {
    if (!option.includes('nodePort auto')) return observed === option;
    const pattern = escapeRegExp(option).replaceAll('nodePort auto', 'nodePort 3[0-2][0-9]{3}');
    return new RegExp(`^${pattern}$`).test(observed);
  });
}

function splitObjectKey(key: string): { kind: string; namespace: string; name: string } {
  const [kind, ref] = key.split(' ') as [string, string];
  const [namespace, name] = ref.split('/') as [string, string];
  return { kind, namespace, name };
}

function titleOf(set: SetEndState): string {
  return set.variant ? `${set.id} (${set.variant})` : set.id;
}

describe('the corpus end-state table', () => {
  it('the end-state table covers S01–S37 once each', () => {
    expect(END_STATES.map((s) => s.id)).toEqual(ALL_SET_IDS);
  });

  it('every known gap names an expectation of its set and repeats it', () => {
    for (const gap of KNOWN_GAPS) {
      const set = END_STATES.find((s) => s.id === gap.set);
      expect(set?.expect[gap.key], `${gap.set} ${gap.key}`).toEqual(gap.expected);
    }
  });
});

describe.each(END_STATES.map((set) => ({ set, title: titleOf(set) })))('corpus set $title on a 3-node cluster', ({ set, title }) => {
  it(`${title} settles to the README's end state (known gaps pinned)`, () => {
    const { sim, observation } = runSet(set);
    const gaps = new Map(KNOWN_GAPS.filter((g) => g.set === set.id).map((g) => [g.key, g]));

    const unexpected = Object.keys(observation).filter((key) => !key.startsWith('Pods ') && !(key in set.expect));
    expect(unexpected, 'objects the README does not list').toEqual([]);

    const wrong: Record<string, { observed: string; expected: Expected }> = {};
    for (const [key, expected] of Object.entries(set.expect)) {
      const observed = observation[key] ?? ABSENT;
      const gap = gaps.get(key);
      if (gap) {
        if (observed !== gap.observed) wrong[key] = { observed, expected: `known gap: ${gap.observed}` };
      } else if (!matches(observed, expected)) {
        wrong[key] = { observed, expected };
      }
    }
    expect(wrong).toEqual({});

    for (const [key, events] of Object.entries(set.events ?? {})) {
      const { kind, namespace, name } = splitObjectKey(key);
      expect(listEventsOf(sim.api, kind, namespace, name), key).toEqual(expect.arrayContaining([...events]));
    }
  });
});
