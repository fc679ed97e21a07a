/**
 * Multiple-choice options and answers across ReWatch, Video-R1 and LongVideo-Reason layouts, and the
 * offline accuracy check (r_acc for multiple choice). Pure and browser-safe.
 */

export interface Option {
  letter: string;
  text: string;
}

/** "A: x", "A. x", "A) x", "(A) x", "[A] x" (any case), the text possibly empty. */
const LETTERED_OPTION = /^\s*(?:\(([A-Za-z])\)|\[([A-Za-z])\]|([A-Za-z])[.:)：])\s*([\s\S]*?)\s*$/;
/** An option line inside a question: capital letters only, so prose lines are not taken for options. */
const OPTION_LINE = /^[ \t]*(?:\(([A-Z])\)|([A-Z])[.:)：])[ \t]*(.*?)\s*$/;
const PAREN_MARK = /\(([A-Z])\)/g;

const letterAt = (index: number): string => (index < 26 ? String.fromCharCode(65 + index) : String(index + 1));

function primitiveText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

function lettered(entry: string): Option | undefined {
  const match = LETTERED_OPTION.exec(entry);
  if (match === null) return undefined;
  return { letter: (match[1] ?? match[2] ?? match[3]).toUpperCase(), text: match[4] };
}

/** Entries all lettered keep their letters; otherwise letters A, B, … follow the order. */
function fromTexts(texts: readonly string[]): Option[] {
  const parsed = texts.map(lettered);
  if (parsed.every((o): o is Option => o !== undefined)) return parsed;
  return texts.map((text, i) => ({ letter: letterAt(i), text: text.trim() }));
}

interface InlineOptions {
  options: Option[];
  /** Span of the question holding the options. */
  from: number;
  to: number;
}

/** The last run of option lines A, B, C… (blank lines allowed between them), at least two long. */
function optionLines(question: string): InlineOptions | undefined {
  let best: InlineOptions | undefined;
  let run: InlineOptions | undefined;
  let lineStart = 0;
  while (lineStart <= question.length) {
    const newline = question.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? question.length : newline;
    const line = question.slice(lineStart, lineEnd);
    const match = OPTION_LINE.exec(line);
    const letter = match === null ? undefined : (match[1] ?? match[2]);
    if (match !== null && letter !== undefined && run !== undefined && letter === letterAt(run.options.length)) {
      run.options.push({ letter, text: match[3] });
      run.to = lineEnd;
    } else if (match !== null && letter === 'A') {
      run = { options: [{ letter, text: match[3] }], from: lineStart, to: lineEnd };
    } else if (line.trim() !== '') {
      run = undefined;
    }
    if (run !== undefined && run.options.length >= 2) best = run;
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return best;
}

/** "(A) x (B) y" within one line: markers in order from (A); each text runs to the next marker. */
function parenOptions(question: string): InlineOptions | undefined {
  const marks: RegExpExecArray[] = [];
  PAREN_MARK.lastIndex = 0;
  for (let match = PAREN_MARK.exec(question); match !== null; match = PAREN_MARK.exec(question)) {
    const expected = letterAt(marks.length);
    if (match[1] === expected && (marks.length === 0 || !question.slice(marks[marks.length - 1].index, match.index).includes('\n'))) {
      marks.push(match);
    } else if (match[1] === 'A') {
      marks.length = 0;
      marks.push(match);
    } else if (marks.length >= 2) break;
  }
  if (marks.length < 2) return undefined;
  const lastStart = marks[marks.length - 1].index;
  const lineEnd = question.indexOf('\n', lastStart);
  const to = lineEnd < 0 ? question.length : lineEnd;
  const options = marks.map((mark, i) => {
    const textFrom = mark.index + mark[0].length;
    const textTo = i + 1 < marks.length ? marks[i + 1].index : to;
    return { letter: mark[1], text: question.slice(textFrom, textTo).trim() };
  });
  return { options, from: marks[0].index, to };
}

function inlineOptions(question: string): InlineOptions | undefined {
  return optionLines(question) ?? parenOptions(question);
}

/**
 * Options from a record's `options` field: a list ("A: x", "A. x", "(A) x", "A) x", or plain texts
 * lettered A, B, …), an object keyed by letter, or a string of option lines. When the field is missing
 * or empty, options written inside the question ("A. x\nB. y", "(A) x (B) y").
 */
export function parseOptions(options: unknown, question?: string): Option[] {
  if (Array.isArray(options) && options.length > 0) {
    return fromTexts(options.map((o) => primitiveText(o) ?? JSON.stringify(o) ?? ''));
  }
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
    const entries = Object.entries(options).map(([key, value]) => [key, primitiveText(value) ?? ''] as const);
    if (entries.length > 0) {
      const keyed = entries.map(([key, value]) => {
        const match = /^\s*\(?([A-Za-z])\)?\s*$/.exec(key);
        return match === null ? undefined : { letter: match[1].toUpperCase(), text: value.trim() };
      });
      if (keyed.every((o): o is Option => o !== undefined)) return keyed;
      return entries.map(([, value], i) => ({ letter: letterAt(i), text: value.trim() }));
    }
  }
  if (typeof options === 'string' && options.trim() !== '') {
    return inlineOptions(options)?.options ?? fromTexts(options.split(/\r?\n/).filter((l) => l.trim() !== ''));
  }
  return typeof question === 'string' ? (inlineOptions(question)?.options ?? []) : [];
}

/** The question with its inline options (and an "Options:" label right before them) removed. */
export function questionWithoutOptions(question: string): string {
  if (typeof question !== 'string') return '';
  const found = inlineOptions(question);
  if (found === undefined) return question;
  const before = question
    .slice(0, found.from)
    .replace(/(?:^|\n)[ \t]*(?:options|choices)[ \t]*[:：]?\s*$/i, '')
    .trimEnd();
  const after = question.slice(found.to).trim();
  return before === '' ? after : after === '' ? before : `${before}\n${after}`;
}

const ANSWER_TAG = /<answer>([\s\S]*?)(?:<\/answer>|$)/gi;
/** "Answer:", "The answer is", "Final answer:"; a bare "answer" may start a text answer ("Answering machine"). */
const ANSWER_PREFIX = /^(?:the\s+)?(?:final\s+|correct\s+)?answer\s*(?:[:：]|\s+is\b\s*[:：]?)\s*/i;
/** "Option B", "choice C": only before a capital letter, so "choice a good one" stays text. */
const OPTION_PREFIX = /^(?:[Oo]ption|[Cc]hoice)\s+(?=[A-Z]\b)/;
/** "B", "(B)", "[B]", "B.", "B)"; a bare lower-case letter stays text ("a" is a word). */
const LETTER_ONLY = /^(?:\(([A-Za-z])\)|\[([A-Za-z])\]|([A-Z])|([A-Za-z])[.)])$/;
/** "B: A green bottle", "B. text", "B) text", "(B) text", "[B] text". */
const LETTER_AND_TEXT = /^(?:\(([A-Za-z])\)|\[([A-Za-z])\]|([A-Z])[.:)：])\s*([\s\S]+)$/;

/** The inner text of the last `<answer>` (closed or not), or the whole string. */
function unwrapAnswer(answer: string): string {
  let inner: string | undefined;
  ANSWER_TAG.lastIndex = 0;
  for (let match = ANSWER_TAG.exec(answer); match !== null; match = ANSWER_TAG.exec(answer)) {
    inner = match[1];
    if (match[0].length === 0) ANSWER_TAG.lastIndex++;
  }
  return inner ?? answer;
}

/**
 * An answer as a letter and/or a text: "B", "<answer>B</answer>", "(B)", "B." → letter;
 * "B: A green bottle" → both; "a green bottle", 3 → text. Anything else → {}.
 */
export function normalizeAnswer(answer: unknown): { letter?: string; text?: string } {
  if (Array.isArray(answer)) return answer.length === 1 ? normalizeAnswer(answer[0]) : {};
  const raw = primitiveText(answer);
  if (raw === undefined) return {};
  const value = unwrapAnswer(raw)
    .trim()
    .replace(ANSWER_PREFIX, '')
    .replace(OPTION_PREFIX, '')
    .replace(/^\*+|\*+$/g, '') // markdown bold around the answer
    .trim();
  if (value === '') return {};
  const only = LETTER_ONLY.exec(value);
  if (only !== null) return { letter: (only[1] ?? only[2] ?? only[3] ?? only[4]).toUpperCase() };
  const both = LETTER_AND_TEXT.exec(value);
  if (both !== null) return { letter: (both[1] ?? both[2] ?? both[3]).toUpperCase(), text: both[4].trim() };
  return { text: value };
}

/** Case-, space- and punctuation-insensitive form; decimals keep their point ("3.5" ≠ "35"). */
export function comparable(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/\d+(?:\.\d+)?|[\p{L}\p{N}]+/gu) ?? []
  ).join('');
}

/** The letter of the option whose text matches `text` (compared as `comparable`), if any. */
export function letterForText(text: string | undefined, options: readonly Option[] | undefined): string | undefined {
  if (text === undefined || options === undefined) return undefined;
  const wanted = comparable(text);
  return options.find((o) => comparable(o.text) === wanted)?.letter;
}

/**
 * Whether the predicted answer matches the truth: letters when both sides give one (a text is mapped
 * to its option's letter when options are known), else a case/space/punctuation-insensitive text
 * compare (a letter-only side compares its option's text, or the letter itself). Undefined when either
 * side is missing.
 */
export function answerMatches(predicted: unknown, truth: unknown, options?: readonly Option[]): boolean | undefined {
  const p = normalizeAnswer(predicted);
  const t = normalizeAnswer(truth);
  if ((p.letter ?? p.text) === undefined || (t.letter ?? t.text) === undefined) return undefined;
  const pLetter = p.letter ?? letterForText(p.text, options);
  const tLetter = t.letter ?? letterForText(t.text, options);
  if (pLetter !== undefined && tLetter !== undefined) return pLetter === tLetter;
  // At most one side has a letter: compare every written form (text, option text, letter: "b" for B).
  const forms = (a: { letter?: string; text?: string }): string[] =>
    [a.text, options?.find((o) => o.letter === a.letter)?.text, a.letter]
      .filter((f): f is string => f !== undefined)
      .map(comparable)
      .filter((f) => f !== '');
  const truthForms = forms(t);
  return forms(p).some((f) => truthForms.includes(f));
}
