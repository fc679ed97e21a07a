import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import { EMPTY_COLUMNS, type Problem, type RecordSummary, type Severity } from '../../../shared/records/recordSummary';
import { DEFAULT_MAX_RECORD_BYTES, type RawRecord } from '../reader/rawRecord';
import { extractRecord } from '../records/extractRecord';
import { lineAndColumn, parseRecord } from '../records/parseRecord';
import { summarizeChain } from '../records/chainSummary';
import { answerMatches } from '../../../shared/chain/answers';
import { answerText } from '../records/answerText';
import { addMismatchCounts, formatScoreOf, meanStored, mismatchCounts } from '../rewards/indexScores';
import { meanOf } from '../rewards/meanOf';
import { mergeRewards } from '../rewards/mergeRewards';

/** Longest question or answer text kept in the index; the full text stays in the file. */
export const MAX_SUMMARY_TEXT = 300;

export interface AnalyzedRecord {
  /** Whitespace only: not a record, but its problems (if any) still count. */
  blank: boolean;
  summary: RecordSummary;
  problems: Problem[];
}

/**
 * Everything the index keeps about one record: parse, map fields, parse the chain(s), check what can
 * be checked without the video. Problems point at the record's bytes; chain problems at the chain field.
 * Never throws: a record too long to read (`raw.oversize`), or one whose analysis fails (nesting deep
 * enough to exhaust the stack, say), is a malformed record with its problem, and the file goes on.
 */
export function analyzeRecord(raw: RawRecord, position: number, profile: FileProfile, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): AnalyzedRecord {
  if (raw.oversize !== undefined) {
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    return unreadable(
      raw,
      position,
      raw.oversize,
      'record-too-large',
      `The record is ${mb(raw.oversize)}, more than the ${mb(maxRecordBytes)} limit (rewatchInspector.maxRecordSizeMB); it is not read.`,
    );
  }
  try {
    return analyzeParsed(raw, position, profile);
  } catch (error) {
    const why =
      error instanceof RangeError && /call stack/i.test(error.message)
        ? 'it is nested too deeply to walk'
        : error instanceof Error
          ? error.message
          : String(error);
    return unreadable(raw, position, raw.bytes.length, 'unreadable-record', `The record could not be analysed: ${why}.`);
  }
}

/** A record kept only as a malformed row with one error problem. */
function unreadable(raw: RawRecord, position: number, byteLength: number, code: string, message: string): AnalyzedRecord {
  const problem: Problem = { line: raw.line, column: raw.column, byteOffset: raw.byteOffset, byteLength, severity: 'error', code, message, position };
  return { blank: false, summary: { ...emptySummary(raw, position), byteLength, malformed: true, problems: 1 }, problems: [problem] };
}

function emptySummary(raw: RawRecord, position: number): RecordSummary {
  return {
    ...EMPTY_COLUMNS,
    position,
    line: raw.line,
    byteOffset: raw.byteOffset,
    byteLength: raw.bytes.length,
    kind: 'unknown',
    id: null,
    video: null,
    source: null,
    question: null,
    answer: null,
    questionType: null,
    category: null,
    steps: 0,
    citedStart: null,
    citedEnd: null,
    reward: null,
    advantage: null,
    promptId: null,
    problems: 0,
    correct: null,
    malformed: false,
  };
}

function analyzeParsed(raw: RawRecord, position: number, profile: FileProfile): AnalyzedRecord {
  const parsed = parseRecord(raw);
  // Problems of a blank line belong to no record.
  const problems = parsed.blank ? parsed.problems : parsed.problems.map((p) => ({ ...p, position }));
  const summary: RecordSummary = { ...emptySummary(raw, position), malformed: parsed.value === undefined || parsed.problems.length > 0 };
  if (parsed.blank || parsed.value === undefined) {
    summary.problems = problems.length;
    return { blank: parsed.blank, summary, problems };
  }

  let tree: JsonNode | undefined;
  const report = (severity: Severity, code: string, message: string, field?: string) => {
    // The syntax tree costs a second parse, so only records with a problem to place pay for it.
    if (field !== undefined && tree === undefined) tree = parseTree(parsed.text);
    const charIndex = field === undefined || tree === undefined ? 0 : valueStart(tree, field);
    const { line, column } = lineAndColumn(parsed.text, raw, charIndex);
    problems.push({ line, column, byteOffset: raw.byteOffset, byteLength: raw.bytes.length, severity, code, message, position });
  };
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    const what = Array.isArray(parsed.value) ? 'an array' : parsed.value === null ? 'null' : `a ${typeof parsed.value}`;
    report('warning', 'not-an-object', `The record is ${what}, not an object; nothing to inspect.`);
  }

  const record = extractRecord(parsed.value, profile);
  Object.assign(summary, { kind: record.kind, id: record.id, video: record.video, source: record.source });
  if (record.kind === 'qa' || record.kind === 'cot' || record.kind === 'rollout') {
    summary.question = record.question === null ? null : clip(record.question);
    summary.questionType = record.questionType;
    summary.category = record.category;
    summary.answer = record.answer === null ? null : clip(record.answer.letter ?? record.answer.text ?? '');
    checkAnswer(record, report);
  }
  if (record.kind === 'cot' || record.kind === 'rollout') {
    const chains = record.kind === 'cot' ? [record.chain] : record.completions.map((c) => c.text);
    const chainField = record.kind === 'cot' ? record.fields.chain : (record.fields.completions ?? record.fields.chain);
    const storedOf = (i: number) =>
      record.kind === 'cot' ? record.rewards : mergeRewards(record.completions[i].rewards, record.rewards, record.completions.length);
    const fmts: number[] = [];
    chains.forEach((chain, i) => {
      const result = summarizeChain(chain);
      const correct = answerMatches(result.answer, answerText(record.answer), record.options) ?? null;
      if (chains.length === 1) summary.correct = correct;
      const fmt = formatScoreOf(result, chain, profile.dialect === 'rewatch');
      fmts.push(fmt);
      addMismatchCounts(summary, mismatchCounts(storedOf(i), fmt, correct));
      summary.steps = Math.max(summary.steps, result.steps);
      if (result.citedStart !== null && (summary.citedStart === null || result.citedStart < summary.citedStart)) summary.citedStart = result.citedStart;
      if (result.citedEnd !== null && (summary.citedEnd === null || result.citedEnd > summary.citedEnd)) summary.citedEnd = result.citedEnd;
      const where = chains.length > 1 ? `completion ${i + 1}` : 'chain';
      for (const p of result.problems) {
        // Peers (Video-R1, LongVideo-Reason) keep the answer outside the chain.
        if (p.code === 'missing-answer' && profile.dialect !== 'rewatch') continue;
        report(p.severity, `chain-${p.code}`, `${capitalize(where)}: ${p.message}`, chainField);
      }
    });
    if (summary.citedEnd !== null && record.duration !== null && summary.citedEnd > record.duration) {
      report('warning', 'time-past-end', `The chain cites ${summary.citedEnd}s but the video lasts ${record.duration}s.`, chainField);
    }
    summary.fmt = meanOf(fmts);
    Object.assign(summary, meanStored(chains.map((_, i) => storedOf(i))));
    const totals = record.kind === 'cot' ? [record.rewards.total] : record.completions.map((c) => c.rewards.total ?? record.rewards.total);
    summary.reward = meanOf(totals);
    summary.advantage =
      record.kind === 'rollout' && record.completions.length <= 1
        ? (record.completions[0]?.rewards.advantage ?? record.rewards.advantage)
        : record.rewards.advantage;
    if (record.kind === 'rollout') summary.promptId = record.promptId;
  }
  summary.problems = problems.length;
  return { blank: false, summary, problems };
}

function checkAnswer(
  record: DatasetRecord & { kind: 'qa' | 'cot' | 'rollout' },
  report: (severity: Severity, code: string, message: string, field?: string) => void,
): void {
  if (record.kind !== 'rollout' && record.answer === null) {
    report('warning', 'missing-answer', 'The record has no ground-truth answer.', record.fields.answer);
  }
  const letter = record.answer?.letter;
  if (letter !== undefined && record.options.length > 0 && !record.options.some((o) => o.letter === letter)) {
    report(
      'warning',
      'answer-not-an-option',
      `The answer ${letter} is not one of the options (${record.options.map((o) => o.letter).join(', ')}).`,
      record.fields.answer,
    );
  }
}

/** Where a field's value starts in the record's text (0 when it cannot be found); a key or a dot path like `getField`. */
function valueStart(tree: JsonNode, key: string): number {
  const node = findNodeAtLocation(tree, [key]) ?? (key.includes('.') ? findNodeAtLocation(tree, key.split('.')) : undefined);
  return node?.offset ?? 0;
}

function clip(text: string): string {
  const flat = text.length > MAX_SUMMARY_TEXT * 4 ? text.slice(0, MAX_SUMMARY_TEXT * 4) : text;
  const oneLine = flat.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SUMMARY_TEXT ? `${oneLine.slice(0, MAX_SUMMARY_TEXT - 1)}…` : oneLine;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
