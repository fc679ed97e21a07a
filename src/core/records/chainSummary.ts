import { parseChain, type ChainProblem } from '../../../shared/chain/parseChain';
import { findTimeRefs } from '../../../shared/chain/timeRefs';

/** What the index keeps of a chain. */
export interface ChainSummary {
  steps: number;
  /** Earliest and latest cited second, or null when the chain cites none. */
  citedStart: number | null;
  citedEnd: number | null;
  /** Inner text of the last `<answer>`, trimmed (as `parseChain` gives it). */
  answer: string | undefined;
  problems: ChainProblem[];
}

/** Any tag as `parseChain` scans it: names other than the four known ones are problems (unknown tags). */
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9_-]*)>/g;
const KNOWN = /^(action|observation|answer|think)$/;

/**
 * The index's view of a chain, fast: one pass over the tags decides whether the chain is well formed
 * (alternating action/observation pairs, no nesting, one final answer). Only a chain that is not pays
 * for the full parser, whose problems are then reported. Same results as `parseChain` either way.
 */
export function summarizeChain(text: string): ChainSummary {
  const clean = cleanSteps(text);
  if (clean === undefined) {
    const parsed = parseChain(text);
    const first = parsed.intervals[0];
    const last = parsed.intervals[parsed.intervals.length - 1];
    return { steps: parsed.steps.length, citedStart: first?.start ?? null, citedEnd: last?.end ?? null, answer: parsed.answer, problems: parsed.problems };
  }
  let citedStart: number | null = null;
  let citedEnd: number | null = null;
  for (const ref of findTimeRefs(text)) {
    if (citedStart === null || ref.start < citedStart) citedStart = ref.start;
    if (citedEnd === null || ref.end > citedEnd) citedEnd = ref.end;
  }
  return { steps: clean, citedStart, citedEnd, answer: lastAnswer(text), problems: [] };
}

/** The last `<answer>`'s inner text in a well-formed chain (its tags are lower case there). */
function lastAnswer(text: string): string | undefined {
  const open = text.lastIndexOf('<answer>');
  if (open < 0) return undefined;
  const close = text.indexOf('</answer>', open);
  return text.slice(open + '<answer>'.length, close < 0 ? undefined : close).trim();
}

/** Step count when the tags are well formed, else undefined. */
function cleanSteps(text: string): number | undefined {
  if (text.indexOf('<') < 0) return undefined; // no tags: the full parser says "missing answer"
  let open: string | undefined;
  let steps = 0;
  let pendingAction = false;
  let answers = 0;
  let thinkDepth = 0;
  // Where the open tag's (or the open <think>'s) inner text starts: an empty tag is a problem the parser reports.
  let innerFrom = 0;
  let thinkFrom = 0;
  let thinkHoldsOpenings = false;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
    const closing = m[1] === '/';
    const name = m[2];
    if (!KNOWN.test(name)) return undefined; // unknown tag or odd casing: let the parser judge
    if (name === 'think') {
      if (open !== undefined) return undefined;
      thinkDepth += closing ? -1 : 1;
      if (thinkDepth < 0 || thinkDepth > 1) return undefined;
      if (!closing) {
        thinkFrom = TAG.lastIndex;
        thinkHoldsOpenings = false;
      } else if (!thinkHoldsOpenings && !/\S/.test(text.slice(thinkFrom, m.index))) return undefined;
      continue;
    }
    if (!closing) {
      if (open !== undefined || answers > 0) return undefined;
      if (name === 'action') {
        if (pendingAction) return undefined; // action without observation
        pendingAction = true;
        steps++;
      } else if (name === 'observation') {
        if (!pendingAction) return undefined;
        pendingAction = false;
      } else answers++;
      open = name;
      innerFrom = TAG.lastIndex;
      thinkHoldsOpenings = true;
    } else {
      if (open !== name) return undefined;
      if (!/\S/.test(text.slice(innerFrom, m.index))) return undefined; // empty tag
      open = undefined;
    }
  }
  if (open !== undefined || pendingAction || answers !== 1 || thinkDepth !== 0) return undefined;
  return steps;
}
