/**
 * The dataset scoring pass, in a worker thread: scores every record of an indexed file (evidence
 * estimate, recomputed total) into the index, then recomputes GRPO advantages per prompt group in SQL.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CaptionLibrary } from '../captions/captionLibrary';
import { SqliteRecordStore } from '../store/sqliteRecordStore';
import type { ColumnUpdate } from '../store/recordStore';
import { CaptionSource } from './captionSource';
import { GRPO_EPSILON } from '../rewards/grpo';
import { scoreFile, scoreUpdate } from './scoreFile';
import type { ScoreWorkerInput, ScoreWorkerMessage } from './scoreWorkerProtocol';

/** Same tolerance the per-sample advantage check uses. */
const ADVANTAGE_TOLERANCE = 1e-3;

async function run(input: ScoreWorkerInput): Promise<void> {
  const post = (message: ScoreWorkerMessage) => parentPort?.postMessage(message);
  const store = new SqliteRecordStore(input.dbPath);
  const library = new CaptionLibrary(input.storageDir);
  try {
    // A pass cut short must not pass for a finished one.
    store.setMeta({ scoredWith: '' });
    const captions = new CaptionSource(library, input.captionFiles);
    await captions.ready();
    let pending: ColumnUpdate[] = [];
    await scoreFile({
      filePath: input.filePath,
      store,
      profile: input.profile,
      captionsFor: (video) => captions.indexFor(video),
      onRecord: (scored) => {
        if (scored.scores.length > 0) pending.push(scoreUpdate(scored));
      },
      onProgress: (done, total) => {
        store.updateColumns(pending);
        pending = [];
        post({ type: 'progress', done, total });
      },
    });
    store.computeGroupAdvantages(GRPO_EPSILON, ADVANTAGE_TOLERANCE);
    store.setMeta({ scoredWith: input.fingerprint });
    post({ type: 'done' });
  } finally {
    library.dispose();
    store.close();
  }
}

run(workerData as ScoreWorkerInput).catch((error: unknown) => {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ScoreWorkerMessage);
});
