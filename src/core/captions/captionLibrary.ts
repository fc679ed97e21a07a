import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCaption, type CaptionSegment } from '../../../shared/chain/captions';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import { openIndex } from '../index/openIndex';
import { loadRecord } from '../records/readRecord';
import { readSidecar } from '../records/sidecar';
import { SqliteRecordStore } from '../store/sqliteRecordStore';

export interface VideoCaptions {
  segments: CaptionSegment[];
  /** The caption file's name, for the panel's header. */
  origin: string;
}

interface CaptionFile {
  filePath: string;
  ready: Promise<{ store: SqliteRecordStore; profile: FileProfile } | undefined>;
  store?: SqliteRecordStore;
  profile?: FileProfile;
}

/** Caption files sit beside the dataset, with "caption" in their name (ReWatch ships `caption.json`). */
const CAPTION_FILE = /caption.*\.jsonl?$/i;

/**
 * Dense captions for a dataset's videos, from ReWatch-Caption files (one JSON array, or JSONL). Each
 * caption file is indexed once by the engine (cached like any dataset) and looked up by video path
 * in SQLite, so a 10,000-video caption file costs a query per sample, not a load.
 */
export class CaptionLibrary {
  private readonly files = new Map<string, CaptionFile>();
  /** Caption-named files per folder, with the folder's mtime when it was listed. */
  private readonly siblings = new Map<string, { mtimeMs: number; files: string[] }>();

  constructor(
    private readonly storageDir: string,
    private readonly onIndexed: () => void = () => undefined,
  ) {}

  /**
   * The caption files for a dataset: the configured ones (relative to the dataset's folder), else its
   * caption-named siblings. Asked on every sample switch, so a folder is listed again only when its
   * mtime says an entry was added or removed (a dataset folder may hold thousands of files).
   */
  captionFilesFor(datasetPath: string, configured: readonly string[]): string[] {
    const dir = path.dirname(datasetPath);
    if (configured.length > 0) return configured.map((f) => path.resolve(dir, f)).filter((f) => f !== datasetPath && fs.existsSync(f));
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(dir).mtimeMs;
    } catch {
      return [];
    }
    let listed = this.siblings.get(dir);
    if (listed?.mtimeMs !== mtimeMs) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(dir);
      } catch {
        return [];
      }
      listed = {
        mtimeMs,
        files: names
          .filter((n) => CAPTION_FILE.test(n))
          .map((n) => path.join(dir, n))
          .sort(),
      };
      this.siblings.set(dir, listed);
    }
    return listed.files.filter((f) => f !== datasetPath);
  }

  /**
   * The caption of `video`, or undefined when no caption file has it, or 'pending' while a caption
   * file is still being indexed (`onIndexed` fires when it is done).
   */
  lookup(files: readonly string[], video: string): VideoCaptions | undefined | 'pending' {
    let pending = false;
    for (const filePath of files) {
      const file = this.open(filePath);
      if (!file.store || !file.profile) {
        pending = true;
        continue;
      }
      const found = file.store.query({ filter: { videos: [video], kinds: ['caption'] }, limit: 1 }).records[0];
      if (!found) continue;
      const loaded = loadRecord(filePath, found, file.profile);
      if (loaded.record?.kind !== 'caption') continue;
      return { segments: parseCaption(loaded.record.caption).segments, origin: path.basename(filePath) };
    }
    return pending ? 'pending' : undefined;
  }

  /** Resolves once every caption file is indexed (or failed to be): `lookup` then never says 'pending'. */
  async whenReady(files: readonly string[]): Promise<void> {
    await Promise.all(files.map((f) => this.open(f).ready));
  }

  /** `lookup` after waiting up to `waitMs` for the caption files' indexes (a cached index is ready at once). */
  async lookupSoon(files: readonly string[], video: string, waitMs: number): Promise<VideoCaptions | undefined | 'pending'> {
    const ready = this.whenReady(files);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ready, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    return this.lookup(files, video);
  }

  dispose(): void {
    for (const file of this.files.values()) file.store?.close();
    this.files.clear();
  }

  private open(filePath: string): CaptionFile {
    const existing = this.files.get(filePath);
    if (existing) return existing;
    const index = openIndex({ filePath, storageDir: this.storageDir, sidecar: readSidecar(filePath).sidecar });
    const file: CaptionFile = {
      filePath,
      ready: index.done.then(
        (progress) => {
          const profile = index.profile ?? index.job?.profile;
          if (progress.cancelled || progress.error !== undefined || !profile) return undefined;
          file.store = new SqliteRecordStore(index.dbPath, { readonly: true });
          file.profile = profile;
          if (!index.reused) this.onIndexed();
          return { store: file.store, profile };
        },
        () => undefined,
      ),
    };
    this.files.set(filePath, file);
    return file;
  }
}
