/**
 * The kind menu counts kinds as the list shows them: a malformed record is "malformed" whatever kind
 * its fields suggest, and choosing an entry shows exactly the rows its "(n)" counted.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import { kindMenuPatch, kindMenuValue, MALFORMED_KIND } from '../../../webview/list/kindMenu';
import { recordSummary } from '../helpers/recordSummary';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

//  pos kind     malformed   listed as
//  0   cot      no          cot
//  1   cot      no          cot
//  2   cot      yes         malformed   (JSON read, but with problems: the row says "malformed")
//  3   unknown  yes         malformed   (unreadable JSON)
//  4   qa       no          qa
//  5   unknown  yes         malformed
//  6   rollout  no          rollout
const FIXTURE = [
  recordSummary(0, { kind: 'cot' }),
  recordSummary(1, { kind: 'cot' }),
  recordSummary(2, { kind: 'cot', malformed: true, problems: 1 }),
  recordSummary(3, { kind: 'unknown', malformed: true, problems: 1 }),
  recordSummary(4, { kind: 'qa' }),
  recordSummary(5, { kind: 'unknown', malformed: true, problems: 1 }),
  recordSummary(6, { kind: 'rollout' }),
];

describe('the kind menu: kinds as the list shows them', () => {
  let store: SqliteRecordStore;
  before(() => {
    store = new SqliteRecordStore(path.join(tempDir(), 'kinds.sqlite'));
    store.append({ records: FIXTURE, problems: [] });
    store.finish({});
  });
  after(() => {
    store.close();
    cleanTempFiles();
  });

  it('counts malformed records as "malformed", never as "unknown" or under their kind', () => {
    assert.deepEqual(store.countsBy('listedKind'), [
      { value: 'malformed', count: 3 },
      { value: 'cot', count: 2 },
      { value: 'qa', count: 1 },
      { value: 'rollout', count: 1 },
    ]);
    // The plain kind count (the CLI's) is unchanged: fields' kinds, malformed or not.
    assert.deepEqual(store.countsBy('kind'), [
      { value: 'cot', count: 3 },
      { value: 'unknown', count: 2 },
      { value: 'qa', count: 1 },
      { value: 'rollout', count: 1 },
    ]);
  });

  it('choosing an entry shows the rows its count counted, each listed under that word', () => {
    const listed = (position: number): string => (FIXTURE[position].malformed ? MALFORMED_KIND : FIXTURE[position].kind);
    const want: Record<string, number[]> = { malformed: [2, 3, 5], cot: [0, 1], qa: [4], rollout: [6] };
    for (const [value, positions] of Object.entries(want)) {
      const result = store.query({ filter: kindMenuPatch(value), limit: 100 });
      assert.deepEqual(
        result.records.map((r) => r.position),
        positions,
        value,
      );
      for (const position of positions) assert.equal(listed(position), value);
    }
    assert.equal(store.query({ filter: kindMenuPatch(''), limit: 100 }).total, 7);
  });

  it('shows the choice a filter stands for in the menu, and reads a choice back into a filter', () => {
    assert.equal(kindMenuValue({}), '');
    assert.equal(kindMenuValue({ kinds: ['qa'], malformed: false }), 'qa');
    assert.equal(kindMenuValue({ malformed: true }), 'malformed');
    assert.equal(kindMenuValue({ malformed: false }), '');
    assert.deepEqual(kindMenuPatch('malformed'), { kinds: undefined, malformed: true });
    assert.deepEqual(kindMenuPatch('cot'), { kinds: ['cot'], malformed: false });
    assert.deepEqual(kindMenuPatch(''), { kinds: undefined, malformed: undefined });
    assert.deepEqual(kindMenuPatch('no such kind'), { kinds: undefined, malformed: undefined });
  });
});
