import * as assert from 'node:assert/strict';
import type { DeltaRow } from '../../../../shared/edit/edits';
import { DIRECTION_ARROW, deltaDirection, deltaHeadline, deltaRowText, deltaSummary } from '../../../../webview/edit/deltaText';

const row = (name: DeltaRow['name'], label: string, before: number | null, after: number | null): DeltaRow => ({ name, label, before, after });

describe('deltaDirection', () => {
  const cases: [number | null, number | null, string][] = [
    [0, 1, 'up'],
    [1, 0, 'down'],
    [1, 1, 'same'],
    [0.42, 0.61, 'up'],
    [2.4, 1, 'down'],
    [1, 1.0001, 'same'],
    [1, 1.001, 'up'],
    [null, 1, 'unknown'],
    [1, null, 'unknown'],
    [null, null, 'unknown'],
    [NaN, 1, 'unknown'],
    [1, Infinity, 'unknown'],
    [-1, 0, 'up'],
  ];
  for (const [before, after, expected] of cases) it(`${before} → ${after}: ${expected}`, () => assert.equal(deltaDirection(before, after), expected));

  it('has arrows for up and down only', () => {
    assert.equal(DIRECTION_ARROW.up, '↑');
    assert.equal(DIRECTION_ARROW.down, '↓');
    assert.equal(DIRECTION_ARROW.same, '');
    assert.equal(DIRECTION_ARROW.unknown, '');
  });
});

describe('deltaRowText / deltaSummary', () => {
  const rows = [row('fmt', 'r_fmt', 0, 1), row('acc', 'r_acc', 1, 1), row('evidence', 'evidence', 0.42, 0.61), row('total', 'total', 1, 2.4)];
  it('one row', () => assert.equal(deltaRowText(rows[0]), 'r_fmt 0 → 1'));
  it('unknown values', () => assert.equal(deltaRowText(row('obs', 'r_obs', null, 0.5)), 'r_obs — → 0.5'));
  it('rounds to 3 decimals', () => assert.equal(deltaRowText(row('evidence', 'evidence', 1 / 3, 2 / 3)), 'evidence 0.333 → 0.667'));
  it('the whole delta', () => assert.equal(deltaSummary({ rows }), 'r_fmt 0 → 1, r_acc 1 → 1, evidence 0.42 → 0.61, total 1 → 2.4'));
  it('no rows', () => assert.equal(deltaSummary({ rows: [] }), ''));
});

describe('deltaHeadline', () => {
  it('nothing moved', () => assert.equal(deltaHeadline({ rows: [row('acc', 'r_acc', 1, 1), row('obs', 'r_obs', null, 1)] }), 'no reward changed'));
  it('one up', () => assert.equal(deltaHeadline({ rows: [row('fmt', 'r_fmt', 0, 1), row('acc', 'r_acc', 1, 1)] }), '1 reward moved: 1 up'));
  it('ups and downs', () =>
    assert.equal(
      deltaHeadline({ rows: [row('fmt', 'r_fmt', 0, 1), row('acc', 'r_acc', 1, 0), row('total', 'total', 1, 2)] }),
      '3 rewards moved: 2 up, 1 down',
    ));
  it('no rows', () => assert.equal(deltaHeadline({ rows: [] }), 'no reward changed'));
});
