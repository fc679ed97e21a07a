/**
 * Every message between the extension host and the webview, one zod-validated union per direction.
 * Requests carry an `id` and get exactly one `response` with that id.
 */
import { z } from 'zod';
import { CountColumn, GroupMean, Histogram, NumericColumn, QueryResult, RecordFilter, RecordQuery, Scatter, ValueCount } from './recordQuery';
import { IndexProgress, Problem, RecordSummary } from './records';
import { SampleDetail } from './sample';
import { ChainDiff, ChainEdit, DiffAgainst, EditOutcome, ScoreDelta } from './edits';
import { ReviewEntry, ReviewStatus } from './review';
import { InferenceErrorCode, InferenceFixAction, InferencePhase, InferenceStats, RunEnd, RunSnapshot, RunStarted } from './inference';
import { GroupDetail, SampleScore, SavedQueue, ScoringProgress } from './scores';
import { Thumbnail, VideoState } from './video';

const RequestId = z.number().int().min(0);

export const PageRequest = z.object({
  type: z.literal('requestPage'),
  id: RequestId,
  start: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
});

export const ProblemsRequest = z.object({
  type: z.literal('requestProblems'),
  id: RequestId,
  limit: z.number().int().min(1).max(1000),
});

const Position = z.number().int().min(0);

/** A filtered, sorted page of the sample list (the engine's RecordQuery). */
export const QueryRequest = z.object({ type: z.literal('query'), id: RequestId, query: RecordQuery });

/** "Go to record": a 1-based record number ("#42" or "42") or a record id. */
export const FindRecordRequest = z.object({ type: z.literal('findRecord'), id: RequestId, target: z.string().min(1).max(500) });

/** Where `position` sits in the list as `query` filters and sorts it (null when it is filtered out). */
export const RankRequest = z.object({ type: z.literal('rankOf'), id: RequestId, query: RecordQuery, position: Position });

/**
 * One record for the sample view. Also makes it the editor's current sample: the host resolves its
 * video and pushes `video` notifications for it.
 */
export const SampleRequest = z.object({
  type: z.literal('sample'),
  id: RequestId,
  position: Position,
  /** Rollouts: which completion's chain to show. */
  completion: z.number().int().min(0).max(10_000).default(0),
});

/** Frames across one cited interval of the record's video (seconds from its first frame), as webview URIs. */
export const ThumbnailsRequest = z.object({
  type: z.literal('thumbnails'),
  id: RequestId,
  position: Position,
  start: z.number().min(0).max(1e7),
  end: z.number().min(0).max(1e7),
});

/** Value counts of one column under a filter (the list's filter menus). */
export const CountsRequest = z.object({ type: z.literal('countsBy'), id: RequestId, column: CountColumn, filter: RecordFilter.default({}) });

/** The reward breakdown of one sample (stored, recomputed offline, evidence check, group stats, cached judge verdicts). */
export const ScoreRequest = z.object({ type: z.literal('score'), id: RequestId, position: Position, completion: z.number().int().min(0).max(10_000).default(0) });

/** Asks the judge model for r_obs (per step) and r_rea; answers with the updated score. `judgeProgress` notifications follow its calls. */
export const JudgeRequest = z.object({ type: z.literal('judge'), id: RequestId, position: Position, completion: z.number().int().min(0).max(10_000).default(0) });

/** All rollouts sharing the sample's prompt id (or all completions of a multi-completion record). */
export const GroupRequest = z.object({ type: z.literal('group'), id: RequestId, position: Position });

export const HistogramRequest = z.object({ type: z.literal('histogram'), id: RequestId, column: NumericColumn, bins: z.number().int().min(1).max(200), filter: RecordFilter.default({}) });

export const ScatterRequest = z.object({ type: z.literal('scatter'), id: RequestId, x: NumericColumn, y: NumericColumn, bins: z.number().int().min(1).max(100), filter: RecordFilter.default({}) });

/** Mean of `column` per question category or question type. */
export const MeanByRequest = z.object({ type: z.literal('meanBy'), id: RequestId, by: z.enum(['category', 'questionType']), column: NumericColumn, filter: RecordFilter.default({}) });

const CompletionIndex = z.number().int().min(0).max(10_000).default(0);

/** One edit of the shown chain, through the document's edit log (undoable); refused edits say why. */
export const EditRequest = z.object({ type: z.literal('edit'), id: RequestId, position: Position, completion: CompletionIndex, edit: ChainEdit });

/** The reward delta of the record's unsaved edits: offline checks, judge rows when `judge` is set. */
export const ScoreDeltaRequest = z.object({ type: z.literal('scoreDelta'), id: RequestId, position: Position, completion: CompletionIndex, judge: z.boolean().default(false) });

/** The step-aligned diff of the shown chain (right) against the saved record or another completion (left). */
export const DiffRequest = z.object({ type: z.literal('diff'), id: RequestId, position: Position, completion: CompletionIndex, against: DiffAgainst });

/** Marks the record reviewed / fixed / rejected (null clears it) with a note, in `<file>.review.jsonl`. */
export const ReviewRequest = z.object({ type: z.literal('setReview'), id: RequestId, position: Position, status: ReviewStatus.nullable(), note: z.string().max(10_000).default('') });

/** Runs the configured model on the sample; progress and the end arrive as notifications with the run id. */
export const RunModelRequest = z.object({ type: z.literal('runModel'), id: RequestId, position: Position, completion: CompletionIndex });

/** Scores a chain (a model's new one) as if it were the record's: format, accuracy, evidence per step. */
export const ScoreChainRequest = z.object({ type: z.literal('scoreChain'), id: RequestId, position: Position, completion: CompletionIndex, chain: z.string().max(2_000_000) });

/** Replaces the shown chain with this one through the edit log (undoable). */
export const UseChainRequest = z.object({ type: z.literal('useChain'), id: RequestId, position: Position, completion: CompletionIndex, chain: z.string().max(2_000_000) });

export const WebviewToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  PageRequest,
  ProblemsRequest,
  QueryRequest,
  FindRecordRequest,
  RankRequest,
  SampleRequest,
  ThumbnailsRequest,
  CountsRequest,
  ScoreRequest,
  JudgeRequest,
  GroupRequest,
  HistogramRequest,
  ScatterRequest,
  MeanByRequest,
  EditRequest,
  ScoreDeltaRequest,
  DiffRequest,
  ReviewRequest,
  RunModelRequest,
  ScoreChainRequest,
  UseChainRequest,
  /** Stop a model run at once. */
  z.object({ type: z.literal('cancelModel'), runId: z.number().int().min(0) }),
  /** The panel's Close: the host forgets the finished run too (it would come back after a reload). */
  z.object({ type: z.literal('forgetRun'), runId: z.number().int().min(0) }),
  /** A button beside a failed run's fix: show the log, open the setting the failure is about, or start the server. */
  z.object({ type: z.literal('inferenceFix'), action: InferenceFixAction, code: InferenceErrorCode }),
  /** Stop the judge run of that sample. */
  z.object({ type: z.literal('cancelJudge'), position: Position }),
  /** Run the dataset scoring pass again (after caption files changed). */
  z.object({ type: z.literal('rescore') }),
  /** The user's saved review queues (kept in workspace state). */
  z.object({ type: z.literal('saveQueues'), queues: z.array(SavedQueue).max(50) }),
  z.object({ type: z.literal('openInTextEditor'), line: z.number().int().min(1) }),
  /** "Choose folder…" on a missing video: the host asks for a folder and adds it to `rewatchInspector.videoRoots`. */
  z.object({ type: z.literal('chooseVideoFolder'), position: Position }),
  /** Stop making the current proxy (thumbnails keep working). */
  z.object({ type: z.literal('cancelProxy'), position: Position }),
  /** The player could not play a file served directly: the host makes a proxy of it instead. */
  z.object({ type: z.literal('playbackFailed'), position: Position, message: z.string().max(2000) }),
  /** Look for the video again (after the user moved files or changed settings). */
  z.object({ type: z.literal('retryVideo'), position: Position }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHost>;
export type WebviewRequest = Extract<WebviewToHost, { id: number }>;
export type WebviewNotification = Exclude<WebviewToHost, { id: number }>;

export const Page = z.object({
  start: z.number().int().min(0),
  total: z.number().int().min(0),
  records: z.array(RecordSummary),
});
export type Page = z.infer<typeof Page>;

export const FoundRecord = z.object({ position: Position }).nullable();

export const ResponseData = {
  requestPage: Page,
  requestProblems: z.array(Problem),
  query: QueryResult,
  findRecord: FoundRecord,
  rankOf: z.number().int().min(0).nullable(),
  sample: SampleDetail,
  thumbnails: z.array(Thumbnail),
  countsBy: z.array(ValueCount),
  score: SampleScore,
  judge: SampleScore,
  group: GroupDetail,
  histogram: Histogram,
  scatter: Scatter,
  meanBy: z.array(GroupMean),
  edit: EditOutcome,
  scoreDelta: ScoreDelta,
  diff: ChainDiff,
  setReview: ReviewEntry,
  runModel: RunStarted,
  scoreChain: SampleScore,
  useChain: EditOutcome,
} satisfies Record<WebviewRequest['type'], z.ZodType>;
export type ResponseData<T extends WebviewRequest['type']> = z.infer<(typeof ResponseData)[T]>;

export const HostToWebview = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    fileName: z.string(),
    fileSize: z.number().int().min(0),
    format: z.enum(['jsonl', 'json-array']),
    pageSize: z.number().int().min(1),
    /** Whether a judge endpoint is configured (and the workspace trusted to call it). */
    judgeConfigured: z.boolean(),
    queues: z.array(SavedQueue),
  }),
  /** The dataset scoring pass advanced or finished: scored columns (histograms, sorts) may have changed. */
  z.object({ type: z.literal('scoring'), progress: ScoringProgress }),
  /** A judge run on the sample at `position` made another call. */
  z.object({ type: z.literal('judgeProgress'), position: Position, done: z.number().int().min(0), total: z.number().int().min(0) }),
  z.object({ type: z.literal('progress'), progress: IndexProgress }),
  /** A model run advanced: its phase, the text generated so far (`delta` is what is new), its stats. */
  z.object({ type: z.literal('inferenceProgress'), runId: z.number().int().min(0), position: Position, phase: InferencePhase, delta: z.string(), stats: InferenceStats }),
  /** "ReWatch: Run Model on This Sample" from the palette: the webview runs it on the sample it shows. */
  z.object({ type: z.literal('runModelRequested') }),
  /** A model run ended (done, cancelled or failed); exactly one per run. */
  z.object({ type: z.literal('inferenceEnd'), end: RunEnd }),
  /** After `ready`: the runs this panel's host still remembers (running, and the last few finished). */
  z.object({ type: z.literal('inferenceRuns'), runs: z.array(RunSnapshot) }),
  /**
   * The document's edit log changed (an edit, undo, redo, save, revert): `edited` lists every record
   * with unsaved edits, `changed` the records whose content just changed (request them again).
   */
  z.object({ type: z.literal('edits'), edited: z.array(Position), changed: z.array(Position), dirty: z.boolean() }),
  /** The video panel's state for the sample at `position` (the webview ignores other positions). */
  z.object({ type: z.literal('video'), position: Position, video: VideoState }),
  /** Something the current sample shows changed (captions indexed, a video probed): request it again. */
  z.object({ type: z.literal('sampleStale') }),
  /** The one reply to a request: `data` when ok, else `error`. */
  z.object({
    type: z.literal('response'),
    id: RequestId,
    ok: z.boolean(),
    data: z.unknown().optional(),
    error: z.string().optional(),
  }),
]);
export type HostToWebview = z.infer<typeof HostToWebview>;
