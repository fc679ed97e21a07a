import { sqliteDriver } from '../../core/store/sqlite/openDatabase';
import type { BuiltIndex } from '../buildIndex';
import { EXIT, type Io } from '../cliContext';

/** `index FILE`: builds (or finds) the index and reports throughput and the process's peak memory. */
export function indexCommand(file: string, index: BuiltIndex, fileBytes: number, json: boolean, io: Io): number {
  const seconds = index.ms / 1000;
  const report = {
    file,
    dbPath: index.store.path,
    reused: index.reused,
    records: index.progress.records,
    malformed: index.progress.malformed,
    bytes: fileBytes,
    firstRecordsMs: index.firstRecordsMs === undefined ? null : Math.round(index.firstRecordsMs),
    recordsMs: index.recordsMs === undefined ? null : Math.round(index.recordsMs),
    ms: Math.round(index.ms),
    mbPerSecond: fileBytes / 1048576 / seconds,
    recordsPerSecond: index.progress.records / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    sqlite: sqliteDriver(),
    /** "ready", or why this index has no full-text search. */
    search: index.progress.searchUnavailable ?? (index.progress.searchReady ? 'ready' : 'cancelled'),
  };
  if (json) io.out(`${JSON.stringify(report)}\n`);
  else {
    const what = index.reused ? 'index reused (file unchanged)' : 'indexed';
    io.out(
      `${file}: ${what}: ${report.records.toLocaleString('en-US')} records (${report.malformed.toLocaleString('en-US')} malformed) in ${seconds.toFixed(2)} s` +
        (report.recordsMs === null || index.reused
          ? ''
          : ` (records ready after ${(report.recordsMs / 1000).toFixed(2)} s, first 100 after ${report.firstRecordsMs} ms; the rest is full-text search)`) +
        ` · ${report.mbPerSecond.toFixed(0)} MB/s · ${Math.round(report.recordsPerSecond).toLocaleString('en-US')} records/s · peak RSS ${report.peakRssMb.toFixed(0)} MB\n` +
        `index: ${report.dbPath} (SQLite through ${report.sqlite})\n` +
        (report.search === 'ready' ? '' : `full-text search: ${report.search}\n`),
    );
  }
  return EXIT.ok;
}
