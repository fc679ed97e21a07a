/**
 * ReWatch dense captions: one event a line, `[MM:SS-MM:SS] text` (H:MM:SS, en/em dashes, spaces and
 * CRLF accepted; blank lines ignored). The brackets may be left out ("00:00-00:05: text"). Pure and
 * browser-safe. A line with no leading range is reported and, when an event precedes it, joined to
 * that event as a continuation (captions wrapped by hand), so no text is lost.
 */
import { parseClock } from './timeRefs';
import type { Interval } from './timeRefs';

export interface CaptionSegment {
  start: number;
  end: number;
  /** The event's text, trimmed; continuation lines are joined with "\n". */
  text: string;
  /** 1-based line of the event's range in the caption text. */
  line: number;
  /** Span in the caption text from the range to the end of the event's last line (EOL excluded). */
  from: number;
  to: number;
}

export interface CaptionProblem {
  /** 1-based. */
  line: number;
  message: string;
  from: number;
  to: number;
}

const CLOCK = String.raw`(\d{1,3}(?::\d\d){1,2}(?:\.\d+)?)`;
const LEADING_RANGE = new RegExp(String.raw`^([ \t]*)(\[)?[ \t]*${CLOCK}[ \t]*(?:-|–|—|~|to)[ \t]*${CLOCK}[ \t]*(\])?(.*)$`);

interface LineRange {
  start: number;
  end: number;
  rest: string;
}

function leadingRange(line: string): LineRange | undefined {
  const match = LEADING_RANGE.exec(line);
  if (match === null || (match[2] === undefined) !== (match[5] === undefined)) return undefined;
  const start = parseClock(match[3]);
  const end = parseClock(match[4]);
  if (start === undefined || end === undefined) return undefined;
  let rest = match[6];
  if (match[2] === undefined) {
    // Without brackets the range must stand apart from the text: "00:00-00:05: text".
    if (rest !== '' && !/^[\s:]/.test(rest)) return undefined;
    rest = rest.replace(/^\s*:/, '');
  }
  return { start, end, rest: rest.trim() };
}

export function parseCaption(text: string): { segments: CaptionSegment[]; problems: CaptionProblem[] } {
  const segments: CaptionSegment[] = [];
  const problems: CaptionProblem[] = [];
  if (typeof text !== 'string') return { segments, problems };
  let lineStart = 0;
  for (let lineNo = 1; lineStart <= text.length; lineNo++) {
    const newline = text.indexOf('\n', lineStart);
    const next = newline < 0 ? text.length : newline;
    const lineEnd = next > lineStart && text[next - 1] === '\r' ? next - 1 : next;
    const line = text.slice(lineStart, lineEnd);
    const indent = line.length - line.trimStart().length;
    const from = lineStart + indent;
    const to = lineStart + line.trimEnd().length;

    if (from < to) {
      const range = leadingRange(line);
      const previous = segments[segments.length - 1];
      if (range !== undefined) {
        if (range.end < range.start) {
          problems.push({ line: lineNo, message: 'The event ends before it starts: its times were swapped.', from, to });
        }
        segments.push({ start: Math.min(range.start, range.end), end: Math.max(range.start, range.end), text: range.rest, line: lineNo, from, to });
      } else if (previous !== undefined) {
        problems.push({ line: lineNo, message: 'No [MM:SS-MM:SS] range at the start of the line: joined to the event above.', from, to });
        const continuation = line.trim();
        previous.text = previous.text === '' ? continuation : `${previous.text}\n${continuation}`;
        previous.to = to;
      } else {
        problems.push({ line: lineNo, message: 'No [MM:SS-MM:SS] range at the start of the line, and no event before it.', from, to });
      }
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return { segments, problems };
}

/**
 * The segments sharing time with `interval`, in their order. Spans that only touch do not overlap,
 * except that a point (start === end) counts on both boundaries it sits on.
 */
export function captionSegmentsOverlapping<T extends Interval>(segments: readonly T[], interval: Interval): T[] {
  const lo = Math.min(interval.start, interval.end);
  const hi = Math.max(interval.start, interval.end);
  return segments.filter((seg) => {
    const start = Math.max(seg.start, lo);
    const end = Math.min(seg.end, hi);
    return end > start || (end === start && (lo === hi || seg.start === seg.end));
  });
}
