import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openIndex } from '../../../src/core/index/openIndex';
import { openDatabase } from '../../../src/core/store/sqlite/openDatabase';
import { SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import { repoRoot } from '../../../tools/codeServer';
import { cleanTempFiles, tempDir, tempFile } from '../helpers/tempFiles';

const sample = () => tempFile('cot.jsonl', fs.readFileSync(path.join(repoRoot, 'samples/rewatch-cot.jsonl')));

describe("index cache (this process's driver)", function () {
  this.timeout(30_000);
  after(cleanTempFiles);

  it('reuses a complete index, and finds its 13 records and search through a fresh store', async () => {
    const file = sample();
    const storageDir = tempDir();
    const first = openIndex({ filePath: file, storageDir });
    assert.equal(first.reused, false);
    assert.deepEqual([(await first.done).records, (await first.done).searchReady], [13, true]);
    const second = openIndex({ filePath: file, storageDir });
    assert.deepEqual([second.reused, second.dbPath], [true, first.dbPath]);
    const store = new SqliteRecordStore(second.dbPath, { readonly: true });
    store.attachSearch(Array.from({ length: Number(store.meta().searchShards) }, (_, i) => `${second.dbPath}.search${i}`));
    assert.equal(store.count(), 13);
    // Counted by hand in the question, options and chain texts: "coloured" with a word starting "squares".
    assert.deepEqual(
      store.query({ filter: { text: 'coloured squares' } }).records.map((r) => r.id),
      ['sample-001', 'sample-005'],
    );
    store.close();
  });

  it('rebuilds, without an error, an index another store version (or an older release) left at the same key', async () => {
    const file = sample();
    const storageDir = tempDir();
    const first = openIndex({ filePath: file, storageDir });
    await first.done;
    const db = openDatabase(first.dbPath);
    db.prepare("UPDATE meta SET value = '4' WHERE key = 'version'").run();
    db.close();
    const rebuilt = openIndex({ filePath: file, storageDir });
    assert.equal(rebuilt.reused, false);
    assert.equal((await rebuilt.done).records, 13);
    assert.equal(openIndex({ filePath: file, storageDir }).reused, true);
  });

  it('rebuilds an index file that is not a database at all', async () => {
    const file = sample();
    const storageDir = tempDir();
    const first = openIndex({ filePath: file, storageDir });
    await first.done;
    fs.writeFileSync(first.dbPath, Buffer.alloc(8192, 0x5a));
    const rebuilt = openIndex({ filePath: file, storageDir });
    assert.equal(rebuilt.reused, false);
    assert.equal((await rebuilt.done).records, 13);
  });
});
