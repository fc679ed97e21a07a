/**
 * The text editor's view of the problem engine: one line of a JSONL file in, its problems with their
 * fixes out (see src/quickFixes/quickFixProvider.ts). The problems are the engine's own
 * (src/core/problems/recordProblems.ts), so the text editor and the Inspector report the same ones.
 * Each fix is the whole new line, re-serialized by `reserializeRecord` so every untouched field keeps
 * its bytes; only the edited value (a chain, a completion's text or the answer) changes.
 *
 * Decisions:
 * - Normalising rewrites clocks that are not zero-padded MM:SS (H:MM:SS from one hour: `0:42`,
 *   `75:10`, `1:02:3`, `00:00:07`) and compact seconds (`42s`, `3-5s`) into MM:SS; prose durations
 *   ("5 seconds") are left alone, since they are usually lengths, not positions.
 * - A time past the end is clamped to the second the video ends in (whole-second tokens) or its end.
 */
import type { FileProfile } from '../../../shared/records/fieldMapping';
import { lineProblems, type FoundProblem, type ProblemContext } from '../problems/recordProblems';

export type { FoundProblem, LineFix, ProblemContext } from '../problems/recordProblems';

/** Problems of one line (1-based `line`) with their fixes. Never throws; a blank line has none. */
export function lineFixes(lineText: string, profile: FileProfile, context: ProblemContext = {}, line = 1): FoundProblem[] {
  return lineProblems(lineText, line, profile, context, true);
}

/** The same problems without computing their fixes (cheap: for diagnostics over a whole file). */
export function lineIssues(lineText: string, profile: FileProfile, context: ProblemContext = {}, line = 1): FoundProblem[] {
  return lineProblems(lineText, line, profile, context, false);
}
