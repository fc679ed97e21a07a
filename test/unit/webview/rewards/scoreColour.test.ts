import * as assert from 'node:assert/strict';
import { scoreClass, scoreLevel, scoreText, type ScoreLevel } from '../../../../webview/rewards/scoreColour';

describe('scoreLevel', () => {
  const cases: [number | null | undefined, ScoreLevel][] = [
    [null, 'none'],
    [undefined, 'none'],
    [NaN, 'none'],
    [Infinity, 'none'],
    [-Infinity, 'none'],
    [0, 'bad'],
    [-0.5, 'bad'],
    [0.2, 'bad'],
    [0.3399, 'bad'],
    [0.34, 'warn'],
    [0.5, 'warn'],
    [0.6699, 'warn'],
    [0.67, 'good'],
    [2 / 3, 'warn'],
    [0.9, 'good'],
    [1, 'good'],
    [1.5, 'good'],
  ];
  for (const [score, level] of cases) it(`${score} → ${level}`, () => assert.equal(scoreLevel(score), level));
});

describe('scoreClass', () => {
  const cases: [number | null, string][] = [
    [null, 'score-none'],
    [0.1, 'score-bad'],
    [0.5, 'score-warn'],
    [1, 'score-good'],
  ];
  for (const [score, cls] of cases) it(`${score} → ${cls}`, () => assert.equal(scoreClass(score), cls));
});

describe('scoreText', () => {
  const cases: [number | null | undefined, string | undefined][] = [
    [null, undefined],
    [undefined, undefined],
    [NaN, undefined],
    [Infinity, undefined],
    [0, '0'],
    [-0, '0'],
    [-0.001, '0'],
    [1, '1'],
    [0.5, '0.5'],
    [2 / 3, '0.67'],
    [1 / 3, '0.33'],
    [0.005, '0.01'],
    [0.994, '0.99'],
    [0.996, '1'],
  ];
  for (const [score, text] of cases) it(`${score} → ${text}`, () => assert.equal(scoreText(score), text));
});
