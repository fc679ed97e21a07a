/**
 * The judge side of the O&R reward for one chain:
 *   r_obs = mean over steps of judge(caption where the step looked, action, observation);
 *   r_rea = a text-only model answers the question from the action/observation pairs alone, then the
 *           judge compares that answer with the ground truth.
 * Calls go through a limiter (at most `concurrency` at once) and the content-hash cache. A failed call
 * shows on its own step (verdict 'error', the JudgeError's message) while the others go on; only a
 * cancellation stops the run, and then it rejects rather than return a partial result.
 */
import type { JudgeScores, JudgeVerdict } from '../../../shared/rewards/scores';
import { formatClock, mergeIntervals } from '../../../shared/chain/timeRefs';
import { createLimit } from './concurrency';
import { JudgeCache } from './judgeCache';
import { chatCompletion, chatCompletionsUrl, JudgeError } from './judgeClient';
import type { ChatMessage, JudgeEndpoint } from './judgeClient';
import { fillTemplate } from './judgePrompts';
import type { JudgePrompts } from './judgePrompts';
import { extractAnswer, parseVerdict } from './verdict';

export interface JudgeStepInput {
  /** ChainStep index (0-based). */
  step: number;
  action: string;
  observation: string;
  /** The times the step cites (action and observation), seconds. */
  intervals: { start: number; end: number }[];
}

export interface JudgeInput {
  question: string;
  options: { letter: string; text: string }[];
  /** The ground-truth answer (a letter for multiple choice); null when the record has none. */
  truth: string | null;
  steps: JudgeStepInput[];
  /** The video's dense caption, one event a segment; empty when none was found. */
  captions: { start: number; end: number; text: string }[];
}

export interface JudgeRunOptions {
  endpoint: JudgeEndpoint;
  prompts: JudgePrompts;
  cache?: JudgeCache;
  concurrency: number;
  signal?: AbortSignal;
  /** After each call (a cache hit, a failure and a call skipped because its input failed count too). */
  onProgress?: (done: number, total: number) => void;
  /** Compute r_rea too (default true). */
  rea?: boolean;
}

/** Seconds of caption kept on each side of a cited interval. */
export const CAPTION_PADDING_S = 2;
/** Caption text sent when the step cites no time (the whole caption, clipped). */
export const WHOLE_CAPTION_MAX_CHARS = 6000;
/** Caption text sent for the cited times (a step citing most of a long video would otherwise send all of it). */
export const CITED_CAPTION_MAX_CHARS = 12000;

type Segment = JudgeInput['captions'][number];

function captionLine(segment: Segment): string {
  return `[${formatClock(segment.start)}-${formatClock(segment.end)}] ${segment.text.replace(/\s*\r?\n\s*/g, ' ').trim()}`;
}

function formatIntervals(intervals: { start: number; end: number }[]): string {
  return intervals.map((iv) => (iv.start === iv.end ? formatClock(iv.start) : `${formatClock(iv.start)}-${formatClock(iv.end)}`)).join(', ');
}

/** Whole lines up to `max` characters; the count of lines kept. */
function clipLines(lines: string[], max: number): { text: string; kept: number } {
  let length = 0;
  let kept = 0;
  for (const line of lines) {
    const next = length + line.length + (kept > 0 ? 1 : 0);
    if (next > max && kept > 0) break;
    length = next;
    kept++;
  }
  let text = lines.slice(0, kept).join('\n');
  if (text.length > max) text = `${text.slice(0, max)}…`;
  return { text, kept };
}

/** The caption text the observation judge sees for a step, and the `{{interval}}` text. */
export function captionForStep(captions: readonly Segment[], intervals: { start: number; end: number }[]): { caption: string; interval: string } {
  const cited = mergeIntervals(intervals.filter((iv) => Number.isFinite(iv.start) && Number.isFinite(iv.end)));
  if (cited.length === 0) {
    const lines = captions.map(captionLine);
    const { text, kept } = clipLines(lines, WHOLE_CAPTION_MAX_CHARS);
    const which = kept < lines.length ? `its first ${kept} of ${lines.length} events` : 'all of it';
    return {
      caption: `(The action and the observation cite no time, so this is the whole caption, ${which}.)\n${text}`,
      interval: 'no time cited',
    };
  }
  const padded = mergeIntervals(cited.map((iv) => ({ start: Math.max(0, iv.start - CAPTION_PADDING_S), end: iv.end + CAPTION_PADDING_S })));
  const overlapping = captions.filter((seg) => {
    const lo = Math.min(seg.start, seg.end);
    const hi = Math.max(seg.start, seg.end);
    return padded.some((iv) => (lo === hi ? lo >= iv.start && lo <= iv.end : lo < iv.end && hi > iv.start));
  });
  const interval = formatIntervals(cited);
  if (overlapping.length === 0) {
    return { caption: `(The caption has no event within ${formatIntervals(padded)}.)`, interval };
  }
  const lines = overlapping.map(captionLine);
  const { text, kept } = clipLines(lines, CITED_CAPTION_MAX_CHARS);
  return { caption: kept < lines.length ? `${text}\n(… ${lines.length - kept} more events left out.)` : text, interval };
}

function formatOptions(options: JudgeInput['options']): string {
  if (options.length === 0) return '(none listed)';
  return options.map((o) => `${o.letter}: ${o.text}`).join('\n');
}

function formatPairs(steps: JudgeStepInput[]): string {
  if (steps.length === 0) return '(none: the chain has no action/observation steps)';
  return steps.map((s, i) => `${i + 1}. ACTION: ${s.action.trim()}\n   OBSERVATION: ${s.observation.trim()}`).join('\n');
}

/** "B" → "B: A green bottle" when the options have a B; anything else unchanged. */
function withOptionText(answer: string, options: JudgeInput['options']): string {
  const match = /^\s*\(?([A-Za-z])\)?[.:)]?\s*$/.exec(answer);
  if (match === null) return answer.trim();
  const option = options.find((o) => o.letter.trim().toUpperCase() === match[1].toUpperCase());
  return option === undefined ? answer.trim() : `${option.letter.trim()}: ${option.text}`;
}

function messages(pair: { system: string; user: string }, values: Record<string, string>): ChatMessage[] {
  const out: ChatMessage[] = [];
  const system = fillTemplate(pair.system, values);
  if (system.trim() !== '') out.push({ role: 'system', content: system });
  out.push({ role: 'user', content: fillTemplate(pair.user, values) });
  return out;
}

function isCancelled(error: unknown): boolean {
  return error instanceof JudgeError && error.kind === 'cancelled';
}

/**
 * Judges one chain: one observation call per step, then (unless `rea` is false) the text-only answer
 * and the judge's verdict on it. Rejects with JudgeError 'cancelled' when `signal` aborts, and with a
 * TypeError when the endpoint URL is unusable; every other failure is kept on its step.
 */
export async function runJudge(input: JudgeInput, options: JudgeRunOptions): Promise<JudgeScores> {
  const { endpoint, prompts, cache, signal } = options;
  const url = chatCompletionsUrl(endpoint.url);
  const model = endpoint.model;
  const cancelled = (): JudgeError => new JudgeError('cancelled', `The judge run at ${url} was cancelled.`);
  if (signal?.aborted) throw cancelled();
  const limit = createLimit(options.concurrency, signal, cancelled);

  const wantRea = options.rea !== false;
  const truth = input.truth !== null && input.truth.trim() !== '' ? input.truth : null;
  const hasCaption = input.captions.length > 0;
  const total = (hasCaption ? input.steps.length : 0) + (wantRea && truth !== null ? 2 : 0);
  let done = 0;
  const progress = (): void => {
    done++;
    if (!signal?.aborted) options.onProgress?.(done, total);
  };

  const verdictOf = (score: number | null, verdict: string, rationale: string, cached: boolean): JudgeVerdict => ({
    score,
    verdict,
    rationale,
    error: null,
    cached,
    model,
  });
  const failed = (error: unknown): JudgeVerdict => ({
    score: null,
    verdict: 'error',
    rationale: '',
    error: error instanceof Error ? error.message : String(error),
    cached: false,
    model,
  });
  const skipped = (why: string): JudgeVerdict => ({ score: null, verdict: 'skipped', rationale: '', error: why, cached: false, model });

  /** One call: the cache first, else the endpoint through the limiter; the reply cached on success. */
  const call = async (chat: ChatMessage[]): Promise<{ reply: string; cached: boolean }> => {
    try {
      if (signal?.aborted) throw cancelled();
      const key = cache === undefined ? undefined : JudgeCache.key(chatCompletionsUrl(endpoint.url), model, chat);
      const hit = key === undefined ? undefined : cache?.get(key);
      if (hit !== undefined) return { reply: hit, cached: true };
      const reply = await limit(() => chatCompletion(endpoint, chat, signal));
      if (key !== undefined) cache?.put(key, reply);
      return { reply, cached: false };
    } finally {
      progress();
    }
  };

  const judgeStep = async (step: JudgeStepInput): Promise<JudgeVerdict> => {
    if (!hasCaption) return skipped('no caption for this video');
    const { caption, interval } = captionForStep(input.captions, step.intervals);
    const chat = messages(prompts.observation, { caption, interval, action: step.action.trim(), observation: step.observation.trim() });
    try {
      const { reply, cached } = await call(chat);
      const parsed = parseVerdict(reply);
      return verdictOf(parsed.score, parsed.verdict, parsed.rationale, cached);
    } catch (error) {
      if (isCancelled(error)) throw error;
      return failed(error);
    }
  };

  const judgeRea = async (): Promise<JudgeScores['rea']> => {
    if (!wantRea) return null;
    if (truth === null) return { answer: null, verdict: skipped('no ground-truth answer') };
    const question = input.question.trim();
    const optionsText = formatOptions(input.options);
    let answerReply: { reply: string; cached: boolean };
    try {
      answerReply = await call(messages(prompts.reasoningAnswer, { question, options: optionsText, pairs: formatPairs(input.steps) }));
    } catch (error) {
      if (isCancelled(error)) throw error;
      progress(); // the judge call that will not be made
      return { answer: null, verdict: failed(error) };
    }
    const answer = extractAnswer(answerReply.reply);
    if (answer === null) {
      progress();
      const shown = answerReply.reply.trim() === '' ? '(an empty reply)' : answerReply.reply.trim().slice(0, 300);
      return { answer: null, verdict: verdictOf(0, 'no', `The text-only model gave no answer: ${shown}`, answerReply.cached) };
    }
    try {
      const values = { question, options: optionsText, truth: withOptionText(truth, input.options), answer: withOptionText(answer, input.options) };
      const { reply, cached } = await call(messages(prompts.reasoningJudge, values));
      const parsed = parseVerdict(reply);
      return { answer, verdict: verdictOf(parsed.score, parsed.verdict, parsed.rationale, cached && answerReply.cached) };
    } catch (error) {
      if (isCancelled(error)) throw error;
      return { answer, verdict: failed(error) };
    }
  };

  const stepRuns = input.steps.map((step) => judgeStep(step));
  const reaRun = judgeRea();
  // Settled, not raced: on cancellation every call is let finish aborting before the run rejects.
  const [stepResults, reaResult] = await Promise.all([Promise.allSettled(stepRuns), Promise.allSettled([reaRun])]);
  if (signal?.aborted) throw cancelled();
  const stepVerdicts = stepResults.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
  if (reaResult[0].status === 'rejected') throw reaResult[0].reason;
  const rea = reaResult[0].value;

  const steps = input.steps.map((s, i) => ({ step: s.step, verdict: stepVerdicts[i] }));
  const scores = steps.map((s) => s.verdict.score).filter((score): score is number => score !== null);
  const obs = scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
  return { steps, obs, rea, endpoint: url, model };
}
