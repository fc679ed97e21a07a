import { Dialect, FieldMapping, FieldRole, FileProfile, Sidecar } from '../../../shared/records/fieldMapping';
import { LongVideoReasonRaw, VideoR1Raw } from '../../../shared/records/datasetRecord';
import type { RecordKind } from '../../../shared/records/recordSummary';
import { getField, isPlainObject } from './fieldPaths';

/** Key names seen in ReWatch, its peers and common RL frameworks, best first. */
const CANDIDATE_KEYS: Record<FieldRole, readonly string[]> = {
  id: ['id', 'qid', 'question_id', 'problem_id', 'sample_id', 'idx', 'index', 'key', 'uid'],
  video: ['video_path', 'video', 'path', 'videos', 'video_file', 'video_name', 'video_id', 'vid'],
  source: ['source', 'data_source', 'dataset', 'origin'],
  duration: ['duration', 'video_duration', 'duration_sec', 'duration_s', 'length'],
  question: ['question', 'problem', 'query', 'prompt', 'instruction'],
  questionType: ['problem_type', 'question_format', 'qa_type', 'answer_type', 'question_type', 'type'],
  category: ['question_type', 'category', 'task_type', 'task', 'qtype', 'type'],
  options: ['options', 'choices', 'candidates', 'option'],
  answer: ['answer', 'solution', 'gt', 'ground_truth', 'gt_answer', 'correct_answer', 'label', 'target'],
  chain: ['cot', 'chain', 'reasoning', 'process', 'rationale', 'thinking', 'response', 'completion', 'output'],
  caption: ['caption', 'captions', 'dense_caption', 'description'],
  completions: ['rollouts', 'completions', 'responses', 'outputs', 'samples', 'generations'],
  promptId: ['prompt_id', 'group_id', 'prompt_uid', 'prompt_idx', 'uid', 'group'],
  rewards: ['rewards', 'reward_components', 'reward_breakdown', 'scores', 'reward_info', 'reward', 'score'],
  advantage: ['advantage', 'advantages', 'adv'],
};

const VIDEO_FILE = /\.(mp4|mkv|webm|avi|mov|m4v|flv|mpe?g)$/i;
const CHAIN_TAG = /<\/?(action|observation|think)>/i;
const CAPTION_LINES = /^\s*\[\d{1,3}:\d{2}(?::\d{2})?(?:\.\d+)?\s*[-–—]\s*\d{1,3}:\d{2}(?::\d{2})?(?:\.\d+)?\]/gm;
/** Values that name a question's format (Video-R1's problem_type), not its topic (ReWatch's 10 types). */
const QUESTION_FORMAT = /^(multiple[ _-]?choices?|mc|mcq|open([ _-]?ended)?|free[ _-]?form|numerical|ocr|regression|yes[ /_-]?no|boolean|true[ /_-]?false)$/i;

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isScalar = (v: unknown): boolean => isText(v) || typeof v === 'number';
const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) ? v.length === 0 : isPlainObject(v) && Object.keys(v).length === 0);

/** Does a value fit a role? Names propose, content disposes. */
const FITS: Record<FieldRole, (value: unknown) => boolean> = {
  id: isScalar,
  video: (v) => isText(v) || (Array.isArray(v) && v.length > 0 && v.every(isText)),
  source: isText,
  duration: (v) => typeof v === 'number' && v >= 0,
  question: isText,
  questionType: (v) => isText(v) && QUESTION_FORMAT.test(v),
  category: (v) => isText(v) && !QUESTION_FORMAT.test(v),
  options: (v) => (Array.isArray(v) && v.length > 0) || (isPlainObject(v) && Object.keys(v).length > 0),
  answer: isScalar,
  chain: isText,
  caption: (v) => isText(v) && (v.match(CAPTION_LINES)?.length ?? 0) >= 1,
  completions: (v) => Array.isArray(v) && v.length > 0 && v.every((c) => isText(c) || isPlainObject(c)),
  promptId: isScalar,
  rewards: (v) => typeof v === 'number' || (isPlainObject(v) && Object.values(v).some((x) => typeof x === 'number')),
  advantage: (v) => typeof v === 'number',
};

/** Roles found by content when no known name matches: a string with chain tags is a chain, etc. */
const BY_CONTENT: Partial<Record<FieldRole, (value: unknown) => boolean>> = {
  chain: (v) => isText(v) && CHAIN_TAG.test(v),
  caption: (v) => isText(v) && (v.match(CAPTION_LINES)?.length ?? 0) >= 2,
  video: (v) => isText(v) && VIDEO_FILE.test(v),
};

/** Per role, the key names that propose some other role: content alone never hands them to this one. */
const otherRolesKeys = (role: FieldRole): ReadonlySet<string> =>
  new Set(FieldRole.options.filter((r) => r !== role).flatMap((r) => CANDIDATE_KEYS[r].filter((k) => !CANDIDATE_KEYS[role].includes(k))));
const OTHER_ROLES_KEYS = Object.fromEntries(FieldRole.options.map((role) => [role, otherRolesKeys(role)])) as Record<string, ReadonlySet<string>>;

/** How many of the first records the detector reads. */
export const PROFILE_SAMPLE = 50;

/**
 * Works out the file's key mapping and kind from its first records. Each role gets the known key
 * that fits most sampled records; chain, caption and video fall back to content. One key serves one role.
 */
export function detectProfile(samples: readonly unknown[], override: Sidecar = {}): FileProfile {
  const objects = samples.filter(isPlainObject);
  const fields: FieldMapping = { ...override.fields };
  const taken = new Set(Object.values(fields));
  const overridden = Object.keys(override.fields ?? {}) as FieldRole[];

  const dialect = detectDialect(objects);
  // Roles whose content is most telling go first, so e.g. a `response` holding tags becomes the chain.
  const order: FieldRole[] = [
    'completions',
    'chain',
    'caption',
    'video',
    'options',
    'question',
    'answer',
    'questionType',
    'category',
    'id',
    'promptId',
    'source',
    'duration',
    'rewards',
    'advantage',
  ];
  for (const role of order) {
    if (fields[role] !== undefined) continue;
    const key = bestKey(objects, role, taken);
    if (key !== undefined) {
      fields[role] = key;
      taken.add(key);
    }
  }
  if (fields.completions !== undefined && fields.promptId === undefined && fields.id !== undefined && dialect === 'rewatch') {
    // A grouped rollout's own id is its prompt id.
    fields.promptId = fields.id;
  }
  if (fields.promptId === undefined && fields.id === 'uid' && fields.chain !== undefined && fields.rewards !== undefined) {
    // verl (uid, prompt, response, score): `uid` is the prompt's group id, shared by its completions.
    fields.promptId = fields.id;
  }

  const kinds = new Map<RecordKind, number>();
  for (const record of objects) {
    const kind = recordKind(record, fields);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  let kind: RecordKind = override.kind ?? 'unknown';
  if (override.kind === undefined) {
    let best = 0;
    for (const [k, n] of kinds) if (n > best) [kind, best] = [k, n];
  }
  return { kind, kindOverridden: override.kind !== undefined, dialect, fields, overridden, sampled: objects.length };
}

function bestKey(records: readonly Record<string, unknown>[], role: FieldRole, taken: ReadonlySet<string>): string | undefined {
  const fits = FITS[role];
  let best: string | undefined;
  let bestHits = 0;
  for (const key of CANDIDATE_KEYS[role]) {
    if (taken.has(key)) continue;
    let hits = 0;
    let present = 0;
    for (const record of records) {
      const value = getField(record, key);
      // An empty value (Video-R1's `options: []` on open questions) says nothing about the key's role.
      if (isEmpty(value)) continue;
      present++;
      if (fits(value)) hits++;
    }
    // A key that holds the wrong kind of value in most records is not this role.
    if (hits > bestHits && hits * 2 > present) [best, bestHits] = [key, hits];
  }
  const byContent = BY_CONTENT[role];
  if (best !== undefined || byContent === undefined) return best;
  const counts = new Map<string, number>();
  // A `prompt` quoting the chain's tags in its instructions is still the question, not the chain.
  const otherRoles = OTHER_ROLES_KEYS[role];
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (!taken.has(key) && !otherRoles.has(key) && byContent(value)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  for (const [key, hits] of counts) if (hits > bestHits) [best, bestHits] = [key, hits];
  return best;
}

function detectDialect(records: readonly Record<string, unknown>[]): Dialect {
  if (records.length === 0) return 'rewatch';
  const share = (schema: { safeParse(v: unknown): { success: boolean } }) => records.filter((r) => schema.safeParse(r).success).length / records.length;
  if (share(VideoR1Raw) > 0.5) return 'video-r1';
  if (share(LongVideoReasonRaw) > 0.5) return 'longvideo-reason';
  return 'rewatch';
}

/** A record's kind from the roles it fills. */
export function recordKind(record: Record<string, unknown>, fields: FieldMapping): RecordKind {
  const has = (role: FieldRole) => {
    const value = getField(record, fields[role]);
    return value !== undefined && value !== null && FITS[role](value);
  };
  // A scored chain that belongs to a prompt's group is one completion of a rollout (verl: uid, response, score).
  if (has('completions') || has('advantage') || (has('chain') && has('rewards') && has('promptId'))) return 'rollout';
  if (has('chain') && has('question')) return 'cot';
  if (has('question')) return 'qa';
  if (has('caption')) return 'caption';
  if (has('chain')) return 'cot';
  return 'unknown';
}
