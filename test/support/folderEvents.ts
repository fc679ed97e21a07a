import * as fs from 'node:fs';

export interface FolderWaitOptions {
  /** Also watch the folders below `dir` (fs.watch's recursive mode). */
  recursive?: boolean;
  /** Gives up (rejects with the signal's reason) when it aborts: pass `AbortSignal.timeout(ms)` as a fail-safe deadline. */
  signal?: AbortSignal;
}

/**
 * Resolves once `condition` holds: checked now and again on every change the OS reports in `dir`
 * (fs.watch), so a test waits for a file to appear or grow without polling or a deadline of its own.
 */
export function whenInFolder(dir: string, condition: () => boolean, options: FolderWaitOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) return reject(signal.reason as Error);
    const watcher = fs.watch(dir, { recursive: options.recursive ?? false });
    const stop = (): void => {
      watcher.close();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      stop();
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort);
    const check = (): void => {
      let met: boolean;
      try {
        met = condition();
      } catch (error) {
        stop();
        return reject(error as Error);
      }
      if (!met) return;
      stop();
      resolve();
    };
    watcher.on('change', check);
    watcher.on('error', (error) => {
      stop();
      reject(error);
    });
    check();
  });
}
