/**
 * The sample list's pages of rows, pure (no DOM, no timers) so it can be unit tested. Rows are
 * addressed by rank (their index in the filtered, sorted list). A new query bumps the generation, so
 * replies to an older query are recognised and dropped. Far pages are evicted to bound memory.
 */

export interface PageSlot<Row> {
  rows: Row[] | undefined;
  /** The generation the rows (or the fetch in flight) belong to. */
  generation: number;
  loading: boolean;
  /** Rows are shown but a newer fetch should replace them (the index grew while indexing). */
  stale: boolean;
}

/** The page indexes that hold ranks first..last (inclusive). */
export function pagesFor(first: number, last: number, pageSize: number): number[] {
  if (last < first || pageSize <= 0) return [];
  const pages: number[] = [];
  for (let page = Math.floor(first / pageSize); page <= Math.floor(last / pageSize); page++) pages.push(page);
  return pages;
}

/** Pages to evict: all beyond `maxPages`, farthest from `centerPage` first. */
export function pagesToDrop(cached: readonly number[], centerPage: number, maxPages: number): number[] {
  if (cached.length <= maxPages) return [];
  const byDistance = [...cached].sort((a, b) => Math.abs(b - centerPage) - Math.abs(a - centerPage) || b - a);
  return byDistance.slice(0, cached.length - maxPages);
}

export class PageCache<Row> {
  private readonly slots = new Map<number, PageSlot<Row>>();
  private currentGeneration = 0;

  constructor(
    readonly pageSize: number,
    readonly maxPages = 30,
  ) {}

  get generation(): number {
    return this.currentGeneration;
  }

  /** Forget every page (a new filter or sort): replies to earlier fetches will be ignored. */
  reset(): number {
    this.slots.clear();
    return ++this.currentGeneration;
  }

  /** Keep the rows on screen but mark them for refetching (the list changed underneath while indexing). */
  markStale(): void {
    for (const slot of this.slots.values()) slot.stale = true;
  }

  row(rank: number): Row | undefined {
    const slot = this.slots.get(Math.floor(rank / this.pageSize));
    return slot?.rows?.[rank % this.pageSize];
  }

  /** Every cached row with its rank. */
  *entries(): IterableIterator<[number, Row]> {
    for (const [page, slot] of this.slots) {
      const rows = slot.rows ?? [];
      for (let i = 0; i < rows.length; i++) yield [page * this.pageSize + i, rows[i]];
    }
  }

  /** Pages among `pages` that need a fetch now (missing or stale, and not already being fetched). */
  needed(pages: readonly number[]): number[] {
    return pages.filter((page) => {
      const slot = this.slots.get(page);
      return slot === undefined || (!slot.loading && (slot.rows === undefined || slot.stale));
    });
  }

  /** Records that a fetch of `page` started; returns the generation to hand back to `fill`. */
  startFetch(page: number): number {
    const slot = this.slots.get(page);
    if (slot) {
      slot.loading = true;
      slot.generation = this.currentGeneration;
    } else this.slots.set(page, { rows: undefined, generation: this.currentGeneration, loading: true, stale: false });
    return this.currentGeneration;
  }

  /** Stores a fetched page; false (and nothing stored) when it answers an older query. */
  fill(page: number, generation: number, rows: Row[]): boolean {
    if (generation !== this.currentGeneration) return false;
    this.slots.set(page, { rows, generation, loading: false, stale: false });
    return true;
  }

  /** A fetch failed: let a later `needed` ask again. */
  failed(page: number, generation: number): void {
    const slot = this.slots.get(page);
    if (slot && generation === this.currentGeneration) {
      slot.loading = false;
      if (slot.rows === undefined) this.slots.delete(page);
    }
  }

  /** Evicts pages far from `centerPage`; returns the ones dropped. */
  trim(centerPage: number): number[] {
    const dropped = pagesToDrop([...this.slots.keys()], centerPage, this.maxPages);
    for (const page of dropped) this.slots.delete(page);
    return dropped;
  }
}
