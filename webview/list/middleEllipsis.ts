/**
 * Ids that differ only at their end ("rw-cot-000017", "rw-cot-000018") must keep that end when a
 * column is too narrow: the text is cut in the middle, not at the end. Pure (no DOM).
 */

/** The characters of the tail (the distinguishing end) kept whole at most. */
export const ID_TAIL = 8;

/**
 * An id split for a middle ellipsis in CSS: the head, which the browser cuts with "…" when the cell is
 * too narrow, and the tail, always shown whole: the last `tail` characters, but never more than half.
 * Characters are counted as code points, so a surrogate pair is never split.
 */
export function idParts(id: string, tail = ID_TAIL): { head: string; tail: string } {
  const chars = [...id];
  const keep = Math.min(Math.max(0, tail), Math.floor(chars.length / 2));
  return { head: chars.slice(0, chars.length - keep).join(''), tail: chars.slice(chars.length - keep).join('') };
}

/**
 * `text` in at most `max` characters: unchanged when it fits, else its start and its end around "…",
 * the end getting the extra character when the room is odd.
 */
export function middleEllipsis(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const room = max - 1;
  const head = Math.floor(room / 2);
  const tail = room - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
