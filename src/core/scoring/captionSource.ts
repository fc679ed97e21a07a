import type { CaptionLibrary } from '../captions/captionLibrary';
import { CaptionIndex } from '../rewards/evidence/captionIndex';

/**
 * Caption indexes by video for a scoring run: looked up once per video in the caption files and kept
 * for the next records (a video's questions usually sit together; ReWatch has ~12 per video).
 */
export class CaptionSource {
  private readonly cache = new Map<string, CaptionIndex | null>();

  constructor(
    private readonly library: CaptionLibrary,
    readonly files: readonly string[],
    private readonly capacity = 64,
  ) {}

  /** Waits for the caption files' indexes so lookups are final. */
  ready(): Promise<void> {
    return this.library.whenReady(this.files);
  }

  indexFor(video: string | null): CaptionIndex | null {
    if (video === null || this.files.length === 0) return null;
    const cached = this.cache.get(video);
    if (cached !== undefined) {
      // Refresh its place: the map's order is the eviction order.
      this.cache.delete(video);
      this.cache.set(video, cached);
      return cached;
    }
    const found = this.library.lookup(this.files, video);
    const index = found === undefined || found === 'pending' ? null : new CaptionIndex(found.segments);
    if (found !== 'pending') {
      if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(video, index);
    }
    return index;
  }
}
