import { z } from 'zod';

/** What kind of ReWatch record a line holds, as far as a quick look can tell. */
export const RecordKind = z.enum(['cot', 'qa', 'caption', 'rollout', 'unknown']);
export type RecordKind = z.infer<typeof RecordKind>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** A problem found in the file; positions are 1-based like an editor's, byte ranges 0-based. */
export const Problem = z.object({
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  byteOffset: z.number().int().min(0),
  byteLength: z.number().int().min(0),
  severity: Severity,
  code: z.string(),
  message: z.string(),
  /** Position of the record the problem belongs to; absent for problems between records (blank lines). */
  position: z.number().int().min(0).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** One record's place in the file and the fields the list sorts, filters and shows. The record itself stays on disk. */
export const RecordSummary = z.object({
  /** 0-based position of the record among the file's records (malformed ones included). */
  position: z.number().int().min(0),
  line: z.number().int().min(1),
  byteOffset: z.number().int().min(0),
  byteLength: z.number().int().min(0),
  kind: RecordKind,
  id: z.string().nullable(),
  video: z.string().nullable(),
  source: z.string().nullable(),
  question: z.string().nullable(),
  answer: z.string().nullable(),
  questionType: z.enum(['multiple-choice', 'open-ended']).nullable(),
  category: z.string().nullable(),
  /** Action/observation steps of the chain (0 when there is no chain). */
  steps: z.number().int().min(0),
  /** Earliest and latest second the chain cites; null when it cites none. */
  citedStart: z.number().nullable(),
  citedEnd: z.number().nullable(),
  /** Stored reward fields, as logged (null when absent). */
  reward: z.number().nullable(),
  advantage: z.number().nullable(),
  promptId: z.string().nullable(),
  problems: z.number().int().min(0),
  /** Whether the chain's final answer matches the stored answer (letter match for multiple choice); null when either is missing. This is the offline r_acc. */
  correct: z.boolean().nullable(),
  /** Logged O&R components (means over a record's completions); null when not logged. */
  storedAcc: z.number().nullable(),
  storedObs: z.number().nullable(),
  storedRea: z.number().nullable(),
  storedFmt: z.number().nullable(),
  /** Offline r_fmt (tags present, ordered, closed); null without a chain. */
  fmt: z.number().nullable(),
  /** Stored rewards that contradict the formula, their range or the offline checks (advantages included once scored). */
  mismatches: z.number().int().min(0),
  /** Filled by the scoring pass (null until then): the evidence estimate r_obs*, the judge's r_obs and r_rea, the recomputed total and GRPO advantage. */
  obsEstimate: z.number().nullable(),
  judgeObs: z.number().nullable(),
  judgeRea: z.number().nullable(),
  totalRecomputed: z.number().nullable(),
  advantageRecomputed: z.number().nullable(),
  /** The record's GRPO group has one distinct total (std = 0): no learning signal. */
  zeroVariance: z.boolean().nullable(),
  /** True when the record could not be parsed; its problems say why. */
  malformed: z.boolean(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;

export const IndexProgress = z.object({
  records: z.number().int().min(0),
  malformed: z.number().int().min(0),
  bytesRead: z.number().int().min(0),
  totalBytes: z.number().int().min(0),
  /** Every record is indexed: lists, filters, sorts and counts are final. */
  done: z.boolean(),
  /** Full-text search is built too (it follows the records, so it may lag behind `done`). */
  searchReady: z.boolean(),
  /** Why this index has no full-text search at all (the host's SQLite lacks FTS5); search stays off. */
  searchUnavailable: z.string().optional(),
  cancelled: z.boolean(),
  /** Set when indexing stopped on an error (the file vanished, a read failed). */
  error: z.string().optional(),
});
export type IndexProgress = z.infer<typeof IndexProgress>;

/** The reward columns of a record nothing has filled yet (no rewards logged, not scored). */
export const UNSCORED = {
  storedAcc: null,
  storedObs: null,
  storedRea: null,
  storedFmt: null,
  fmt: null,
  mismatches: 0,
  obsEstimate: null,
  judgeObs: null,
  judgeRea: null,
  totalRecomputed: null,
  advantageRecomputed: null,
  zeroVariance: null,
} as const satisfies Partial<RecordSummary>;
