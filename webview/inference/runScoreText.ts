/**
 * The run's score summary, pure (no DOM): the parts of `scoreChain`'s SampleScore worth a glance
 * next to a new chain (r_fmt, r_acc, the evidence estimate r_obs*, the recomputed total) in the
 * breakdown's own number format, each beside the stored chain's value when that is known, and the
 * new chain's answer with ✓ / ✗.
 */
import type { SampleScore } from '../../shared/rewards/scores';
import { valueText } from '../rewards/breakdownText';

export type ScoreRowName = 'fmt' | 'acc' | 'evidence' | 'total';

export interface ScoreRow {
  name: ScoreRowName;
  label: string;
  value: number | null;
  /** `valueText` of the value ("1", "0.667", "—"). */
  text: string;
  /** The stored chain's value, as text; null when no stored score is known. */
  stored: string | null;
  /** -1 worse than stored, 0 same or unknown, 1 better. */
  direction: -1 | 0 | 1;
  title: string;
}

type Scored = Pick<SampleScore, 'format' | 'accuracy' | 'evidence' | 'recomputed'>;

const TITLES: Record<ScoreRowName, string> = {
  fmt: 'r_fmt: the tags are present and well-formed (offline check)',
  acc: "r_acc: the new chain's answer matches the ground truth (offline check)",
  evidence: 'r_obs*: how much of each observation the caption segments it cites support (heuristic, not the judge)',
  total: 'r = r_acc × (1 + r_obs + r_rea) + r_fmt, recomputed offline',
};

const LABELS: Record<ScoreRowName, string> = { fmt: 'r_fmt', acc: 'r_acc', evidence: 'r_obs* (evidence)', total: 'total (recomputed)' };

function values(score: Scored): Record<ScoreRowName, number | null> {
  return { fmt: score.format.score, acc: score.accuracy.score, evidence: score.evidence.obsEstimate, total: score.recomputed.total };
}

function direction(value: number | null, stored: number | null | undefined): -1 | 0 | 1 {
  if (value === null || stored === null || stored === undefined || !Number.isFinite(value) || !Number.isFinite(stored)) return 0;
  const delta = value - stored;
  return Math.abs(delta) < 1e-9 ? 0 : delta > 0 ? 1 : -1;
}

/** The four rows, in the breakdown's order of importance: format, accuracy, evidence, total. */
export function scoreRows(score: Scored, stored: Scored | null = null): ScoreRow[] {
  const mine = values(score);
  const theirs = stored ? values(stored) : null;
  return (['fmt', 'acc', 'evidence', 'total'] as const).map((name) => ({
    name,
    label: LABELS[name],
    value: mine[name],
    text: valueText(mine[name]),
    stored: theirs ? valueText(theirs[name]) : null,
    direction: direction(mine[name], theirs?.[name]),
    title: TITLES[name],
  }));
}

/** "B ✓", "a red car ✗", "none" (the chain gave no answer), with ✓ / ✗ only when r_acc is known. */
export function predictedText(accuracy: SampleScore['accuracy']): string {
  const predicted = accuracy.predicted;
  const answer = predicted === null ? '' : [predicted.letter, predicted.text].filter((part) => part !== undefined && part !== '').join(': ');
  const mark = accuracy.score === 1 ? ' ✓' : accuracy.score === 0 ? ' ✗' : '';
  return answer === '' ? `none${mark}` : `${answer}${mark}`;
}

/** "Format check failed: 2 problems" / "Format check passed". */
export function formatLine(format: SampleScore['format']): string {
  if (format.score === 1 && format.failures.length === 0) return 'Format check passed.';
  const n = format.failures.length;
  return n === 0 ? 'Format check failed.' : `Format check failed: ${n} problem${n === 1 ? '' : 's'}.`;
}
