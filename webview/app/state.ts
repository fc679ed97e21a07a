/**
 * What the Inspector remembers while its tab is hidden or the window reloads (VS Code's webview
 * getState/setState). Pure: parsing tolerates anything (an older layout, a hand-edited value) and
 * falls back to defaults field by field; writes are throttled by the caller-supplied writer.
 */
import { z } from 'zod';
import { RecordFilter, SortKey } from '../../shared/list/recordQuery';
import { throttle, type Scheduled } from './timing';

export const SplitSizes = z.object({
  /** Width of the sample list column, px. */
  list: z.number().min(120).max(4000),
  /** Width of the video + captions column, px. */
  media: z.number().min(160).max(4000),
});
export type SplitSizes = z.infer<typeof SplitSizes>;

export const DEFAULT_SPLIT: SplitSizes = { list: 340, media: 400 };

const ListSort = z.object({ by: SortKey, descending: z.boolean() });
export type ListSort = z.infer<typeof ListSort>;

export const SampleTab = z.enum(['sample', 'group', 'diff']);
export type SampleTab = z.infer<typeof SampleTab>;

export const PersistedState = z.object({
  version: z.literal(1).catch(1),
  /** Position (0-based record index) of the sample on show. */
  position: z.number().int().min(0).nullable().catch(null),
  /** Selected step card. */
  card: z.number().int().min(0).nullable().catch(null),
  completion: z.number().int().min(0).catch(0),
  /** Playback time of the video, seconds. */
  time: z.number().min(0).nullable().catch(null),
  /** The list's filter without its text (the search box's text is `search`, applied once search is ready). */
  filter: RecordFilter.catch({}),
  search: z.string().max(500).catch(''),
  sort: ListSort.catch({ by: 'position', descending: false }),
  /** The list's scroll, as the (fractional) row at the top of the viewport. */
  listTop: z.number().min(0).catch(0),
  split: SplitSizes.catch(DEFAULT_SPLIT),
  /** Whether the dataset view (histograms, scatter, reward by type) is open. */
  datasetOpen: z.boolean().catch(false),
  /** The sample column's tab: the sample itself, its GRPO group (rollouts), or its diff (edited, or several completions). */
  tab: SampleTab.catch('sample'),
  /** The review queue being walked (`preset:…` or `saved:<name>`), null when none. */
  queue: z.string().max(300).nullable().catch(null),
  /** The sample list is folded to a narrow strip. */
  listCollapsed: z.boolean().catch(false),
  /** The sample list's column widths (px) by column id; a column not named has its initial width. */
  listColumns: z.record(z.string().max(40), z.number().min(0).max(4000)).catch({}),
  /** The reward breakdown shows in full (else one line). */
  breakdownOpen: z.boolean().catch(false),
  /** The review controls show in full (else one line). */
  reviewOpen: z.boolean().catch(false),
});
export type PersistedState = z.infer<typeof PersistedState>;

export function defaultState(): PersistedState {
  return PersistedState.parse({});
}

/** Whatever getState() returned, as a usable state (defaults for what is missing or wrong). */
export function parseState(raw: unknown): PersistedState {
  const object = typeof raw === 'object' && raw !== null ? raw : {};
  const parsed = PersistedState.safeParse(object);
  return parsed.success ? parsed.data : defaultState();
}

/** The current state, written out at most every `interval` ms (and at once on `flush`). */
export class StateStore {
  private state: PersistedState;
  private readonly save: Scheduled;

  constructor(initial: unknown, write: (state: PersistedState) => void, interval = 400) {
    this.state = parseState(initial);
    this.save = throttle(() => write(this.state), interval);
  }

  get current(): Readonly<PersistedState> {
    return this.state;
  }

  update(patch: Partial<PersistedState>): void {
    this.state = { ...this.state, ...patch };
    this.save();
  }

  /** Write now (the page is being hidden or unloaded). */
  flush(): void {
    this.save.flush();
  }
}
