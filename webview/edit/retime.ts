/**
 * New times for a chip, pure (no DOM): from the playhead (keys t / T) or from the chip form's fields.
 * The host writes them back in the chip's own style; this only decides start and end.
 */
import type { TimeChip } from '../../shared/sample/sample';
import { MAX_SECONDS, parseTimeInput } from './timeInput';

export interface ChipTimes {
  start: number;
  end: number;
}

type ChipShape = Pick<TimeChip, 'start' | 'end' | 'kind'>;

/** The playhead as a time to write: finite, not negative, to the millisecond. */
function clean(time: number): number {
  if (!Number.isFinite(time) || time < 0) return 0;
  return Math.min(MAX_SECONDS, Math.round(time * 1000) / 1000);
}

/**
 * `t`: the chip starts at `time`. A point moves whole (it stays a point); a range keeps its end while
 * that is still at or after the new start, else it collapses to a point at `time`.
 */
export function startAt(chip: ChipShape, time: number): ChipTimes {
  const t = clean(time);
  if (chip.kind === 'point') return { start: t, end: t };
  return chip.end >= t ? { start: t, end: chip.end } : { start: t, end: t };
}

/**
 * `T`: the chip ends at `time` (a point becomes a range from its time). An end before the start
 * makes a point at `time`, mirroring `startAt`: the playhead wins, nothing is written backwards.
 */
export function endAt(chip: ChipShape, time: number): ChipTimes {
  const t = clean(time);
  return t >= chip.start ? { start: chip.start, end: t } : { start: t, end: t };
}

/** Digits after the decimal point the chip's own text uses ("00:07.5" → 1, "00:07" → 0), at most 3. */
export function chipDecimals(text: string): number {
  let digits = 0;
  for (const match of text.matchAll(/\d\.(\d+)/g)) digits = Math.max(digits, match[1].length);
  return Math.min(3, digits);
}

/**
 * The playhead as precise as the chip is written: a chain citing whole seconds gets whole seconds
 * ("00:21", not "00:20.613"), one citing tenths gets tenths.
 */
export function playheadFor(chip: Pick<TimeChip, 'text'>, time: number): number {
  if (!Number.isFinite(time) || time < 0) return 0;
  const scale = 10 ** chipDecimals(chip.text);
  return Math.round(time * scale) / scale;
}

export type RetimeForm = ({ ok: true } & ChipTimes) | { ok: false; reason: string; field: 'start' | 'end' };

const FORMATS = 'MM:SS, H:MM:SS or seconds';

/** The chip form's two fields as times: an empty end makes a point at the start. */
export function readRetimeForm(startText: string, endText: string): RetimeForm {
  const start = parseTimeInput(startText);
  if (start === undefined) return { ok: false, field: 'start', reason: `The start “${startText.trim()}” is no time (${FORMATS}).` };
  if (endText.trim() === '') return { ok: true, start, end: start };
  const end = parseTimeInput(endText);
  if (end === undefined) return { ok: false, field: 'end', reason: `The end “${endText.trim()}” is no time (${FORMATS}).` };
  if (end < start) return { ok: false, field: 'end', reason: 'The end is before the start.' };
  return { ok: true, start, end };
}

/** Whether new times would change the chip at all (no edit is sent when they would not). */
export function sameTimes(chip: Pick<TimeChip, 'start' | 'end'>, times: ChipTimes): boolean {
  return Math.abs(chip.start - times.start) < 5e-4 && Math.abs(chip.end - times.end) < 5e-4;
}
