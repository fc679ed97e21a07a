import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Problem, RecordSummary } from '../../../shared/records/recordSummary';
import { PENDING_BASE, SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import type { IndexBatch } from '../../../src/core/store/recordStore';
import { toFtsQuery } from '../../../src/core/store/ftsQuery';
import { SearchShardWriter } from '../../../src/core/index/searchShard';
import { recordSummary } from '../helpers/recordSummary';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const record = recordSummary;
const malformed = (position: number) =>
  record(position, {
    kind: 'unknown',
    id: null,
    question: null,
    answer: null,
    questionType: null,
    category: null,
    steps: 0,
    citedStart: null,
    citedEnd: null,
    malformed: true,
    problems: 1,
  });
const batch = (records: RecordSummary[], problems: Problem[] = []): IndexBatch => ({ records, problems });

const problem: Problem = {
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 10,
  byteOffset: 24,
  byteLength: 5,
  severity: 'error',
  code: 'malformed-json',
  message: 'bad',
  position: 2,
};

describe('SqliteRecordStore', () => {
  after(cleanTempFiles);

  it('appends batches and pages them back in file order', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'index.sqlite'));
    store.append(batch([record(0), record(1), malformed(2)], [problem]));
    store.append(batch([record(3)]));
    assert.equal(store.count(), 4);
    assert.equal(store.malformedCount(), 1);
    assert.deepEqual(store.page(1, 2), [record(1), malformed(2)]);
    assert.deepEqual(store.page(10, 5), []);
    assert.deepEqual(store.problems(10), [problem]);
    assert.deepEqual(store.problemsOf(2), [problem]);
    assert.deepEqual(store.problemsOf(1), []);
    assert.deepEqual(store.recordAt(3), record(3));
    assert.equal(store.recordAt(9), undefined);
    store.close();
  });

  it('keeps a problem that belongs to no record (a blank line)', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'blank.sqlite'));
    const blank: Problem = {
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 2,
      byteOffset: 10,
      byteLength: 1,
      severity: 'warning',
      code: 'blank-line',
      message: 'blank',
    };
    store.append(batch([record(0)], [blank]));
    assert.deepEqual(store.problems(5), [blank]);
    assert.equal(store.problemCount(), 1);
    store.close();
  });

  it('lets a read-only connection see what the writer committed', () => {
    const file = path.join(tempDir(), 'shared.sqlite');
    const writer = new SqliteRecordStore(file);
    const reader = new SqliteRecordStore(file, { readonly: true });
    assert.equal(reader.count(), 0);
    writer.append(batch([record(0), record(1)]));
    assert.equal(reader.count(), 2);
    assert.throws(() => reader.append(batch([record(2)])), /read-only/);
    writer.close();
    reader.close();
  });

  it('rolls back a batch that fails half-way', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'atomic.sqlite'));
    store.append(batch([record(0)]));
    assert.throws(() => store.append(batch([record(1), record(0)])));
    assert.equal(store.count(), 1);
    store.close();
  });

  it('keeps meta and marks the index complete on finish', () => {
    const file = path.join(tempDir(), 'meta.sqlite');
    const store = new SqliteRecordStore(file);
    store.setMeta({ key: 'abc', complete: '0' });
    assert.equal(store.meta().complete, '0');
    store.finish({ records: '0' });
    assert.deepEqual(store.meta(), { key: 'abc', complete: '1', records: '0' });
    store.close();
  });

  it('hides rows parked at PENDING_BASE until shiftPositions numbers them', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'pending.sqlite'));
    store.append(batch([record(0), record(1)]));
    store.append(batch([record(PENDING_BASE), record(PENDING_BASE + 1, { problems: 1 })], [{ ...problem, position: PENDING_BASE + 1 }]));
    assert.equal(store.count(), 2);
    assert.deepEqual(
      store.page(0, 10).map((r) => r.position),
      [0, 1],
    );
    assert.equal(store.query({}).total, 2);
    store.shiftPositions(PENDING_BASE, 2 * PENDING_BASE, 2 - PENDING_BASE);
    assert.deepEqual(
      store.page(0, 10).map((r) => r.position),
      [0, 1, 2, 3],
    );
    assert.deepEqual(
      store.problemsOf(3).map((p) => p.position),
      [3],
    );
    store.close();
  });

  describe('queries', () => {
    let store: SqliteRecordStore;
    before(() => {
      store = new SqliteRecordStore(path.join(tempDir(), 'query.sqlite'));
      store.append(
        batch([
          record(0, { reward: 3.5, steps: 3, category: 'Counting', correct: true, id: 'r-0' }),
          record(1, { kind: 'qa', reward: null, steps: 0, questionType: 'open-ended', video: null, category: 'Reading' }),
          record(2, { reward: 1, problems: 2, category: 'Counting', correct: false, id: 'r-2', video: 'other.mp4' }),
          malformed(3),
          record(4, { kind: 'rollout', reward: 0, advantage: -1.2, category: null }),
        ]),
      );
      // Two shards, as two parse threads would build them; rows are keyed by byte offset.
      const shards = [path.join(tempDir(), 'query.sqlite.search0'), path.join(tempDir(), 'query.sqlite.search1')];
      const first = new SearchShardWriter(shards[0]);
      first.add(0, 'What does the man drink?', '<action>query the segment</action><observation>He drinks from a green bottle.</observation>');
      first.add(10, 'Which word is on the sign?', '');
      first.close();
      const second = new SearchShardWriter(shards[1]);
      second.add(20, 'How many café chairs are there?', 'I count the chairs: three.');
      second.add(40, 'Where is the van?', 'The red van passes the cyclist.');
      second.close();
      assert.throws(() => store.query({ filter: { text: 'van' } }), /still being built/);
      store.attachSearch(shards);
      store.finish({});
    });
    after(() => store.close());

    const positions = (q: Parameters<SqliteRecordStore['query']>[0]) => store.query(q).records.map((r) => r.position);

    it('pages in file order with a total', () => {
      const result = store.query({ offset: 1, limit: 2 });
      assert.equal(result.total, 5);
      assert.deepEqual(
        result.records.map((r) => r.position),
        [1, 2],
      );
    });
    it('filters by kind, question type, category and video', () => {
      assert.deepEqual(positions({ filter: { kinds: ['cot'] } }), [0, 2]);
      assert.deepEqual(positions({ filter: { kinds: ['qa', 'rollout'] } }), [1, 4]);
      assert.deepEqual(positions({ filter: { questionTypes: ['open-ended'] } }), [1]);
      assert.deepEqual(positions({ filter: { categories: ['Counting'] } }), [0, 2]);
      assert.deepEqual(positions({ filter: { hasVideo: false } }), [1]);
      assert.deepEqual(positions({ filter: { malformed: true } }), [3]);
      assert.deepEqual(positions({ filter: { videos: ['other.mp4'] } }), [2]);
    });
    it('ranks a record within a filtered, sorted list', () => {
      assert.equal(store.rankOf({}, 3), 3);
      assert.equal(store.rankOf({ sort: { by: 'position', descending: true } }, 3), 1);
      assert.equal(store.rankOf({ filter: { kinds: ['cot'] } }, 2), 1);
      assert.equal(store.rankOf({ filter: { kinds: ['cot'] } }, 1), null);
      assert.equal(store.rankOf({ sort: { by: 'reward', descending: true } }, 4), 2);
      assert.equal(store.rankOf({ filter: { kinds: ['qa'] }, sort: { by: 'reward' } }, 1), 0);
      assert.equal(store.rankOf({ filter: { kinds: ['qa'] }, sort: { by: 'reward' } }, 0), null);
    });
    it('filters by id and by answer correctness, and sorts by correctness', () => {
      assert.deepEqual(positions({ filter: { ids: ['r-2', 'nope'] } }), [2]);
      assert.deepEqual(positions({ filter: { correct: true } }), [0]);
      assert.deepEqual(positions({ filter: { correct: false } }), [2]);
      assert.deepEqual(positions({ sort: { by: 'correct', descending: true }, limit: 2 }), [0, 2]);
      assert.equal(store.query({ filter: { correct: true } }).records[0].correct, true);
    });
    it('filters by problem count and reward range', () => {
      assert.deepEqual(positions({ filter: { minProblems: 1 } }), [2, 3]);
      assert.deepEqual(positions({ filter: { maxProblems: 0 } }), [0, 1, 4]);
      assert.deepEqual(positions({ filter: { rewardMin: 1 } }), [0, 2]);
      assert.deepEqual(positions({ filter: { rewardMin: 0, rewardMax: 1 } }), [2, 4]);
    });
    it('searches question and chain text, accents folded, last word as a prefix', () => {
      assert.deepEqual(positions({ filter: { text: 'green bottle' } }), [0]);
      assert.deepEqual(positions({ filter: { text: 'cafe' } }), [2]);
      assert.deepEqual(positions({ filter: { text: 'cycl' } }), [4]);
      assert.deepEqual(positions({ filter: { text: 'sign' } }), [1]);
      assert.deepEqual(positions({ filter: { text: 'van', kinds: ['cot'] } }), []);
      assert.deepEqual(positions({ filter: { text: '"NEAR( AND *' } }), [], 'FTS syntax in the input is inert');
      assert.deepEqual(positions({ filter: { text: '  ' } }), [0, 1, 2, 3, 4], 'no words: no text filter');
    });
    it('sorts with nulls last in both directions', () => {
      assert.deepEqual(positions({ sort: { by: 'reward', descending: true } }), [0, 2, 4, 1, 3]);
      assert.deepEqual(positions({ sort: { by: 'reward' } }), [4, 2, 0, 1, 3]);
      assert.deepEqual(positions({ sort: { by: 'steps', descending: true }, limit: 2 }), [0, 2]);
      assert.deepEqual(positions({ sort: { by: 'position', descending: true }, limit: 2 }), [4, 3]);
    });
    it('rejects a malformed query', () => {
      assert.throws(() => store.query({ limit: 0 }));
      assert.throws(() => store.query({ sort: { by: 'byte_offset; DROP TABLE records' as 'id' } }));
    });
    it('counts by column and bins histograms', () => {
      assert.deepEqual(store.countsBy('kind'), [
        { value: 'cot', count: 2 },
        { value: 'qa', count: 1 },
        { value: 'rollout', count: 1 },
        { value: 'unknown', count: 1 },
      ]);
      const rewards = store.histogram('reward', 2);
      assert.equal(rewards.count, 3);
      assert.equal(rewards.min, 0);
      assert.equal(rewards.max, 3.5);
      assert.deepEqual(
        rewards.bins.map((b) => b.count),
        [2, 1],
      );
      assert.equal(store.histogram('advantage', 4).bins.length, 1, 'one value: one bin');
      assert.deepEqual(
        store.histogram('citedEnd', 3).bins.map((b) => b.count),
        [4],
        'all equal: one bin',
      );
    });
  });
});

describe('toFtsQuery', () => {
  it('quotes every word and makes the last a prefix', () => {
    assert.equal(toFtsQuery('green bottle'), '"green" "bottle"*');
    assert.equal(toFtsQuery('what "OR" x*'), '"what" "OR" "x"*');
    assert.equal(toFtsQuery('緑 bottle'), '"緑" "bottle"*');
    assert.equal(toFtsQuery('  --  '), undefined);
  });
});
