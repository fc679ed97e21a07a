import * as assert from 'node:assert/strict';
import { clampColumnWidth, columnsWidth, columnTemplate, columnWidth, resizeColumn } from '../../../../webview/list/listColumns';

describe('list column widths', () => {
  describe('clampColumnWidth', () => {
    // The id column's bounds as listColumns.ts states them: 60 to 640 px, 150 at first.
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
      [NaN, 150],
      [Infinity, 150],
    ];
    for (const [width, expected] of cases) it(`id at ${width} px → ${expected} px`, () => assert.equal(clampColumnWidth('id', width), expected));

    it('keeps each column within its own bounds (the ✓ column: 24 to 80 px)', () => {
      assert.equal(clampColumnWidth('correct', 0), 24);
      assert.equal(clampColumnWidth('correct', 500), 80);
    });
  });

  it('a column not saved has its initial width; a saved one its (clamped) saved width', () => {
    assert.equal(columnWidth({}, 'category'), 110);
    assert.equal(columnWidth({ category: 90 }, 'category'), 90);
    assert.equal(columnWidth({ category: 9000 }, 'category'), 400);
  });

  it('resizing moves one column by dx and stops at its bounds', () => {
    assert.deepEqual(resizeColumn({}, 'id', 30), { id: 180 });
    assert.deepEqual(resizeColumn({ id: 180, kind: 50 }, 'id', -8), { id: 172, kind: 50 });
    assert.deepEqual(resizeColumn({ id: 70 }, 'id', -100), { id: 60 });
    assert.deepEqual(resizeColumn({ id: 630 }, 'id', 100), { id: 640 });
  });

  it('the grid template lists each shown column at its width, then a filler', () => {
    // Initial widths in column order: # 46, ID 150, Kind 70, Type 44, Category 110, Steps 56, ✓ 34, Reward 70, ⚠ 36.
    assert.equal(columnTemplate({}, true), '46px 150px 70px 44px 110px 56px 34px 70px 36px minmax(0, 1fr)');
    assert.equal(columnTemplate({ id: 240 }, false), '46px 240px 70px 44px 110px 56px 34px 36px minmax(0, 1fr)');
  });

  it('the width that shows every column whole is their widths plus a 5 px gap each', () => {
    assert.equal(columnsWidth({}, true), 46 + 150 + 70 + 44 + 110 + 56 + 34 + 70 + 36 + 9 * 5);
    assert.equal(columnsWidth({ id: 240 }, false), 46 + 240 + 70 + 44 + 110 + 56 + 34 + 36 + 8 * 5);
  });
});
