import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import type { ChainEdit } from '../../../shared/edit/edits';
import { analyzeSaved } from '../../../src/core/save/analyzeSaved';
import { editRecordChain } from '../../../src/core/edit/editRecord';
import { saveEdits } from '../../../src/core/save/saveEdits';
import { IndexJob } from '../../../src/core/index/indexJob';
import { openIndex, searchShards } from '../../../src/core/index/openIndex';
import { replaceSearchRows } from '../../../src/core/index/searchShard';
import type { FileFormat } from '../../../src/core/reader/detectFormat';
import { loadRecord } from '../../../src/core/records/readRecord';
import { SqliteRecordStore } from '../../../src/core/store/sqliteRecordStore';
import { cleanTempFiles, tempDir, tempFile } from '../helpers/tempFiles';

const repoRoot = path.resolve(__dirname, '../../../..');

async function index(file: string, format: FileFormat): Promise<{ dbPath: string; profile: FileProfile }> {
  const dbPath = path.join(tempDir(), 'index.sqlite');
  const job = new IndexJob({ filePath: file, dbPath, format });
  const profile = new Promise<FileProfile>((resolve) => job.on('ready', resolve));
  await job.done;
  return { dbPath, profile: await profile };
}

/**
 * Edits records, saves in place and updates the index as the Inspector does after a save; the result
 * must equal an index built from scratch on the saved file (rows, problems, search).
 */
async function editSaveAndCompare(
  file: string,
  format: FileFormat,
  edits: { position: number; edit: (cards: number) => ChainEdit }[],
): Promise<SqliteRecordStore> {
  const { dbPath, profile } = await index(file, format);
  const store = new SqliteRecordStore(dbPath);
  const pending = edits.map(({ position, edit }) => {
    const summary = store.recordAt(position);
    assert.ok(summary);
    const loaded = loadRecord(file, summary, profile);
    const result = editRecordChain(loaded, profile, 0, edit(0));
    assert.ok(result.ok, result.ok ? '' : result.reason);
    return { summary, text: result.text, diskText: loaded.text };
  });
  const { records: replaced } = await saveEdits({ source: file, destination: file, pending });
  const analyzed = analyzeSaved(file, profile, replaced);
  const keys = store.applySave(analyzed.records);
  replaceSearchRows(
    searchShards(dbPath, store.meta()),
    analyzed.search.map((s) => ({ key: keys.get(s.position) ?? -1, question: s.question, body: s.body })),
  );
  store.attachSearch(searchShards(dbPath, store.meta()));

  const fresh = await index(file, format);
  const scratch = new SqliteRecordStore(fresh.dbPath, { readonly: true });
  scratch.attachSearch(searchShards(fresh.dbPath, scratch.meta()));
  try {
    assert.deepEqual(store.page(0, 1000), scratch.page(0, 1000), 'the updated index equals a fresh one');
    assert.deepEqual(store.problems(1000), scratch.problems(1000), 'problems moved with their records');
  } finally {
    scratch.close();
  }
  return store;
}

describe('Saving edits in place keeps the index without re-indexing', function () {
  this.timeout(30_000);
  after(cleanTempFiles);

  it('JSONL: rows, offsets, problems and full-text search match a fresh index after edits that grow and shrink records', async () => {
    const file = tempFile('cot.jsonl', fs.readFileSync(path.join(repoRoot, 'samples/rewatch-cot.jsonl')));
    const store = await editSaveAndCompare(file, 'jsonl', [
      {
        position: 0,
        edit: () => ({ op: 'setText', card: 2, text: 'A crimson square glows between 00:05 and 00:12, long before anything else happens in the clip.' }),
      },
      { position: 4, edit: () => ({ op: 'deleteStep', card: 1 }) },
      { position: 11, edit: () => ({ op: 'setAnswer', answer: 'A' }) },
    ]);
    try {
      assert.deepEqual(
        store.query({ filter: { text: 'crimson' }, limit: 5 }).records.map((r) => r.id),
        ['sample-001'],
      );
      assert.equal(store.query({ filter: { text: 'crimson' }, limit: 5 }).total, 1);
      // The malformed last line is still reported, at its (unchanged) line.
      assert.equal(store.page(12, 1)[0].malformed, true);
    } finally {
      store.close();
    }
  });

  it("a pretty-printed JSON array: an edited indented element leaves every later record's offsets, lines and problems as a fresh index has them", async () => {
    const records = fs
      .readFileSync(path.join(repoRoot, 'samples/rewatch-cot.jsonl'), 'utf8')
      .split('\n')
      .slice(0, 5)
      .map((line) => JSON.parse(line) as unknown);
    const file = tempFile('cot.json', `${JSON.stringify(records, null, 2)}\n`);
    const store = await editSaveAndCompare(file, 'json-array', [
      {
        position: 1,
        edit: () => ({
          op: 'insertStep',
          after: 2,
          action: 'query the segment from 00:15 to 00:22',
          observation: 'The green square sits in the lower right corner.',
        }),
      },
    ]);
    try {
      const rows = store.page(0, 10);
      assert.equal(rows.length, 5);
      assert.ok(rows[2].line > 2);
    } finally {
      store.close();
    }
  });
});

describe('An index updated by a save is reused when the saved file is opened again', function () {
  this.timeout(30_000);
  after(cleanTempFiles);

  it("rekey() files the index under the saved file's key: openIndex reuses it instead of re-indexing", async () => {
    const file = tempFile('cot.jsonl', fs.readFileSync(path.join(repoRoot, 'samples/rewatch-cot.jsonl')));
    const storageDir = tempDir();
    const first = openIndex({ filePath: file, storageDir });
    await first.done;
    const store = new SqliteRecordStore(first.dbPath);
    const profile = JSON.parse(store.meta().profile) as FileProfile;
    const summary = store.recordAt(1);
    assert.ok(summary);
    const loaded = loadRecord(file, summary, profile);
    const edited = editRecordChain(loaded, profile, 0, { op: 'setAnswer', answer: 'A' });
    assert.ok(edited.ok);
    const { records: replaced } = await saveEdits({ source: file, destination: file, pending: [{ summary, text: edited.text, diskText: loaded.text }] });
    store.applySave(analyzeSaved(file, profile, replaced).records);
    store.close();
    first.rekey();

    const second = openIndex({ filePath: file, storageDir });
    assert.equal(second.reused, true, 'the saved file is not indexed again');
    assert.equal(second.dbPath, first.dbPath);
    assert.equal((await second.done).totalBytes, fs.statSync(file).size);
    // A file changed by someone else afterwards is indexed again.
    fs.appendFileSync(file, '\n');
    const third = openIndex({ filePath: file, storageDir });
    assert.equal(third.reused, false);
    await third.done;
  });
});
