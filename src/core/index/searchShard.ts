import type { FileProfile } from '../../../shared/records/fieldMapping';
import type { FileFormat } from '../reader/detectFormat';
import type { ByteRange, RawRecord } from '../reader/rawRecord';
import { extractRecord } from '../records/extractRecord';
import { parseRecord } from '../records/parseRecord';
import { searchText } from '../records/searchText';
import { openDatabase } from '../store/sqlite/openDatabase';
import type { SqliteDatabase } from '../store/sqlite/sqliteDatabase';
import { scannerFor } from './profileFile';

/**
 * Contentless (the text stays in the dataset) and without positions (no phrase queries, a seventh of
 * the size and twice the speed); rowid = the record's byte offset at index time (`search_key`), stable
 * whichever thread found it and across saves. Contentless delete lets a save replace an edited record's row.
 */
const SCHEMA =
  "CREATE VIRTUAL TABLE search USING fts5(question, body, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 2')";

export interface SearchShardOptions {
  filePath: string;
  format: FileFormat;
  profile: FileProfile;
  range?: ByteRange;
  maxRecordBytes?: number;
  shardPath: string;
  shouldStop?: () => boolean;
  onChunk?: (bytesRead: number) => void;
}

/** Writes one full-text shard file, in transactions of a few thousand rows. */
export class SearchShardWriter {
  private readonly db: SqliteDatabase;
  private readonly flushRows: () => void;
  private rows: [number, string, string][] = [];

  constructor(shardPath: string) {
    this.db = openDatabase(shardPath);
    this.db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF'); // a cache: a crash means a rebuild
    this.db.exec(`DROP TABLE IF EXISTS search; ${SCHEMA}`);
    const insert = this.db.prepare<[number, string, string]>('INSERT INTO search (rowid, question, body) VALUES (?, ?, ?)');
    this.flushRows = this.db.transaction(() => {
      for (const row of this.rows) insert.run(...row);
      this.rows = [];
    });
  }

  /** Adds a record's text under its byte offset. */
  add(byteOffset: number, question: string, body: string): void {
    this.rows.push([byteOffset, question, body]);
    if (this.rows.length >= 500) this.flushRows();
  }

  close(): void {
    if (this.rows.length > 0) this.flushRows();
    this.db.close();
  }
}

/**
 * Builds one full-text shard for the records of a file range. Runs after the records are indexed
 * (search is the slowest part and the list must not wait for it); each parse thread builds its own.
 * Returns false when stopped.
 */
export function buildSearchShard(options: SearchShardOptions): boolean {
  const writer = new SearchShardWriter(options.shardPath);
  try {
    const { profile } = options;
    return scannerFor(options.format)(
      options.filePath,
      (raw: RawRecord) => {
        if (raw.oversize !== undefined) return;
        try {
          const parsed = parseRecord(raw);
          if (parsed.value === undefined) return;
          const text = searchText(extractRecord(parsed.value, profile));
          if (text !== undefined && (text.question !== '' || text.body !== '')) writer.add(raw.byteOffset, text.question, text.body);
        } catch {
          // A record the indexer could not analyse either (it is listed as a problem): not searchable.
        }
      },
      { range: options.range, maxRecordBytes: options.maxRecordBytes, shouldStop: options.shouldStop, onChunk: options.onChunk },
    );
  } finally {
    writer.close();
  }
}

/** A save rewrote these records: their rows in every shard are replaced by their new text (in shard 0). */
export function replaceSearchRows(shardPaths: readonly string[], rows: readonly { key: number; question: string; body: string }[]): void {
  if (shardPaths.length === 0 || rows.length === 0) return;
  shardPaths.forEach((shardPath, i) => {
    const db = openDatabase(shardPath);
    try {
      db.transaction(() => {
        const remove = db.prepare<[number]>('DELETE FROM search WHERE rowid = ?');
        const insert = db.prepare<[number, string, string]>('INSERT INTO search (rowid, question, body) VALUES (?, ?, ?)');
        for (const row of rows) {
          remove.run(row.key);
          if (i === 0 && (row.question !== '' || row.body !== '')) insert.run(row.key, row.question, row.body);
        }
      })();
    } finally {
      db.close();
    }
  });
}
