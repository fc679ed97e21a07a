import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IndexJob } from '../../../src/core/index/indexJob';
import { searchShards } from '../../../src/core/index/openIndex';
import { SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import type { IndexProgress } from '../../../shared/records/recordSummary';
import { cleanTempFiles, tempDir, tempFile } from '../helpers/tempFiles';

const repoRoot = path.resolve(__dirname, '../../../..');

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
    // The file's only problem that is not a hint is line 13's malformed JSON (hints: see test/unit/problems).
    assert.deepEqual(
      store
        .problems(100)
        .filter((p) => p.severity !== 'hint')
        .map((p) => [p.line, p.code]),
      [[13, 'malformed-json']],
    );
    store.close();
  });

  it('indexes the sample caption JSON array', async () => {
    const dbPath = path.join(tempDir(), 'captions.sqlite');
    const final = await new IndexJob({ filePath: path.join(repoRoot, 'samples/rewatch-captions.json'), dbPath, format: 'json-array' }).done;
    assert.equal(final.records, 2);
    assert.equal(final.malformed, 0);
    const store = new SqliteRecordStore(dbPath, { readonly: true });
    assert.deepEqual(
      store.page(0, 5).map((r) => r.kind),
      ['caption', 'caption'],
    );
    store.close();
  });

  it('streams a first batch early and can be cancelled', async () => {
    const line = `${JSON.stringify({ id: 'x', question: 'q?', cot: '<action>a</action>'.padEnd(2000, ' ') })}\n`;
    const file = tempFile('big.jsonl', line.repeat(60_000)); // ~120 MB
    const dbPath = path.join(tempDir(), 'big.sqlite');
    const job = new IndexJob({ filePath: file, dbPath, format: 'jsonl', chunkSize: 1 << 16 });
    const first = await new Promise<IndexProgress>((resolve) => job.on('progress', (p) => p.records > 0 && resolve(p)));
    assert.ok(first.records >= 100 && !first.done, 'the first 100 records arrive before indexing ends');
    job.cancel();
    const final = await job.done;
    assert.equal(final.cancelled, true);
    assert.ok(final.records < 60_000);
  });

  it('splits a JSONL file across parse threads and numbers records as one thread would', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 500 === 7) lines.push('{"id": broken');
      else if (i % 700 === 3) lines.push('   ');
      else
        lines.push(
          JSON.stringify({
            id: `r${i}`,
            question: `Where is item ${i}?`,
            answer: 'A',
            cot: `<action>query the segment from 00:${String(i % 60).padStart(2, '0')} to 01:00</action><observation>item ${i} zebra${i}</observation><answer>A</answer>`,
          }),
        );
    }
    const file = tempFile('split.jsonl', `\ufeff${lines.join('\r\n')}\r\n`);
    const run = async (parseThreads: number) => {
      const dbPath = path.join(tempDir(), `split-${parseThreads}.sqlite`);
      const job = new IndexJob({ filePath: file, dbPath, format: 'jsonl', parseThreads, minSplitBytes: 1 });
      const final = await job.done;
      const store = new SqliteRecordStore(dbPath, { readonly: true });
      store.attachSearch(searchShards(dbPath, store.meta()));
      const records = store.page(0, 10_000);
      const problems = store.problems(10_000);
      const found = store.query({ filter: { text: 'zebra2999' } }).records.map((r) => r.position);
      const meta = store.meta();
      store.close();
      return { final, records, problems, found, meta };
    };
    const one = await run(1);
    const three = await run(3);
    assert.equal(one.meta.searchShards, '1');
    assert.equal(three.meta.searchShards, '3');
    assert.equal(three.meta.complete, '1');
    assert.equal(one.final.records, 3000 - 5);
    assert.equal(one.final.malformed, 6);
    assert.ok(three.final.done && three.final.searchReady);
    assert.deepEqual(three.records, one.records);
    assert.deepEqual(three.problems, one.problems);
    assert.deepEqual(
      three.records.map((r) => r.position),
      [...Array(one.final.records).keys()],
    );
    assert.equal(three.records[0].byteOffset, 3, 'the BOM is not part of the first record');
    assert.deepEqual(three.found, one.found);
    assert.equal(one.found.length, 1);
    assert.equal(three.records[one.found[0]].id, 'r2999');
  });

  it('rejects when the file cannot be read', async () => {
    const job = new IndexJob({ filePath: path.join(tempDir(), 'missing.jsonl'), dbPath: path.join(tempDir(), 'x.sqlite'), format: 'jsonl' });
    await assert.rejects(job.done, /ENOENT/);
  });
});
