/**
 * Search-hit highlighting, pure (no DOM): which words of a search to mark and where they occur.
 * The index's full-text search matches words (the last one as a prefix), so hits are marked where a
 * word starts with a term, case-insensitively.
 */

export interface TextRange {
  start: number;
  end: number;
}

export interface TextPiece {
  text: string;
  /** A search hit, to wrap in `<mark>`. */
  hit: boolean;
}

/** The words of a search box's text, lower-cased and deduplicated, longest first. */
export function searchTerms(query: string | undefined): string[] {
  if (!query) return [];
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word.length > 0);
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Sorted, non-overlapping ranges of `text` where a word starts with one of `terms`. */
export function highlightRanges(text: string, terms: readonly string[]): TextRange[] {
  if (terms.length === 0 || text.length === 0) return [];
  // Longest alternative first, so "cyclist" wins over "cy" at the same place.
  const sorted = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sorted.join('|')})`, 'giu');
  const ranges: TextRange[] = [];
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    if (end === start) continue;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else ranges.push({ start, end });
  }
  return ranges;
}

/** `text` cut into plain and hit pieces by sorted ranges (ranges outside the text are clamped). */
export function splitByRanges(text: string, ranges: readonly TextRange[], offset = 0): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const range of ranges) {
    const start = Math.max(at, Math.min(text.length, range.start - offset));
    const end = Math.max(start, Math.min(text.length, range.end - offset));
    if (end <= start) continue;
    if (start > at) pieces.push({ text: text.slice(at, start), hit: false });
    pieces.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), hit: false });
  return pieces;
}

/** Convenience: `text` split into pieces with the search's hits marked. */
export function highlightPieces(text: string, terms: readonly string[]): TextPiece[] {
  return splitByRanges(text, highlightRanges(text, terms));
}
