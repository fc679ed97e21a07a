/** A parsed chain as the sample view's step cards; pure and browser-safe (the host's samples and the webview's streamed model runs). */
import { actionKind, groundingWarnings } from './grounding';
import type { ChainSegment, ParsedChain } from './parseChain';
import { mergeIntervals, type Interval } from './timeRefs';
import type { StepCard, TimeChip } from './chainSchemas';

export interface CardContext {
  /** Seconds; null when unknown. */
  duration: number | null;
  /** Caption segments, for the coverage warning (only their times are read). */
  captions: readonly Interval[] | null;
}

/** The segment's time refs as chips, with offsets into the segment's inner text. */
function chipsOf(segment: ChainSegment): TimeChip[] {
  return segment.timeRefs.map((r) => ({
    start: r.start,
    end: r.end,
    from: r.from - segment.innerFrom,
    to: r.to - segment.innerFrom,
    text: r.text,
    kind: r.kind,
    reversed: r.reversed,
  }));
}

/** One card per segment of a parsed chain, in order, with its step, chips and grounding warnings. */
export function chainCards(parsed: ParsedChain, context: CardContext): StepCard[] {
  const stepOf = new Map<ChainSegment, number>();
  const actionOf = new Map<ChainSegment, ChainSegment>(); // observation → its step's action
  for (const step of parsed.steps) {
    if (step.action) stepOf.set(step.action, step.index);
    if (step.observation) stepOf.set(step.observation, step.index);
    if (step.action && step.observation) actionOf.set(step.observation, step.action);
  }
  return parsed.segments.map((segment, index): StepCard => {
    const chips = chipsOf(segment);
    // Most cards cite one time or none: no sort and merge for those.
    const intervals = chips.length < 2 ? chips.map(({ start, end }) => ({ start, end })) : mergeIntervals(chips);
    const actionHadTime = (actionOf.get(segment)?.timeRefs.length ?? 0) > 0;
    return {
      index,
      kind: segment.kind,
      text: segment.text,
      step: stepOf.get(segment) ?? null,
      actionKind: segment.kind === 'action' ? actionKind(segment.text) : null,
      chips,
      intervals,
      warnings: groundingWarnings(
        { kind: segment.kind, timeRefs: chips, intervals },
        { duration: context.duration, captions: context.captions, actionHadTime },
      ),
      closed: segment.closed,
    };
  });
}
