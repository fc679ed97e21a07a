import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileProfile, Sidecar } from '../../../shared/records/fieldMapping';
import type { IndexProgress } from '../../../shared/records/recordSummary';
import { FileFormat, detectFormat } from '../reader/detectFormat';
import { DEFAULT_MAX_RECORD_BYTES } from '../reader/rawRecord';
import { damageOf, sqliteHasFts5 } from '../store/sqlite/openDatabase';
import { usableCacheFolder } from './cacheFolder';
import { SqliteRecordStore, STORE_VERSION } from '../store/sqliteRecordStore';
import { isAlive } from '../processAlive';
import { fingerprintFile } from './fingerprint';
import { IndexJob } from './indexJob';
import { searchShardPath } from './indexWorkerProtocol';

/** Indexes kept in the cache folder; the least recently used beyond this are deleted. */
const KEEP_INDEXES = 24;

export interface OpenIndexOptions {
  filePath: string;
  /** The cache folder (the extension's storage, or the CLI's cache dir). */
  storageDir: string;
  sidecar?: Sidecar;
  format?: FileFormat;
  /** Rebuild even when a complete index of the same file state exists. */
  force?: boolean;
  /**
   * Check a reused index page by page (SQLite's quick_check, with its search shards) and rebuild it when
   * it is damaged. The CLI does; the extension reuses at once and checks in the background.
   */
  verify?: boolean;
  parseThreads?: number;
  /** Records longer than this are problems, not read (default 256 MiB). */
  maxRecordBytes?: number;
}

/** An index of one file: reused from the cache, or being built by `job`. */
export interface DatasetIndex {
  readonly dbPath: string;
  readonly format: FileFormat;
  readonly reused: boolean;
  /** Present while (and after) building; absent for a reused index. */
  readonly job: IndexJob | undefined;
  /** The profile stored in a reused index (a job reports its own on 'ready'). */
  readonly profile: FileProfile | undefined;
  readonly done: Promise<IndexProgress>;
  /** Deletes the index unless it is complete and shared through the cache. */
  release(): void;
  /** After a save updated the index in place: file it under the saved file's key, so reopening reuses it. */
  rekey(): void;
  /** Set when the cache folder could not be used and a private one was: one sentence for the user. */
  notice?: string;
  /** Set when a cached index was damaged and is being rebuilt: what was wrong. */
  healed?: string;
}

/**
 * Finds or builds the index of a file. The cache key covers the file's path, size, mtime, first and
 * last blocks, the field mapping and the store version; a complete index with that key is reused as
 * is. A lock file keeps two processes from building the same index; the second builds a private one.
 */
export function openIndex(options: OpenIndexOptions): DatasetIndex {
  const { dir: storageDir, notice } = usableCacheFolder(options.storageDir);
  const noticed = notice === undefined ? {} : { notice };
  const format = options.format ?? detectFormat(options.filePath);
  const sidecar = options.sidecar ?? {};
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const keyNow = () => indexKey(options.filePath, sidecar, format, maxRecordBytes);
  const key = keyNow();
  const shared = path.join(storageDir, `index-${key}.sqlite`);
  const rekey = (dbPath: string) => () => rekeyIndex(dbPath, storageDir, keyNow(), fs.statSync(options.filePath).size);

  let healed: string | undefined;
  if (!options.force) {
    // An index a save updated in place is reached through an alias named after the saved file's key.
    const found = fs.existsSync(shared) ? shared : aliasTarget(storageDir, key);
    const reused = found === undefined ? undefined : readComplete(found, key);
    if (found !== undefined && reused) {
      healed = options.verify ? damageOf([found, ...searchShards(found, reused.meta)]) : undefined;
      if (healed === undefined) {
        touch(found);
        const release = markOpen(found);
        return {
          dbPath: found,
          format,
          reused: true,
          job: undefined,
          profile: reused.profile,
          done: Promise.resolve(reused.progress),
          release,
          rekey: rekey(found),
          ...noticed,
        };
      }
      removeDatabase(found);
    }
  }

  const locked = acquireLock(shared);
  const dbPath = locked ? shared : path.join(storageDir, `index-${key}-${process.pid}-${Date.now()}.sqlite`);
  removeDatabase(dbPath);
  const unmark = markOpen(dbPath);
  const job = new IndexJob({ filePath: options.filePath, dbPath, format, sidecar, meta: { key }, parseThreads: options.parseThreads, maxRecordBytes });
  let complete = false;
  const done = job.done
    .then((final) => {
      complete = !final.cancelled && locked;
      return final;
    })
    .finally(() => {
      if (locked) releaseLock(shared);
      if (complete) pruneCache(storageDir, shared);
    });
  done.catch(() => undefined);
  return {
    dbPath,
    format,
    reused: false,
    job,
    profile: undefined,
    done,
    rekey: rekey(dbPath),
    release: () => {
      job.cancel();
      void done
        .catch(() => undefined)
        .finally(() => {
          unmark();
          if (!complete) removeDatabase(dbPath);
        });
    },
    ...noticed,
    ...(healed === undefined ? {} : { healed }),
  };
}

/**
 * Marks an index as open by this process (`<index>.open-<pid>`), so that no process prunes it from the
 * cache while it is in use; returns the release. Counted: one file may be opened more than once.
 */
const openCounts = new Map<string, number>();
function markOpen(dbPath: string): () => void {
  const marker = `${dbPath}.open-${process.pid}`;
  const count = openCounts.get(dbPath) ?? 0;
  openCounts.set(dbPath, count + 1);
  if (count === 0) {
    try {
      fs.writeFileSync(marker, '');
    } catch {
      // best effort: only pruning by another process depends on it
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openCounts.get(dbPath) ?? 1) - 1;
    if (left > 0) openCounts.set(dbPath, left);
    else {
      openCounts.delete(dbPath);
      fs.rmSync(marker, { force: true });
    }
  };
}

/** Whether a live process has the index open (its `.open-<pid>` markers); dead processes' markers are removed. */
function inUse(dbPath: string): boolean {
  const dir = path.dirname(dbPath);
  const prefix = `${path.basename(dbPath)}.open-`;
  let used = false;
  for (const name of safeReaddir(dir)) {
    if (!name.startsWith(prefix)) continue;
    if (isAlive(Number(name.slice(prefix.length)))) used = true;
    else fs.rmSync(path.join(dir, name), { force: true });
  }
  return used;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** The cache key of a file's current state with a field mapping and format. */
function indexKey(filePath: string, sidecar: Sidecar, format: FileFormat, maxRecordBytes: number): string {
  return (
    createHash('sha256')
      // FTS5 is in the key: an index built without search is rebuilt where search is possible.
      .update(
        `${fingerprintFile(filePath)}\0${JSON.stringify(sidecar)}\0${format}\0${STORE_VERSION}\0${engineVersion()}\0${sqliteHasFts5()}\0${maxRecordBytes}`,
      )
      .digest('hex')
      .slice(0, 32)
  );
}

const aliasPath = (storageDir: string, key: string) => path.join(storageDir, `index-${key}.alias`);

/** The index an alias names (a file name in the same folder), if there is one. */
function aliasTarget(storageDir: string, key: string): string | undefined {
  try {
    const name = fs.readFileSync(aliasPath(storageDir, key), 'utf8').trim();
    return name === '' || name.includes('/') || name.includes('\\') ? undefined : path.join(storageDir, name);
  } catch {
    return undefined;
  }
}

/** Stamps the index with the file's new key and points an alias of that key at it. */
function rekeyIndex(dbPath: string, storageDir: string, key: string, bytes: number): void {
  const store = new SqliteRecordStore(dbPath);
  try {
    store.setMeta({ key, bytes: String(bytes) });
  } finally {
    store.close();
  }
  if (path.basename(dbPath) !== `index-${key}.sqlite`) fs.writeFileSync(aliasPath(storageDir, key), path.basename(dbPath));
}

let engineHash: string | undefined;

/** A hash of the bundled parse worker: a new engine (new detection, new checks) never reuses old indexes. */
function engineVersion(): string {
  if (engineHash === undefined) {
    try {
      engineHash = createHash('sha1')
        .update(fs.readFileSync(path.join(__dirname, 'parseWorker.js')))
        .digest('hex');
    } catch {
      engineHash = 'unknown';
    }
  }
  return engineHash;
}

function readComplete(dbPath: string, key: string): { profile: FileProfile; progress: IndexProgress; meta: Record<string, string> } | undefined {
  if (!fs.existsSync(dbPath)) return undefined;
  let store: SqliteRecordStore | undefined;
  try {
    store = new SqliteRecordStore(dbPath, { readonly: true });
    const meta = store.meta();
    if (meta.complete !== '1' || meta.version !== STORE_VERSION || meta.key !== key) return undefined;
    const records = Number(meta.records);
    const bytes = Number(meta.bytes);
    return {
      meta,
      profile: JSON.parse(meta.profile) as FileProfile,
      progress: {
        records,
        malformed: Number(meta.malformed),
        bytesRead: bytes,
        totalBytes: bytes,
        done: true,
        searchReady: meta.searchUnavailable === undefined,
        ...(meta.searchUnavailable === undefined ? {} : { searchUnavailable: meta.searchUnavailable }),
        cancelled: false,
      },
    };
  } catch {
    return undefined; // unreadable or from another version: rebuilt
  } finally {
    store?.close();
  }
}

/** Takes the lock of the shared index; false when another live process holds it, or it cannot be taken. */
function acquireLock(dbPath: string): boolean {
  const lock = `${dbPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false; // the private index is built instead
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(lock, { encoding: 'utf8', flag: 'r' }));
      } catch {
        continue; // released meanwhile: try again
      }
      if (isAlive(owner)) return false;
      fs.rmSync(lock, { force: true }); // left by a process that died
    }
  }
  return false;
}

function releaseLock(dbPath: string): void {
  fs.rmSync(`${dbPath}.lock`, { force: true });
}

/** Deletes an index with its WAL files and its search shards. */
export function removeDatabase(dbPath: string): void {
  const dir = path.dirname(dbPath);
  const base = path.basename(dbPath);
  for (const name of safeReaddir(dir)) {
    if (name === base || name.startsWith(`${base}-`) || name.startsWith(`${base}.search`)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** The search shard files of an index, once its meta says they are complete. */
export function searchShards(dbPath: string, meta: Record<string, string>): string[] {
  const n = Number(meta.searchShards ?? 0);
  return Array.from({ length: n }, (_, i) => searchShardPath(dbPath, i));
}

function touch(file: string): void {
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
  } catch {
    // best effort: only the pruning order depends on it
  }
}

/**
 * Deletes the least recently used shared indexes beyond KEEP_INDEXES: never one being built or open in
 * a live process, and not minding files another process pruned at the same time.
 */
export function pruneCache(dir: string, keep: string): void {
  const indexes = safeReaddir(dir)
    .filter((name) => /^index-[0-9a-f]{32}\.sqlite$/.test(name))
    .map((name) => path.join(dir, name))
    .filter((file) => file !== keep && !fs.existsSync(`${file}.lock`))
    .flatMap((file) => {
      try {
        return [{ file, mtime: fs.statSync(file).mtimeMs }];
      } catch {
        return []; // pruned by another process meanwhile
      }
    })
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of indexes.slice(KEEP_INDEXES - 1)) {
    if (!inUse(file)) removeDatabase(file);
  }
}
