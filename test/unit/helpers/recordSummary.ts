import { EMPTY_COLUMNS, type RecordSummary } from '../../../shared/records/recordSummary';

/** An index row for store tests: a well-formed CoT record at `position`, ten bytes a record. */
export const recordSummary = (position: number, patch: Partial<RecordSummary> = {}): RecordSummary => ({
  ...EMPTY_COLUMNS,
  position,
  line: position + 1,
  byteOffset: position * 10,
  byteLength: 9,
  kind: 'cot',
  id: `r${position}`,
  video: 'v.mp4',
  source: null,
  question: `question ${position}`,
  answer: 'B',
  questionType: 'multiple-choice',
  category: 'Counting',
  steps: 2,
  citedStart: 1,
  citedEnd: 9,
  reward: null,
  advantage: null,
  promptId: null,
  problems: 0,
  correct: null,
  malformed: false,
  ...patch,
});
