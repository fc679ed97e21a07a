/**
 * A step card's text cut into plain text, search hits and time chips, pure (no DOM) so it can be
 * unit tested; chipText.ts turns the segments into nodes. Chip offsets index the card's text.
 */
import type { TimeChip } from '../../shared/sample/sample';
import { highlightRanges, splitByRanges, type TextRange } from '../text/highlight';

export type TextSegment =
  { kind: 'text'; text: string; hit: boolean } | { kind: 'chip'; chip: TimeChip; /** Index in the card's `chips`. */ index: number; text: string };

/** Chips usable as offsets into `text`: in range, in order, not overlapping (a bad one is dropped). */
export function validChips(text: string, chips: readonly TimeChip[]): { chip: TimeChip; index: number }[] {
  const sorted = chips
    .map((chip, index) => ({ chip, index }))
    .filter(({ chip }) => chip.from >= 0 && chip.to > chip.from && chip.to <= text.length)
    .sort((a, b) => a.chip.from - b.chip.from);
  const kept: { chip: TimeChip; index: number }[] = [];
  for (const entry of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || entry.chip.from >= last.chip.to) kept.push(entry);
  }
  return kept;
}

/**
 * Where to cut a long text so that it shows about `limit` characters: never inside a chip, and at a
 * space when one is near. Returns text.length when no cut is needed.
 */
export function clipPoint(text: string, chips: readonly TimeChip[], limit: number): number {
  if (text.length <= limit) return text.length;
  let cut = limit;
  const space = text.lastIndexOf(' ', limit);
  if (space > limit * 0.8) cut = space;
  for (const { chip } of validChips(text, chips)) {
    if (chip.from < cut && chip.to > cut) cut = chip.to;
  }
  return Math.min(cut, text.length);
}

/**
 * Characters `start`..`end` of `text` as segments: chips where the card has them, the rest split
 * into plain text and search hits for `terms`.
 */
export function segmentText(text: string, chips: readonly TimeChip[], terms: readonly string[], end = text.length, start = 0): TextSegment[] {
  const stop = Math.min(end, text.length);
  // Look a term's length past the clip point, so a hit the clip cuts still marks its visible part.
  const lookahead = terms.reduce((longest, term) => Math.max(longest, term.length), 0);
  const hits = highlightRanges(text.slice(0, Math.min(text.length, stop + lookahead)), terms)
    .filter((range) => range.start < stop)
    .map((range) => ({ ...range, end: Math.min(range.end, stop) }));
  const segments: TextSegment[] = [];
  const pushText = (from: number, to: number): void => {
    if (to <= from) return;
    const inside: TextRange[] = hits.filter((range) => range.end > from && range.start < to);
    for (const piece of splitByRanges(text.slice(from, to), inside, from)) segments.push({ kind: 'text', text: piece.text, hit: piece.hit });
  };
  let at = Math.max(0, Math.min(start, stop));
  for (const { chip, index } of validChips(text, chips)) {
    if (chip.from < at) continue;
    if (chip.to > stop) break;
    pushText(at, chip.from);
    segments.push({ kind: 'chip', chip, index, text: text.slice(chip.from, chip.to) });
    at = chip.to;
  }
  pushText(at, stop);
  return segments;
}

/** The span of `text` without its leading and trailing whitespace (cards keep it so offsets stay exact). */
export function trimmedSpan(text: string): { start: number; end: number } {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return end <= start ? { start: 0, end: 0 } : { start, end };
}
