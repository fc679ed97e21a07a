import Database from 'better-sqlite3';
import type { Problem, RecordKind, RecordSummary, Severity } from '../../../shared/records';
import type { RecordStore, StoreOptions } from './recordStore';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  position    INTEGER PRIMARY KEY,
  line        INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  byte_length INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  record_id   TEXT,
  video       TEXT,
  question    TEXT,
  malformed   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS problems (
  line        INTEGER NOT NULL,
  col         INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  byte_length INTEGER NOT NULL,
  severity    TEXT NOT NULL,
  code        TEXT NOT NULL,
  message     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS problems_by_offset ON problems(byte_offset);
`;

interface RecordRow {
  position: number;
  line: number;
  byte_offset: number;
  byte_length: number;
  kind: RecordKind;
  record_id: string | null;
  video: string | null;
  question: string | null;
  malformed: number;
}

interface ProblemRow {
  line: number;
  col: number;
  byte_offset: number;
  byte_length: number;
  severity: Severity;
  code: string;
  message: string;
}

/** `RecordStore` on SQLite through better-sqlite3, in WAL mode so one writer and many readers can overlap. */
export class SqliteRecordStore implements RecordStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<SqliteRecordStore['prepare']>;
  private readonly appendBatch: (records: readonly RecordSummary[], problems: readonly Problem[]) => void;

  constructor(filePath: string, options: StoreOptions = {}) {
    this.db = new Database(filePath, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);
    }
    this.statements = this.prepare(options.readonly ?? false);
    this.appendBatch = this.db.transaction((records: readonly RecordSummary[], problems: readonly Problem[]) => {
      const { insertRecord, insertProblem } = this.statements;
      if (!insertRecord || !insertProblem) throw new Error('This record store was opened read-only.');
      for (const r of records) {
        insertRecord.run(r.position, r.line, r.byteOffset, r.byteLength, r.kind, r.id, r.video, r.question, r.malformed ? 1 : 0);
      }
      for (const p of problems) {
        insertProblem.run(p.line, p.column, p.byteOffset, p.byteLength, p.severity, p.code, p.message);
      }
    });
  }

  private prepare(readonly: boolean) {
    return {
      insertRecord: readonly ? undefined : this.db.prepare('INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertProblem: readonly ? undefined : this.db.prepare('INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?, ?)'),
      page: this.db.prepare<[number, number], RecordRow>('SELECT * FROM records WHERE position >= ? ORDER BY position LIMIT ?'),
      count: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM records'),
      malformed: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM records WHERE malformed = 1'),
      problems: this.db.prepare<[number], ProblemRow>('SELECT * FROM problems ORDER BY byte_offset LIMIT ?'),
    };
  }

  append(records: readonly RecordSummary[], problems: readonly Problem[]): void {
    this.appendBatch(records, problems);
  }

  page(start: number, limit: number): RecordSummary[] {
    return this.statements.page.all(start, limit).map(toSummary);
  }

  count(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  malformedCount(): number {
    return this.statements.malformed.get()?.n ?? 0;
  }

  problems(limit: number): Problem[] {
    return this.statements.problems.all(limit).map((row) => ({
      line: row.line,
      column: row.col,
      byteOffset: row.byte_offset,
      byteLength: row.byte_length,
      severity: row.severity,
      code: row.code,
      message: row.message,
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toSummary(row: RecordRow): RecordSummary {
  return {
    position: row.position,
    line: row.line,
    byteOffset: row.byte_offset,
    byteLength: row.byte_length,
    kind: row.kind,
    id: row.record_id,
    video: row.video,
    question: row.question,
    malformed: row.malformed === 1,
  };
}
