/**
 * The one catalogue of problem codes: every problem the engine (`src/core/problems/`) reports has one
 * of these codes, its default severity and its group. The index, the list's ⚠ column and filters, the
 * review queues, the Problems panel, the text editor's diagnostics and `validate` all name problems by
 * these codes; `rewatchInspector.problems.severity` changes a code's severity (or turns it off).
 * Pure zod, browser-safe.
 */
import { z } from 'zod';

/** The severities a problem can have; `hint` and `off` do not count in ⚠ or "With problems". */
export const ProblemLevel = z.enum(['error', 'warning', 'information', 'hint', 'off']);
export type ProblemLevel = z.infer<typeof ProblemLevel>;

export type ProblemGroup = 'json' | 'format' | 'grounding' | 'answer';

export interface ProblemCodeSpec {
  readonly group: ProblemGroup;
  readonly severity: Exclude<ProblemLevel, 'off'>;
  /** What the code means, for the setting's description and the filter menu's tooltips. */
  readonly title: string;
}

export const PROBLEM_CODES = {
  // The record as JSON.
  'invalid-utf8': { group: 'json', severity: 'error', title: 'bytes that are not UTF-8' },
  'malformed-json': { group: 'json', severity: 'error', title: 'the record is not valid JSON' },
  'not-an-object': { group: 'json', severity: 'warning', title: 'the record is not a JSON object' },
  'record-too-large': { group: 'json', severity: 'error', title: 'the record is over rewatchInspector.maxRecordSizeMB' },
  'unreadable-record': { group: 'json', severity: 'error', title: 'the record could not be analysed' },
  'array-not-closed': { group: 'json', severity: 'error', title: "a JSON array file never closed with ']'" },
  'empty-array-element': { group: 'json', severity: 'error', title: "a JSON array with an empty element (',' before ']')" },
  'text-after-array': { group: 'json', severity: 'error', title: "text after a JSON array's ']'" },
  // The chain's tags.
  'unclosed-tag': { group: 'format', severity: 'error', title: 'a tag never closed' },
  'nested-tag': { group: 'format', severity: 'error', title: 'a tag inside another' },
  'stray-closing-tag': { group: 'format', severity: 'error', title: 'a closing tag with no opening tag' },
  'observation-without-action': { group: 'format', severity: 'warning', title: 'an <observation> with no <action> before it' },
  'action-without-observation': { group: 'format', severity: 'warning', title: 'an <action> with no <observation> after it' },
  'missing-answer': { group: 'format', severity: 'warning', title: 'the chain has no <answer>' },
  'multiple-answers': { group: 'format', severity: 'warning', title: 'the chain has more than one <answer>' },
  'empty-tag': { group: 'format', severity: 'warning', title: 'a tag with nothing inside' },
  'unknown-tag': { group: 'format', severity: 'warning', title: 'a tag other than action, observation, answer, think' },
  'non-canonical-time': { group: 'format', severity: 'hint', title: 'a time not written as zero-padded MM:SS' },
  // The chain's cited times.
  'past-end': { group: 'grounding', severity: 'warning', title: "a cited time past the video's end" },
  'reversed-interval': { group: 'grounding', severity: 'warning', title: 'an interval written end first' },
  'observation-without-time': { group: 'grounding', severity: 'hint', title: 'an observation citing no time although its action named one' },
  'uncovered-by-captions': { group: 'grounding', severity: 'warning', title: "a cited interval that none of the record's caption segments covers" },
  // The answer against the options.
  'no-ground-truth': { group: 'answer', severity: 'warning', title: 'the record has no ground-truth answer' },
  'answer-not-an-option': { group: 'answer', severity: 'error', title: "the answer's letter is none of the options" },
  'answer-option-mismatch': { group: 'answer', severity: 'warning', title: "the answer's text is not its option's text" },
  'answer-not-letter': { group: 'answer', severity: 'information', title: "a multiple-choice answer written as its option's text" },
  'chain-answer-not-an-option': { group: 'answer', severity: 'warning', title: "the chain's <answer> names a letter that is none of the options" },
  'chain-answer-option-mismatch': { group: 'answer', severity: 'warning', title: "the chain's <answer> text is not its option's text" },
} as const satisfies Record<string, ProblemCodeSpec>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export const ProblemCode = z.enum(Object.keys(PROBLEM_CODES) as [ProblemCode, ...ProblemCode[]]);

/** Every code of a group, in catalogue order. */
export function codesOf(group: ProblemGroup): ProblemCode[] {
  return (Object.keys(PROBLEM_CODES) as ProblemCode[]).filter((code) => PROBLEM_CODES[code].group === group);
}

/** The grounding codes that count by default (not hints): what the "Grounding problems" queue and the list's "Any grounding problem" hold. */
export const GROUNDING_CODES: readonly ProblemCode[] = codesOf('grounding').filter((code) => PROBLEM_CODES[code].severity !== 'hint');

/** The user's overrides, code → level (`rewatchInspector.problems.severity`); unknown codes and levels are ignored. */
export const SeverityOverrides = z.record(z.string().max(100), ProblemLevel);
export type SeverityOverrides = z.infer<typeof SeverityOverrides>;

/** A code's level: the user's override, else the catalogue's default, else `fallback` (a code outside the catalogue). */
export function levelOf(code: string, overrides: SeverityOverrides = {}, fallback: Exclude<ProblemLevel, 'off'> = 'warning'): ProblemLevel {
  const own = Object.hasOwn(overrides, code) ? ProblemLevel.safeParse(overrides[code]) : undefined;
  if (own?.success === true) return own.data;
  return Object.hasOwn(PROBLEM_CODES, code) ? PROBLEM_CODES[code as ProblemCode].severity : fallback;
}

/** Whether a level counts in the ⚠ column, "With problems" and `validate`'s exit code. */
export const counts = (level: ProblemLevel): boolean => level === 'error' || level === 'warning' || level === 'information';

/** The codes that do not count under these overrides (hints and those turned off), sorted: what the index leaves out of its counts. */
export function uncountedCodes(overrides: SeverityOverrides = {}): string[] {
  const codes = new Set<string>([...Object.keys(PROBLEM_CODES), ...Object.keys(overrides)]);
  return [...codes].filter((code) => !counts(levelOf(code, overrides))).sort();
}
