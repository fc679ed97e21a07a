/**
 * Runs at most `concurrency` tasks at a time, in the order asked, and shares work by key: while a
 * task for a key is queued or running, asking again returns the same promise (two thumbnails of the
 * same frame, or two panels wanting the same proxy, run ffmpeg once).
 */
export class KeyedLimiter {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly queue: (() => void)[] = [];
  private active = 0;

  constructor(private readonly concurrency: number) {
    if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, got ${concurrency}`);
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const promise = new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        this.active++;
        // Wrapped so a task that throws synchronously still settles and frees its slot. The key is
        // forgotten before settling, so a caller that asks again once this resolves starts afresh.
        Promise.resolve()
          .then(task)
          .then(
            (value) => {
              this.finish(key);
              resolve(value);
            },
            (error: unknown) => {
              this.finish(key);
              reject(error);
            },
          );
      });
    });
    this.inFlight.set(key, promise);
    this.pump();
    return promise;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.active + this.queue.length;
  }

  private finish(key: string): void {
    this.active--;
    this.inFlight.delete(key);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0) this.queue.shift()?.();
  }
}
