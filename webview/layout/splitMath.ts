/** Column sizes of the three-pane split, pure (no DOM). */

export interface Split {
  list: number;
  media: number;
}

export const MIN_LIST = 220;
export const MIN_MEDIA = 260;
export const MIN_MIDDLE = 320;
/** Width of each splitter handle, px. */
export const HANDLE = 6;

/**
 * Sizes that fit `width`: each side at least its minimum and the middle at least MIN_MIDDLE; when the
 * window is too narrow for that, the sides shrink in proportion (but never below their minimum).
 */
export function clampSplit(split: Split, width: number): Split {
  let list = Math.max(MIN_LIST, Math.round(split.list));
  let media = Math.max(MIN_MEDIA, Math.round(split.media));
  const room = Math.max(0, width - 2 * HANDLE - MIN_MIDDLE);
  if (list + media > room) {
    // Shrink only what lies above the minimums, in proportion: a side at its minimum stays there and
    // the other gives up the rest, so the middle keeps MIN_MIDDLE whenever the minimums fit.
    const spare = room - MIN_LIST - MIN_MEDIA;
    const over = list - MIN_LIST + (media - MIN_MEDIA);
    const scale = spare <= 0 || over <= 0 ? 0 : spare / over;
    list = MIN_LIST + Math.floor((list - MIN_LIST) * scale);
    media = MIN_MEDIA + Math.floor((media - MIN_MEDIA) * scale);
  }
  return { list, media };
}

/** The split after dragging handle `which` by `dx` px (right is positive). */
export function dragSplit(split: Split, which: 'list' | 'media', dx: number, width: number): Split {
  const moved = which === 'list' ? { ...split, list: split.list + dx } : { ...split, media: split.media - dx };
  // Dragging one handle never resizes the other side: clamp the dragged side only.
  const max = width - 2 * HANDLE - MIN_MIDDLE - (which === 'list' ? split.media : split.list);
  if (which === 'list') moved.list = Math.max(MIN_LIST, Math.min(moved.list, Math.max(MIN_LIST, max)));
  else moved.media = Math.max(MIN_MEDIA, Math.min(moved.media, Math.max(MIN_MEDIA, max)));
  return moved;
}

/** Width of the sample list folded to a strip, px. */
export const STRIP = 32;

/**
 * The media column's width while the list is a strip: its wish, kept at least MIN_MEDIA and at most
 * what leaves the middle MIN_MIDDLE beside the strip and the one handle left.
 */
export function clampMediaBesideStrip(media: number, width: number): number {
  const room = width - STRIP - HANDLE - MIN_MIDDLE;
  return Math.max(MIN_MEDIA, Math.min(Math.round(media), room));
}
