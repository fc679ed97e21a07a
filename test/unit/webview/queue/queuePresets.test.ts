import * as assert from 'node:assert/strict';
import { RecordQuery, type RecordFilter } from '../../../../shared/list/recordQuery';
import { SavedQueue } from '../../../../shared/list/savedQueue';
import {
  MAX_SAVED_QUEUES,
  PRESET_QUEUES,
  allQueues,
  nextRank,
  queueQuery,
  removeQueue,
  savedQueueDefinition,
  toSavedQueue,
  upsertQueue,
} from '../../../../webview/queue/presets';
import { rangeLabel } from '../../../../webview/list/filterRanges';

const preset = (id: string) => {
  const found = PRESET_QUEUES.find((q) => q.id === id);
  assert.ok(found, id);
  return found;
};

describe('PRESET_QUEUES → RecordQuery', () => {
  const cases: { id: string; name: string; query: RecordQuery }[] = [
    {
      id: 'preset:lowest-obs-estimate',
      name: 'Lowest r_obs estimate first',
      query: { filter: { ranges: [{ column: 'obsEstimate', includeMax: true }] }, sort: { by: 'obsEstimate', descending: false }, offset: 0, limit: 100 },
    },
    {
      id: 'preset:lowest-stored-obs',
      name: 'Lowest logged r_obs first',
      query: { filter: { ranges: [{ column: 'storedObs', includeMax: true }] }, sort: { by: 'storedObs', descending: false }, offset: 0, limit: 100 },
    },
    {
      id: 'preset:total-mismatch',
      name: 'Logged total ≠ formula',
      query: {
        filter: { ranges: [{ column: 'mismatchTotal', min: 1, includeMax: true }] },
        sort: { by: 'mismatchTotal', descending: true },
        offset: 0,
        limit: 100,
      },
    },
    {
      id: 'preset:advantage-mismatch',
      name: 'Logged advantage ≠ recomputed',
      query: {
        filter: { ranges: [{ column: 'mismatchAdvantage', min: 1, includeMax: true }] },
        sort: { by: 'mismatchAdvantage', descending: true },
        offset: 0,
        limit: 100,
      },
    },
    {
      id: 'preset:fmt-mismatch',
      name: 'Logged r_fmt ≠ offline check',
      query: {
        filter: { ranges: [{ column: 'mismatchFmt', min: 1, includeMax: true }] },
        sort: { by: 'mismatchFmt', descending: true },
        offset: 0,
        limit: 100,
      },
    },
    {
      id: 'preset:acc-mismatch',
      name: 'Logged r_acc ≠ offline check',
      query: {
        filter: { ranges: [{ column: 'mismatchAcc', min: 1, includeMax: true }] },
        sort: { by: 'mismatchAcc', descending: true },
        offset: 0,
        limit: 100,
      },
    },
    {
      id: 'preset:range-mismatch',
      name: 'Logged reward out of range',
      query: {
        filter: { ranges: [{ column: 'mismatchRange', min: 1, includeMax: true }] },
        sort: { by: 'mismatchRange', descending: true },
        offset: 0,
        limit: 100,
      },
    },
    {
      id: 'preset:format-failures',
      name: 'Format failures',
      query: { filter: { ranges: [{ column: 'fmt', max: 0, includeMax: true }] }, sort: { by: 'position', descending: false }, offset: 0, limit: 100 },
    },
    {
      id: 'preset:right-weak-evidence',
      name: 'Right answer, weak evidence',
      query: {
        filter: { correct: true, ranges: [{ column: 'obsEstimate', max: 0.5, includeMax: false }] },
        sort: { by: 'obsEstimate', descending: false },
        offset: 0,
        limit: 100,
      },
    },
    {
      id: 'preset:zero-variance',
      name: 'Zero-variance groups',
      query: { filter: { ranges: [{ column: 'zeroVariance', min: 1, includeMax: true }] }, sort: { by: 'position', descending: false }, offset: 0, limit: 100 },
    },
    {
      id: 'preset:grounding-problems',
      name: 'Grounding problems',
      query: {
        filter: { problemCodes: ['past-end', 'reversed-interval', 'uncovered-by-captions'] },
        sort: { by: 'position', descending: false },
        offset: 0,
        limit: 100,
      },
    },
    {
      id: 'preset:past-end',
      name: 'Past the end',
      query: { filter: { problemCodes: ['past-end'] }, sort: { by: 'position', descending: false }, offset: 0, limit: 100 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const queue = preset(c.id);
      assert.equal(queue.name, c.name);
      assert.deepEqual(queueQuery(queue), c.query);
    });
  }

  it('lists exactly these presets, in this order', () =>
    assert.deepEqual(
      PRESET_QUEUES.map((q) => q.id),
      cases.map((c) => c.id),
    ));

  it("each mismatch queue's filter chip names its kind", () => {
    const chips = (id: string) => (preset(id).filter.ranges ?? []).map(rangeLabel);
    assert.deepEqual(chips('preset:total-mismatch'), ['chains whose logged total ≠ formula ≥ 1']);
    assert.deepEqual(chips('preset:advantage-mismatch'), ['rollouts whose logged advantage ≠ recomputed ≥ 1']);
    assert.deepEqual(chips('preset:fmt-mismatch'), ['chains whose logged r_fmt ≠ offline check ≥ 1']);
    assert.deepEqual(chips('preset:acc-mismatch'), ['chains whose logged r_acc ≠ offline check ≥ 1']);
    assert.deepEqual(chips('preset:range-mismatch'), ['logged rewards out of range ≥ 1']);
    assert.ok(
      PRESET_QUEUES.every((q) => !(q.filter.ranges ?? []).some((r) => r.column === 'mismatches')),
      'no queue lumps the kinds together',
    );
  });

  it('every preset is a valid RecordQuery (as the host parses it)', () => {
    for (const queue of PRESET_QUEUES) {
      const parsed = RecordQuery.safeParse(queueQuery(queue, 50));
      assert.ok(parsed.success, `${queue.id}: ${parsed.success ? '' : parsed.error.message}`);
    }
  });

  it('ids are unique and descriptions given', () => {
    assert.equal(new Set(PRESET_QUEUES.map((q) => q.id)).size, PRESET_QUEUES.length);
    for (const q of PRESET_QUEUES) assert.ok(q.description.length > 0);
  });
});

describe('saved queues', () => {
  const filter: RecordFilter = { kinds: ['rollout'], ranges: [{ column: 'reward', min: 0, max: 1, includeMax: false }], text: 'bike' };

  it('toSavedQueue keeps filter and sort, not the search text, and trims the name', () => {
    const saved = toSavedQueue('  mine  ', filter, { by: 'reward', descending: true });
    assert.deepEqual(saved, {
      name: 'mine',
      filter: { kinds: ['rollout'], ranges: [{ column: 'reward', min: 0, max: 1, includeMax: false }] },
      sort: { by: 'reward', descending: true },
    });
    assert.ok(SavedQueue.safeParse(saved).success);
  });

  it('drops undefined keys (the saved value is plain JSON)', () => {
    const saved = toSavedQueue('x', { correct: undefined, kinds: ['cot'] }, { by: 'position', descending: false });
    assert.deepEqual(Object.keys(saved.filter), ['kinds']);
  });

  it('round-trips through savedQueueDefinition', () => {
    const definition = savedQueueDefinition(toSavedQueue('mine', filter, { by: 'obsEstimate', descending: false }));
    assert.deepEqual(definition, {
      id: 'saved:mine',
      name: 'mine',
      description: 'Saved queue',
      filter: { kinds: ['rollout'], ranges: [{ column: 'reward', min: 0, max: 1, includeMax: false }] },
      sort: { by: 'obsEstimate', descending: false },
    });
  });

  const invalid: [string, SavedQueue][] = [
    ['an unknown sort key', { name: 'a', filter: {}, sort: { by: 'nope', descending: false } }],
    ['an unknown kind', { name: 'a', filter: { kinds: ['bogus'] }, sort: { by: 'position', descending: false } }],
    ['a bad range', { name: 'a', filter: { ranges: [{ column: 'nope' }] }, sort: { by: 'position', descending: false } }],
  ];
  for (const [name, saved] of invalid) it(`savedQueueDefinition: ${name} → null`, () => assert.equal(savedQueueDefinition(saved), null));

  it('a saved filter without includeMax gets the default', () => {
    const definition = savedQueueDefinition({ name: 'a', filter: { ranges: [{ column: 'fmt', max: 0 }] }, sort: { by: 'position', descending: false } });
    assert.deepEqual(definition?.filter, { ranges: [{ column: 'fmt', max: 0, includeMax: true }] });
  });

  const q = (name: string, by = 'position'): SavedQueue => ({ name, filter: {}, sort: { by, descending: false } });
  it('upsertQueue appends a new name', () => assert.deepEqual(upsertQueue([q('a')], q('b')), [q('a'), q('b')]));
  it('upsertQueue replaces the same name in place', () =>
    assert.deepEqual(upsertQueue([q('a'), q('b'), q('c')], q('b', 'reward')), [q('a'), q('b', 'reward'), q('c')]));
  it(`upsertQueue keeps at most ${MAX_SAVED_QUEUES}, dropping the oldest`, () => {
    const many = Array.from({ length: MAX_SAVED_QUEUES }, (_, i) => q(`q${i}`));
    const next = upsertQueue(many, q('new'));
    assert.equal(next.length, MAX_SAVED_QUEUES);
    assert.equal(next[0].name, 'q1');
    assert.equal(next[next.length - 1].name, 'new');
  });
  it('removeQueue', () => assert.deepEqual(removeQueue([q('a'), q('b')], 'a'), [q('b')]));
  it('removeQueue of a name not there', () => assert.deepEqual(removeQueue([q('a')], 'z'), [q('a')]));

  it('allQueues: presets, then the saved ones that parse', () => {
    const all = allQueues([q('mine'), { name: 'broken', filter: {}, sort: { by: 'nope', descending: false } }]);
    assert.deepEqual(
      all.map((x) => x.id),
      [...PRESET_QUEUES.map((x) => x.id), 'saved:mine'],
    );
  });
});

describe('nextRank', () => {
  const cases: [number | undefined, number, 1 | -1, number | null][] = [
    [undefined, 10, 1, 0],
    [undefined, 10, -1, 9],
    [0, 10, 1, 1],
    [8, 10, 1, 9],
    [9, 10, 1, null],
    [0, 10, -1, null],
    [5, 10, -1, 4],
    [undefined, 0, 1, null],
    [3, 0, 1, null],
  ];
  for (const [rank, count, direction, expected] of cases)
    it(`${rank} of ${count}, ${direction} → ${expected}`, () => assert.equal(nextRank(rank, count, direction), expected));
});
