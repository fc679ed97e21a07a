import * as assert from 'node:assert/strict';
import { LIST_COLUMNS, clampColumnWidth, columnsWidth, columnTemplate, columnWidth, resizeColumn, stepsTitle } from '../../../../webview/list/listColumns';

describe('list column widths', () => {
  describe('clampColumnWidth', () => {
    // The id column's bounds as listColumns.ts states them: 60 to 640 px, 120 at first.
    const cases: [width: number, expected: number][] = [
      [200, 200],
      [60, 60],
      [59, 60],
      [-10, 60],
      [640, 640],
      [641, 640],
      [10_000, 640],
      [150.4, 150],
      [150.5, 151],
      [NaN, 120],
      [Infinity, 120],
    ];
    for (const [width, expected] of cases) it(`id at ${width} px → ${expected} px`, () => assert.equal(clampColumnWidth('id', width), expected));

    it('keeps each column within its own bounds (the ✓ column: 24 to 80 px)', () => {
      assert.equal(clampColumnWidth('correct', 0), 24);
      assert.equal(clampColumnWidth('correct', 500), 80);
    });
  });

  it('a column not saved has its initial width; a saved one its (clamped) saved width', () => {
    assert.equal(columnWidth({}, 'category'), 130);
    assert.equal(columnWidth({ category: 90 }, 'category'), 90);
    assert.equal(columnWidth({ category: 9000 }, 'category'), 400);
  });

  it('resizing moves one column by dx and stops at its bounds', () => {
    assert.deepEqual(resizeColumn({}, 'id', 30), { id: 150 });
    assert.deepEqual(resizeColumn({ id: 180, kind: 50 }, 'id', -8), { id: 172, kind: 50 });
    assert.deepEqual(resizeColumn({ id: 70 }, 'id', -100), { id: 60 });
    assert.deepEqual(resizeColumn({ id: 630 }, 'id', 100), { id: 640 });
  });

  it('the columns that tell records apart and what is wrong with them come first', () => {
    assert.deepEqual(
      LIST_COLUMNS.map((c) => c.id),
      ['position', 'id', 'problems', 'correct', 'reward', 'steps', 'category', 'kind', 'type'],
    );
  });

  it('the grid template lists each shown column at its width, then a filler', () => {
    // Initial widths in column order: # 40, ID 120, ⚠ 30, ✓ 26, Reward 62, Steps 54, Category 130, Kind 70, Type 44.
    assert.equal(columnTemplate({}, true), '40px 120px 30px 26px 62px 54px 130px 70px 44px minmax(0, 1fr)');
    assert.equal(columnTemplate({ id: 240 }, false), '40px 240px 30px 26px 54px 130px 70px 44px minmax(0, 1fr)');
  });

  it('the width that shows every column whole is their widths plus a 5 px gap each', () => {
    assert.equal(columnsWidth({}, true), 40 + 120 + 30 + 26 + 62 + 54 + 130 + 70 + 44 + 9 * 5);
    assert.equal(columnsWidth({ id: 240 }, false), 40 + 240 + 30 + 26 + 54 + 130 + 70 + 44 + 8 * 5);
  });
});

describe('the Steps cell says what it counts', () => {
  it('names cards, one or many, and the longest completion of a rollout', () => {
    assert.equal(stepsTitle(1, false), '1 step card: reasoning, action and observation cards as the sample shows them (the answer is not counted)');
    assert.equal(stepsTitle(7, false), '7 step cards: reasoning, action and observation cards as the sample shows them (the answer is not counted)');
    assert.equal(
      stepsTitle(3, true),
      '3 step cards: reasoning, action and observation cards as the sample shows them (the answer is not counted), in its longest completion',
    );
  });
});
