import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { RecordSummary } from '../../../shared/records/recordSummary';
import { SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import { recordSummary } from '../helpers/recordSummary';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

/** Rollout rows: the groups below are GRPO groups of one prompt each. */
const record = (position: number, patch: Partial<RecordSummary> = {}): RecordSummary => recordSummary(position, { kind: 'rollout', ...patch });

describe('SqliteRecordStore: reward columns', () => {
  let store: SqliteRecordStore;
  beforeEach(() => {
    store = new SqliteRecordStore(path.join(tempDir(), 'index.sqlite'));
    store.append({
      records: [
        // Group g1: totals 4, 2, 1, 1 with advantages as verl logs them (sample std).
        record(0, { promptId: 'g1', reward: 4, advantage: 1.4142, storedObs: 1, storedRea: 1, category: 'Counting' }),
        record(1, { promptId: 'g1', reward: 2, advantage: 0, storedObs: 0.5, storedRea: 0, category: 'Counting' }),
        record(2, { promptId: 'g1', reward: 1, advantage: -0.7071, storedObs: 0, storedRea: 0, category: 'Reading' }),
        record(3, { promptId: 'g1', reward: 1, advantage: 0.5, storedObs: 0.25, storedRea: 1, category: 'Reading', mismatches: 1 }),
        // Group g2: all equal, no learning signal.
        record(4, { promptId: 'g2', reward: 3, advantage: 0, category: 'Reading' }),
        record(5, { promptId: 'g2', reward: 3, advantage: 0, category: 'Reading' }),
        // Alone in its group, and one without a prompt id.
        record(6, { promptId: 'g3', reward: 2, advantage: 0 }),
        record(7, { kind: 'cot', reward: null }),
      ],
      problems: [],
    });
    store.finish({});
  });
  afterEach(() => store.close());
  after(cleanTempFiles);

  it('recomputes GRPO advantages per prompt in SQL: sample std, ε, 0 for a zero-variance group, none for a group of one', () => {
    store.computeGroupAdvantages(1e-6, 1e-3);
    const rows = store.page(0, 10);
    // mean 2, sample std sqrt(((2)²+0+1+1)/3) = sqrt(2)
    const expected = [4, 2, 1, 1].map((r) => (r - 2) / (Math.sqrt(2) + 1e-6));
    expected.forEach((a, i) => assert.ok(Math.abs((rows[i].advantageRecomputed ?? NaN) - a) < 1e-9, `record ${i}`));
    assert.deepEqual(
      rows.slice(0, 4).map((r) => r.zeroVariance),
      [false, false, false, false],
    );
    assert.deepEqual(
      rows.slice(4, 6).map((r) => [r.advantageRecomputed, r.zeroVariance]),
      [
        [0, true],
        [0, true],
      ],
    );
    assert.equal(rows[6].advantageRecomputed, null);
    assert.equal(rows[7].advantageRecomputed, null);
    // Record 3's logged 0.5 is wrong (it also had one index-time mismatch); records 0–2 agree within tolerance.
    assert.deepEqual(
      rows.slice(0, 4).map((r) => r.mismatches),
      [0, 0, 0, 2],
    );
    // Running it again does not count twice.
    store.computeGroupAdvantages(1e-6, 1e-3);
    assert.equal(store.recordAt(3)?.mismatches, 2);
  });

  it('filters by numeric ranges (a clicked bar) and prompt ids, and sorts by scored columns with nulls last', () => {
    const positions = (filter: Parameters<SqliteRecordStore['query']>[0]) => store.query(filter).records.map((r) => r.position);
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'reward', min: 1, max: 2, includeMax: false }] } }), [2, 3]);
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'reward', min: 1, max: 2, includeMax: true }] } }), [1, 2, 3, 6]);
    assert.deepEqual(
      positions({
        filter: {
          ranges: [
            { column: 'storedObs', max: 0.3 },
            { column: 'storedRea', min: 1 },
          ],
        },
      }),
      [3],
    );
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'mismatches', min: 1 }] } }), [3]);
    assert.deepEqual(positions({ filter: { ranges: [{ column: 'storedObs' }] } }), [0, 1, 2, 3], 'a range with no bounds: the column is known');
    assert.deepEqual(positions({ filter: { promptIds: ['g2', 'g3'] } }), [4, 5, 6]);
    assert.deepEqual(positions({ sort: { by: 'storedObs', descending: false } }), [2, 3, 1, 0, 4, 5, 6, 7]);
  });

  it('bins two columns into scatter cells and averages a column per category', () => {
    const scatter = store.scatter('storedObs', 'storedRea', 2);
    assert.equal(scatter.count, 4);
    assert.deepEqual(
      scatter.cells.map((c) => [c.xFrom, c.xTo, c.yFrom, c.yTo, c.count]),
      [
        [0, 0.5, 0, 0.5, 1],
        [0, 0.5, 0.5, 1, 1],
        [0.5, 1, 0, 0.5, 1],
        [0.5, 1, 0.5, 1, 1],
      ],
    );
    assert.deepEqual(store.scatter('judgeObs', 'judgeRea', 4).cells, []);
    const means = store.meanBy('category', 'reward');
    assert.deepEqual(means, [
      { value: 'Reading', count: 4, mean: 2 },
      { value: 'Counting', count: 3, mean: (4 + 2 + 2) / 3 },
    ]);
    assert.deepEqual(store.meanBy('category', 'reward', { ranges: [{ column: 'reward', min: 3, includeMax: true }] }), [
      { value: 'Reading', count: 2, mean: 3 },
      { value: 'Counting', count: 1, mean: 4 },
    ]);
  });

  it('keeps the scoring pass and judge results; histograms see them', () => {
    store.updateColumns([
      { position: 0, values: { obsEstimate: 0.9, totalRecomputed: 3.9 } },
      { position: 1, values: { obsEstimate: 0.1, totalRecomputed: 2.1, zeroVariance: true } },
    ]);
    store.updateColumns([{ position: 1, values: { judgeObs: 0, judgeRea: 1, totalRecomputed: 3 } }]);
    const [a, b] = store.page(0, 2);
    assert.deepEqual([a.obsEstimate, a.totalRecomputed, a.zeroVariance], [0.9, 3.9, null]);
    assert.deepEqual([b.obsEstimate, b.judgeObs, b.judgeRea, b.totalRecomputed, b.zeroVariance], [0.1, 0, 1, 3, true]);
    const histogram = store.histogram('obsEstimate', 2);
    assert.equal(histogram.count, 2);
    assert.deepEqual(
      histogram.bins.map((bin) => bin.count),
      [1, 1],
    );
  });

  it('an update writes only the columns it names (null included); every catalogue column round-trips', () => {
    store.computeGroupAdvantages(1e-6, 1e-3);
    const zeroVarianceBefore = store.recordAt(4)?.zeroVariance;
    assert.equal(zeroVarianceBefore, true, 'the group pass set it');
    store.updateColumns([{ position: 4, values: { obsEstimate: 0.5 } }]);
    assert.deepEqual([store.recordAt(4)?.obsEstimate, store.recordAt(4)?.zeroVariance], [0.5, true]);
    store.updateColumns([{ position: 4, values: { obsEstimate: null, correct: true, fmt: 1 } }]);
    assert.deepEqual([store.recordAt(4)?.obsEstimate, store.recordAt(4)?.correct, store.recordAt(4)?.fmt], [null, true, 1]);
    // A record written with a value in every column reads back the same.
    const full = record(8, {
      reward: 3.5,
      advantage: -0.25,
      storedAcc: 1,
      storedObs: 0.75,
      storedRea: 0.5,
      storedFmt: 1,
      correct: false,
      fmt: 0,
      obsEstimate: 0.125,
      judgeObs: 0.25,
      judgeRea: 0,
      totalRecomputed: 2,
      advantageRecomputed: 0.5,
      zeroVariance: false,
      mismatches: 2,
      steps: 7,
      problems: 3,
      citedEnd: 42.5,
    });
    store.append({ records: [full], problems: [] });
    assert.deepEqual(store.recordAt(8), full);
  });

  it("lists a prompt's records in file order", () => {
    assert.deepEqual(
      store.groupMembers('g1', 10).map((r) => r.position),
      [0, 1, 2, 3],
    );
    assert.deepEqual(
      store.groupMembers('g1', 2).map((r) => r.position),
      [0, 1],
    );
    assert.deepEqual(store.groupMembers('nope', 10), []);
  });
});
