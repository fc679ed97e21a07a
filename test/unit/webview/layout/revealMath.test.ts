import * as assert from 'node:assert/strict';
import { revealScrollTop } from '../../../../webview/layout/revealMath';

describe('revealScrollTop', () => {
  // A scroll box 400 px tall, scrolled to 1000 (it shows content 1000..1400), that scrolls up to 5000; margin 8.
  const at = (top: number, bottom: number, scrollTop = 1000, max = 5000): number => revealScrollTop(scrollTop, 400, top, bottom, max, 8);

  it('leaves the scroll alone when the span already shows', () => {
    assert.equal(at(1100, 1300), 1000);
    assert.equal(at(1000, 1400), 1000);
  });

  it('scrolls down just enough when the span ends below the box: its bottom 8 px above the edge', () => {
    // A re-time form at 1300..1500 under a long card: 1500 + 8 − 400 = 1108.
    assert.equal(at(1300, 1500), 1108);
  });

  it('scrolls up to the span’s top when it starts above the box', () => {
    assert.equal(at(900, 1100), 892);
  });

  it('puts the top of a span taller than the box at the top', () => {
    assert.equal(at(1300, 1900), 1292);
    // Even when its top already shows: the start is what one reads first.
    assert.equal(at(1100, 1700), 1092);
  });

  it('never scrolls before 0 nor past the furthest scroll', () => {
    assert.equal(at(4, 100), 0);
    assert.equal(at(5300, 5390, 1000, 5000), 4998);
    assert.equal(at(5300, 5450, 1000, 5000), 5000);
  });
});
