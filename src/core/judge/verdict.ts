/**
 * Reading what a judge model wrote. Models wrap JSON in fences, prefix it with prose or a
 * `<think>` block, cut it off at max_tokens, or answer "Yes. Because…" instead: all of it is read
 * when it can be, and what cannot be read is kept as the rationale, never dropped.
 */

export interface ParsedVerdict {
  /** 0..1; null when the reply could not be read. */
  score: number | null;
  /** The judge's verdict, lower-cased ("yes", "no", …); 'unparsed' when none could be read. */
  verdict: string;
  rationale: string;
}

const MAX_RATIONALE = 2000;

const POSITIVE = new Set([
  'yes',
  'y',
  'true',
  'correct',
  'right',
  'match',
  'matches',
  'matched',
  'consistent',
  'supported',
  'grounded',
  'pass',
  'passed',
  'valid',
  'accurate',
  'same',
  'equivalent',
  '1',
]);
const NEGATIVE = new Set([
  'no',
  'n',
  'false',
  'incorrect',
  'wrong',
  'mismatch',
  'no match',
  'does not match',
  'not a match',
  'inconsistent',
  'unsupported',
  'not supported',
  'contradicted',
  'contradicts',
  'fail',
  'failed',
  'invalid',
  'inaccurate',
  'hallucinated',
  'hallucination',
  'different',
  'not equivalent',
  '0',
]);
const PARTIAL = new Set(['partial', 'partially', 'partly', 'partially supported', 'partly supported', 'partially correct']);

const VERDICT_KEYS = ['verdict', 'judgement', 'judgment', 'decision', 'result', 'label', 'supported', 'correct', 'match', 'consistent'];
const SCORE_KEYS = ['score'];
const RATIONALE_KEYS = ['rationale', 'reason', 'reasoning', 'explanation', 'justification', 'why'];

/** The score a verdict word stands for: 1, 0, 0.5 for "partial", undefined when it is no verdict word. */
function verdictScore(verdict: string): number | undefined {
  if (POSITIVE.has(verdict)) return 1;
  if (NEGATIVE.has(verdict)) return 0;
  if (PARTIAL.has(verdict)) return 0.5;
  return undefined;
}

function normalizeVerdict(value: string): string {
  return value
    .toLowerCase()
    .replace(/[_-]+/g, ' ')
    .replace(/[^\p{L}\p{N} ]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function clip(text: string): string {
  return text.length > MAX_RATIONALE ? `${text.slice(0, MAX_RATIONALE)}…` : text;
}

function toScore(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) return null;
  return Math.min(1, Math.max(0, n));
}

/** `<think>…</think>` blocks (reasoning models) removed; an unclosed one is kept, it may be all there is. */
function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/gi, ' ');
}

/** The JSON objects in `text`, outermost only, in order; trailing commas forgiven. */
function jsonObjects(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (let i = text.indexOf('{'); i >= 0;) {
    const end = matchingBrace(text, i);
    if (end < 0) {
      i = text.indexOf('{', i + 1);
      continue;
    }
    const candidate = text.slice(i, end + 1);
    const value = tryParse(candidate) ?? tryParse(candidate.replace(/,\s*([}\]])/g, '$1'));
    if (value !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      found.push(value as Record<string, unknown>);
      i = text.indexOf('{', end + 1);
    } else {
      i = text.indexOf('{', i + 1);
    }
  }
  return found;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Index of the `}` closing the `{` at `start` (JSON strings respected), or -1. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

function pick(object: Record<string, unknown>, keys: string[]): unknown {
  const lower = new Map(Object.entries(object).map(([k, v]) => [k.toLowerCase(), v]));
  for (const key of keys) if (lower.has(key)) return lower.get(key);
  return undefined;
}

function fromObject(object: Record<string, unknown>): ParsedVerdict | undefined {
  const rawVerdict = pick(object, VERDICT_KEYS);
  const rawScore = pick(object, SCORE_KEYS);
  if (rawVerdict === undefined && rawScore === undefined) return undefined;
  const rawRationale = pick(object, RATIONALE_KEYS);
  const rationale = typeof rawRationale === 'string' ? rawRationale.trim() : rawRationale === undefined ? '' : JSON.stringify(rawRationale);
  let verdict =
    typeof rawVerdict === 'boolean'
      ? rawVerdict
        ? 'yes'
        : 'no'
      : typeof rawVerdict === 'string' || typeof rawVerdict === 'number'
        ? normalizeVerdict(String(rawVerdict))
        : '';
  let score = toScore(rawScore);
  if (score === null && verdict !== '') score = verdictScore(verdict) ?? null;
  if (verdict === '') verdict = score === null ? 'unparsed' : score >= 0.5 ? 'yes' : 'no';
  return { score, verdict, rationale: clip(rationale) };
}

/** A JSON reply cut off before its end (max_tokens): its fields read one by one. */
function fromTruncatedJson(text: string): ParsedVerdict | undefined {
  const verdictMatch = /"(?:verdict|judgement|judgment|decision)"\s*:\s*(?:"([^"]*)"|(true|false))/i.exec(text);
  const scoreMatch = /"score"\s*:\s*"?(-?\d+(?:\.\d+)?)/i.exec(text);
  if (verdictMatch === null && scoreMatch === null) return undefined;
  const rationaleMatch = /"(?:rationale|reason|reasoning|explanation)"\s*:\s*"((?:[^"\\]|\\.)*)/i.exec(text);
  const rationale = rationaleMatch === null ? '' : ((tryParse(`"${rationaleMatch[1]}"`) as string | undefined) ?? rationaleMatch[1]);
  const object: Record<string, unknown> = { rationale };
  if (verdictMatch !== null) object.verdict = verdictMatch[1] ?? verdictMatch[2] === 'true';
  if (scoreMatch !== null) object.score = Number(scoreMatch[1]);
  return fromObject(object);
}

const VERDICT_WORD =
  'does not match|not a match|no match|not supported|partially supported|partly supported|partially correct|' +
  'yes|no|true|false|correct|incorrect|wrong|match(?:es|ed)?|mismatch|consistent|inconsistent|supported|unsupported|' +
  'contradict(?:ed|s)|hallucinat(?:ed|ion)|pass(?:ed)?|fail(?:ed)?|partial(?:ly)?|partly';

/** "Yes. Because…", "**No** — the caption…", "Verdict: yes\nScore: 1\nRationale: …". */
function fromPlainText(text: string): ParsedVerdict | undefined {
  const labelled = new RegExp(
    String.raw`(?:^|\n)[\s*_#>-]*(?:final\s+)?(?:verdict|judg(?:e)?ment|decision|answer)[*_\s]*[:：=-][\s*_"'\`]*(${VERDICT_WORD})\b`,
    'i',
  ).exec(text);
  const leading = new RegExp(String.raw`^[\s*_#>"'\`-]*(${VERDICT_WORD})\b`, 'i').exec(text);
  const scoreMatch = /(?:^|\n)[\s*_#>-]*score[*_\s]*[:：=][\s*_]*(-?\d+(?:\.\d+)?)/i.exec(text);
  const match = labelled ?? leading;
  if (match === null && scoreMatch === null) return undefined;
  let verdict = match === null ? '' : normalizeVerdict(match[1]);
  let score = scoreMatch === null ? null : toScore(scoreMatch[1]);
  if (score === null && verdict !== '') score = verdictScore(verdict) ?? null;
  if (verdict === '') verdict = score === null ? 'unparsed' : score >= 0.5 ? 'yes' : 'no';
  const rationaleLabel = /(?:^|\n)[\s*_#>-]*(?:rationale|reason|reasoning|explanation)[*_\s]*[:：]\s*([\s\S]*)$/i.exec(text);
  let rationale: string;
  if (rationaleLabel !== null) rationale = rationaleLabel[1];
  else if (leading !== null && labelled === null) rationale = text.slice(leading.index + leading[0].length).replace(/^[\s*_"'`.,:;!—–-]+/, '');
  else rationale = text;
  return { score, verdict, rationale: clip(rationale.trim()) };
}

/**
 * The judge's score, verdict and rationale from its reply. Tries, in order: a JSON object anywhere
 * (also in ```json fences; the last one carrying a verdict or score wins), a JSON reply cut off
 * mid-way, then plain prose ("Yes. Because…", "Verdict: no"). The score is clamped to [0,1]; a
 * missing score is taken from the verdict word (yes/true/correct/match… → 1, no/false/incorrect… → 0,
 * partial → 0.5). Unreadable: score null, verdict 'unparsed', the raw text (clipped) as rationale.
 */
export function parseVerdict(text: string): ParsedVerdict {
  const raw = typeof text === 'string' ? text : String(text);
  const body = withoutThinking(raw).trim();
  const objects = jsonObjects(body);
  for (let i = objects.length - 1; i >= 0; i--) {
    const parsed = fromObject(objects[i]);
    if (parsed !== undefined) return parsed;
  }
  return fromTruncatedJson(body) ?? fromPlainText(body) ?? { score: null, verdict: 'unparsed', rationale: clip(raw.trim()) };
}

/**
 * The answer in a text-only model's reply: the last `<answer>…</answer>`'s content (an unclosed last
 * `<answer>` counts, the reply may have been cut off), else the reply's last non-empty line with an
 * "Answer:" label and emphasis stripped. Null when there is nothing.
 */
export function extractAnswer(text: string): string | null {
  if (typeof text !== 'string') return null;
  const body = withoutThinking(text);
  const tags = [...body.matchAll(/<answer>([\s\S]*?)<\/answer>/gi)];
  const last = tags[tags.length - 1];
  const openAt = body.toLowerCase().lastIndexOf('<answer>');
  if (last !== undefined && (last.index ?? 0) >= openAt) return last[1].trim() === '' ? null : last[1].trim();
  if (openAt >= 0) {
    const rest = body.slice(openAt + '<answer>'.length).trim();
    if (rest !== '') return rest;
  }
  const lines = body
    .trim()
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const lastLine = lines[lines.length - 1];
  if (lastLine === undefined) return null;
  const answer = lastLine
    .trim()
    .replace(/^(?:\*\*|__)?(?:final\s+)?answer\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*/i, '')
    .replace(/^(\*\*|__)(.*)\1$/, '$2')
    .trim();
  return answer === '' ? null : answer;
}
