import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IndexJob } from '../../src/core/index/indexJob';
import { SqliteRecordStore } from '../../src/core/store/sqliteRecordStore';
import type { IndexProgress } from '../../shared/records';
import { cleanTempFiles, tempDir, tempFile } from './helpers/tempFiles';

const repoRoot = path.resolve(__dirname, '../../..');

describe('IndexJob (real worker thread, real SQLite)', function () {
  this.timeout(30_000);
  after(cleanTempFiles);

  it('indexes the sample CoT file: 12 records and the malformed line 13', async () => {
    const dbPath = path.join(tempDir(), 'cot.sqlite');
    const job = new IndexJob({ filePath: path.join(repoRoot, 'samples/rewatch-cot.jsonl'), dbPath, format: 'jsonl' });
    const progress: IndexProgress[] = [];
    job.on('progress', (p) => progress.push(p));
    const final = await job.done;
    assert.equal(final.records, 13);
    assert.equal(final.malformed, 1);
    assert.equal(final.done, true);
    assert.equal(final.cancelled, false);
    assert.equal(final.bytesRead, fs.statSync(path.join(repoRoot, 'samples/rewatch-cot.jsonl')).size);
    assert.ok(progress.length >= 1);

    const store = new SqliteRecordStore(dbPath, { readonly: true });
    const [first] = store.page(0, 1);
    assert.equal(first.id, 'sample-001');
    assert.equal(first.kind, 'cot');
    assert.equal(first.video, 'videos/coloured-squares.mp4');
    const [bad] = store.page(12, 1);
    assert.equal(bad.malformed, true);
    assert.equal(bad.line, 13);
    assert.equal(store.problems(10)[0].line, 13);
    store.close();
  });

  it('indexes the sample caption JSON array', async () => {
    const dbPath = path.join(tempDir(), 'captions.sqlite');
    const final = await new IndexJob({ filePath: path.join(repoRoot, 'samples/rewatch-captions.json'), dbPath, format: 'json-array' }).done;
    assert.equal(final.records, 2);
    assert.equal(final.malformed, 0);
    const store = new SqliteRecordStore(dbPath, { readonly: true });
    assert.deepEqual(store.page(0, 5).map((r) => r.kind), ['caption', 'caption']);
    store.close();
  });

  it('streams a first batch early and can be cancelled', async () => {
    const line = `${JSON.stringify({ id: 'x', question: 'q?', cot: '<action>a</action>'.padEnd(2000, ' ') })}\n`;
    const file = tempFile('big.jsonl', line.repeat(60_000)); // ~120 MB
    const dbPath = path.join(tempDir(), 'big.sqlite');
    const job = new IndexJob({ filePath: file, dbPath, format: 'jsonl', chunkSize: 1 << 16 });
    const firstBatch = new Promise<IndexProgress>((resolve) => job.once('progress', resolve));
    const first = await firstBatch;
    assert.ok(first.records >= 100 && !first.done, 'the first 100 records arrive before indexing ends');
    job.cancel();
    const final = await job.done;
    assert.equal(final.cancelled, true);
    assert.ok(final.records < 60_000);
  });

  it('rejects when the file cannot be read', async () => {
    const job = new IndexJob({ filePath: path.join(tempDir(), 'missing.jsonl'), dbPath: path.join(tempDir(), 'x.sqlite'), format: 'jsonl' });
    await assert.rejects(job.done, /ENOENT/);
  });
});
