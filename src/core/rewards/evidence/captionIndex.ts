/**
 * A video's caption segments, ready for many evidence lookups: time overlap through a start-sorted order
 * (captions are usually sorted, but nothing guarantees it) and each segment's content words tokenized
 * once, on first use.
 */
import type { Interval } from '../../../../shared/chain/timeRefs';
import { contentTokens, type Token } from './tokenize';

/** Seconds added on both sides of a cited interval: a point "at 00:15" meets the events around it. */
export const OVERLAP_PADDING = 1;

export interface CaptionText {
  start: number;
  end: number;
  text: string;
}

export class CaptionIndex {
  private readonly segments: readonly CaptionText[];
  /** Each segment's span with start ≤ end (a reversed one swapped). */
  private readonly starts: number[];
  private readonly ends: number[];
  /** Indexes of the segments with finite times, by start. */
  private readonly order: number[];
  /** maxEnd[k] = the latest end among order[0..k]: lets a lookup stop scanning early. */
  private readonly maxEnd: number[];
  private readonly tokenCache: (Token[] | undefined)[];
  private readonly stemCache: (Map<string, Token> | undefined)[];

  constructor(segments: readonly CaptionText[]) {
    this.segments = segments;
    this.starts = segments.map((s) => Math.min(s.start, s.end));
    this.ends = segments.map((s) => Math.max(s.start, s.end));
    this.order = [];
    for (let i = 0; i < segments.length; i++) if (Number.isFinite(this.starts[i]) && Number.isFinite(this.ends[i])) this.order.push(i);
    this.order.sort((a, b) => this.starts[a] - this.starts[b] || a - b);
    this.maxEnd = [];
    let latest = -Infinity;
    for (const i of this.order) {
      latest = Math.max(latest, this.ends[i]);
      this.maxEnd.push(latest);
    }
    this.tokenCache = new Array<Token[] | undefined>(segments.length);
    this.stemCache = new Array<Map<string, Token> | undefined>(segments.length);
  }

  get size(): number {
    return this.segments.length;
  }

  /** The segment's start, end and text. */
  segment(index: number): CaptionText {
    return this.segments[index];
  }

  /**
   * Indexes (ascending) of the segments sharing time with any interval widened by `padding` seconds on
   * both sides; boundaries count (a segment ending where the widened interval starts overlaps it).
   */
  overlapping(intervals: readonly Interval[], padding = OVERLAP_PADDING): number[] {
    const found = new Set<number>();
    for (const iv of intervals) {
      const lo = Math.min(iv.start, iv.end) - padding;
      const hi = Math.max(iv.start, iv.end) + padding;
      if (Number.isNaN(lo) || Number.isNaN(hi)) continue;
      // Last position whose segment starts at or before hi; walk back while some end may still reach lo.
      let k = this.upperBound(hi) - 1;
      for (; k >= 0 && this.maxEnd[k] >= lo; k--) {
        const i = this.order[k];
        if (this.ends[i] >= lo) found.add(i);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** The segment's content words (tokenized on first use, then cached). */
  tokens(segment: number): Token[] {
    let tokens = this.tokenCache[segment];
    if (tokens === undefined) {
      tokens = contentTokens(this.segments[segment].text);
      this.tokenCache[segment] = tokens;
    }
    return tokens;
  }

  /** The first token of each stem in the segment, for constant-time matching. */
  stems(segment: number): ReadonlyMap<string, Token> {
    let stems = this.stemCache[segment];
    if (stems === undefined) {
      stems = new Map();
      for (const token of this.tokens(segment)) if (!stems.has(token.stem)) stems.set(token.stem, token);
      this.stemCache[segment] = stems;
    }
    return stems;
  }

  /** Number of segments (in start order) whose start is ≤ t. */
  private upperBound(t: number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[this.order[mid]] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
