/**
 * The sample view's model of one record (shared/sample/sample.ts): question, options and answer, the chain as
 * step cards with time chips and grounding warnings, stored rewards and the video's captions.
 * Runs on the host for every record the user opens, so it never throws and stays linear in the chain.
 */
import { answerMatches, questionWithoutOptions } from '../../../shared/chain/answers';
import { parseCaption, type CaptionSegment } from '../../../shared/chain/captions';
import { parseChain } from '../../../shared/chain/parseChain';
import type { DatasetRecord, StoredRewards } from '../../../shared/records/datasetRecord';
import type { Problem } from '../../../shared/records/recordSummary';
import type { SampleCaptions, SampleDetail, StepCard } from '../../../shared/sample/sample';
import type { LoadedRecord } from '../records/readRecord';
import { answerText } from '../records/answerText';
import { chainCards } from '../../../shared/chain/chainCards';

export interface SampleInput {
  loaded: LoadedRecord;
  problems: Problem[];
  /** Rollouts: which completion to show (clamped to the ones there are). */
  completion?: number;
  /** The video's captions from a caption file, when one is known. */
  captions: { segments: CaptionSegment[]; origin: string } | null;
  /** Seconds, from probing the video; null when not probed (yet). */
  videoDuration: number | null;
}

type QuestionRecord = Extract<DatasetRecord, { kind: 'qa' | 'cot' | 'rollout' }>;
type Answer = QuestionRecord['answer'];
type Options = QuestionRecord['options'];

/** The chain a record shows, and the rewards stored with it. */
export interface Shown {
  chain: string | null;
  rewards: StoredRewards | null;
  completion: number;
  completions: number;
}

export function shownChain(record: DatasetRecord, requested: number | undefined): Shown {
  if (record.kind === 'cot') return { chain: record.chain, rewards: record.rewards, completion: 0, completions: 1 };
  if (record.kind !== 'rollout') return { chain: null, rewards: null, completion: 0, completions: 1 };
  const count = record.completions.length;
  const wanted = Number.isFinite(requested) ? Math.trunc(requested as number) : 0;
  const completion = Math.min(Math.max(0, wanted), Math.max(0, count - 1));
  const chosen = record.completions[completion];
  return { chain: chosen?.text ?? null, rewards: chosen?.rewards ?? record.rewards, completion, completions: count };
}

/** The answer's letter when it is an option, else the option whose text is the answer's. */
function correctLetter(answer: Answer, options: Options): string | null {
  if (answer === null || options.length === 0) return null;
  if (answer.letter !== undefined && options.some((o) => o.letter === answer.letter)) return answer.letter;
  if (answer.text === undefined) return null;
  // answerMatches maps a text to its option's letter with the same normalisation as the index's check.
  return options.find((o) => answerMatches(answer.text, o.letter, options) === true)?.letter ?? null;
}

/** Only what the webview shows of a segment: the spans into the caption text stay on the host. */
const captionView = (segments: readonly CaptionSegment[], origin: string): SampleCaptions => ({
  segments: segments.map(({ start, end, text, line }) => ({ start, end, text, line })),
  origin,
});

export function buildSample(input: SampleInput): SampleDetail {
  const { loaded, problems } = input;
  const record = loaded.record;
  const empty: SampleDetail = {
    summary: loaded.summary,
    kind: record?.kind ?? loaded.summary.kind,
    id: record?.id ?? loaded.summary.id,
    question: null,
    options: [],
    answer: null,
    correctLetter: null,
    predicted: null,
    correct: null,
    completion: 0,
    completions: 1,
    rewards: null,
    cards: [],
    captions: input.captions === null ? null : captionView(input.captions.segments, input.captions.origin),
    duration: input.videoDuration,
    problems,
    unknownFields: record?.unknownFields ?? [],
    edited: false,
    review: null,
  };
  if (record === undefined) return empty;

  const duration = record.duration ?? input.videoDuration;
  if (record.kind === 'caption') {
    return { ...empty, duration, captions: captionView(parseCaption(record.caption).segments, 'this record') };
  }
  if (record.kind === 'unknown') return { ...empty, duration };

  const shown = shownChain(record, input.completion);
  let cards: StepCard[] = [];
  let predicted: string | null = null;
  if (shown.chain !== null) {
    const parsed = parseChain(shown.chain);
    cards = chainCards(parsed, { duration, captions: input.captions?.segments ?? null });
    predicted = parsed.answer ?? null;
  }
  const question = record.question === null || record.question.trim() === '' ? null : questionWithoutOptions(record.question);
  const truth = answerText(record.answer);
  return {
    ...empty,
    duration,
    question,
    options: record.options,
    answer: record.answer,
    correctLetter: correctLetter(record.answer, record.options),
    predicted,
    correct: predicted === null || truth === undefined ? null : (answerMatches(predicted, truth, record.options) ?? null),
    completion: shown.completion,
    completions: shown.completions,
    rewards: shown.rewards,
    cards,
  };
}
