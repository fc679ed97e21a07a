/**
 * An observation's text cut into pieces for the evidence view, pure (no DOM): plain text and the
 * words the evidence check weighed, each with the caption word that supports it (or none).
 */
import { formatClock } from '../../shared/chain/timeRefs';
import type { EvidenceStep, WordMatch } from '../../shared/rewards/scores';

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
  if (match.caption === null)
    return `“${match.word}”: not found in the caption segments the observation cites (or its action, when it cites none) (weight ${match.weight})`;
  const times = segmentTimes?.(match.caption.segment);
  const share =
    match.share === undefined || match.share >= 1 ? '' : `, counted for ${Math.round(match.share * 100)}%: the caption says it in that share of the cited time`;
  return `“${match.word}” ← caption word “${match.caption.word}” in segment ${match.caption.segment + 1}${times ? ` [${times}]` : ''} (weight ${match.weight}${share})`;
}

/** "2, 3" or, with each segment's share of the cited time, "2 (50%), 3 (50%)". */
export function segmentList(segments: readonly number[], coverage: readonly number[] | undefined): string {
  const full = coverage === undefined || coverage.length !== segments.length;
  return segments.map((s, i) => (full ? `${s + 1}` : `${s + 1} (${Math.round(coverage[i] * 100)}%)`)).join(', ');
}

/** Which times the observation was judged against: "judged at the observation's 00:29", "judged at its action's 00:15–00:22", or '' (nothing cited, or an older score). */
export function judgedText(evidence: Pick<EvidenceStep, 'intervals' | 'judgedAgainst'>): string {
  if (evidence.judgedAgainst === undefined || evidence.judgedAgainst === 'none' || evidence.intervals.length === 0) return '';
  const times = evidence.intervals.map((iv) => (iv.start === iv.end ? formatClock(iv.start) : `${formatClock(iv.start)}–${formatClock(iv.end)}`)).join(', ');
  return evidence.judgedAgainst === 'observation' ? `judged at the observation's ${times}` : `judged at its action's ${times} (the observation cites no time)`;
}
