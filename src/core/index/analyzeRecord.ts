import type { FileProfile } from '../../../shared/records/fieldMapping';
import { EMPTY_COLUMNS, type Problem, type RecordSummary } from '../../../shared/records/recordSummary';
import { counts, type SeverityOverrides, levelOf } from '../../../shared/problems/problemCodes';
import { DEFAULT_MAX_RECORD_BYTES, type RawRecord } from '../reader/rawRecord';
import { extractRecord } from '../records/extractRecord';
import { summarizeChain } from '../records/chainSummary';
import { answerMatches } from '../../../shared/chain/answers';
import { answerText } from '../records/answerText';
import { addMismatchCounts, formatScoreOf, meanStored, mismatchCounts } from '../rewards/indexScores';
import { meanOf } from '../rewards/meanOf';
import { mergeRewards } from '../rewards/mergeRewards';
import { recordProblems, unreadableMessage, type ProblemContext } from '../problems/recordProblems';

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
export function analyzeRecord(
  raw: RawRecord,
  position: number,
  profile: FileProfile,
  maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
  context: ProblemContext = {},
): AnalyzedRecord {
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
    return analyzeParsed(raw, position, profile, context);
  } catch (error) {
    return unreadable(raw, position, raw.bytes.length, 'unreadable-record', unreadableMessage(error));
  }
}

/** How many of the problems count (in ⚠, "With problems", `validate`'s exit code) under these severity overrides. */
export function countedProblems(problems: readonly Pick<Problem, 'code' | 'severity'>[], overrides: SeverityOverrides = {}): number {
  return problems.filter((p) => counts(levelOf(p.code, overrides, p.severity))).length;
}

/** A record kept only as a malformed row with one error problem. */
function unreadable(raw: RawRecord, position: number, byteLength: number, code: string, message: string): AnalyzedRecord {
  const problem: Problem = {
    line: raw.line,
    column: raw.column,
    endLine: raw.line,
    endColumn: raw.column + 1,
    byteOffset: raw.byteOffset,
    byteLength,
    severity: 'error',
    code,
    message,
    position,
  };
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

function analyzeParsed(raw: RawRecord, position: number, profile: FileProfile, context: ProblemContext): AnalyzedRecord {
  const checked = recordProblems(raw, position, profile, context);
  const { parsed } = checked;
  // Problems of a blank line belong to no record; fixes are the text editor's, not the index's.
  const problems: Problem[] = checked.problems.map(({ fixes: _fixes, ...p }) => {
    if (parsed.blank) delete p.position;
    return p;
  });
  const summary: RecordSummary = { ...emptySummary(raw, position), malformed: parsed.value === undefined || parsed.problems.length > 0 };
  if (parsed.blank || parsed.value === undefined) {
    summary.problems = countedProblems(problems);
    return { blank: parsed.blank, summary, problems };
  }

  const record = extractRecord(parsed.value, profile);
  Object.assign(summary, { kind: record.kind, id: record.id, video: record.video, source: record.source });
  if (record.kind === 'qa' || record.kind === 'cot' || record.kind === 'rollout') {
    summary.question = record.question === null ? null : clip(record.question);
    summary.questionType = record.questionType;
    summary.category = record.category;
    summary.answer = record.answer === null ? null : clip(record.answer.letter ?? record.answer.text ?? '');
  }
  if (record.kind === 'cot' || record.kind === 'rollout') {
    const chains = record.kind === 'cot' ? [record.chain] : record.completions.map((c) => c.text);
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
      // Steps: the chain's cards as the sample view shows them (reasoning, think, action, observation), not its pairs.
      summary.steps = Math.max(summary.steps, result.cards);
      if (result.citedStart !== null && (summary.citedStart === null || result.citedStart < summary.citedStart)) summary.citedStart = result.citedStart;
      if (result.citedEnd !== null && (summary.citedEnd === null || result.citedEnd > summary.citedEnd)) summary.citedEnd = result.citedEnd;
    });
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
  summary.problems = countedProblems(problems);
  return { blank: false, summary, problems };
}

function clip(text: string): string {
  const flat = text.length > MAX_SUMMARY_TEXT * 4 ? text.slice(0, MAX_SUMMARY_TEXT * 4) : text;
  const oneLine = flat.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SUMMARY_TEXT ? `${oneLine.slice(0, MAX_SUMMARY_TEXT - 1)}…` : oneLine;
}
