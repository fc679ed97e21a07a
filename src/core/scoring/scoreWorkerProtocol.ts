import type { FileProfile } from '../../../shared/records/fieldMapping';

export interface ScoreWorkerInput {
  filePath: string;
  dbPath: string;
  profile: FileProfile;
  captionFiles: string[];
  /** Where caption files' own indexes are cached. */
  storageDir: string;
  /** What the scores depend on besides the file (caption files and their versions): kept in meta. */
  fingerprint: string;
}

export type ScoreWorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done' } | { type: 'error'; message: string };
