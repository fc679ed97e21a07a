/** Scrolling a scroll box so an element shows, pure (no DOM); `reveal.ts` applies it. */

/** Space kept between a revealed element and the edge of its scroll box, px. */
export const REVEAL_MARGIN = 8;

/**
 * The `scrollTop` that shows the span [top, bottom] (content coordinates of a scroll box `height` px
 * tall, now at `scrollTop`, with `maxScroll` the furthest it scrolls): unchanged when the span already
 * shows; else the least scroll that shows all of it with `margin` px to spare, or, when the span is
 * taller than the box, the scroll that puts its top at the top (its start is what one reads first).
 */
export function revealScrollTop(scrollTop: number, height: number, top: number, bottom: number, maxScroll: number, margin = REVEAL_MARGIN): number {
  if (top >= scrollTop && bottom <= scrollTop + height) return scrollTop;
  const next = bottom - top + 2 * margin > height || top < scrollTop ? top - margin : bottom + margin - height;
  return Math.round(Math.min(Math.max(0, maxScroll), Math.max(0, next)));
}
