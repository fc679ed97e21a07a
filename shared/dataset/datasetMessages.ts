/** The dataset view's messages: histograms, the scatter, means by type, and the scoring pass. */
import { z } from 'zod';
import { GroupMean, Histogram, NumericColumn, RecordFilter, Scatter } from '../list/recordQuery';
import { RequestId } from '../messageParts';
import { ScoringProgress } from '../rewards/scores';

export const HistogramRequest = z.object({
  type: z.literal('histogram'),
  id: RequestId,
  column: NumericColumn,
  bins: z.number().int().min(1).max(200),
  filter: RecordFilter.default({}),
});

export const ScatterRequest = z.object({
  type: z.literal('scatter'),
  id: RequestId,
  x: NumericColumn,
  y: NumericColumn,
  bins: z.number().int().min(1).max(100),
  filter: RecordFilter.default({}),
});

/** Mean of `column` per question category or question type. */
export const MeanByRequest = z.object({
  type: z.literal('meanBy'),
  id: RequestId,
  by: z.enum(['category', 'questionType']),
  column: NumericColumn,
  filter: RecordFilter.default({}),
});

export const datasetMessages = {
  requests: [HistogramRequest, ScatterRequest, MeanByRequest],
  responses: { histogram: Histogram, scatter: Scatter, meanBy: z.array(GroupMean) },
  toHost: [
    /** Run the dataset scoring pass again (after caption files changed). */
    z.object({ type: z.literal('rescore') }),
  ],
  toWebview: [
    /** The dataset scoring pass advanced or finished: scored columns (histograms, sorts) may have changed. */
    z.object({ type: z.literal('scoring'), progress: ScoringProgress }),
  ],
} as const;
