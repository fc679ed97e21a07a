import * as fs from 'node:fs';

/** What saving over `file` would do that its owner may not want; undefined when there is no file yet. */
export interface ReplaceConcerns {
  /** The file is not writable: the save replaces it anyway (the folder is), keeping it read-only. */
  readOnly: boolean;
  /** Other hard links to the file, which keep the old contents (the save writes a new file). */
  otherLinks: number;
}

export async function replaceConcerns(file: string): Promise<ReplaceConcerns | undefined> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    return undefined;
  }
  const writable = await fs.promises.access(file, fs.constants.W_OK).then(
    () => true,
    () => false,
  );
  // Root may write anything: the mode says whether its owner meant it to be read-only.
  const readOnly = !writable || (process.getuid?.() === 0 && (stat.mode & 0o222) === 0);
  return { readOnly, otherLinks: Math.max(0, stat.nlink - 1) };
}
