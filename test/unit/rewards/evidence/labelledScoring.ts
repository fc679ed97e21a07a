/**
 * Runs the evidence check on the hand-labelled observations and measures it: what the unit test and
 * `bench/evidence.bench.ts` share. A case is predicted "supported" when its support is at least the
 * threshold (the UI's green from WARN_BELOW, by default).
 */
import { parseCaption } from '../../../../shared/chain/captions';
import type { Interval } from '../../../../shared/chain/timeRefs';
import { CaptionIndex } from '../../../../src/core/rewards/evidence/captionIndex';
import { evidenceFor } from '../../../../src/core/rewards/evidence/stepEvidence';
import { CAPTIONS, type Cited, type LabelledObservation } from './labelledObservations';

const indexes = new Map<string, CaptionIndex>();

/** The caption index of a fixture caption (parsed once). */
export function captionIndexOf(name: keyof typeof CAPTIONS): CaptionIndex {
  let index = indexes.get(name);
  if (index === undefined) {
    index = new CaptionIndex(parseCaption(CAPTIONS[name].join('\n')).segments);
    indexes.set(name, index);
  }
  return index;
}

export const intervalsOf = (cites: readonly Cited[]): Interval[] => cites.map(([start, end]) => ({ start, end }));

/** The rule in src/core/rewards/evidence/stepEvidence.ts: the case's support (null when it cannot be judged). */
export function supportNow(c: LabelledObservation): number | null {
  const evidence = evidenceFor(
    [{ step: 0, observation: c.observation, observationIntervals: intervalsOf(c.observationCites), actionIntervals: intervalsOf(c.actionCites) }],
    captionIndexOf(c.caption),
    null,
  );
  return evidence.steps[0].support;
}

export interface Metrics {
  /** Of the cases predicted supported, the share labelled supported. */
  precision: number;
  /** Of the cases labelled supported, the share predicted supported. */
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

/** Precision and recall of "supported" (support ≥ threshold; null support counts as not supported). */
export function metrics(cases: readonly LabelledObservation[], support: (c: LabelledObservation) => number | null, threshold: number): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const c of cases) {
    const value = support(c);
    const predicted = value !== null && value >= threshold;
    const actual = c.label === 'supported';
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
    else tn++;
  }
  return {
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
  };
}
