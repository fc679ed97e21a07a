/** The review statuses as the header's control and the keys offer them, pure (no DOM). */
import type { ReviewStatus } from '../../shared/review/review';

export interface ReviewChoice {
  status: ReviewStatus | null;
  /** The control's `data-status` (null as "none"). */
  key: string;
  label: string;
  title: string;
}

export const REVIEW_CHOICES: readonly ReviewChoice[] = [
  { status: null, key: 'none', label: 'Not reviewed', title: 'Clear the review mark' },
  { status: 'reviewed', key: 'reviewed', label: 'Reviewed', title: 'Looked at, nothing to fix (v)' },
  { status: 'fixed', key: 'fixed', label: 'Fixed', title: 'Corrected by hand (f)' },
  { status: 'rejected', key: 'rejected', label: 'Rejected', title: 'Drop it from the dataset (Shift+X)' },
];

export function reviewKey(status: ReviewStatus | null | undefined): string {
  return status ?? 'none';
}

/** "Fixed on 2025-03-04 14:05 — note" for the control's tooltip; '' when never marked. */
export function reviewTitle(entry: { status: ReviewStatus | null; time: string; note: string } | null): string {
  if (entry === null || entry.status === null) return entry?.note ? `Note: ${entry.note}` : '';
  const label = REVIEW_CHOICES.find((c) => c.status === entry.status)?.label ?? entry.status;
  const utc = entry.time.endsWith('Z') ? ' UTC' : '';
  const when = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(entry.time) ? ` on ${entry.time.slice(0, 10)} ${entry.time.slice(11, 16)}${utc}` : '';
  return `${label}${when}${entry.note ? ` — ${entry.note}` : ''}`;
}
