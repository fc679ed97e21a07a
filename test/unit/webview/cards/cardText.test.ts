import * as assert from 'node:assert/strict';
import type { CardKind, Interval } from '../../../../shared/sample/sample';
import { cardLabel, intervalsText } from '../../../../webview/cards/cardText';

describe('cardLabel', () => {
  const cases: [CardKind, number | null, string][] = [
    ['action', 0, 'Action 1'],
    ['action', 4, 'Action 5'],
    ['action', null, 'Action'],
    ['observation', 0, 'Observation 1'],
    ['observation', 11, 'Observation 12'],
    ['observation', null, 'Observation'],
    ['reasoning', null, 'Reasoning'],
    ['reasoning', 2, 'Reasoning'],
    ['think', null, 'Think'],
    ['think', 0, 'Think'],
    ['answer', null, 'Answer'],
    ['answer', 3, 'Answer'],
  ];
  for (const [kind, step, expected] of cases) it(`${kind} step ${step} → ${expected}`, () => assert.equal(cardLabel({ kind, step }), expected));
});

describe('intervalsText', () => {
  const iv = (start: number, end: number): Interval => ({ start, end });
  const cases: { name: string; intervals: Interval[]; expected: string }[] = [
    { name: 'none', intervals: [], expected: '' },
    { name: 'a range', intervals: [iv(7, 15)], expected: '00:07–00:15' },
    { name: 'a point', intervals: [iv(18, 18)], expected: '00:18' },
    { name: 'ranges and points, in the order given', intervals: [iv(7, 15), iv(18, 18), iv(2, 3)], expected: '00:07–00:15, 00:18, 00:02–00:03' },
    { name: 'fractions of a second', intervals: [iv(1.5, 2.25)], expected: '00:01.5–00:02.25' },
    { name: 'minutes and hours', intervals: [iv(65, 3725)], expected: '01:05–1:02:05' },
    { name: 'a reversed interval shows its start only', intervals: [iv(15, 7)], expected: '00:15' },
    { name: 'zero', intervals: [iv(0, 0)], expected: '00:00' },
    { name: 'a negative start', intervals: [iv(-2, 3)], expected: '-00:02–00:03' },
    { name: 'NaN', intervals: [iv(NaN, NaN)], expected: '--:--' },
    { name: 'an infinite end', intervals: [iv(5, Infinity)], expected: '00:05–--:--' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(intervalsText(c.intervals), c.expected));
});
