/** How a citation past the video's end is marked on its chip and its clamped thumbnail; pure. */
import { formatClock } from '../../shared/chain/timeRefs';
import { isPastEnd } from '../../shared/video/thumbnailTimes';

/** "past the end (00:30)": the words on a clamped chip or frame. */
export function pastEndLabel(duration: number): string {
  return `past the end (${formatClock(duration)})`;
}

/**
 * The mark for a chip citing [start, end] in a video of `duration` seconds (null: unknown), or null
 * when the chip stays inside the video (within the grounding check's tolerance). Seeking to such a
 * chip lands on the last frame.
 */
export function chipPastEnd(chip: { start: number; end: number }, duration: number | null | undefined): string | null {
  if (duration === null || duration === undefined || !isPastEnd(Math.max(chip.start, chip.end), duration)) return null;
  return pastEndLabel(duration);
}
