/**
 * Review queues, pure (no DOM): a queue is a (filter, sort) pair the user walks with "next in queue".
 * Built-in presets for the usual reward bugs, plus the user's own (saved in workspace state).
 */
import { RecordFilter, SortKey, type RecordQuery } from '../../shared/list/recordQuery';
import type { SavedQueue } from '../../shared/list/savedQueue';
import type { ListSort } from '../app/state';
import { GROUNDING_CODES } from '../../shared/problems/problemCodes';

export interface QueueDefinition {
  /** `preset:…` or `saved:<name>`. */
  id: string;
  name: string;
  description: string;
  filter: RecordFilter;
  sort: ListSort;
}

/** The protocol's cap on saved queues. */
export const MAX_SAVED_QUEUES = 50;

const BY_POSITION: ListSort = { by: 'position', descending: false };

export const PRESET_QUEUES: readonly QueueDefinition[] = [
  {
    id: 'preset:lowest-obs-estimate',
    name: 'Lowest r_obs estimate first',
    description: 'Scored samples, weakest offline evidence (caption support of the observations) first',
    filter: { ranges: [{ column: 'obsEstimate', includeMax: true }] },
    sort: { by: 'obsEstimate', descending: false },
  },
  {
    id: 'preset:lowest-stored-obs',
    name: 'Lowest logged r_obs first',
    description: 'Samples with a logged r_obs, lowest first',
    filter: { ranges: [{ column: 'storedObs', includeMax: true }] },
    sort: { by: 'storedObs', descending: false },
  },
  // One queue per kind of logged-reward mismatch (shared/rewards/mismatchKinds.ts), each filtered on its own count.
  {
    id: 'preset:total-mismatch',
    name: 'Logged total ≠ formula',
    description: 'Chains whose logged total contradicts r = r_acc × (1 + r_obs + r_rea) + r_fmt of their logged parts; most such chains first',
    filter: { ranges: [{ column: 'mismatchTotal', min: 1, includeMax: true }] },
    sort: { by: 'mismatchTotal', descending: true },
  },
  {
    id: 'preset:advantage-mismatch',
    name: 'Logged advantage ≠ recomputed',
    description: 'Rollouts whose logged GRPO advantage disagrees with (r − group mean) / group std recomputed over their prompt’s group (sample std)',
    filter: { ranges: [{ column: 'mismatchAdvantage', min: 1, includeMax: true }] },
    sort: { by: 'mismatchAdvantage', descending: true },
  },
  {
    id: 'preset:fmt-mismatch',
    name: 'Logged r_fmt ≠ offline check',
    description: 'Chains whose logged r_fmt contradicts the offline tag check (tags closed and paired, one <answer>, nothing after it)',
    filter: { ranges: [{ column: 'mismatchFmt', min: 1, includeMax: true }] },
    sort: { by: 'mismatchFmt', descending: true },
  },
  {
    id: 'preset:acc-mismatch',
    name: 'Logged r_acc ≠ offline check',
    description: 'Chains whose logged r_acc contradicts the offline answer check (letter or text match with the ground truth)',
    filter: { ranges: [{ column: 'mismatchAcc', min: 1, includeMax: true }] },
    sort: { by: 'mismatchAcc', descending: true },
  },
  {
    id: 'preset:range-mismatch',
    name: 'Logged reward out of range',
    description: 'Logged components outside their range (r_acc, r_rea, r_fmt ∈ {0, 1}; r_obs ∈ [0, 1]; total ∈ [0, 4]); most first',
    filter: { ranges: [{ column: 'mismatchRange', min: 1, includeMax: true }] },
    sort: { by: 'mismatchRange', descending: true },
  },
  {
    id: 'preset:format-failures',
    name: 'Format failures',
    description: 'Chains whose tags fail the offline format check (r_fmt = 0)',
    filter: { ranges: [{ column: 'fmt', max: 0, includeMax: true }] },
    sort: BY_POSITION,
  },
  {
    id: 'preset:right-weak-evidence',
    name: 'Right answer, weak evidence',
    description: 'Correct answers whose observations the captions barely support (r_obs* < 0.5): lucky guesses or hallucinated steps',
    filter: { correct: true, ranges: [{ column: 'obsEstimate', max: 0.5, includeMax: false }] },
    sort: { by: 'obsEstimate', descending: false },
  },
  {
    id: 'preset:zero-variance',
    name: 'Zero-variance groups',
    description: 'Rollouts whose GRPO group has a single total (std = 0): no learning signal',
    filter: { ranges: [{ column: 'zeroVariance', min: 1, includeMax: true }] },
    sort: BY_POSITION,
  },
  {
    id: 'preset:grounding-problems',
    name: 'Grounding problems',
    description:
      "Records whose chain cites a time past the video's end, writes an interval end first, or cites an interval none of the record's own caption segments covers",
    filter: { problemCodes: [...GROUNDING_CODES] },
    sort: BY_POSITION,
  },
  {
    id: 'preset:past-end',
    name: 'Past the end',
    description: "Records whose chain cites a time past its video's end (the video's duration field, or its probed length)",
    filter: { problemCodes: ['past-end'] },
    sort: BY_POSITION,
  },
];

/** A queue never carries the search box's text (it is the list's own). */
function withoutText(filter: RecordFilter): RecordFilter {
  const rest = { ...filter };
  delete rest.text;
  return rest;
}

export const savedQueueId = (name: string): string => `saved:${name}`;

/** The list query a queue stands for (its first page). */
export function queueQuery(queue: Pick<QueueDefinition, 'filter' | 'sort'>, limit = 100): RecordQuery {
  return { filter: queue.filter, sort: queue.sort, offset: 0, limit };
}

/** A saved queue as a definition, or null when it no longer parses (an older or hand-edited entry). */
export function savedQueueDefinition(saved: SavedQueue): QueueDefinition | null {
  const filter = RecordFilter.safeParse(saved.filter);
  const by = SortKey.safeParse(saved.sort.by);
  if (!filter.success || !by.success) return null;
  const rest = withoutText(filter.data);
  return { id: savedQueueId(saved.name), name: saved.name, description: 'Saved queue', filter: rest, sort: { by: by.data, descending: saved.sort.descending } };
}

/** The current filter (without the search text) and sort, saved under `name`. */
export function toSavedQueue(name: string, filter: RecordFilter, sort: ListSort): SavedQueue {
  const rest = withoutText(filter);
  return {
    name: name.trim().slice(0, 200),
    filter: JSON.parse(JSON.stringify(rest)) as Record<string, unknown>,
    sort: { by: sort.by, descending: sort.descending },
  };
}

/** `queues` with `queue` added, replacing one of the same name (in its place); at most MAX_SAVED_QUEUES, oldest dropped. */
export function upsertQueue(queues: readonly SavedQueue[], queue: SavedQueue): SavedQueue[] {
  const index = queues.findIndex((q) => q.name === queue.name);
  if (index >= 0) return queues.map((q, i) => (i === index ? queue : q));
  return [...queues, queue].slice(-MAX_SAVED_QUEUES);
}

export function removeQueue(queues: readonly SavedQueue[], name: string): SavedQueue[] {
  return queues.filter((q) => q.name !== name);
}

/** Every queue the menu lists: the presets, then the saved ones that still parse. */
export function allQueues(saved: readonly SavedQueue[]): QueueDefinition[] {
  return [...PRESET_QUEUES, ...saved.map(savedQueueDefinition).filter((q): q is QueueDefinition => q !== null)];
}

/** The rank "next in queue" goes to from `rank` (undefined: the selection is not in the list), or null at the end. */
export function nextRank(rank: number | undefined, count: number, direction: 1 | -1 = 1): number | null {
  if (count <= 0) return null;
  if (rank === undefined) return direction === 1 ? 0 : count - 1;
  const next = rank + direction;
  return next >= 0 && next < count ? next : null;
}
