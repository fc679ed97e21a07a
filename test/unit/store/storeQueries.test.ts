/**
 * The store's queries against the real SQLite, on a fixture small enough to work every answer out by
 * hand: each filter, each sort key in both directions, paging, ranks, value counts, histograms, scatter
 * cells and group means. Expected values are computed from the table below, not from the store.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, RecordSummary } from '../../../shared/records/recordSummary';
import type { RecordQuery } from '../../../shared/list/recordQuery';
import { SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import { SearchShardWriter } from '../../../src/core/index/searchShard';
import { recordSummary } from '../helpers/recordSummary';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

//  pos kind     category qType            reward steps video   id  problems
//  0   cot      A        multiple-choice  0      1     a.mp4   x0  0
//  1   cot      B        open-ended       1      5     (none)  x1  2
//  2   qa       A        open-ended       2      3     b.mp4   x2  0
//  3   rollout  B        multiple-choice  3      2     v.mp4   x3  0   (prompt p)
//  4   cot      A        multiple-choice  4      4     v.mp4   x4  1
//  5   unknown  (none)   (none)           (none) 0     v.mp4   (none) 1  (malformed)
const FIXTURE: RecordSummary[] = [
  recordSummary(0, { category: 'A', reward: 0, steps: 1, video: 'a.mp4', id: 'x0' }),
  recordSummary(1, { category: 'B', questionType: 'open-ended', reward: 1, steps: 5, video: null, id: 'x1', problems: 2 }),
  recordSummary(2, { kind: 'qa', category: 'A', questionType: 'open-ended', reward: 2, steps: 3, video: 'b.mp4', id: 'x2' }),
  recordSummary(3, { kind: 'rollout', category: 'B', reward: 3, steps: 2, id: 'x3', promptId: 'p' }),
  recordSummary(4, { category: 'A', reward: 4, steps: 4, id: 'x4', problems: 1 }),
  recordSummary(5, { kind: 'unknown', category: null, questionType: null, reward: null, steps: 0, id: null, problems: 1, malformed: true }),
];

const problemAt = (byteOffset: number, position: number | undefined, code: string): Problem => ({
  line: byteOffset + 1,
  column: 1,
  endLine: byteOffset + 1,
  endColumn: 3,
  byteOffset,
  byteLength: 2,
  severity: 'warning',
  code,
  message: code,
  ...(position === undefined ? {} : { position }),
});

describe('SqliteRecordStore: queries on a hand-checked fixture', () => {
  let store: SqliteRecordStore;
  before(() => {
    store = new SqliteRecordStore(path.join(tempDir(), 'queries.sqlite'));
    // Problems out of byte order, two of them on record 4 written in reverse byte order.
    store.append({
      records: FIXTURE,
      problems: [problemAt(41, 4, 'late'), problemAt(10, 1, 'first'), problemAt(40, 4, 'early'), problemAt(25, undefined, 'blank')],
    });
    store.finish({});
  });
  after(() => {
    store.close();
    cleanTempFiles();
  });

  const positions = (q: RecordQuery): number[] => store.query(q).records.map((r) => r.position);

  it('each filter keeps exactly the rows it names, and filters combine with AND', () => {
    assert.deepEqual(positions({ filter: { questionTypes: ['open-ended'] } }), [1, 2]);
    assert.deepEqual(positions({ filter: { questionTypes: ['open-ended', 'multiple-choice'] } }), [0, 1, 2, 3, 4]);
    assert.deepEqual(positions({ filter: { categories: ['B'] } }), [1, 3]);
    assert.deepEqual(positions({ filter: { categories: [] } }), [0, 1, 2, 3, 4, 5], 'an empty list filters nothing');
    assert.deepEqual(positions({ filter: { ids: ['x3', 'x0'] } }), [0, 3]);
    assert.deepEqual(positions({ filter: { videos: ['a.mp4', 'b.mp4'] } }), [0, 2]);
    assert.deepEqual(positions({ filter: { promptIds: ['p'] } }), [3]);
    assert.deepEqual(positions({ filter: { hasVideo: true } }), [0, 2, 3, 4, 5]);
    assert.deepEqual(positions({ filter: { malformed: false } }), [0, 1, 2, 3, 4]);
    assert.deepEqual(positions({ filter: { rewardMax: 1 } }), [0, 1]);
    assert.deepEqual(positions({ filter: { minProblems: 1, maxProblems: 1 } }), [4, 5]);
    assert.deepEqual(positions({ filter: { kinds: ['cot'], categories: ['A'] } }), [0, 4]);
    assert.deepEqual(positions({ filter: { kinds: ['cot'], categories: ['A'], rewardMin: 1 } }), [4]);
  });

  it('a range is min ≤ value, then < max or ≤ max (the default), and never matches a null', () => {
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'steps', min: 3 }] } }), [1, 2, 4]);
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'steps', max: 3 }] } }), [0, 2, 3, 5]);
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'steps', max: 3, includeMax: false }] } }), [0, 3, 5]);
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'reward', min: 2, max: 3, includeMax: false }] } }), [2]);
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'reward' }] } }), [0, 1, 2, 3, 4]);
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'reward', max: 100 }] } }), [0, 1, 2, 3, 4]);
  });

  it('pages a filtered list: the total counts every match, the page starts at the offset', () => {
    assert.deepEqual(store.query({ filter: { kinds: ['cot'] }, offset: 1, limit: 1 }).total, 3);
    assert.deepEqual(store.query({ filter: { kinds: ['cot'] }, offset: 1, limit: 1 }).offset, 1);
    assert.deepEqual(positions({ filter: { kinds: ['cot'] }, offset: 1, limit: 1 }), [1]);
    assert.deepEqual(positions({ filter: { kinds: ['cot'] }, offset: 1, limit: 5 }), [1, 4]);
    assert.deepEqual(store.query({ filter: { kinds: ['cot'] }, offset: 9 }), { total: 3, offset: 9, records: [] });
  });

  it('sorts by text columns both ways, nulls last, ties in file order', () => {
    assert.deepEqual(positions({ sort: { by: 'id' } }), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(positions({ sort: { by: 'id', descending: true } }), [4, 3, 2, 1, 0, 5]);
    assert.deepEqual(positions({ sort: { by: 'category' } }), [0, 2, 4, 1, 3, 5]);
    assert.deepEqual(positions({ sort: { by: 'category', descending: true } }), [1, 3, 0, 2, 4, 5]);
    assert.deepEqual(positions({ sort: { by: 'kind', descending: true } }), [5, 3, 2, 0, 1, 4]);
    assert.deepEqual(positions({ sort: { by: 'questionType' } }), [0, 3, 4, 1, 2, 5]);
    assert.deepEqual(positions({ sort: { by: 'steps' } }), [5, 0, 3, 2, 4, 1]);
    assert.deepEqual(positions({ sort: { by: 'problems', descending: true } }), [1, 4, 5, 0, 2, 3]);
  });

  it('ranks a record where the sorted, filtered list shows it, or null when the filter hides it', () => {
    // Steps descending: 1 (5), 4 (4), 2 (3), 3 (2), 0 (1), 5 (0).
    assert.equal(store.rankOf({ sort: { by: 'steps', descending: true } }, 2), 2);
    assert.equal(store.rankOf({ sort: { by: 'steps', descending: true } }, 5), 5);
    assert.equal(store.rankOf({ filter: { kinds: ['cot'] }, sort: { by: 'steps', descending: true } }, 0), 2);
    assert.equal(store.rankOf({ filter: { kinds: ['cot'] }, sort: { by: 'steps', descending: true } }, 2), null);
    assert.equal(store.rankOf({ filter: { kinds: ['cot'] } }, 4), 2);
    assert.equal(store.rankOf({ filter: { kinds: ['cot'] }, sort: { by: 'position', descending: true } }, 4), 0);
    assert.equal(store.rankOf({ sort: { by: 'position', descending: true } }, 0), 5);
    assert.equal(store.rankOf({}, 0), 0);
    assert.equal(store.rankOf({}, 99), null);
    assert.equal(store.rankOf({ sort: { by: 'steps' } }, 99), null);
  });

  it('counts values most common first, ties by value, up to the limit, under a filter', () => {
    assert.deepEqual(store.countsBy('category'), [
      { value: 'A', count: 3 },
      { value: 'B', count: 2 },
      { value: null, count: 1 },
    ]);
    assert.deepEqual(store.countsBy('category', 1), [{ value: 'A', count: 3 }]);
    assert.deepEqual(store.countsBy('problems'), [
      { value: 0, count: 3 },
      { value: 1, count: 2 },
      { value: 2, count: 1 },
    ]);
    assert.deepEqual(store.countsBy('steps', 3), [
      { value: 0, count: 1 },
      { value: 1, count: 1 },
      { value: 2, count: 1 },
    ]);
    assert.deepEqual(store.countsBy('kind', 100, { hasVideo: true }), [
      { value: 'cot', count: 2 },
      { value: 'qa', count: 1 },
      { value: 'rollout', count: 1 },
      { value: 'unknown', count: 1 },
    ]);
  });

  it('bins a histogram into equal-width bins from min to max, the max in the last bin', () => {
    const reward = store.histogram('reward', 4);
    assert.deepEqual(reward, {
      column: 'reward',
      count: 5,
      min: 0,
      max: 4,
      mean: 2,
      bins: [
        { from: 0, to: 1, count: 1 },
        { from: 1, to: 2, count: 1 },
        { from: 2, to: 3, count: 1 },
        { from: 3, to: 4, count: 2 },
      ],
    });
    // A fractional bin count rounds down; none at all still makes one bin.
    assert.deepEqual(store.histogram('reward', 2.9).bins, [
      { from: 0, to: 2, count: 2 },
      { from: 2, to: 4, count: 3 },
    ]);
    assert.deepEqual(store.histogram('reward', 0).bins, [{ from: 0, to: 4, count: 5 }]);
    assert.deepEqual(store.histogram('reward', 2, { kinds: ['cot'] }), {
      column: 'reward',
      count: 3,
      min: 0,
      max: 4,
      mean: 5 / 3,
      bins: [
        { from: 0, to: 2, count: 2 },
        { from: 2, to: 4, count: 1 },
      ],
    });
    assert.deepEqual(store.histogram('reward', 3, { kinds: ['qa'] }), {
      column: 'reward',
      count: 1,
      min: 2,
      max: 2,
      mean: 2,
      bins: [{ from: 2, to: 3, count: 1 }],
    });
    assert.deepEqual(store.histogram('judgeObs', 3), { column: 'judgeObs', count: 0, min: null, max: null, mean: null, bins: [] });
  });

  it('bins two columns into scatter cells, each value in its cell and the maxima in the last ones', () => {
    // (reward, steps): (0,1) (1,5) (2,3) (3,2) (4,4); x bins [0,2) [2,4], y bins [1,3) [3,5].
    assert.deepEqual(store.scatter('reward', 'steps', 2), {
      x: 'reward',
      y: 'steps',
      count: 5,
      xMin: 0,
      xMax: 4,
      yMin: 1,
      yMax: 5,
      cells: [
        { xFrom: 0, xTo: 2, yFrom: 1, yTo: 3, count: 1 },
        { xFrom: 0, xTo: 2, yFrom: 3, yTo: 5, count: 1 },
        { xFrom: 2, xTo: 4, yFrom: 1, yTo: 3, count: 1 },
        { xFrom: 2, xTo: 4, yFrom: 3, yTo: 5, count: 2 },
      ],
    });
    assert.deepEqual(store.scatter('reward', 'steps', 0.5, { categories: ['B'] }).cells, [{ xFrom: 1, xTo: 3, yFrom: 2, yTo: 5, count: 2 }]);
    assert.deepEqual(store.scatter('reward', 'steps', 3, { kinds: ['qa'] }).cells, [{ xFrom: 2, xTo: 3, yFrom: 3, yTo: 4, count: 1 }]);
    assert.deepEqual(store.scatter('reward', 'judgeObs', 2), {
      x: 'reward',
      y: 'judgeObs',
      count: 0,
      xMin: null,
      xMax: null,
      yMin: null,
      yMax: null,
      cells: [],
    });
  });

  it('averages a column per group, largest group first, under a filter', () => {
    assert.deepEqual(store.meanBy('category', 'reward'), [
      { value: 'A', count: 3, mean: 2 },
      { value: 'B', count: 2, mean: 2 },
      { value: null, count: 0, mean: null },
    ]);
    assert.deepEqual(store.meanBy('questionType', 'steps'), [
      { value: 'multiple-choice', count: 3, mean: 7 / 3 },
      { value: 'open-ended', count: 2, mean: 4 },
      { value: null, count: 1, mean: 0 },
    ]);
    assert.deepEqual(store.meanBy('category', 'reward', { kinds: ['cot'] }), [
      { value: 'A', count: 2, mean: 2 },
      { value: 'B', count: 1, mean: 1 },
    ]);
  });

  it('lists problems by byte offset a page at a time, and a record’s problems in the order written', () => {
    const codes = (problems: Problem[]) => problems.map((p) => p.code);
    assert.deepEqual(codes(store.problems(2)), ['first', 'blank']);
    assert.deepEqual(codes(store.problems(2, 2)), ['early', 'late']);
    assert.deepEqual(codes(store.problems(10, 3)), ['late']);
    assert.deepEqual(codes(store.problemsOf(4)), ['late', 'early']);
    assert.equal(store.problemCount(), 4);
    assert.equal(store.malformedCount(), 1);
    assert.deepEqual(store.problems(1, 1), [problemAt(25, undefined, 'blank')]);
  });
});

describe('SqliteRecordStore: what the tables refuse, and the write-ahead log', () => {
  after(cleanTempFiles);

  it('refuses a record without one of its required counts, with the rest of its batch', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'required.sqlite'));
    for (const key of ['mismatches', 'steps', 'problems'] as const) {
      const bad = { ...recordSummary(1), [key]: null } as unknown as RecordSummary;
      assert.throws(() => store.append({ records: [recordSummary(0), bad], problems: [] }), /NOT NULL/i, key);
    }
    assert.equal(store.count(), 0);
    store.close();
  });

  it('once finished, refuses a second record at a byte offset already taken', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'unique.sqlite'));
    store.append({ records: [recordSummary(0), recordSummary(1)], problems: [] });
    store.finish({});
    assert.throws(() => store.append({ records: [recordSummary(2, { byteOffset: 10 })], problems: [] }), /UNIQUE/i);
    assert.deepEqual(
      store.page(0, 5).map((r) => r.byteOffset),
      [0, 10],
    );
    store.close();
  });

  it('writes through a write-ahead log (readers never wait on it), which finish folds into the file', () => {
    const file = path.join(tempDir(), 'wal.sqlite');
    const store = new SqliteRecordStore(file);
    store.append({ records: [recordSummary(0)], problems: [] });
    assert.ok(fs.statSync(`${file}-wal`).size > 0, 'the append sits in the log');
    store.finish({});
    assert.equal(fs.statSync(`${file}-wal`).size, 0, 'finish checkpointed and truncated the log');
    const reader = new SqliteRecordStore(file, { readonly: true });
    assert.deepEqual(reader.recordAt(0), recordSummary(0));
    reader.close();
    store.close();
  });

  it('an update that names no column (or only undefined ones) changes nothing and does not fail', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'noop.sqlite'));
    store.append({ records: [recordSummary(0, { reward: 2 }), recordSummary(1, { reward: 3 })], problems: [] });
    store.updateColumns([
      { position: 0, values: {} },
      { position: 1, values: { reward: undefined, obsEstimate: 0.5 } },
    ]);
    assert.deepEqual(store.recordAt(0), recordSummary(0, { reward: 2 }));
    assert.deepEqual(store.recordAt(1), recordSummary(1, { reward: 3, obsEstimate: 0.5 }));
    store.close();
  });

  it('attaching the search shards a second time keeps the first attachment working', () => {
    const dir = tempDir();
    const store = new SqliteRecordStore(path.join(dir, 'attach.sqlite'));
    store.append({ records: [recordSummary(0), recordSummary(1)], problems: [] });
    const shard = path.join(dir, 'attach.sqlite.search0');
    const writer = new SearchShardWriter(shard);
    writer.add(10, 'Where is the red van?', '');
    writer.close();
    store.attachSearch([shard]);
    store.attachSearch([shard]);
    assert.deepEqual(
      store.query({ filter: { text: 'van' } }).records.map((r) => r.position),
      [1],
    );
    store.close();
  });
});

describe('SqliteRecordStore: applySave, worked by hand', () => {
  after(cleanTempFiles);

  it('shifts every later record and problem by the bytes and lines the saved records gained, whatever order they come in', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'save.sqlite'));
    // Records at bytes 0, 10, 20, 30 (9 bytes each) on lines 1–4; a problem of record 1 at byte 12, of record 3 at byte 33.
    const problem1 = problemAt(12, 1, 'one');
    const problem3 = problemAt(33, 3, 'three');
    store.append({
      records: [0, 1, 2, 3].map((p) => recordSummary(p)),
      problems: [
        { ...problem1, line: 2 },
        { ...problem3, line: 4 },
      ],
    });
    store.finish({});
    // Record 0 grows by 5 bytes and a line; record 2 shrinks by 5 bytes: after it, bytes are back in place but lines are one more.
    const saved0 = recordSummary(0, { byteLength: 14 });
    const saved2 = recordSummary(2, { byteOffset: 25, byteLength: 4, line: 4 });
    const keys = store.applySave([
      { summary: saved2, problems: [], oldByteOffset: 20, oldByteLength: 9, lineDelta: 0 },
      { summary: saved0, problems: [], oldByteOffset: 0, oldByteLength: 9, lineDelta: 1 },
    ]);
    assert.deepEqual(
      store.page(0, 10).map((r) => [r.position, r.byteOffset, r.byteLength, r.line]),
      [
        [0, 0, 14, 1],
        [1, 15, 9, 3],
        [2, 25, 4, 4],
        [3, 30, 9, 5],
      ],
    );
    assert.deepEqual(
      store.problems(10).map((p) => [p.code, p.byteOffset, p.line]),
      [
        ['one', 17, 3],
        ['three', 33, 5],
      ],
    );
    assert.deepEqual([...keys.entries()].sort(), [
      [0, 0],
      [2, 20],
    ]);
    store.close();
  });

  it('counts by source, and bins a histogram whose minimum is not zero', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'source.sqlite'));
    store.append({ records: [1, 2, 3, 4].map((r) => recordSummary(r, { reward: r, source: r < 3 ? 'a' : null })), problems: [] });
    assert.deepEqual(store.countsBy('source'), [
      { value: null, count: 2 },
      { value: 'a', count: 2 },
    ]);
    // 1..4 in two bins: [1, 2.5) and [2.5, 4].
    assert.deepEqual(store.histogram('reward', 2).bins, [
      { from: 1, to: 2.5, count: 2 },
      { from: 2.5, to: 4, count: 2 },
    ]);
    store.close();
  });
});
