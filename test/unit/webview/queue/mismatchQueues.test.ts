/**
 * The mismatch queues on the sample files, through the real pipeline: the index (worker thread, SQLite),
 * the scoring pass (which recomputes the GRPO advantages per prompt), then each preset's query. The
 * expected ids were found by reading the files (see each list), not by running the code.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FileProfile } from '../../../../shared/records/fieldMapping';
import { IndexJob } from '../../../../src/core/index/indexJob';
import { ScoringJob } from '../../../../src/core/scoring/scoringJob';
import { SqliteRecordStore } from '../../../../src/core/store/sqliteRecordStore';
import { PRESET_QUEUES, queueQuery } from '../../../../webview/queue/presets';
import { cleanTempFiles, tempDir } from '../../helpers/tempFiles';

const repoRoot = path.resolve(__dirname, '../../../../..');
const CAPTIONS = path.join(repoRoot, 'samples/rewatch-captions.json');

/** Indexes and scores a sample file; returns each mismatch queue's record ids in queue order. */
async function mismatchQueues(file: string): Promise<Record<string, string[]>> {
  const dir = tempDir();
  const dbPath = path.join(dir, 'index.sqlite');
  const filePath = path.join(repoRoot, 'samples', file);
  await new IndexJob({ filePath, dbPath, format: 'jsonl' }).done;
  let store = new SqliteRecordStore(dbPath, { readonly: true });
  const profile = JSON.parse(store.meta().profile) as FileProfile;
  store.close();
  const scored = await new ScoringJob({ filePath, dbPath, profile, captionFiles: [CAPTIONS], storageDir: dir, fingerprint: 'test' }).done;
  assert.equal(scored.complete, true, scored.error);
  store = new SqliteRecordStore(dbPath, { readonly: true });
  try {
    const ids = (id: string) => {
      const queue = PRESET_QUEUES.find((q) => q.id === id);
      assert.ok(queue, id);
      return store.query(queueQuery(queue)).records.map((r) => r.id ?? `line ${r.line}`);
    };
    return {
      total: ids('preset:total-mismatch'),
      advantage: ids('preset:advantage-mismatch'),
      fmt: ids('preset:fmt-mismatch'),
      acc: ids('preset:acc-mismatch'),
      range: ids('preset:range-mismatch'),
    };
  } finally {
    store.close();
  }
}

describe('Mismatch queues on the sample files (index + scoring pass)', function () {
  this.timeout(60_000);
  after(cleanTempFiles);

  it('samples/rewatch-rollouts.jsonl: each kind holds exactly its records', async () => {
    assert.deepEqual(await mismatchQueues('rewatch-rollouts.jsonl'), {
      // r3 logs 1.4 = 0 + 0.4 + 0 + 1 (summed without gating); the formula gives r_fmt = 1.
      total: ['p-green-r3'],
      // Totals 4, 1, 3, 0: mean 2, sample std √(10/3) ≈ 1.826 → 1.095, −0.548, 0.548, −1.095; the file
      // logs ±1.2649 and ±0.6325, which divide by the population std √(10/4) ≈ 1.581.
      advantage: ['p-first-r1', 'p-first-r2', 'p-first-r3', 'p-first-r4'],
      // r4 nests <answer> in <answer> (offline r_fmt 0) but logs format 1.
      fmt: ['p-count-r4'],
      // Every logged accuracy matches its answer letter; every component lies in its range.
      acc: [],
      range: [],
    });
  });

  it('samples/rewatch-cot.jsonl: no logged rewards, so every mismatch queue is empty', async () => {
    assert.deepEqual(await mismatchQueues('rewatch-cot.jsonl'), { total: [], advantage: [], fmt: [], acc: [], range: [] });
  });
});
