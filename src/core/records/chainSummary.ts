import { parseChain, type ChainProblem } from '../../../shared/chain/parseChain';
import { findTimeRefs } from '../../../shared/chain/timeRefs';

/** What the index keeps of a chain. */
export interface ChainSummary {
  /** Action/observation steps (pairs, as `parseChain` pairs them). */
  steps: number;
  /**
   * The cards the sample view shows other than the answer: reasoning, think, action and observation
   * cards (`parseChain`'s segments that are not 'answer'). What the list's Steps column counts.
   */
  cards: number;
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
    const cards = parsed.segments.filter((segment) => segment.kind !== 'answer').length;
    return {
      steps: parsed.steps.length,
      cards,
      citedStart: first?.start ?? null,
      citedEnd: last?.end ?? null,
      answer: parsed.answer,
      problems: parsed.problems,
    };
  }
  let citedStart: number | null = null;
  let citedEnd: number | null = null;
  for (const ref of findTimeRefs(text)) {
    if (citedStart === null || ref.start < citedStart) citedStart = ref.start;
    if (citedEnd === null || ref.end > citedEnd) citedEnd = ref.end;
  }
  return { steps: clean.steps, cards: clean.cards, citedStart, citedEnd, answer: lastAnswer(text), problems: [] };
}

/** The last `<answer>`'s inner text in a well-formed chain (its tags are lower case there). */
function lastAnswer(text: string): string | undefined {
  const open = text.lastIndexOf('<answer>');
  if (open < 0) return undefined;
  const close = text.indexOf('</answer>', open);
  return text.slice(open + '<answer>'.length, close < 0 ? undefined : close).trim();
}

/**
 * Step and card counts when the tags are well formed, else undefined. Cards follow `parseChain`'s
 * segments: each tag is a card, and so is the prose between tags when it holds more than whitespace;
 * a <think> holding steps (transparent) is no card, but its opening and closing tags each make the
 * prose around them a card, blank or not.
 */
function cleanSteps(text: string): { steps: number; cards: number } | undefined {
  if (text.indexOf('<') < 0) return undefined; // no tags: the full parser says "missing answer"
  let open: string | undefined;
  let steps = 0;
  let cards = 0;
  let pendingAction = false;
  let answers = 0;
  let thinkDepth = 0;
  // Where the open tag's (or the open <think>'s) inner text starts: an empty tag is a problem the parser reports.
  let innerFrom = 0;
  let thinkFrom = 0;
  let thinkHoldsOpenings = false;
  // The prose since the last tag: where it starts, and whether it starts with a transparent <think> (a card even when blank).
  let proseFrom = 0;
  let proseHeld = false;
  // A <think> opened whose kind is not known yet: where its tag starts (the prose before it ends there).
  let thinkTagAt = -1;
  const flushProse = (to: number, force = false): void => {
    if (force || proseHeld || /\S/.test(text.slice(proseFrom, to))) cards++;
    proseHeld = false;
  };
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
        thinkTagAt = m.index;
      } else {
        if (!thinkHoldsOpenings && !/\S/.test(text.slice(thinkFrom, m.index))) return undefined;
        if (thinkTagAt >= 0) {
          // A <think> of prose only: one card, after the prose before it.
          flushProse(thinkTagAt);
          cards++;
          thinkTagAt = -1;
        } else flushProse(m.index, true); // the close of a transparent <think>
        proseFrom = TAG.lastIndex;
      }
      continue;
    }
    if (!closing) {
      if (open !== undefined || answers > 0) return undefined;
      if (thinkTagAt >= 0) {
        // The open <think> holds steps: transparent. The prose before it ends at its tag; the prose inside starts with it.
        flushProse(thinkTagAt);
        proseFrom = thinkFrom;
        proseHeld = true;
        thinkTagAt = -1;
      }
      flushProse(m.index);
      if (name === 'action') {
        if (pendingAction) return undefined; // action without observation
        pendingAction = true;
        steps++;
      } else if (name === 'observation') {
        if (!pendingAction) return undefined;
        pendingAction = false;
      } else answers++;
      if (name !== 'answer') cards++;
      open = name;
      innerFrom = TAG.lastIndex;
      thinkHoldsOpenings = true;
    } else {
      if (open !== name) return undefined;
      if (!/\S/.test(text.slice(innerFrom, m.index))) return undefined; // empty tag
      open = undefined;
      proseFrom = TAG.lastIndex;
    }
  }
  if (open !== undefined || pendingAction || answers !== 1 || thinkDepth !== 0) return undefined;
  flushProse(text.length);
  return { steps, cards };
}
