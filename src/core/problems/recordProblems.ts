/**
 * The problem engine: every problem of one record, computed once, each with one code (the catalogue,
 * shared/problems/problemCodes.ts), one wording and one exact range. The index stores what it finds
 * (src/core/index/analyzeRecord.ts) and the text editor's diagnostics are the same function run on a
 * line (src/core/quickFixes/quickFixes.ts), so a problem reads and sits the same wherever it is shown.
 *
 * Decisions:
 * - Groups, in the order a record is read: the record as JSON (invalid UTF-8, malformed JSON, not an
 *   object), the ground truth, the answer field against the options, then each chain (or each
 *   completion of a grouped rollout, messages prefixed "Completion N: "): its tags (parseChain's
 *   problems), its cited times (reversed, past the end, not MM:SS), the step cards' grounding checks
 *   (an observation citing no time, intervals none of the record's own caption segments cover) and its
 *   final answer against the options.
 * - Ranges are UTF-16 offsets into the record's text, placed as 1-based line and column (an editor's):
 *   a chain problem sits on the offending span inside the chain's JSON string, mapped through its
 *   escapes (`\n`, `\"`, `\u003c`…); a field problem on the field's value; the record's when neither
 *   can be found. Byte offsets are the span's bytes in the file.
 * - Past the end uses the step cards' rule (PAST_END_TOLERANCE): the record's own duration field,
 *   else its video's probed duration (`ProblemContext.durationOf`); unknown means no check.
 * - "Add <answer>" only for ReWatch-dialect CoT records: Video-R1 / LongVideo-Reason keep the answer
 *   outside the chain by design, and a rollout's completion is a model output, into which the ground
 *   truth must not be written (the problem is still reported there, without a fix).
 * - Severity is the catalogue's default; the user's overrides (`rewatchInspector.problems.severity`)
 *   apply where problems are shown and counted, never in what is stored.
 */
import type { FileProfile } from '../../../shared/records/fieldMapping';
import { PROBLEM_CODES, type ProblemCode } from '../../../shared/problems/problemCodes';
import type { Problem, Severity } from '../../../shared/records/recordSummary';
import type { RawRecord } from '../reader/rawRecord';
import { extractRecord } from '../records/extractRecord';
import { isPlainObject } from '../records/fieldPaths';
import { lineAndColumn, parseRecord, type ParsedRecord } from '../records/parseRecord';
import type { LineFix, LineIssue, LineParts, ProblemContext } from './lineIssue';
import { RecordChecker } from './recordChecker';

export type { LineFix, LineIssue, ProblemContext } from './lineIssue';

/** A problem with the fixes that rewrite its record (the text editor's quick fixes). */
export interface FoundProblem extends Problem {
  fixes: LineFix[];
}

export interface CheckedRecord {
  parsed: ParsedRecord;
  problems: FoundProblem[];
}

/** The catalogue's severity of a code, as stored. */
export function severityOf(code: string, fallback: Severity = 'warning'): Severity {
  return Object.hasOwn(PROBLEM_CODES, code) ? PROBLEM_CODES[code as ProblemCode].severity : fallback;
}

const CODE_ORDER = new Map(Object.keys(PROBLEM_CODES).map((code, i) => [code, i]));

/**
 * Every problem of one record (`raw`, as the scanners cut it), in text order. `position` is the
 * record's among the file's (undefined for a blank line's problems). Fixes only with `withFixes`
 * (they re-serialize the record). Never throws on a bad record: an analysis that fails is a problem.
 */
export function recordProblems(
  raw: RawRecord,
  position: number | undefined,
  profile: FileProfile,
  context: ProblemContext = {},
  withFixes = false,
): CheckedRecord {
  const parsed = parseRecord(raw);
  const text = parsed.text;
  const place = (code: ProblemCode, message: string, from: number, to: number, fixes: LineFix[] = []): FoundProblem => {
    const start = lineAndColumn(text, raw, from);
    const end = lineAndColumn(text, raw, Math.max(from, to));
    const byteStart = Buffer.byteLength(text.slice(0, from), 'utf8');
    const problem: FoundProblem = {
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      byteOffset: raw.byteOffset + byteStart,
      byteLength: Buffer.byteLength(text.slice(from, Math.max(from, to)), 'utf8'),
      severity: severityOf(code),
      code,
      message,
      fixes,
    };
    if (position !== undefined) problem.position = position;
    return problem;
  };

  const problems: FoundProblem[] = [];
  const parts = splitText(text);
  const coreEnd = parts.lead.length + parts.core.length;
  // parseRecord's own problems (invalid UTF-8, malformed JSON) are placed already.
  for (const p of parsed.problems) problems.push({ ...p, ...(position === undefined ? {} : { position }), fixes: [] });
  if (parsed.blank || parsed.value === undefined) return { parsed, problems };

  const value = parsed.value;
  if (!isPlainObject(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    problems.push(place('not-an-object', `The record is ${what}, not an object; nothing to inspect.`, parts.lead.length, coreEnd));
    return { parsed, problems };
  }
  let issues: LineIssue[];
  try {
    issues = new RecordChecker(text, parts, value, extractRecord(value, profile), profile, context, withFixes).run();
  } catch (error) {
    // Nesting deep enough to exhaust the stack, say: the record is reported, the file goes on.
    problems.push(place('unreadable-record', unreadableMessage(error), parts.lead.length, coreEnd));
    return { parsed, problems };
  }
  for (const issue of issues) problems.push(place(issue.code, issue.message, issue.from, issue.to, issue.fixes));
  return { parsed, problems: sortProblems(problems) };
}

/** Text order: by start, then end, then the catalogue's order of codes. */
export function sortProblems<T extends Pick<Problem, 'line' | 'column' | 'endLine' | 'endColumn' | 'code'>>(problems: T[]): T[] {
  const rank = (code: string) => CODE_ORDER.get(code) ?? CODE_ORDER.size;
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn || rank(a.code) - rank(b.code));
}

/** The record's text as leading space (and a BOM), the JSON itself, and trailing space. */
export function splitText(text: string): LineParts {
  const lead = /^[\uFEFF\s]*/.exec(text)?.[0] ?? '';
  const rest = text.slice(lead.length);
  const trail = /\s*$/.exec(rest)?.[0] ?? '';
  return { lead, core: rest.slice(0, rest.length - trail.length), trail };
}

/**
 * The problems of one line of a JSONL file as the text editor has it (line 1-based): the same engine on
 * the same text, so the text editor's diagnostics are the index's problems. Byte offsets count from the
 * line's start (the editor has no file offsets).
 */
export function lineProblems(lineText: string, line: number, profile: FileProfile, context: ProblemContext = {}, withFixes = false): FoundProblem[] {
  if (typeof lineText !== 'string' || lineText.trim() === '') return [];
  return recordProblems({ line, column: 1, byteOffset: 0, bytes: Buffer.from(lineText, 'utf8') }, undefined, profile, context, withFixes).problems;
}

/** Why a record could not be analysed, as its `unreadable-record` problem says. */
export function unreadableMessage(error: unknown): string {
  const why =
    error instanceof RangeError && /call stack/i.test(error.message)
      ? 'it is nested too deeply to walk'
      : error instanceof Error
        ? error.message
        : String(error);
  return `The record could not be analysed: ${why}.`;
}
