/**
 * The prompt a ReWatch-R1 style model gets for one sample: the video's duration as `MM:SS-MM:SS`,
 * the ReAct-like step format (`<action>` re-watch request, `<observation>` what is seen, free
 * reasoning between, a final `<answer>`), the question and its options. The whole wording sits in
 * `PROMPT_TEMPLATE` so users can read (and the docs can quote) exactly what the model is told.
 * Pure; no `vscode`.
 */
import { questionWithoutOptions } from '../../../shared/chain/answers';

export type QuestionType = 'multiple-choice' | 'open-ended';

export interface PromptInput {
  question: string;
  options: { letter: string; text: string }[];
  /** Seconds; null (or not a finite number) when unknown. */
  duration: number | null;
  questionType: QuestionType;
}

export interface Prompt {
  system: string;
  user: string;
}

/**
 * Every word the model is told. `{{name}}` marks are filled in by `buildPrompt` (one pass, so text
 * from the sample that happens to hold `{{…}}` is left as is):
 * - system: `{{answerRule}}` ← `answerRules[questionType]`;
 * - user: `{{durationLine}}` ← `durationKnown` (with `{{range}}`, e.g. `00:00-10:00`) or
 *   `durationUnknown`; `{{question}}`; `{{options}}` ← a line break, `optionsHeader` and one
 *   `A. text` line per option, or nothing; `{{answerReminder}}` ← `answerReminders[questionType]`.
 */
export const PROMPT_TEMPLATE = {
  system: [
    'You are a careful video analyst. You answer a question about a video by re-watching the parts of it that matter, one step at a time.',
    '',
    'Each step has two parts:',
    '1. <action>…</action>: one re-watch request, either',
    '   - "retrieve segments where <what to look for>" to find when something happens, or',
    '   - "query the segment from MM:SS to MM:SS, focusing on <what to check>" to look closely at a known stretch.',
    '2. <observation>…</observation>: what you see in the video for that request, and nothing else. Say when it happens (MM:SS) and describe only what is visible or audible; if it is not there, say so.',
    '',
    'Repeat steps until the evidence settles the question. Between steps, reason freely in plain text: what you have learned and what is still missing.',
    'Write every time as MM:SS from the start of the video (H:MM:SS past one hour), never past its end.',
    'Finish with <answer>…</answer> holding {{answerRule}}',
  ].join('\n'),
  answerRules: {
    'multiple-choice': 'the letter of the one correct option and nothing else, e.g. <answer>B</answer>.',
    'open-ended': 'a short answer (a word, a number or a short phrase), no explanation.',
  },
  user: '{{durationLine}}\n\nQuestion: {{question}}{{options}}\n\n{{answerReminder}}',
  durationKnown: 'The video lasts {{range}}.',
  durationUnknown: "The video's duration is unknown; cite times as MM:SS from its start.",
  optionsHeader: 'Options:',
  answerReminders: {
    'multiple-choice': 'Re-watch with <action>/<observation> steps, then give the letter of the correct option in <answer></answer>.',
    'open-ended': 'Re-watch with <action>/<observation> steps, then give a short answer in <answer></answer>.',
  },
} as const;

/** Tolerance for binary noise before rounding up (60.0000001 s is 01:00, not 01:01). */
const EPSILON = 1e-6;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function clock(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
}

/**
 * The span of a video of `seconds` as the prompt states it: `00:00-MM:SS`, `00:00-H:MM:SS` from
 * one hour. A partial second rounds up (59.4 s → `00:00-01:00`), so the range covers the whole
 * video; a negative value counts as 0. Throws a RangeError for a value that is not finite.
 */
export function formatDurationRange(seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`A duration must be a finite number of seconds, got ${seconds}.`);
  const whole = Math.max(0, Math.ceil(seconds - EPSILON));
  return `00:00-${clock(whole)}`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (mark, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : mark));
}

/** `A. text` lines; the letter upper-cased, blanks and line breaks inside an option flattened. */
function optionLines(options: readonly { letter: string; text: string }[]): string[] {
  return options.map((o) => `${o.letter.trim().toUpperCase()}. ${o.text.replace(/\s*\r?\n\s*/g, ' ').trim()}`.trimEnd());
}

/**
 * The system and user messages for one sample. Options given separately are listed as `A. text`
 * lines and removed from the question when it also holds them inline (so they are not listed
 * twice). An unknown duration (null, NaN) is said to be unknown.
 */
export function buildPrompt(input: PromptInput): Prompt {
  const t = PROMPT_TEMPLATE;
  const type: QuestionType = input.questionType === 'open-ended' ? 'open-ended' : 'multiple-choice';
  const options = type === 'multiple-choice' ? input.options : [];
  const question = (options.length > 0 ? questionWithoutOptions(input.question) : input.question).trim();
  const duration = input.duration;
  const durationLine =
    duration !== null && Number.isFinite(duration) && duration > 0 ? fill(t.durationKnown, { range: formatDurationRange(duration) }) : t.durationUnknown;
  const optionsBlock = options.length > 0 ? ['', t.optionsHeader, ...optionLines(options)].join('\n') : '';
  const user = fill(t.user, { durationLine, question, options: optionsBlock, answerReminder: t.answerReminders[type] });
  return { system: fill(t.system, { answerRule: t.answerRules[type] }), user };
}
