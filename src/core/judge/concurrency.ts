/**
 * Runs at most `concurrency` tasks at a time, in the order asked. Unlike the video side's
 * KeyedLimiter it shares nothing by key (every judge call is its own) and it knows about
 * cancellation: once `signal` aborts, queued tasks are not started but rejected with `onAbort()`.
 */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimit(concurrency: number, signal?: AbortSignal, onAbort: () => unknown = () => signal?.reason): Limit {
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  const queue: (() => void)[] = [];
  let active = 0;

  const pump = (): void => {
    while (active < concurrency && queue.length > 0) queue.shift()?.();
  };

  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        if (signal?.aborted) {
          reject(onAbort());
          return; // the pump that called this goes on with the next one
        }
        active++;
        // Wrapped so a task that throws synchronously still settles and frees its slot.
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => {
            active--;
            pump();
          });
      });
      pump();
    });
}
