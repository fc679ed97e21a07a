/**
 * The worker's own video inputs (used wherever torchvision is missing or broken) against two oracles
 * run by test/worker/videoPatchesOracle.py in the worker environment: transformers' image processor on
 * videos of paired frames, and a plain loop over every value of the documented layout.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT, SCRIPT, testPython } from './fixtures';

interface Case {
  case: number[];
  shapes: number[][];
  max_abs_diff: number | null;
}

describe("the worker's video patches, without torchvision", function () {
  this.timeout(120_000);
  let report: { transformers: string; image_processor: (Case & { grid: number[]; image_grids: number[][] })[]; loop: (Case & { grids: number[][] })[] };
  before(() => {
    const out = execFileSync(testPython(), [path.join(ROOT, 'test/worker/videoPatchesOracle.py'), SCRIPT], { encoding: 'utf8' });
    report = JSON.parse(out) as typeof report;
  });

  // Rows: T/2 × H/14 × W/14 patches; columns: 3 channels × 2 frames × 14 × 14 = 1176 values.
  it("equal transformers' image processor on paired frames (its layout, rescale and CLIP normalization)", () => {
    assert.equal(report.transformers, '5.17.0');
    const expected = [
      {
        case: [4, 56, 84],
        rows: 2 * 4 * 6,
        grid: [2, 4, 6],
        imageGrids: [
          [1, 4, 6],
          [1, 4, 6],
        ],
      },
      { case: [2, 28, 28], rows: 1 * 2 * 2, grid: [1, 2, 2], imageGrids: [[1, 2, 2]] },
      {
        case: [6, 84, 56],
        rows: 3 * 6 * 4,
        grid: [3, 6, 4],
        imageGrids: [
          [1, 6, 4],
          [1, 6, 4],
          [1, 6, 4],
        ],
      },
    ];
    assert.deepEqual(
      report.image_processor.map((c) => c.case),
      expected.map((e) => e.case),
    );
    report.image_processor.forEach((c, i) => {
      assert.deepEqual(c.shapes, [
        [expected[i].rows, 1176],
        [expected[i].rows, 1176],
      ]);
      assert.deepEqual([c.grid, c.image_grids], [expected[i].grid, expected[i].imageGrids]);
      assert.ok(c.max_abs_diff !== null && c.max_abs_diff < 1e-5, `case ${c.case}: ${c.max_abs_diff}`);
    });
  });

  it('equal a value-by-value loop for frames that all differ, odd counts padded with the last frame', () => {
    // 4 frames → 2 temporal patches; 3 → padded to 4 → 2; 5 → padded to 6 → 3.
    const expected = [
      { case: [4, 56, 84], grid: [2, 4, 6] },
      { case: [3, 28, 56], grid: [2, 2, 4] },
      { case: [5, 56, 28], grid: [3, 4, 2] },
    ];
    assert.deepEqual(
      report.loop.map((c) => c.case),
      expected.map((e) => e.case),
    );
    report.loop.forEach((c, i) => {
      const rows = expected[i].grid[0] * expected[i].grid[1] * expected[i].grid[2];
      assert.deepEqual(c.grids, [expected[i].grid, expected[i].grid]);
      assert.deepEqual(c.shapes, [
        [rows, 1176],
        [rows, 1176],
      ]);
      assert.ok(c.max_abs_diff !== null && c.max_abs_diff < 1e-5, `case ${c.case}: ${c.max_abs_diff}`);
    });
  });
});
