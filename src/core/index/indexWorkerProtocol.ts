import type { IndexProgress } from '../../../shared/records';
import type { FileFormat } from '../reader/detectFormat';

export interface IndexWorkerInput {
  filePath: string;
  dbPath: string;
  format: FileFormat;
  chunkSize?: number;
  /** One Int32: the host sets it to 1 to stop the scan at the next chunk. */
  stopFlag: SharedArrayBuffer;
}

export type IndexWorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; progress: IndexProgress }
  | { type: 'error'; message: string };
