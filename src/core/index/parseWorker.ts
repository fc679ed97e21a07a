/**
 * Worker-thread entry: indexes one slice of the file. First it analyses the records and posts them
 * in batches to the writer (waiting when the writer falls behind), then it builds the slice's own
 * full-text shard. Several of these run at once on a large JSONL file, one per core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countLines } from '../reader/lineOffsets';
import { indexFile } from './indexFile';
import { MAX_PENDING_BATCHES, type ParseWorkerInput, type ParseWorkerMessage } from './indexWorkerProtocol';
import { buildSearchShard } from './searchShard';

const input = workerData as ParseWorkerInput;
const stopFlag = new Int32Array(input.stopFlag);
const pending = new Int32Array(input.pending);
const post = (message: ParseWorkerMessage): void => parentPort?.postMessage(message);
const shouldStop = () => Atomics.load(stopFlag, 0) !== 0;

try {
  const range = input.range && { ...input.range, firstLine: countLines(input.filePath, input.range.start) + 1 };
  const final = indexFile(
    input.filePath,
    {
      append(batch, progress) {
        for (let n = Atomics.load(pending, 0); n >= MAX_PENDING_BATCHES && !shouldStop(); n = Atomics.load(pending, 0)) {
          Atomics.wait(pending, 0, n, 200);
        }
        Atomics.add(pending, 0, 1);
        post({ type: 'batch', batch, progress });
      },
    },
    { format: input.format, profile: input.profile, chunkSize: input.chunkSize, maxRecordBytes: input.maxRecordBytes, range, shouldStop },
  );
  post({ type: 'records', progress: final });
  const { shardPath } = input;
  const completed =
    !final.cancelled &&
    (shardPath === undefined ||
      buildSearchShard({
        filePath: input.filePath,
        format: input.format,
        profile: input.profile,
        range,
        maxRecordBytes: input.maxRecordBytes,
        shardPath,
        shouldStop,
        onChunk: (bytesRead) => post({ type: 'search', bytesRead }),
      }));
  post({ type: 'searchDone', completed });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
