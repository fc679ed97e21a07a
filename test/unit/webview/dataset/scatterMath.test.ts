import * as assert from 'node:assert/strict';
import type { Scatter } from '../../../../shared/list/recordQuery';
import { SCATTER_X, SCATTER_Y, SHADE_LEVELS, cellRanges, cellSelected, placeCells, scatterFilter, shadeLevel } from '../../../../webview/dataset/scatterMath';

describe('shadeLevel', () => {
  const cases: [number, number, number][] = [
    [0, 10, 0],
    [5, 0, 0],
    [-1, 10, 0],
    [NaN, 10, 0],
    [10, 10, SHADE_LEVELS],
    [20, 10, SHADE_LEVELS],
    [1, 1000, 1],
    [1, 100, 1],
    [1, 4, 3],
    [25, 100, 3],
    [64, 100, 4],
    [81, 100, 5],
    [4, 100, 1],
    [5, 100, 2],
  ];
  for (const [count, max, level] of cases) it(`${count} of ${max} → ${level}`, () => assert.equal(shadeLevel(count, max), level));

  it('grows with the count', () => {
    let last = 0;
    for (let count = 1; count <= 100; count++) {
      const level = shadeLevel(count, 100);
      assert.ok(level >= last && level >= 1 && level <= SHADE_LEVELS);
      last = level;
    }
  });
});

const scatter = (cells: Scatter['cells'], bounds: Partial<Scatter> = {}): Scatter => ({
  x: 'storedObs',
  y: 'storedRea',
  count: cells.reduce((n, c) => n + c.count, 0),
  xMin: 0,
  xMax: 1,
  yMin: 0,
  yMax: 1,
  cells,
  ...bounds,
});

describe('placeCells', () => {
  it('puts cells on a 10×10 grid (row 0 at the bottom) and shades them', () => {
    const placed = placeCells(
      scatter([
        { xFrom: 0, xTo: 0.1, yFrom: 0, yTo: 0.1, count: 100 },
        { xFrom: 0.9, xTo: 1, yFrom: 0.9, yTo: 1, count: 1 },
        { xFrom: 0.5, xTo: 0.6, yFrom: 0.3, yTo: 0.4, count: 25 },
      ]),
    );
    assert.deepEqual(
      placed.map((c) => [c.col, c.row, c.shade]),
      [
        [0, 0, 5],
        [9, 9, 1],
        [5, 3, 3],
      ],
    );
  });

  it('copes with float noise in the edges', () => {
    const [cell] = placeCells(scatter([{ xFrom: 0.30000000000000004, xTo: 0.4, yFrom: 0.7999999999, yTo: 0.9, count: 1 }]));
    assert.deepEqual([cell.col, cell.row], [3, 8]);
  });

  it('an axis without width puts everything in its first cell', () => {
    const [cell] = placeCells(scatter([{ xFrom: 1, xTo: 1, yFrom: 0, yTo: 0.1, count: 4 }], { xMin: 1, xMax: 1 }));
    assert.deepEqual([cell.col, cell.row], [0, 0]);
  });

  it('clamps cells outside the bounds', () => {
    const [cell] = placeCells(scatter([{ xFrom: 2, xTo: 2.1, yFrom: -1, yTo: -0.9, count: 1 }]));
    assert.deepEqual([cell.col, cell.row], [9, 0]);
  });

  it('no cells', () => assert.deepEqual(placeCells(scatter([])), []));
});

describe('cellRanges', () => {
  const s = scatter([]);
  it('a middle cell: half-open on both axes', () =>
    assert.deepEqual(cellRanges(s, { xFrom: 0.2, xTo: 0.3, yFrom: 0.5, yTo: 0.6, count: 3 }), [
      { column: 'storedObs', min: 0.2, max: 0.3, includeMax: false },
      { column: 'storedRea', min: 0.5, max: 0.6, includeMax: false },
    ]));
  it('the top-right cell includes both maxima', () =>
    assert.deepEqual(cellRanges(s, { xFrom: 0.9, xTo: 1, yFrom: 0.9, yTo: 1, count: 3 }), [
      { column: 'storedObs', min: 0.9, max: 1, includeMax: true },
      { column: 'storedRea', min: 0.9, max: 1, includeMax: true },
    ]));
  it('the last column only', () =>
    assert.deepEqual(
      cellRanges(s, { xFrom: 0.9, xTo: 1, yFrom: 0, yTo: 0.1, count: 3 }).map((r) => r.includeMax),
      [true, false],
    ));
});

describe('scatterFilter', () => {
  it('drops ranges on both axes, keeps the rest', () => {
    const filter = {
      kinds: ['rollout' as const],
      ranges: [
        { column: 'storedObs' as const, min: 0, max: 0.1, includeMax: false },
        { column: 'reward' as const, min: 1, includeMax: true },
        { column: 'storedRea' as const, min: 0, max: 1, includeMax: true },
      ],
    };
    assert.deepEqual(scatterFilter(filter, 'storedObs', 'storedRea'), { kinds: ['rollout'], ranges: [{ column: 'reward', min: 1, includeMax: true }] });
  });
});

describe('cellSelected', () => {
  const cell = { xFrom: 0.2, xTo: 0.3, yFrom: 0.9, yTo: 1, count: 2 };
  const range = (column: 'storedObs' | 'storedRea' | 'reward', min: number, max: number, includeMax: boolean) => ({ column, min, max, includeMax });
  const cases: { name: string; ranges: ReturnType<typeof range>[]; expected: boolean }[] = [
    { name: 'no ranges', ranges: [], expected: false },
    { name: 'only a range on another column', ranges: [range('reward', 0, 4, true)], expected: false },
    { name: 'the cell clicked', ranges: [range('storedObs', 0.2, 0.3, false), range('storedRea', 0.9, 1, true)], expected: true },
    { name: 'another cell clicked', ranges: [range('storedObs', 0.3, 0.4, false), range('storedRea', 0.9, 1, true)], expected: false },
    { name: 'a histogram bar on x only (a column of cells)', ranges: [range('storedObs', 0, 0.5, false)], expected: true },
    { name: 'a bar on y that leaves the cell out', ranges: [range('storedRea', 0, 0.5, false)], expected: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(cellSelected(cell, { ranges: c.ranges }, 'storedObs', 'storedRea'), c.expected));
});

describe('the scatter axes from the reward-column catalogue', () => {
  it('offers the same x and y columns as always, the first of each on show at first', () => {
    assert.deepEqual(SCATTER_X, ['storedObs', 'obsEstimate', 'judgeObs']);
    assert.deepEqual(SCATTER_Y, ['storedRea', 'judgeRea']);
  });
});
