import * as assert from 'node:assert/strict';
import { breakdownSegments, formulaTotal, totalMarker, type BarComponent } from '../../../../webview/rewards/breakdownBar';

type Row = { acc: number | null; obs: number | null; rea: number | null; fmt: number | null };
const row = (acc: number | null, obs: number | null, rea: number | null, fmt: number | null): Row => ({ acc, obs, rea, fmt });

/** [component, left, width] rounded to 1e-9, and the gated components. */
const shape = (r: Row): { bars: [BarComponent, number, number][]; gated: BarComponent[] } => {
  const segments = breakdownSegments(r);
  return {
    bars: segments.map((s) => [s.component, Math.round(s.left * 1e9) / 1e9, Math.round(s.width * 1e9) / 1e9]),
    gated: segments.filter((s) => s.gated).map((s) => s.component),
  };
};

describe('breakdownSegments (0–4 scale, percent of the bar)', () => {
  const cases: { name: string; row: Row; bars: [BarComponent, number, number][]; gated?: BarComponent[] }[] = [
    {
      name: 'the maximum: every part 1',
      row: row(1, 1, 1, 1),
      bars: [
        ['acc', 0, 25],
        ['obs', 25, 25],
        ['rea', 50, 25],
        ['fmt', 75, 25],
      ],
    },
    {
      name: 'right answer, half the evidence, no rea',
      row: row(1, 0.5, 0, 1),
      bars: [
        ['acc', 0, 25],
        ['obs', 25, 12.5],
        ['rea', 37.5, 0],
        ['fmt', 37.5, 25],
      ],
    },
    {
      name: 'wrong answer: obs and rea do not count (gated)',
      row: row(0, 0.8, 1, 1),
      bars: [
        ['acc', 0, 0],
        ['obs', 0, 0],
        ['rea', 0, 0],
        ['fmt', 0, 25],
      ],
      gated: ['obs', 'rea'],
    },
    {
      name: 'wrong answer with zero obs/rea: nothing gated',
      row: row(0, 0, 0, 1),
      bars: [
        ['acc', 0, 0],
        ['obs', 0, 0],
        ['rea', 0, 0],
        ['fmt', 0, 25],
      ],
    },
    {
      name: 'unknown acc gates obs and rea',
      row: row(null, 0.5, 1, 0),
      bars: [
        ['acc', 0, 0],
        ['obs', 0, 0],
        ['rea', 0, 0],
        ['fmt', 0, 0],
      ],
      gated: ['obs', 'rea'],
    },
    {
      name: 'everything unknown',
      row: row(null, null, null, null),
      bars: [
        ['acc', 0, 0],
        ['obs', 0, 0],
        ['rea', 0, 0],
        ['fmt', 0, 0],
      ],
    },
    {
      name: 'a fractional acc (mean over completions) scales obs and rea',
      row: row(0.5, 1, 1, 0),
      bars: [
        ['acc', 0, 12.5],
        ['obs', 12.5, 12.5],
        ['rea', 25, 12.5],
        ['fmt', 37.5, 0],
      ],
    },
    {
      name: 'negative and NaN parts draw nothing',
      row: row(1, -0.5, NaN, -1),
      bars: [
        ['acc', 0, 25],
        ['obs', 25, 0],
        ['rea', 25, 0],
        ['fmt', 25, 0],
      ],
    },
    {
      name: 'out-of-range parts are clipped at the end of the bar',
      row: row(2, 1, 1, 1),
      bars: [
        ['acc', 0, 50],
        ['obs', 50, 50],
        ['rea', 100, 0],
        ['fmt', 100, 0],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(shape(c.row), { bars: c.bars, gated: c.gated ?? [] }));
  }

  it('never overflows 100% and keeps segments end to end', () => {
    for (const r of [row(1, 1, 1, 1), row(3, 3, 3, 3), row(1, 0.3, 0.7, 1), row(0.2, 0.9, 0.1, 1)]) {
      const segments = breakdownSegments(r);
      let at = 0;
      for (const s of segments) {
        assert.ok(Math.abs(s.left - at) < 1e-9);
        assert.ok(s.width >= 0);
        at = s.left + s.width;
      }
      assert.ok(at <= 100 + 1e-9);
    }
  });

  it('reports each component’s contribution to the total', () => {
    assert.deepEqual(
      breakdownSegments(row(1, 0.25, 1, 0)).map((s) => s.contribution),
      [1, 0.25, 1, 0],
    );
  });
});

describe('totalMarker', () => {
  const cases: [number | null, number | null][] = [
    [null, null],
    [NaN, null],
    [0, 0],
    [2, 50],
    [4, 100],
    [5, 100],
    [-1, 0],
    [3.5, 87.5],
  ];
  for (const [total, marker] of cases) it(`${total} → ${marker}`, () => assert.equal(totalMarker(total), marker));
});

describe('formulaTotal', () => {
  const cases: [Row, number | null][] = [
    [row(1, 1, 1, 1), 4],
    [row(1, 0.5, 0, 1), 2.5],
    [row(0, 0.9, 1, 1), 1],
    [row(0, null, null, 0), 0],
    [row(1, null, 1, 1), null],
    [row(null, 1, 1, 1), null],
    [row(1, 1, 1, null), null],
  ];
  for (const [r, total] of cases) it(`${JSON.stringify(r)} → ${total}`, () => assert.equal(formulaTotal(r), total));
});
