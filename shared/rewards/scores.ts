/**
 * The reward side of a sample: stored O&R components as logged, what can be recomputed offline
 * (format, multiple-choice accuracy, the total from its parts, GRPO advantages, the evidence check),
 * and what a judge model said. Built on the host (src/core/rewards, src/core/judge), shown by the
 * webview and printed by `rewatch-inspector score`. Pure zod, browser-safe.
 */
import { z } from 'zod';
import { StoredRewards } from './storedRewards';
import { Interval } from '../chain/chainSchemas';

/** r_fmt ∈ {0,1}: the tags are present, ordered and closed. `failures` names every reason it is 0. */
export const FormatFailureCode = z.enum([
  'missing-answer',
  'multiple-answers',
  'unclosed-tag',
  'nested-tag',
  'stray-closing-tag',
  'observation-without-action',
  'action-without-observation',
  'empty-tag',
  'unknown-tag',
  'no-steps',
  'text-after-answer',
]);
export type FormatFailureCode = z.infer<typeof FormatFailureCode>;

export const FormatFailure = z.object({
  code: FormatFailureCode,
  message: z.string(),
  /** Span in the chain text (UTF-16 indices). */
  from: z.number().int().min(0),
  to: z.number().int().min(0),
});
export type FormatFailure = z.infer<typeof FormatFailure>;

export const FormatCheck = z.object({
  score: z.union([z.literal(0), z.literal(1)]),
  failures: z.array(FormatFailure),
});
export type FormatCheck = z.infer<typeof FormatCheck>;

/** r_acc by letter (multiple choice) or normalized text match; null when either side is missing. */
export const AccuracyCheck = z.object({
  score: z.union([z.literal(0), z.literal(1)]).nullable(),
  /** What was read from the chain's `<answer>` and from the ground truth. */
  predicted: z.object({ letter: z.string().optional(), text: z.string().optional() }).nullable(),
  truth: z.object({ letter: z.string().optional(), text: z.string().optional() }).nullable(),
  how: z.enum(['letter', 'text', 'unknown']),
  message: z.string(),
});
export type AccuracyCheck = z.infer<typeof AccuracyCheck>;

export const MismatchCode = z.enum([
  /** The logged total ≠ r_acc × (1 + r_obs + r_rea) + r_fmt of the logged parts. */
  'total-formula',
  /** A logged component outside its range (r_acc, r_rea, r_fmt ∈ {0,1}; r_obs ∈ [0,1]; total ∈ [0,4]). */
  'out-of-range',
  /** Logged r_acc disagrees with the offline letter/text match. */
  'acc-disagrees',
  /** Logged r_fmt disagrees with the offline tag check. */
  'fmt-disagrees',
  /** Logged advantage ≠ (r − group mean) / group std. */
  'advantage',
]);
export type MismatchCode = z.infer<typeof MismatchCode>;

export const Mismatch = z.object({
  code: MismatchCode,
  /** Which component: 'total', 'acc', 'obs', 'rea', 'fmt' or 'advantage'. */
  component: z.string(),
  stored: z.number(),
  /** What it should be (for out-of-range: the nearest bound). */
  expected: z.number(),
  /** Plain words, with a diagnosis when one fits ("looks like the parts were summed without gating by r_acc"). */
  message: z.string(),
});
export type Mismatch = z.infer<typeof Mismatch>;

/** An observation word and the caption word that supports it. Offsets index the observation text. */
export const WordMatch = z.object({
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  word: z.string(),
  /** Weight in the support score: numbers, colours and counts weigh more. */
  weight: z.number(),
  /** Share (0..1) of the cited time whose caption segments hold the word: how much of its weight counts. Absent in scores saved before shares existed. */
  share: z.number().min(0).max(1).optional(),
  /** The supporting caption word: its segment (index into the sample's caption segments) and span in that segment's text; null when unsupported. */
  caption: z.object({ segment: z.number().int().min(0), from: z.number().int().min(0), to: z.number().int().min(0), word: z.string() }).nullable(),
});
export type WordMatch = z.infer<typeof WordMatch>;

/** The offline evidence check of one action/observation step: a heuristic, not the paper's judge. */
export const EvidenceStep = z.object({
  /** ChainStep index (0-based). */
  step: z.number().int().min(0),
  /** The intervals the observation is judged against, seconds: its own citations, or its action's when it cites none. */
  intervals: z.array(Interval),
  /** Whose citations `intervals` are: the observation's, its action's (the observation cites none), or none (nothing cited: the whole caption). */
  judgedAgainst: z.enum(['observation', 'action', 'none']).optional(),
  /** Every interval the step cites (action and observation) lies inside the video; null when the duration is unknown or nothing is cited. */
  inside: z.boolean().nullable(),
  /** Caption segments (indexes into the sample's caption segments) sharing time with `intervals` (a point widened by 1 s each side). */
  segments: z.array(z.number().int().min(0)),
  /** Per segment (same order), the share of the captioned cited time it covers, 0..1: its weight. */
  coverage: z.array(z.number().min(0).max(1)).optional(),
  /** Weighted share of the observation's content words found in those segments, each word counted by its `share`, 0..1; null when it cannot be judged. */
  support: z.number().min(0).max(1).nullable(),
  matches: z.array(WordMatch),
  /** Why support is null or low, in plain words ("no caption segment overlaps 00:15–00:22"). */
  note: z.string().nullable(),
});
export type EvidenceStep = z.infer<typeof EvidenceStep>;

export const Evidence = z.object({
  steps: z.array(EvidenceStep),
  /** r_obs* = mean of the steps' support (steps with null support left out); null when none can be judged. */
  obsEstimate: z.number().min(0).max(1).nullable(),
  /** Whether any caption was available for the video. */
  captions: z.boolean(),
});
export type Evidence = z.infer<typeof Evidence>;

/** One judge call's outcome. `error` is set (and score null) when the endpoint failed. */
export const JudgeVerdict = z.object({
  /** 1 = matches / correct, 0 = does not; values between when the judge grades. */
  score: z.number().min(0).max(1).nullable(),
  verdict: z.string(),
  rationale: z.string(),
  error: z.string().nullable(),
  /** Served from the content-hash cache. */
  cached: z.boolean(),
  model: z.string(),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdict>;

export const JudgeScores = z.object({
  /** Per action/observation step: judge(C, Act_i, Obs_i). */
  steps: z.array(z.object({ step: z.number().int().min(0), verdict: JudgeVerdict })),
  /** Mean of the step scores; null when no step got a score. */
  obs: z.number().min(0).max(1).nullable(),
  /** r_rea: the text-only answer from the pairs alone, and the judge's verdict on it. */
  rea: z.object({ answer: z.string().nullable(), verdict: JudgeVerdict }).nullable(),
  endpoint: z.string(),
  model: z.string(),
});
export type JudgeScores = z.infer<typeof JudgeScores>;

/** GRPO statistics of the group (rollouts sharing a prompt id) the sample belongs to. */
export const GroupStats = z.object({
  promptId: z.string(),
  size: z.number().int().min(1),
  /** How many members have a logged total: the N of the mean and the std (absent: all `size`). */
  known: z.number().int().min(0).optional(),
  /** Over the group's stored totals (records without one left out). */
  mean: z.number().nullable(),
  /** Sample standard deviation (N − 1), as verl, EasyR1 and TRL compute it. */
  std: z.number().nullable(),
  /** (r − mean) / (std + 1e-6) for this sample; 0 when std = 0 (no learning signal). */
  advantage: z.number().nullable(),
  zeroVariance: z.boolean(),
});
export type GroupStats = z.infer<typeof GroupStats>;

/** The four parts and the total, as one row of the breakdown bar. Null = unknown. */
export const Breakdown = z.object({
  acc: z.number().nullable(),
  obs: z.number().nullable(),
  rea: z.number().nullable(),
  fmt: z.number().nullable(),
  total: z.number().nullable(),
  /** Where obs and rea came from in this row. */
  obsSource: z.enum(['stored', 'judge', 'evidence', 'none']),
  reaSource: z.enum(['stored', 'judge', 'none']),
});
export type Breakdown = z.infer<typeof Breakdown>;

export const SampleScore = z.object({
  /** Rollouts: which completion this scores. */
  completion: z.number().int().min(0),
  stored: StoredRewards,
  /** The stored components as the bar shows them (total as logged). */
  storedBreakdown: Breakdown,
  /** Offline: recomputed acc and fmt, obs from the judge else the evidence estimate, rea from the judge else stored; total by the formula. */
  recomputed: Breakdown,
  format: FormatCheck,
  accuracy: AccuracyCheck,
  evidence: Evidence,
  mismatches: z.array(Mismatch),
  group: GroupStats.nullable(),
  judge: JudgeScores.nullable(),
});
export type SampleScore = z.infer<typeof SampleScore>;

/** One action/observation step of a group member, with whether the other rollouts have it too. */
export const GroupStep = z.object({
  step: z.number().int().min(0),
  action: z.string(),
  observation: z.string(),
  intervals: z.array(Interval),
  /** How many of the group's members have a step with the same action (normalized words and cited times). */
  sharedBy: z.number().int().min(1),
});
export type GroupStep = z.infer<typeof GroupStep>;

export const GroupMember = z.object({
  /** The record holding this rollout, and which of its completions it is. */
  position: z.number().int().min(0),
  completion: z.number().int().min(0),
  id: z.string().nullable(),
  stored: StoredRewards,
  /** The offline checks of this rollout. */
  correct: z.boolean().nullable(),
  fmt: z.union([z.literal(0), z.literal(1)]).nullable(),
  predicted: z.string().nullable(),
  /** (total − mean) / (std + ε) over the group's stored totals. */
  advantage: z.number().nullable(),
  mismatches: z.array(Mismatch),
  steps: z.array(GroupStep),
});
export type GroupMember = z.infer<typeof GroupMember>;

/** All rollouts of one prompt side by side (a GRPO group). */
export const GroupDetail = z.object({
  promptId: z.string().nullable(),
  question: z.string().nullable(),
  answer: z.string().nullable(),
  members: z.array(GroupMember),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  zeroVariance: z.boolean(),
  /** The group had more members than are shown. */
  truncated: z.boolean(),
});
export type GroupDetail = z.infer<typeof GroupDetail>;

/** The dataset scoring pass (evidence estimate, recomputed totals and advantages) as the UI shows it. */
export const ScoringProgress = z.object({
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  running: z.boolean(),
  /** Scores are in the index for every record (histograms of scored columns are final). */
  complete: z.boolean(),
  error: z.string().optional(),
});
export type ScoringProgress = z.infer<typeof ScoringProgress>;
