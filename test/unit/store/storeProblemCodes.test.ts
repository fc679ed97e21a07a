/**
 * The store's problem-code queries and rewrites on a fixture worked out by hand (codes, counts and
 * byte orders below come from the table, never from the store), the read-only connection, and the
 * messages a user sees when a query cannot run.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../../../shared/records/recordSummary';
import { SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import { openDatabase } from '../../../src/core/store/sqlite/openDatabase';
import { recordSummary } from '../helpers/recordSummary';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const problemAt = (byteOffset: number, position: number | undefined, code: string, message = code): Problem => ({
  line: Math.floor(byteOffset / 10) + 1,
  column: (byteOffset % 10) + 1,
  endLine: Math.floor(byteOffset / 10) + 1,
  endColumn: (byteOffset % 10) + 2,
  byteOffset,
  byteLength: 1,
  severity: 'warning',
  code,
  message,
  ...(position === undefined ? {} : { position }),
});

//  record  problems (byte: code)
//  0       2: alpha, 4: alpha, 6: beta
//  1       12: beta
//  2       (none)
//  3       33: gamma, 35: alpha
//  (none)  25: beta   (a blank line: belongs to no record)
const PROBLEMS: Problem[] = [
  problemAt(35, 3, 'alpha'),
  problemAt(2, 0, 'alpha'),
  problemAt(12, 1, 'beta'),
  problemAt(25, undefined, 'beta'),
  problemAt(4, 0, 'alpha'),
  problemAt(33, 3, 'gamma'),
  problemAt(6, 0, 'beta'),
];

const filled = (name: string): SqliteRecordStore => {
  const store = new SqliteRecordStore(path.join(tempDir(), name));
  store.append({ records: [0, 1, 2, 3].map((p) => recordSummary(p)), problems: PROBLEMS });
  store.finish({});
  return store;
};

const where = (problems: Problem[]) => problems.map((p) => `${p.code}@${p.byteOffset}`);

describe('SqliteRecordStore: problem codes', () => {
  let store: SqliteRecordStore;
  beforeEach(() => {
    store = filled('codes.sqlite');
  });
  afterEach(() => store.close());
  after(cleanTempFiles);

  it('counts the records holding each code (a record with a code twice counts once, a blank line for none), under a filter', () => {
    assert.deepEqual(store.countsBy('problemCode'), [
      { value: 'alpha', count: 2 },
      { value: 'beta', count: 2 },
      { value: 'gamma', count: 1 },
    ]);
    assert.deepEqual(store.countsBy('problemCode', 1), [{ value: 'alpha', count: 2 }]);
    assert.deepEqual(store.countsBy('problemCode', 100, { ids: ['r3'] }), [
      { value: 'alpha', count: 1 },
      { value: 'gamma', count: 1 },
    ]);
  });

  it('lists problems in byte order leaving out the skipped codes, a page at a time', () => {
    assert.deepEqual(where(store.problems(10)), ['alpha@2', 'alpha@4', 'beta@6', 'beta@12', 'beta@25', 'gamma@33', 'alpha@35']);
    assert.deepEqual(where(store.problems(10, 0, ['beta'])), ['alpha@2', 'alpha@4', 'gamma@33', 'alpha@35']);
    assert.deepEqual(where(store.problems(2, 1, ['beta', 'gamma'])), ['alpha@4', 'alpha@35']);
  });

  it('filters records to those holding one of the chosen codes; an empty choice filters nothing', () => {
    const positions = (problemCodes: string[]) => store.query({ filter: { problemCodes } }).records.map((r) => r.position);
    assert.deepEqual(positions(['gamma']), [3]);
    assert.deepEqual(positions(['beta']), [0, 1]);
    assert.deepEqual(positions(['beta', 'gamma']), [0, 1, 3]);
    assert.deepEqual(positions(['none-such']), []);
    assert.deepEqual(positions([]), [0, 1, 2, 3]);
  });

  it('recounts each record’s problems leaving out the uncounted codes', () => {
    const counts = () => [0, 1, 2, 3].map((p) => store.recordAt(p)?.problems);
    assert.deepEqual(counts(), [0, 0, 0, 0], 'appended with no count');
    store.recountProblems([]);
    assert.deepEqual(counts(), [3, 1, 0, 2]);
    store.recountProblems(['alpha']);
    assert.deepEqual(counts(), [1, 1, 0, 1]);
    store.recountProblems(['alpha', 'beta']);
    assert.deepEqual(counts(), [0, 0, 0, 1]);
    assert.deepEqual(
      store.query({ filter: { minProblems: 1 } }).records.map((r) => r.position),
      [3],
    );
  });

  it('replaces one record’s problems and its count, leaving the others’ alone', () => {
    const again = problemAt(7, 0, 'beta', 'seen again with the video probed');
    store.replaceProblems(0, [again], 1);
    assert.deepEqual(store.problemsOf(0), [again]);
    assert.deepEqual(where(store.problemsOf(3)), ['alpha@35', 'gamma@33']);
    assert.equal(store.recordAt(0)?.problems, 1);
    assert.equal(store.recordAt(3)?.problems, 0);
    assert.equal(store.problemCount(), 5);
    store.replaceProblems(3, [], 0);
    assert.deepEqual(store.problemsOf(3), []);
    assert.equal(store.problemCount(), 3);
  });

  it('refuses a text search before the search shards are attached, telling the user to wait for "search ready"', () => {
    assert.throws(() => store.query({ filter: { text: 'van' } }), {
      message: 'Full-text search is still being built; try again when indexing says "search ready".',
    });
  });
});

describe('SqliteRecordStore: a save that changes bytes but no lines', () => {
  after(cleanTempFiles);

  it('shifts the later records and problems by the bytes gained, their lines unchanged', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'bytes.sqlite'));
    // Records at bytes 0, 10, 20 on lines 1–3; a problem of record 2 at byte 22.
    store.append({ records: [0, 1, 2].map((p) => recordSummary(p)), problems: [problemAt(22, 2, 'late')] });
    store.finish({});
    const keys = store.applySave([{ summary: recordSummary(0, { byteLength: 12 }), problems: [], oldByteOffset: 0, oldByteLength: 9, lineDelta: 0 }]);
    assert.deepEqual(
      store.page(0, 10).map((r) => [r.position, r.byteOffset, r.byteLength, r.line]),
      [
        [0, 0, 12, 1],
        [1, 13, 9, 2],
        [2, 23, 9, 3],
      ],
    );
    assert.deepEqual(
      store.problems(10).map((p) => [p.byteOffset, p.line]),
      [[25, 3]],
    );
    assert.deepEqual([...keys.entries()], [[0, 0]]);
    store.close();
  });
});

describe('SqliteRecordStore: the read-only connection', () => {
  after(cleanTempFiles);

  it('does not create a missing index file', () => {
    const file = path.join(tempDir(), 'missing.sqlite');
    assert.throws(() => new SqliteRecordStore(file, { readonly: true }));
    assert.equal(fs.existsSync(file), false);
  });

  it('reports a damaged file to onCorrupt', () => {
    const file = path.join(tempDir(), 'damaged.sqlite');
    fs.writeFileSync(file, Buffer.alloc(8192, 'this is not a SQLite database '));
    const reported: Error[] = [];
    assert.throws(() => new SqliteRecordStore(file, { readonly: true, onCorrupt: (e) => reported.push(e) }));
    assert.equal(reported.length, 1);
    assert.match(reported[0].message, /not a database/i);
  });

  it('reads an index without adding what its schema lacks (a reader never writes)', () => {
    const file = path.join(tempDir(), 'older.sqlite');
    const writer = new SqliteRecordStore(file);
    writer.append({ records: [recordSummary(0)], problems: [problemAt(2, 0, 'alpha')] });
    writer.finish({});
    writer.close();
    const raw = openDatabase(file);
    raw.exec('DROP INDEX problems_by_code');
    raw.close();
    const reader = new SqliteRecordStore(file, { readonly: true });
    assert.equal(reader.count(), 1);
    assert.deepEqual(reader.countsBy('problemCode'), [{ value: 'alpha', count: 1 }]);
    reader.close();
    const check = openDatabase(file, { readonly: true });
    const names = check.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'problems_%'").all();
    check.close();
    assert.deepEqual(
      names.map((n) => n.name),
      ['problems_by_position'],
    );
  });

  it('once closed, answers no more queries', () => {
    const store = filled('closed.sqlite');
    assert.equal(store.count(), 4);
    store.close();
    assert.throws(() => store.count());
  });
});
