import type { RecordKind } from '../../../shared/records';

/** The fields the record list shows, picked by name (the formats' key names vary; see rewatch-format.md). */
export interface RecordFields {
  kind: RecordKind;
  id: string | null;
  video: string | null;
  question: string | null;
}

const ID_KEYS = ['id', 'qid', 'question_id', 'sample_id', 'uid', 'prompt_id', 'idx', 'index'];
const VIDEO_KEYS = ['video_path', 'video', 'path', 'videos', 'video_id', 'video_name'];
const QUESTION_KEYS = ['question', 'problem', 'prompt', 'query'];
const CHAIN_KEYS = ['cot', 'chain', 'reasoning', 'process', 'response', 'rationale', 'output'];
const ROLLOUT_KEYS = ['rollouts', 'completions', 'responses', 'samples'];
const CAPTION_KEYS = ['caption', 'captions', 'dense_caption'];

/** Longest question text kept in the index; the full text stays in the file. */
export const MAX_SUMMARY_TEXT = 300;

const CAPTION_LINE = /\[\d{1,3}:\d{2}(?::\d{2})?\s*-\s*\d{1,3}:\d{2}(?::\d{2})?\]/;
const CHAIN_TAG = /<(action|observation|think|answer)>/;

export function summarizeRecord(value: unknown): RecordFields {
  if (!isObject(value)) return { kind: 'unknown', id: null, video: null, question: null };
  const question = firstString(value, QUESTION_KEYS);
  return {
    kind: detectKind(value, question !== null),
    id: firstScalar(value, ID_KEYS),
    video: firstString(value, VIDEO_KEYS),
    question: question === null ? null : clip(question),
  };
}

function detectKind(record: Record<string, unknown>, hasQuestion: boolean): RecordKind {
  if (ROLLOUT_KEYS.some((k) => Array.isArray(record[k])) || 'advantage' in record) return 'rollout';
  const hasChain =
    CHAIN_KEYS.some((k) => typeof record[k] === 'string') ||
    Object.values(record).some((v) => typeof v === 'string' && CHAIN_TAG.test(v));
  if (hasQuestion && hasChain) return 'cot';
  if (hasQuestion) return 'qa';
  const caption = firstString(record, CAPTION_KEYS);
  if (caption !== null && CAPTION_LINE.test(caption)) return 'caption';
  return 'unknown';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = record[key];
    if (typeof v === 'string' && v !== '') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return null;
}

function firstScalar(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = record[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return null;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SUMMARY_TEXT ? `${flat.slice(0, MAX_SUMMARY_TEXT - 1)}…` : flat;
}
