/** The events the page's parts tell each other (besides the host's notifications, which the router brings). */
import type { RecordFilter } from '../../shared/list/recordQuery';
import type { IndexProgress } from '../../shared/records/recordSummary';
import type { SampleDetail } from '../../shared/sample/sample';
import { Events } from './events';
import type { PersistedState } from './state';

/** What the page's parts tell each other. */
export interface AppEventMap {
  /** Another record is being opened (its detail is not there yet). */
  sampleOpened: number;
  /** The sample view shows `detail` (first time, another completion, or again after an edit or `sampleStale`). */
  sampleShown: SampleDetail;
  /** The list's filter changed, search text included. */
  listFiltered: RecordFilter;
  /** The index grew (still indexing) or finished, once the list is built. */
  indexChanged: IndexProgress;
  /** The list was built (the first `init`) and the saved state's filter, sort and search put back. */
  listStarted: Readonly<PersistedState>;
}

export class AppEvents extends Events<AppEventMap> {}
