import type { Problem, RecordSummary } from '../../../shared/records/recordSummary';
import { RecordFilter as RecordFilterSchema, RecordQuery as RecordQuerySchema } from '../../../shared/list/recordQuery';
import type {
  CountColumn,
  GroupMean,
  Histogram,
  NumericColumn,
  QueryResult,
  RecordFilter,
  RecordQuery,
  Scatter,
  SortKey,
  ValueCount,
} from '../../../shared/list/recordQuery';
import { COLUMN as CATALOGUE, COLUMNS, type ColumnType, type ColumnValues } from '../../../shared/rewards/rewardColumns';
import type { ColumnUpdate } from './recordStore';
import { toFtsQuery } from './ftsQuery';
import { openDatabase } from './sqlite/openDatabase';
import type { SqliteDatabase } from './sqlite/sqliteDatabase';
import type { IndexBatch, IndexMeta, RecordStore, SavedRecord, StoreOptions } from './recordStore';

/**
 * Bump when the tables change, or what a column holds (8: `steps` counts the chain's cards, not its
 * action/observation pairs): an index from another version is rebuilt, never misread.
 */
// Stryker disable next-line StringLiteral: only compared with itself (openIndex); older indexes carry '1'..'7', never '', so '' tells them apart just the same
export const STORE_VERSION = '8';

// Stryker disable next-line StringLiteral: only JS numbers (and 0/1) are ever written to these columns, and SQLite hands the same numbers back with or without a declared type
const SQL_TYPE: Record<ColumnType, string> = { real: 'REAL', int: 'INTEGER', bool: 'INTEGER' };

/** The catalogue's columns as the index keeps them (their order in the table does not matter: inserts name them). */
const CATALOGUE_COLUMNS = COLUMNS.map((c) => `  ${c.sql} ${SQL_TYPE[c.type]}${'required' in c && c.required ? ' NOT NULL' : ''},`).join('\n');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
  position      INTEGER PRIMARY KEY,
  line          INTEGER NOT NULL,
  byte_offset   INTEGER NOT NULL,
  byte_length   INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  record_id     TEXT,
  video         TEXT,
  source        TEXT,
  question      TEXT,
  answer        TEXT,
  question_type TEXT,
  category      TEXT,
  cited_start   REAL,
  prompt_id     TEXT,
  malformed     INTEGER NOT NULL,
${CATALOGUE_COLUMNS}
  -- The record's byte offset when it was indexed: its full-text rowid, which saves do not shift.
  search_key    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS problems (
  position    INTEGER,
  line        INTEGER NOT NULL,
  col         INTEGER NOT NULL,
  end_line    INTEGER NOT NULL,
  end_col     INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  byte_length INTEGER NOT NULL,
  severity    TEXT NOT NULL,
  code        TEXT NOT NULL,
  message     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS problems_by_position ON problems(position);
CREATE INDEX IF NOT EXISTS problems_by_code ON problems(code, position);
`;

/**
 * Rows a parse thread wrote before the threads ahead of it finished sit at PENDING_BASE × thread +
 * their local position; readers never see them until they are moved to their final positions.
 */
export const PENDING_BASE = 2 ** 40;

/** Built once the bulk load is over (cheaper than maintaining them row by row). */
const SECONDARY_INDEXES = `
CREATE INDEX IF NOT EXISTS records_by_kind ON records(kind);
CREATE INDEX IF NOT EXISTS records_by_reward ON records(reward);
CREATE INDEX IF NOT EXISTS records_by_problems ON records(problems);
CREATE UNIQUE INDEX IF NOT EXISTS records_by_offset ON records(byte_offset);
CREATE INDEX IF NOT EXISTS records_by_id ON records(record_id);
CREATE INDEX IF NOT EXISTS records_by_video ON records(video);
CREATE INDEX IF NOT EXISTS records_by_prompt ON records(prompt_id);
CREATE INDEX IF NOT EXISTS records_by_search_key ON records(search_key);
`;

/** Stored-reward mismatches found at index time plus the advantage mismatch the scoring pass finds (adv_mismatch: the catalogue's mismatchAdvantage). */
const MISMATCHES = '(mismatches + coalesce(adv_mismatch, 0))';

const COLUMN: Record<SortKey | Exclude<CountColumn, 'problemCode'> | NumericColumn, string> = {
  position: 'position',
  id: 'record_id',
  kind: 'kind',
  listedKind: "(CASE WHEN malformed = 1 THEN 'malformed' ELSE kind END)",
  category: 'category',
  questionType: 'question_type',
  source: 'source',
  ...(Object.fromEntries(COLUMNS.map((c) => [c.key, c.sql])) as Record<NumericColumn, string>),
  mismatches: MISMATCHES,
};

/** The base columns of a row; the catalogue's columns come by their `sql` names. */
interface BaseRow {
  position: number;
  line: number;
  byte_offset: number;
  byte_length: number;
  kind: RecordSummary['kind'];
  record_id: string | null;
  video: string | null;
  source: string | null;
  question: string | null;
  answer: string | null;
  question_type: RecordSummary['questionType'];
  category: string | null;
  cited_start: number | null;
  prompt_id: string | null;
  malformed: number;
  search_key: number;
}
type RecordRow = BaseRow & Record<string, number | string | null>;

/** The base columns an insert names, then the catalogue's. */
const INSERT_COLUMNS = [
  'position',
  'line',
  'byte_offset',
  'byte_length',
  'kind',
  'record_id',
  'video',
  'source',
  'question',
  'answer',
  'question_type',
  'category',
  'cited_start',
  'prompt_id',
  'malformed',
  ...COLUMNS.map((c) => c.sql),
  'search_key',
];

/** A summary's value as SQLite keeps it (booleans as 0/1). */
function toSql(value: number | boolean | null): number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

interface ProblemRow {
  position: number | null;
  line: number;
  col: number;
  end_line: number;
  end_col: number;
  byte_offset: number;
  byte_length: number;
  severity: Problem['severity'];
  code: string;
  message: string;
}

type Params = (string | number)[];

/** `RecordStore` on SQLite (node:sqlite or better-sqlite3), in WAL mode so one writer and many readers can overlap. */
export class SqliteRecordStore implements RecordStore {
  private readonly db: SqliteDatabase;
  private readonly statements: ReturnType<SqliteRecordStore['prepare']>;
  private readonly appendBatch: (batch: IndexBatch) => void;
  private readonly writeMeta: (meta: IndexMeta) => void;
  private searchShards = 0;

  constructor(
    readonly path: string,
    options: StoreOptions = {},
  ) {
    const readonly = options.readonly ?? false;
    this.db = openDatabase(path, { readonly, onCorrupt: options.onCorrupt });
    if (!readonly) {
      // An index is a cache: a crash costs a re-index, never the dataset, so skip the fsyncs.
      this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF');
      this.db.exec(SCHEMA);
    }
    this.statements = this.prepare(readonly);
    this.appendBatch = this.db.transaction((batch: IndexBatch) => {
      const { insertRecord, insertProblem } = this.writable();
      for (const r of batch.records) {
        insertRecord.run(
          r.position,
          r.line,
          r.byteOffset,
          r.byteLength,
          r.kind,
          r.id,
          r.video,
          r.source,
          r.question,
          r.answer,
          r.questionType,
          r.category,
          r.citedStart,
          r.promptId,
          r.malformed ? 1 : 0,
          ...COLUMNS.map((c) => toSql(r[c.key])),
          r.byteOffset,
        );
      }
      for (const p of batch.problems) {
        insertProblem.run(p.position ?? null, p.line, p.column, p.endLine, p.endColumn, p.byteOffset, p.byteLength, p.severity, p.code, p.message);
      }
    });
    this.writeMeta = this.db.transaction((meta: IndexMeta) => {
      const { upsertMeta } = this.writable();
      for (const [key, value] of Object.entries(meta)) upsertMeta.run(key, value);
    });
  }

  private prepare(readonly: boolean) {
    const write = readonly
      ? undefined
      : {
          insertRecord: this.db.prepare(`INSERT INTO records (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`),
          insertProblem: this.db.prepare('INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
          upsertMeta: this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
        };
    return {
      write,
      page: this.db.prepare<[number, number], RecordRow>(`SELECT * FROM records WHERE position >= ? AND position < ${PENDING_BASE} ORDER BY position LIMIT ?`),
      at: this.db.prepare<[number], RecordRow>(`SELECT * FROM records WHERE position = ? AND position < ${PENDING_BASE}`),
      count: this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM records WHERE position < ${PENDING_BASE}`),
      malformed: this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM records WHERE malformed = 1 AND position < ${PENDING_BASE}`),
      problems: this.db.prepare<[number, number], ProblemRow>('SELECT * FROM problems ORDER BY byte_offset, rowid LIMIT ? OFFSET ?'),
      problemCount: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM problems'),
      problemsOf: this.db.prepare<[number], ProblemRow>('SELECT * FROM problems WHERE position = ? ORDER BY rowid'),
      meta: this.db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta'),
    };
  }

  private writable() {
    if (!this.statements.write) throw new Error('This record store was opened read-only.');
    return this.statements.write;
  }

  append(batch: IndexBatch): void {
    this.appendBatch(batch);
  }

  finish(meta: IndexMeta): void {
    this.db.exec(SECONDARY_INDEXES);
    this.writeMeta({ ...meta, complete: '1' });
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  shiftPositions(from: number, to: number, delta: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE records SET position = position + ? WHERE position >= ? AND position < ?').run(delta, from, to);
      this.db.prepare('UPDATE problems SET position = position + ? WHERE position >= ? AND position < ?').run(delta, from, to);
    })();
  }

  attachSearch(shardPaths: readonly string[]): void {
    if (this.searchShards > 0) return;
    shardPaths.forEach((file, i) => this.db.prepare(`ATTACH DATABASE ? AS search${i}`).run(file));
    this.searchShards = shardPaths.length;
  }

  setMeta(meta: IndexMeta): void {
    this.writeMeta(meta);
  }

  meta(): IndexMeta {
    return Object.fromEntries(this.statements.meta.all().map((row) => [row.key, row.value]));
  }

  page(start: number, limit: number): RecordSummary[] {
    return this.statements.page.all(start, limit).map(toSummary);
  }

  recordAt(position: number): RecordSummary | undefined {
    const row = this.statements.at.get(position);
    return row && toSummary(row);
  }

  query(input: RecordQuery): QueryResult {
    const query = RecordQuerySchema.parse(input);
    const { where, params } = whereClause(query.filter, this.searchShards);
    const order = orderBy(query.sort);
    const total = this.db.prepare<Params, { n: number }>(`SELECT count(*) AS n FROM records ${where}`).get(...params)?.n ?? 0;
    const rows = this.db
      .prepare<Params, RecordRow>(`SELECT * FROM records ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset);
    return { total, offset: query.offset, records: rows.map(toSummary) };
  }

  rankOf(input: RecordQuery, position: number): number | null {
    const query = RecordQuerySchema.parse(input);
    const { where, params } = whereClause(query.filter, this.searchShards);
    // Stryker disable next-line BlockStatement: the window query below gives the same rank for a position sort; this branch is only faster
    if (query.sort.by === 'position') {
      // The common case stays an index range count: no window over the whole table.
      const row = this.db
        .prepare<Params, { hit: number; before: number }>(
          `SELECT sum(position = ?) AS hit, sum(position ${query.sort.descending ? '>' : '<'} ?) AS before FROM records ${where}`,
        )
        .get(position, position, ...params);
      return row && row.hit > 0 ? row.before : null;
    }
    const row = this.db
      .prepare<Params, { rank: number }>(
        `SELECT rank FROM (SELECT position, row_number() OVER (ORDER BY ${orderBy(query.sort)}) - 1 AS rank FROM records ${where}) WHERE position = ?`,
      )
      .get(...params, position);
    return row?.rank ?? null;
  }

  count(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  malformedCount(): number {
    return this.statements.malformed.get()?.n ?? 0;
  }

  // Stryker disable next-line ArrayDeclaration: a default code to skip changes nothing unless a real code equals it, and codes are the catalogue's kebab-case names
  problems(limit: number, offset = 0, skipCodes: readonly string[] = []): Problem[] {
    if (skipCodes.length === 0) return this.statements.problems.all(limit, offset).map(toProblem);
    return this.db
      .prepare<Params, ProblemRow>(
        `SELECT * FROM problems WHERE code NOT IN (${skipCodes.map(() => '?').join(', ')}) ORDER BY byte_offset, rowid LIMIT ? OFFSET ?`,
      )
      .all(...skipCodes, limit, offset)
      .map(toProblem);
  }

  problemCount(): number {
    return this.statements.problemCount.get()?.n ?? 0;
  }

  problemsOf(position: number): Problem[] {
    return this.statements.problemsOf.all(position).map(toProblem);
  }

  countsBy(column: CountColumn, limit = 100, filter: RecordFilter = {}): ValueCount[] {
    const { where, params } = whereClause(RecordFilterSchema.parse(filter), this.searchShards);
    if (column === 'problemCode') {
      // Records holding each code (a record with the code twice counts once).
      return this.db
        .prepare<Params, { value: string; count: number }>(
          `SELECT code AS value, count(DISTINCT position) AS count FROM problems WHERE position IN (SELECT position FROM records ${where}) GROUP BY code ORDER BY count DESC, value LIMIT ?`,
        )
        .all(...params, limit);
    }
    const name = COLUMN[column as Exclude<CountColumn, 'problemCode'>];
    return this.db
      .prepare<Params, { value: string | number | null; count: number }>(
        `SELECT ${name} AS value, count(*) AS count FROM records ${where} GROUP BY ${name} ORDER BY count DESC, value LIMIT ?`,
      )
      .all(...params, limit);
  }

  histogram(column: NumericColumn, bins: number, filter: RecordFilter = {}): Histogram {
    const name = COLUMN[column];
    const { where, params } = whereClause(RecordFilterSchema.parse(filter), this.searchShards);
    const stats = this.db
      .prepare<Params, { n: number; lo: number | null; hi: number | null; mean: number | null }>(
        `SELECT count(${name}) AS n, min(${name}) AS lo, max(${name}) AS hi, avg(${name}) AS mean FROM records ${where}`,
      )
      .get(...params) ?? { n: 0, lo: null, hi: null, mean: null };
    const result: Histogram = { column, count: stats.n, min: stats.lo, max: stats.hi, mean: stats.mean, bins: [] };
    if (stats.lo === null || stats.hi === null) return result;
    const count = Math.max(1, Math.floor(bins));
    const width = stats.hi > stats.lo ? (stats.hi - stats.lo) / count : 1;
    result.bins = Array.from({ length: stats.hi > stats.lo ? count : 1 }, (_, i) => ({
      from: stats.lo! + i * width,
      to: stats.lo! + (i + 1) * width,
      count: 0,
    }));
    const notNull = `${where} AND ${name} IS NOT NULL`;
    const rows = this.db
      .prepare<Params, { bin: number; n: number }>(
        `SELECT min(CAST((${name} - ?) / ? AS INTEGER), ?) AS bin, count(*) AS n FROM records ${notNull} GROUP BY bin`,
      )
      .all(stats.lo, width, result.bins.length - 1, ...params);
    for (const row of rows) result.bins[row.bin].count = row.n;
    return result;
  }

  scatter(x: NumericColumn, y: NumericColumn, bins: number, filter: RecordFilter = {}): Scatter {
    const [cx, cy] = [COLUMN[x], COLUMN[y]];
    const { where, params } = whereClause(RecordFilterSchema.parse(filter), this.searchShards);
    const both = `${where} AND ${cx} IS NOT NULL AND ${cy} IS NOT NULL`;
    const stats = this.db
      .prepare<Params, { n: number; x0: number | null; x1: number | null; y0: number | null; y1: number | null }>(
        `SELECT count(*) AS n, min(${cx}) AS x0, max(${cx}) AS x1, min(${cy}) AS y0, max(${cy}) AS y1 FROM records ${both}`,
      )
      .get(...params) ?? { n: 0, x0: null, x1: null, y0: null, y1: null };
    const result: Scatter = { x, y, count: stats.n, xMin: stats.x0, xMax: stats.x1, yMin: stats.y0, yMax: stats.y1, cells: [] };
    // Stryker disable next-line ConditionalExpression: no pair (n = 0) means the minima and maxima are null, which the other tests catch
    if (stats.n === 0 || stats.x0 === null || stats.x1 === null || stats.y0 === null || stats.y1 === null) return result;
    const count = Math.max(1, Math.floor(bins));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with hi = lo every value is lo and falls in bin 0 whatever the last bin is
    const axis = (lo: number, hi: number) => ({ lo, width: hi > lo ? (hi - lo) / count : 1, last: hi > lo ? count - 1 : 0 });
    const ax = axis(stats.x0, stats.x1);
    const ay = axis(stats.y0, stats.y1);
    const rows = this.db
      .prepare<Params, { bx: number; by: number; n: number }>(
        `SELECT min(CAST((${cx} - ?) / ? AS INTEGER), ?) AS bx, min(CAST((${cy} - ?) / ? AS INTEGER), ?) AS by, count(*) AS n FROM records ${both} GROUP BY bx, by ORDER BY bx, by`,
      )
      .all(ax.lo, ax.width, ax.last, ay.lo, ay.width, ay.last, ...params);
    result.cells = rows.map((r) => ({
      xFrom: ax.lo + r.bx * ax.width,
      xTo: ax.lo + (r.bx + 1) * ax.width,
      yFrom: ay.lo + r.by * ay.width,
      yTo: ay.lo + (r.by + 1) * ay.width,
      count: r.n,
    }));
    return result;
  }

  meanBy(by: 'category' | 'questionType', column: NumericColumn, filter: RecordFilter = {}): GroupMean[] {
    const [group, value] = [COLUMN[by], COLUMN[column]];
    const { where, params } = whereClause(RecordFilterSchema.parse(filter), this.searchShards);
    return this.db
      .prepare<Params, GroupMean>(
        `SELECT ${group} AS value, count(${value}) AS count, avg(${value}) AS mean FROM records ${where} GROUP BY ${group} ORDER BY count DESC, value LIMIT 200`,
      )
      .all(...params);
  }

  updateColumns(updates: readonly ColumnUpdate[]): void {
    this.db.transaction(() => {
      for (const { position, values } of updates) {
        const keys = (Object.keys(values) as NumericColumn[]).filter((key) => values[key] !== undefined);
        if (keys.length === 0) continue;
        // Statements are cached by their text: one per set of columns.
        this.db
          .prepare(`UPDATE records SET ${keys.map((key) => `${CATALOGUE[key].sql} = ?`).join(', ')} WHERE position = ?`)
          .run(...keys.map((key) => toSql(values[key] ?? null)), position);
      }
    })();
  }

  /**
   * GRPO advantages of single-rollout records grouped by prompt id, from their logged totals:
   * (r − mean) / (std + ε) with the sample std (N − 1) as verl, EasyR1 and TRL compute it, 0 when the
   * group's totals are all equal; and whether the logged advantage disagrees.
   */
  computeGroupAdvantages(epsilon: number, tolerance: number): void {
    this.db.exec(`
      UPDATE records SET adv_calc = NULL, adv_mismatch = NULL WHERE prompt_id IS NOT NULL;
      WITH g AS (
        SELECT prompt_id, avg(reward) AS m, count(reward) AS n, max(reward) - min(reward) AS spread
        FROM records WHERE prompt_id IS NOT NULL AND reward IS NOT NULL AND position < ${PENDING_BASE} GROUP BY prompt_id HAVING count(reward) > 1
      ), s AS (
        SELECT g.prompt_id, g.m, g.spread, sqrt(sum((r.reward - g.m) * (r.reward - g.m)) / (g.n - 1)) AS sd
        FROM records r JOIN g ON r.prompt_id = g.prompt_id WHERE r.reward IS NOT NULL GROUP BY g.prompt_id
      )
      UPDATE records SET
        adv_calc = CASE WHEN s.spread <= 1e-12 THEN 0.0 ELSE (records.reward - s.m) / (s.sd + ${epsilon}) END,
        zero_var = (s.spread <= 1e-12)
      FROM s WHERE records.prompt_id = s.prompt_id AND records.reward IS NOT NULL;
      UPDATE records SET adv_mismatch = (abs(advantage - adv_calc) > ${tolerance} * max(1.0, abs(adv_calc)))
      WHERE adv_calc IS NOT NULL AND advantage IS NOT NULL;
    `);
  }

  /**
   * After a save rewrote records in place: each saved record's new row and problems (analyzed at its
   * new offset), and every other record and problem after it shifted by the bytes and lines the saved
   * records grew or shrank. Offsets are matched against the old layout; full-text keys do not move.
   * Returns the saved records' full-text keys (to re-index their text).
   */
  applySave(saved: readonly SavedRecord[]): Map<number, number> {
    const sorted = [...saved].sort((a, b) => a.oldByteOffset - b.oldByteOffset);
    const keys = new Map<number, number>();
    this.db.transaction(() => {
      const shiftRecords = this.db.prepare(
        'UPDATE records SET byte_offset = -(byte_offset + ?) - 1, line = line + ? WHERE byte_offset >= ? AND byte_offset < ?',
      );
      const shiftProblems = this.db.prepare(
        'UPDATE problems SET byte_offset = byte_offset + ?, line = line + ?, end_line = end_line + ? WHERE byte_offset >= ? AND byte_offset < ?',
      );
      let bytes = 0;
      let lines = 0;
      for (const [i, record] of sorted.entries()) {
        bytes += record.summary.byteLength - record.oldByteLength;
        lines += record.lineDelta;
        const from = record.oldByteOffset + record.oldByteLength;
        const to = sorted[i + 1]?.oldByteOffset ?? Number.MAX_SAFE_INTEGER;
        // Negated first: shifting in place would collide with the unique offset index on the way.
        if (bytes !== 0 || lines !== 0) {
          shiftProblems.run(bytes, lines, lines, from, to);
          shiftRecords.run(bytes, lines, from, to);
        }
      }
      this.db.prepare('UPDATE records SET byte_offset = -byte_offset - 1 WHERE byte_offset < 0').run();
      const keyOf = this.db.prepare<[number], { search_key: number }>('SELECT search_key FROM records WHERE position = ?');
      const remove = this.db.prepare('DELETE FROM records WHERE position = ?');
      const removeProblems = this.db.prepare('DELETE FROM problems WHERE position = ?');
      for (const record of sorted) {
        const key = keyOf.get(record.summary.position)?.search_key ?? record.oldByteOffset;
        keys.set(record.summary.position, key);
        remove.run(record.summary.position);
        removeProblems.run(record.summary.position);
        this.appendBatch({ records: [record.summary], problems: record.problems });
        this.db.prepare('UPDATE records SET search_key = ? WHERE position = ?').run(key, record.summary.position);
      }
    })();
    return keys;
  }

  /**
   * Sets every record's `problems` count (the ⚠ column, "With problems") to its problems whose codes
   * are not in `uncounted` (hints and codes turned off, from the severity setting). One statement.
   */
  recountProblems(uncounted: readonly string[]): void {
    const skip = uncounted.length === 0 ? '' : ` AND p.code NOT IN (${uncounted.map(() => '?').join(', ')})`;
    this.db
      .prepare(`UPDATE records SET problems = (SELECT count(*) FROM problems p WHERE p.position = records.position${skip}) WHERE position < ${PENDING_BASE}`)
      .run(...uncounted);
  }

  /** Replaces one record's problems (analyzed again with more context: its video's probed duration) and its count. */
  replaceProblems(position: number, problems: readonly Problem[], counted: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM problems WHERE position = ?').run(position);
      const insert = this.writable().insertProblem;
      for (const p of problems) insert.run(position, p.line, p.column, p.endLine, p.endColumn, p.byteOffset, p.byteLength, p.severity, p.code, p.message);
      this.db.prepare('UPDATE records SET problems = ? WHERE position = ?').run(counted, position);
    })();
  }

  /** The logged totals of a prompt's single-rollout records, in file order (the group's members). */
  groupMembers(promptId: string, limit: number): RecordSummary[] {
    return this.db
      .prepare<[string, number], RecordRow>(`SELECT * FROM records WHERE prompt_id = ? AND position < ${PENDING_BASE} ORDER BY position LIMIT ?`)
      .all(promptId, limit)
      .map(toSummary);
  }

  close(): void {
    this.db.close();
  }
}

/** Nulls (no reward logged, no id) sort last whichever the direction; position breaks ties stably. */
function orderBy(sort: { by: SortKey; descending: boolean }): string {
  const column = COLUMN[sort.by];
  const direction = sort.descending ? 'DESC' : 'ASC';
  return column === 'position' ? `position ${direction}` : `${column} IS NULL, ${column} ${direction}, position`;
}

function whereClause(filter: RecordFilter, searchShards: number): { where: string; params: Params } {
  const clauses: string[] = [`position < ${PENDING_BASE}`];
  const params: Params = [];
  const oneOf = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  const compare = (sql: string, value: number | undefined) => {
    if (value === undefined) return;
    clauses.push(sql);
    params.push(value);
  };
  oneOf('kind', filter.kinds);
  oneOf('question_type', filter.questionTypes);
  oneOf('category', filter.categories);
  oneOf('record_id', filter.ids);
  oneOf('video', filter.videos);
  oneOf('prompt_id', filter.promptIds);
  for (const range of filter.ranges ?? []) {
    const column = COLUMN[range.column];
    compare(`${column} >= ?`, range.min);
    compare(`${column} ${range.includeMax ? '<=' : '<'} ?`, range.max);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a bound already excludes nulls (a comparison with NULL is never true), so IS NOT NULL beside one changes nothing
    if (range.min === undefined && range.max === undefined) clauses.push(`${column} IS NOT NULL`);
  }
  if (filter.problemCodes !== undefined && filter.problemCodes.length > 0) {
    clauses.push(`EXISTS (SELECT 1 FROM problems p WHERE p.position = records.position AND p.code IN (${filter.problemCodes.map(() => '?').join(', ')}))`);
    params.push(...filter.problemCodes);
  }
  compare('problems >= ?', filter.minProblems);
  compare('problems <= ?', filter.maxProblems);
  compare('reward >= ?', filter.rewardMin);
  compare('reward <= ?', filter.rewardMax);
  if (filter.hasVideo !== undefined) clauses.push(filter.hasVideo ? 'video IS NOT NULL' : 'video IS NULL');
  if (filter.malformed !== undefined) clauses.push(`malformed = ${filter.malformed ? 1 : 0}`);
  if (filter.correct !== undefined) clauses.push(`correct = ${filter.correct ? 1 : 0}`);
  const fts = filter.text === undefined ? undefined : toFtsQuery(filter.text);
  if (fts !== undefined) {
    if (searchShards === 0) throw new Error('Full-text search is still being built; try again when indexing says "search ready".');
    const shards = Array.from({ length: searchShards }, (_, i) => `SELECT rowid FROM search${i}.search WHERE search MATCH ?`);
    clauses.push(`search_key IN (${shards.join(' UNION ALL ')})`);
    params.push(...shards.map(() => fts));
  }
  return { where: `WHERE ${clauses.join(' AND ')}`, params };
}

function toSummary(row: RecordRow): RecordSummary {
  const columns = Object.fromEntries(
    COLUMNS.map((c) => {
      const value = row[c.sql] as number | null;
      return [c.key, c.type === 'bool' ? (value === null ? null : value === 1) : value];
    }),
  ) as ColumnValues;
  return {
    ...columns,
    position: row.position,
    line: row.line,
    byteOffset: row.byte_offset,
    byteLength: row.byte_length,
    kind: row.kind,
    id: row.record_id,
    video: row.video,
    source: row.source,
    question: row.question,
    answer: row.answer,
    questionType: row.question_type,
    category: row.category,
    citedStart: row.cited_start,
    promptId: row.prompt_id,
    malformed: row.malformed === 1,
    mismatches: columns.mismatches + (columns.mismatchAdvantage ?? 0),
  };
}

function toProblem(row: ProblemRow): Problem {
  const problem: Problem = {
    line: row.line,
    column: row.col,
    endLine: row.end_line,
    endColumn: row.end_col,
    byteOffset: row.byte_offset,
    byteLength: row.byte_length,
    severity: row.severity,
    code: row.code,
    message: row.message,
  };
  if (row.position !== null) problem.position = row.position;
  return problem;
}
