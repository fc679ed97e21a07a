import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Problem, RecordSummary } from '../../shared/records';
import { SqliteRecordStore } from '../../src/core/store/sqliteRecordStore';
import { cleanTempFiles, tempDir } from './helpers/tempFiles';

const record = (position: number, malformed = false): RecordSummary => ({
  position,
  line: position + 1,
  byteOffset: position * 10,
  byteLength: 9,
  kind: malformed ? 'unknown' : 'cot',
  id: malformed ? null : `r${position}`,
  video: 'v.mp4',
  question: `question ${position}`,
  malformed,
});

const problem: Problem = { line: 3, column: 5, byteOffset: 24, byteLength: 5, severity: 'error', code: 'malformed-json', message: 'bad' };

describe('SqliteRecordStore', () => {
  after(cleanTempFiles);

  it('appends batches and pages them back in file order', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'index.sqlite'));
    store.append([record(0), record(1), record(2, true)], [problem]);
    store.append([record(3)], []);
    assert.equal(store.count(), 4);
    assert.equal(store.malformedCount(), 1);
    assert.deepEqual(store.page(1, 2), [record(1), record(2, true)]);
    assert.deepEqual(store.page(10, 5), []);
    assert.deepEqual(store.problems(10), [problem]);
    store.close();
  });

  it('lets a read-only connection see what the writer committed', () => {
    const file = path.join(tempDir(), 'shared.sqlite');
    const writer = new SqliteRecordStore(file);
    const reader = new SqliteRecordStore(file, { readonly: true });
    assert.equal(reader.count(), 0);
    writer.append([record(0), record(1)], []);
    assert.equal(reader.count(), 2);
    assert.throws(() => reader.append([record(2)], []), /read-only/);
    writer.close();
    reader.close();
  });

  it('rolls back a batch that fails half-way', () => {
    const store = new SqliteRecordStore(path.join(tempDir(), 'atomic.sqlite'));
    store.append([record(0)], []);
    assert.throws(() => store.append([record(1), record(0)], []));
    assert.equal(store.count(), 1);
    store.close();
  });
});
