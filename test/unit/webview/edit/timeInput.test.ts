import * as assert from 'node:assert/strict';
import { MAX_SECONDS, formatTimeInput, parseTimeInput } from '../../../../webview/edit/timeInput';

describe('parseTimeInput', () => {
  const cases: [string, number | undefined][] = [
    ['00:07', 7],
    ['01:09', 69],
    ['1:09', 69],
    ['0:5', 5],
    ['75:10', 4510],
    ['00:07.5', 7.5],
    ['00:07.25', 7.25],
    ['1:02:03', 3723],
    ['01:02:03', 3723],
    ['10:00:00', 36000],
    ['1:02:03.5', 3723.5],
    ['0', 0],
    ['69', 69],
    ['12.5', 12.5],
    ['.5', 0.5],
    ['12.', 12],
    ['12.5s', 12.5],
    ['12 s', 12],
    ['3 seconds', 3],
    ['1 second', 1],
    ['4 secs', 4],
    ['4SEC', 4],
    ['  00:15  ', 15],
    ['\t42\n', 42],
    ['0.1', 0.1],
    ['0.30000000000000004', 0.3],
    ['00:07.1234', 7.123],
    // Rejected.
    ['', undefined],
    ['   ', undefined],
    ['abc', undefined],
    ['-5', undefined],
    ['-00:05', undefined],
    ['1:60', undefined],
    ['1:75', undefined],
    ['1:60:00', undefined],
    ['1:00:60', undefined],
    ['1:2:3:4', undefined],
    [':30', undefined],
    ['1:', undefined],
    ['1:234', undefined],
    ['12,5', undefined],
    ['1e3', undefined],
    ['Infinity', undefined],
    ['NaN', undefined],
    ['12 minutes', undefined],
    ['00:07-00:15', undefined],
    ['5s ago', undefined],
    [String(MAX_SECONDS + 1), undefined],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(parseTimeInput(input), expected));

  it('accepts the ceiling itself', () => assert.equal(parseTimeInput(String(MAX_SECONDS)), MAX_SECONDS));

  it('is not fooled by a non-string', () => assert.equal(parseTimeInput(undefined as unknown as string), undefined));
});

describe('formatTimeInput', () => {
  const cases: [number, string][] = [
    [0, '00:00'],
    [7, '00:07'],
    [7.5, '00:07.5'],
    [69, '01:09'],
    [3723, '1:02:03'],
    [12.3456, '00:12.346'],
  ];
  for (const [seconds, expected] of cases) it(`${seconds} → ${expected}`, () => assert.equal(formatTimeInput(seconds), expected));

  it('reads back what it writes', () => {
    for (const seconds of [0, 0.5, 7, 59.999, 60, 61.25, 3599, 3600, 3723.5, 86_399]) assert.equal(parseTimeInput(formatTimeInput(seconds)), seconds);
  });
});
