/**
 * An observation's text cut into pieces for the evidence view, pure (no DOM): plain text and the
 * words the evidence check weighed, each with the caption word that supports it (or none).
 */
import type { WordMatch } from '../../shared/rewards/scores';

export interface EvidencePiece {
  text: string;
  from: number;
  to: number;
  /** The weighed word; null for plain text between words. */
  match: WordMatch | null;
}

/**
 * `text` as pieces that cover it exactly, in order. Spans are clipped to the text; a span that
 * overlaps one already placed (earlier start, then supported, then longer first) keeps only its
 * part after it, and is dropped when nothing is left. Adjacent words stay separate pieces.
 */
export function evidencePieces(text: string, matches: readonly WordMatch[]): EvidencePiece[] {
  const spans = matches
    .map((match) => ({ match, from: Math.max(0, Math.min(text.length, match.from)), to: Math.max(0, Math.min(text.length, match.to)) }))
    .filter((span) => span.to > span.from)
    .sort((a, b) => a.from - b.from || Number(b.match.caption !== null) - Number(a.match.caption !== null) || b.to - a.to);
  const pieces: EvidencePiece[] = [];
  let at = 0;
  for (const span of spans) {
    const from = Math.max(span.from, at);
    if (from >= span.to) continue;
    if (from > at) pieces.push({ text: text.slice(at, from), from: at, to: from, match: null });
    pieces.push({ text: text.slice(from, span.to), from, to: span.to, match: span.match });
    at = span.to;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), from: at, to: text.length, match: null });
  return pieces;
}

/** The tooltip of a weighed word: the caption word and segment that support it, or why none does. */
export function evidenceTitle(match: WordMatch, segmentTimes?: (segment: number) => string | undefined): string {
  if (match.caption === null) return `“${match.word}”: not found in the caption segments the step cites (weight ${match.weight})`;
  const times = segmentTimes?.(match.caption.segment);
  return `“${match.word}” ← caption word “${match.caption.word}” in segment ${match.caption.segment + 1}${times ? ` [${times}]` : ''} (weight ${match.weight})`;
}
