import * as assert from 'node:assert/strict';
import { MAX_SCROLL_HEIGHT, VirtualGeometry, wheelPixels } from '../../../../webview/list/virtualMath';

const ROW = 44;

/** Float results of the scaled mapping are compared to within a hair of a pixel. */
const near = (actual: number, expected: number, epsilon = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= epsilon * Math.max(1, Math.abs(expected)), `${actual} is not close to ${expected}`);

describe('VirtualGeometry', () => {
  const sizes: { name: string; total: number; viewport: number; contentHeight: number; scrollHeight: number; scaled: boolean; ratio: number }[] = [
    { name: '10 rows', total: 10, viewport: 200, contentHeight: 440, scrollHeight: 440, scaled: false, ratio: 1 },
    { name: '10 rows in a taller viewport', total: 10, viewport: 600, contentHeight: 440, scrollHeight: 440, scaled: false, ratio: 1 },
    { name: '100k rows', total: 100_000, viewport: 600, contentHeight: 4_400_000, scrollHeight: 4_400_000, scaled: false, ratio: 1 },
    {
      name: '5M rows',
      total: 5_000_000,
      viewport: 600,
      contentHeight: 220_000_000,
      scrollHeight: MAX_SCROLL_HEIGHT,
      scaled: true,
      ratio: (220_000_000 - 600) / (MAX_SCROLL_HEIGHT - 600),
    },
    { name: 'no rows', total: 0, viewport: 600, contentHeight: 0, scrollHeight: 0, scaled: false, ratio: 1 },
    { name: 'a negative total', total: -3, viewport: 600, contentHeight: 0, scrollHeight: 0, scaled: false, ratio: 1 },
  ];

  describe('heights', () => {
    for (const c of sizes) {
      it(`${c.name}: content ${c.contentHeight}, spacer ${c.scrollHeight}, scaled ${c.scaled}`, () => {
        const g = new VirtualGeometry(c.total, ROW, c.viewport);
        assert.equal(g.contentHeight, c.contentHeight);
        assert.equal(g.scrollHeight, c.scrollHeight);
        assert.equal(g.scaled, c.scaled);
        near(g.ratio, c.ratio);
        assert.ok(g.scrollHeight <= MAX_SCROLL_HEIGHT);
      });
    }

    it('caps at exactly maxScrollHeight without scaling, and scales one row past it', () => {
      // 8_000_000 / 44 = 181_818.18…: 181_818 rows fit under the cap, 181_819 do not.
      const under = new VirtualGeometry(181_818, ROW, 600);
      const over = new VirtualGeometry(181_819, ROW, 600);
      assert.equal(under.scaled, false);
      assert.equal(under.scrollHeight, 181_818 * ROW);
      assert.equal(over.scaled, true);
      assert.equal(over.scrollHeight, MAX_SCROLL_HEIGHT);
      const exact = new VirtualGeometry(100, 10, 50, 1000);
      assert.equal(exact.scaled, false);
      assert.equal(exact.ratio, 1);
    });

    it('honours a custom cap', () => {
      const g = new VirtualGeometry(1000, 10, 100, 1000);
      assert.equal(g.scrollHeight, 1000);
      assert.equal(g.ratio, (10_000 - 100) / (1000 - 100));
    });

    it('has ratio 1 when the viewport is taller than the capped spacer', () => {
      const g = new VirtualGeometry(1000, 10, 2000, 1000);
      assert.equal(g.scaled, true);
      assert.equal(g.ratio, 1);
      assert.equal(g.contentOffset(500), 0);
    });
  });

  describe('scroll ↔ content mapping', () => {
    for (const c of sizes) {
      const g = new VirtualGeometry(c.total, ROW, c.viewport);
      const maxScroll = Math.max(0, c.scrollHeight - c.viewport);
      const maxContent = Math.max(0, c.contentHeight - c.viewport);

      it(`${c.name}: the ends map onto the ends, out-of-range values are clamped`, () => {
        assert.equal(g.contentOffset(0), 0);
        assert.equal(g.contentOffset(-1000), 0);
        near(g.contentOffset(maxScroll), maxContent);
        near(g.contentOffset(maxScroll + 1e9), maxContent);
        assert.equal(g.scrollTopFor(0), 0);
        assert.equal(g.scrollTopFor(-5), 0);
        near(g.scrollTopFor(maxContent), maxScroll);
        near(g.scrollTopFor(1e12), maxScroll);
      });

      it(`${c.name}: scrollTopFor inverts contentOffset`, () => {
        for (const fraction of [0, 0.1, 0.25, 0.5, 0.999, 1]) {
          const scrollTop = maxScroll * fraction;
          near(g.scrollTopFor(g.contentOffset(scrollTop)), scrollTop);
        }
      });

      it(`${c.name}: clampContent keeps 0..contentHeight - viewport`, () => {
        assert.equal(g.clampContent(-1), 0);
        assert.equal(g.clampContent(maxContent / 2), maxContent / 2);
        assert.equal(g.clampContent(Number.MAX_SAFE_INTEGER), maxContent);
      });
    }

    it('unscaled lists map scrollTop one to one', () => {
      const g = new VirtualGeometry(100_000, ROW, 600);
      for (const scrollTop of [0, 1, 44, 123_456.5, 4_399_400]) assert.equal(g.contentOffset(scrollTop), scrollTop);
    });

    it('5M rows: the middle of the scrollbar shows the middle row, and a scroll pixel moves less than a row', () => {
      const g = new VirtualGeometry(5_000_000, ROW, 600);
      const maxScroll = g.scrollHeight - 600;
      const middle = g.contentOffset(maxScroll / 2);
      near(middle, (g.contentHeight - 600) / 2);
      assert.equal(Math.floor(g.topRow(middle)), Math.floor((g.contentHeight - 600) / 2 / ROW));
      // Dragging the thumb pixel by pixel walks every row.
      const step = g.contentOffset(1000) - g.contentOffset(999);
      assert.ok(step > 1 && step < ROW, `one scroll pixel moves ${step} content px`);
    });

    for (const c of sizes.filter((s) => s.contentHeight > s.viewport)) {
      it(`${c.name}: scrolled to the end, the last row is flush with the bottom`, () => {
        const g = new VirtualGeometry(c.total, ROW, c.viewport);
        const scrollTop = g.scrollHeight - c.viewport;
        const contentTop = g.contentOffset(scrollTop);
        assert.equal(g.visibleRange(contentTop).last, c.total - 1);
        near(g.rowTop(c.total - 1, contentTop, scrollTop) + ROW, scrollTop + c.viewport);
        assert.equal(scrollTop + c.viewport, g.scrollHeight);
      });
    }
  });

  describe('rowTop', () => {
    it('is the row offset when not scaled (contentTop equals scrollTop)', () => {
      const g = new VirtualGeometry(100, ROW, 200);
      assert.equal(g.rowTop(5, 100, 100), 5 * ROW);
      assert.equal(g.rowTop(0, 0, 0), 0);
    });

    it('is relative to contentTop and placed at scrollTop when scaled', () => {
      const g = new VirtualGeometry(5_000_000, ROW, 600);
      const contentTop = 1_000_000 * ROW + 10;
      assert.equal(g.rowTop(1_000_000, contentTop, 36_000), 36_000 - 10);
      assert.equal(g.rowTop(1_000_001, contentTop, 36_000), 36_000 - 10 + ROW);
    });
  });

  describe('visibleRange', () => {
    const g = new VirtualGeometry(100_000, ROW, 600);
    const cases: { name: string; contentTop: number; overscan?: number; first: number; last: number }[] = [
      { name: 'the top', contentTop: 0, first: 0, last: 13 },
      { name: 'the top with overscan (clamped at 0)', contentTop: 0, overscan: 5, first: 0, last: 18 },
      { name: 'a row boundary', contentTop: 1000 * ROW, first: 1000, last: 1013 },
      { name: 'mid-row', contentTop: 1000 * ROW + 10, first: 1000, last: 1013 },
      { name: 'mid-row with overscan', contentTop: 1000 * ROW + 10, overscan: 3, first: 997, last: 1016 },
      { name: 'the end', contentTop: 100_000 * ROW - 600, first: 99_986, last: 99_999 },
      { name: 'the end with overscan (clamped at the last row)', contentTop: 100_000 * ROW - 600, overscan: 4, first: 99_982, last: 99_999 },
      { name: 'past the end (clamped)', contentTop: 1e12, first: 99_986, last: 99_999 },
      { name: 'a negative offset (clamped)', contentTop: -500, first: 0, last: 13 },
    ];
    for (const c of cases) {
      it(c.name, () => assert.deepEqual(g.visibleRange(c.contentTop, c.overscan), { first: c.first, last: c.last }));
    }

    it('a viewport of exactly n rows shows n rows', () => {
      assert.deepEqual(new VirtualGeometry(100, ROW, 10 * ROW).visibleRange(0), { first: 0, last: 9 });
      assert.deepEqual(new VirtualGeometry(100, ROW, 10 * ROW).visibleRange(ROW), { first: 1, last: 10 });
    });

    it('a short list shows all its rows', () => {
      assert.deepEqual(new VirtualGeometry(10, ROW, 600).visibleRange(0, 5), { first: 0, last: 9 });
      assert.deepEqual(new VirtualGeometry(1, ROW, 600).visibleRange(100), { first: 0, last: 0 });
    });

    it('is empty (last < first) without rows or with a zero row height', () => {
      for (const g2 of [new VirtualGeometry(0, ROW, 600), new VirtualGeometry(-1, ROW, 600), new VirtualGeometry(10, 0, 600)]) {
        const range = g2.visibleRange(0, 3);
        assert.ok(range.last < range.first);
      }
    });

    it('5M rows: the range around a row deep in the list', () => {
      const big = new VirtualGeometry(5_000_000, ROW, 600);
      assert.deepEqual(big.visibleRange(3_000_000 * ROW, 2), { first: 2_999_998, last: 3_000_015 });
    });
  });

  describe('topRow', () => {
    const g = new VirtualGeometry(100_000, ROW, 600);
    const cases: [string, number, number][] = [
      ['the top', 0, 0],
      ['a fractional row', 1500 * ROW + ROW / 2, 1500.5],
      ['a negative offset', -10, 0],
      ['past the end', 1e12, (100_000 * ROW - 600) / ROW],
    ];
    for (const [name, contentTop, expected] of cases) it(name, () => assert.equal(g.topRow(contentTop), expected));

    it('is 0 for an empty list', () => assert.equal(new VirtualGeometry(0, ROW, 600).topRow(100), 0));
  });

  describe('contentTopToReveal', () => {
    // Row 1000 at the top: rows 1000..1012 are fully visible, 1013 is cut at the bottom.
    const g = new VirtualGeometry(100_000, ROW, 600);
    const top = 1000 * ROW;
    const cases: { name: string; index: number; contentTop: number; expected: number | undefined }[] = [
      { name: 'a row inside the viewport', index: 1005, contentTop: top, expected: undefined },
      { name: 'the row at the very top', index: 1000, contentTop: top, expected: undefined },
      { name: 'the last fully visible row', index: 1012, contentTop: top, expected: undefined },
      { name: 'a row cut at the bottom: scrolls down just enough', index: 1013, contentTop: top, expected: 1014 * ROW - 600 },
      { name: 'a row far below', index: 5000, contentTop: top, expected: 5001 * ROW - 600 },
      { name: 'the row just above', index: 999, contentTop: top, expected: 999 * ROW },
      { name: 'a row cut at the top', index: 1000, contentTop: top + 10, expected: top },
      { name: 'the first row', index: 0, contentTop: top, expected: 0 },
      { name: 'the last row', index: 99_999, contentTop: top, expected: 100_000 * ROW - 600 },
      { name: 'a row past the end (clamped)', index: 250_000, contentTop: top, expected: 100_000 * ROW - 600 },
    ];
    for (const c of cases) it(c.name, () => assert.equal(g.contentTopToReveal(c.index, c.contentTop), c.expected));

    it('5M rows: revealing the last row scrolls the spacer to its end', () => {
      const big = new VirtualGeometry(5_000_000, ROW, 600);
      const contentTop = big.contentTopToReveal(4_999_999, 0);
      assert.equal(contentTop, big.contentHeight - 600);
      near(big.scrollTopFor(contentTop ?? NaN), big.scrollHeight - 600);
      assert.equal(big.contentTopToReveal(4_999_999, contentTop ?? NaN), undefined);
    });

    it('a row taller than the viewport: its bottom edge from above, its top edge from below', () => {
      const tall = new VirtualGeometry(100, 1000, 600);
      assert.equal(tall.contentTopToReveal(5, 0), 6000 - 600);
      assert.equal(tall.contentTopToReveal(5, 9000), 5000);
    });
  });
});

describe('wheelPixels', () => {
  const cases: { name: string; deltaY: number; deltaMode: number; expected: number }[] = [
    { name: 'pixels as they are', deltaY: 57, deltaMode: 0, expected: 57 },
    { name: 'negative pixels (up)', deltaY: -120, deltaMode: 0, expected: -120 },
    { name: 'lines are rows', deltaY: 3, deltaMode: 1, expected: 3 * ROW },
    { name: 'negative lines', deltaY: -2, deltaMode: 1, expected: -2 * ROW },
    { name: 'pages are viewports', deltaY: 1, deltaMode: 2, expected: 600 },
    { name: 'fractional pages', deltaY: -0.5, deltaMode: 2, expected: -300 },
    { name: 'no movement', deltaY: 0, deltaMode: 1, expected: 0 },
    { name: 'an unknown mode counts as pixels', deltaY: 7, deltaMode: 9, expected: 7 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(wheelPixels(c.deltaY, c.deltaMode, ROW, 600), c.expected));
});
