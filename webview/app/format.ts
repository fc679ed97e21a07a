/** Words and numbers the page shows in several places (the status line, rewards), pure (no DOM). */
import type { IndexProgress } from '../../shared/records/recordSummary';

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

/** Up to 3 decimals, trailing zeros dropped: 2.5 → "2.5", 1 → "1", 0.33333 → "0.333". */
export function formatReward(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // Huge values would overflow `value * 1000`; they need no rounding anyway.
  if (Math.abs(value) >= 1e15) return String(value);
  return String(Math.round(value * 1000) / 1000);
}
