/**
 * Line-level checks of a JSONL record with mechanical fixes: the text editor's quick fixes (see
 * src/quickFixes/quickFixProvider.ts). Pure (no vscode): one line of text in, issues with their fixes out.
 * Each fix is the whole new line, re-serialized by `reserializeRecord` so every untouched field keeps
 * its bytes; only the edited value (a chain, a completion's text or the answer) changes.
 *
 * Decisions:
 * - Chains are read as the Inspector reads them: the profile's chain field, or each completion of a
 *   grouped rollout (prefixing messages with "Completion N:"); a fix edits that completion via setChain.
 * - Issue spans are UTF-16 offsets into the line: the chain's JSON string, narrowed to the problem by
 *   mapping chain offsets through the string's escapes (`\n`, `\"`, `\u003c`…).
 * - "Add <answer>" only for ReWatch-dialect CoT records: Video-R1 / LongVideo-Reason keep the answer
 *   outside the chain by design, and a rollout's completion is a model output, into which the ground
 *   truth must not be written (the issue is still reported there, without a fix).
 * - A time past the end tolerates the clock's resolution: `00:30` in a 29.97 s video is fine.
 * - Normalising rewrites clocks that are not zero-padded MM:SS (H:MM:SS from one hour: `0:42`,
 *   `75:10`, `1:02:3`, `00:00:07`) and compact seconds (`42s`, `3-5s`) into MM:SS; prose durations
 *   ("5 seconds") are left alone, since they are usually lengths, not positions.
 */
import type { FileProfile } from '../../../shared/records/fieldMapping';
import { parseRecord } from '../records/parseRecord';
import type { LineContext, LineIssue, LineParts } from './lineIssue';
import { RecordChecker } from './recordChecker';
import { isPlainObject } from '../records/fieldPaths';

export type { LineContext, LineFix, LineIssue } from './lineIssue';

/** Every code lineFixes may report. */
export const QUICK_FIX_CODES: ReadonlySet<string> = new Set([
  'malformed-json',
  'unclosed-tag',
  'reversed-interval',
  'time-past-end',
  'non-canonical-time',
  'missing-answer',
  'answer-not-an-option',
  'answer-option-mismatch',
  'answer-not-letter',
  'chain-answer-not-an-option',
]);

/** Issues of one line with their fixes. Never throws; a blank line or a non-object has none. */
export function lineFixes(lineText: string, profile: FileProfile, context: LineContext = {}): LineIssue[] {
  return check(lineText, profile, context, true);
}

/** The same issues without computing their fixes (cheap: for diagnostics over a whole file). */
export function lineIssues(lineText: string, profile: FileProfile, context: LineContext = {}): LineIssue[] {
  return check(lineText, profile, context, false);
}

function splitLine(lineText: string): LineParts {
  const lead = /^[\uFEFF\s]*/.exec(lineText)?.[0] ?? '';
  const rest = lineText.slice(lead.length);
  const trail = /\s*$/.exec(rest)?.[0] ?? '';
  return { lead, core: rest.slice(0, rest.length - trail.length), trail };
}

function check(lineText: string, profile: FileProfile, context: LineContext, withFixes: boolean): LineIssue[] {
  if (typeof lineText !== 'string') return [];
  const parts = splitLine(lineText);
  if (parts.core === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(parts.core);
  } catch {
    return [malformed(parts)];
  }
  if (!isPlainObject(value)) return [];
  try {
    return new RecordChecker(lineText, parts, value, profile, context, withFixes).run();
  } catch {
    // A check must never take the editor down; a record it cannot read simply has no quick fixes.
    return [];
  }
}

/** The Inspector's own malformed-JSON problem (same message), placed on the line. */
function malformed(parts: LineParts): LineIssue {
  const problem = parseRecord({ line: 1, column: 1, byteOffset: 0, bytes: Buffer.from(parts.core, 'utf8') }).problems.find((p) => p.code === 'malformed-json');
  const at = Math.min(Math.max(0, (problem?.column ?? parts.core.length) - 1), Math.max(0, parts.core.length - 1));
  return {
    code: 'malformed-json',
    message: problem?.message ?? 'Malformed JSON.',
    severity: 'error',
    from: parts.lead.length + at,
    to: parts.lead.length + parts.core.length,
    fixes: [],
  };
}
