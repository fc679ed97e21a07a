import * as fs from 'node:fs';

/**
 * Resolves once `condition` holds: checked now and again on every change the OS reports in `dir`
 * (fs.watch), so a test waits for a file to appear or grow without polling or a deadline of its own.
 */
export function whenInFolder(dir: string, condition: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = fs.watch(dir);
    const check = (): void => {
      let met: boolean;
      try {
        met = condition();
      } catch (error) {
        watcher.close();
        return reject(error as Error);
      }
      if (!met) return;
      watcher.close();
      resolve();
    };
    watcher.on('change', check);
    watcher.on('error', (error) => {
      watcher.close();
      reject(error);
    });
    check();
  });
}
