/**
 * Whether a streaming list should keep following its end, pure (no DOM). It follows while the user
 * is at (or near) the bottom; scrolling up to read stops it, scrolling back down starts it again.
 */

/** Pixels from the bottom that still count as "at the end" (a line's height, and rounding). */
export const FOLLOW_SLACK_PX = 24;

export function nearBottom(scrollTop: number, clientHeight: number, scrollHeight: number, slack = FOLLOW_SLACK_PX): boolean {
  return scrollHeight - (scrollTop + clientHeight) <= slack;
}
