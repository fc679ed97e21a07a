/** Words and numbers of the status line, pure (no DOM). */
import type { IndexProgress } from '../shared/records/recordSummary';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  // Compare the rounded figure, so 1,048,575 bytes reads "1.0 MB", not "1024.0 KB".
  while (unit < units.length - 1 && Number(value.toFixed(unit === 0 ? 0 : 1)) >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** "indexing… 42%", "indexed", "indexing cancelled at 42%", "indexing failed: …". */
export function indexStateText(progress: IndexProgress): string {
  const percent = progress.totalBytes === 0 ? 100 : Math.round((100 * progress.bytesRead) / progress.totalBytes);
  if (progress.error) return `indexing failed: ${progress.error}`;
  if (progress.cancelled) return `indexing cancelled at ${percent}%`;
  if (!progress.done) return `indexing… ${percent}%`;
  if (progress.searchUnavailable !== undefined) return 'indexed (no full-text search)';
  return progress.searchReady ? 'indexed' : 'indexed (building search…)';
}
