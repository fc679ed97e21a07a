import { normalizeAnswer, parseOptions } from '../../../shared/chain/answers';
import type { Completion, DatasetRecord, QuestionType } from '../../../shared/records/datasetRecord';
import type { FieldMapping, FileProfile } from '../../../shared/records/fieldMapping';
import type { RecordKind } from '../../../shared/records/recordSummary';
import { getField, isPlainObject } from './fieldPaths';
import { recordKind } from './detectProfile';
import { NO_REWARDS, collectRewards } from './storedRewards';

const MC_FORMAT = /multiple|choice|^mcq?$/i;
const COMPLETION_TEXT_KEYS = ['text', 'response', 'completion', 'output', 'content', 'chain', 'cot'];

/** The key a completion object keeps its text under (the first string one of the usual names). */
export function completionTextKey(item: Record<string, unknown>): string | undefined {
  return COMPLETION_TEXT_KEYS.find((k) => typeof item[k] === 'string');
}

/**
 * Reads a parsed record through the file's field mapping into the Inspector's model. Never throws:
 * a record that fits no kind comes back as `unknown` with its keys listed.
 */
export function extractRecord(
  value: unknown,
  profile: FileProfile,
  forcedKind: RecordKind | undefined = profile.kindOverridden ? profile.kind : undefined,
): DatasetRecord {
  const record = isPlainObject(value) ? value : {};
  const fields = profile.fields;
  const text = (role: keyof FieldMapping): string | null => {
    const v = getField(record, fields[role]);
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
    return null;
  };
  const number = (role: keyof FieldMapping): number | null => {
    const v = getField(record, fields[role]);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const mapped = mappedKeys(fields);
  const common = {
    id: text('id'),
    video: text('video'),
    source: text('source'),
    duration: number('duration'),
    fields,
    unknownFields: Object.keys(record).filter((k) => !mapped.has(k)),
  };
  const kind = forcedKind ?? recordKind(record, fields);
  if (kind === 'unknown') return { kind, ...common };
  if (kind === 'caption') return { kind, ...common, caption: text('caption') ?? '' };

  const questionText = text('question');
  const options = parseOptions(getField(record, fields.options), questionText ?? undefined);
  const answerValue = getField(record, fields.answer);
  const normalized = answerValue === undefined || answerValue === null ? null : normalizeAnswer(answerValue);
  // A blank answer ("", "<answer></answer>") is no answer: the record is then reported as missing one.
  const blank = typeof answerValue === 'string' && normalized !== null && normalized.letter === undefined && normalized.text === undefined;
  const answer = blank ? null : normalized;
  const formatText = text('questionType');
  const questionType: QuestionType = options.length > 0 || (formatText !== null && MC_FORMAT.test(formatText)) ? 'multiple-choice' : 'open-ended';
  const question = { question: questionText ?? '', questionType, category: text('category'), options, answer };
  const rewards = collectRewards(record, fields.rewards, fields.advantage);

  if (kind === 'qa') return { kind, ...common, ...question };
  if (kind === 'cot') return { kind, ...common, ...question, chain: text('chain') ?? '', rewards };
  const completions = readCompletions(record, fields);
  return { kind, ...common, ...question, question: questionText, promptId: text('promptId'), completions, rewards };
}

const mappedCache = new WeakMap<FieldMapping, ReadonlySet<string>>();

/** Top-level keys a mapping claims; computed once per file profile, not once per record. */
function mappedKeys(fields: FieldMapping): ReadonlySet<string> {
  let keys = mappedCache.get(fields);
  if (keys === undefined) {
    keys = new Set(Object.values(fields).map((key) => key.split('.')[0]));
    mappedCache.set(fields, keys);
  }
  return keys;
}

/** A grouped rollout's completions, or the record itself as its group's one completion. */
function readCompletions(record: Record<string, unknown>, fields: FieldMapping): Completion[] {
  const list = getField(record, fields.completions);
  if (!Array.isArray(list)) {
    const chain = getField(record, fields.chain);
    return typeof chain === 'string' ? [{ text: chain, rewards: collectRewards(record, fields.rewards, fields.advantage) }] : [];
  }
  return list.map((item): Completion => {
    if (typeof item === 'string') return { text: item, rewards: NO_REWARDS };
    if (!isPlainObject(item)) return { text: JSON.stringify(item), rewards: NO_REWARDS };
    const key = completionTextKey(item);
    const rewardsKey = ['rewards', 'reward_components', 'scores', 'reward', 'score'].find((k) => k in item);
    const advantageKey = ['advantage', 'adv'].find((k) => k in item);
    return { text: key === undefined ? '' : (item[key] as string), rewards: collectRewards(item, rewardsKey, advantageKey) };
  });
}
