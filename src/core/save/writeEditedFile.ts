/**
 * Saves a dataset with some records replaced, whatever the file's size: the source is streamed in
 * fixed-size chunks (two buffers, reading the next chunk while the last one is written) into a temp
 * file beside the destination, with each replaced byte range swapped for its new text. The temp file is
 * fsynced, given the source's mode (and owner, where allowed) and renamed over the destination, and the
 * folder is fsynced, so a crash at any moment leaves either the old file or the new one, never a mix.
 *
 * Nothing another program wrote is lost: the source is opened once and checked against what the caller
 * last read (device, inode, size, mtime); just before the rename it is checked again, and any change
 * (an append, a rewrite, a `mv` over it) stops the save with a DiskChangedError, the temp file deleted.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlive } from '../processAlive';

export interface Replacement {
  /** Where the replaced bytes start in the source. */
  byteOffset: number;
  /** How many source bytes are replaced (0: an insertion). */
  byteLength: number;
  /** The new text, UTF-8 encoded on write; its "\n"s become `eol`. */
  text: string;
}

/** Which file a path held, and in what state: a change to any of these is someone else's write. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export function identityOf(stat: fs.Stats): FileIdentity {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The file changed on disk before or while it was being saved; nothing was written over it. */
export class DiskChangedError extends Error {
  override name = 'DiskChangedError';
  constructor(
    readonly file: string,
    readonly when: 'before' | 'during',
  ) {
    super(
      when === 'before'
        ? `${path.basename(file)} changed on disk since it was read; nothing was written (reload it, or keep your edits and save again).`
        : `${path.basename(file)} changed on disk while it was being saved; nothing was written (reload it, or keep your edits and save again).`,
    );
  }
}

/** Temp files of saves end so: `.<name>.rewatch-save-<pid>-<random>.tmp` beside the file. */
export const SAVE_TEMP = /^\.(.+)\.rewatch-save-(\d+)-[0-9a-f]+\.tmp$/;

export interface WriteEditedFileOptions {
  source: string;
  /** What the caller last read of the source: a different file or state there stops the save before it starts. */
  expect?: FileIdentity;
  /** Usually the source itself (save), or another path (save as). */
  destination: string;
  /** Sorted by offset, not overlapping, inside the source. */
  replacements: Replacement[];
  /** The file's line ending: with "\r\n", each "\n" of a replacement's text not already after a "\r" becomes "\r\n". */
  eol?: '\n' | '\r\n';
  /** Checked between chunks: an abort deletes the temp file and rejects with the signal's reason. */
  signal?: AbortSignal;
  hooks?: {
    /** After the temp file is complete and fsynced, before it is renamed over the destination. */
    beforeRename?: (tempPath: string) => void | Promise<void>;
    /** After each chunk copied from the source, with the source offset reached (progress, tests). */
    afterChunk?: (sourceOffset: number) => void | Promise<void>;
    /** After the temp file is complete, before the source is checked a last time (tests write there). */
    beforeFinalCheck?: () => void | Promise<void>;
  };
  /** Bytes per read; 1 MiB by default. */
  chunkSize?: number;
}

export interface WriteEditedFileResult {
  /** Bytes written (the new file's size). */
  bytes: number;
  /** The saved file's identity, as the next save's `expect`. */
  identity: FileIdentity;
  /** Set when the file's owner could not be kept (the saved file belongs to this user now). */
  ownerChanged?: { from: number; to: number };
  /** Each replacement at its offset in the source, with the length it had there and its new length. */
  replaced: { byteOffset: number; oldLength: number; newLength: number }[];
}

const DEFAULT_CHUNK_SIZE = 1 << 20;

/** Writes `source` with its replacements to `destination` atomically (temp file, fsync, rename). */
export async function writeEditedFile(options: WriteEditedFileOptions): Promise<WriteEditedFileResult> {
  const { source, destination, signal, hooks } = options;
  // Stryker disable next-line StringLiteral: eol is only ever compared with "\r\n", so any other default behaves as "\n"
  const eol = options.eol ?? '\n';
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw new Error(`Invalid chunk size: ${chunkSize}.`);
  signal?.throwIfAborted();

  // Through a symlink, the file it points at is replaced (the link stays a link).
  const target = await fs.promises.realpath(destination).catch(() => destination);
  const tempPath = path.join(path.dirname(target), `.${path.basename(target)}.rewatch-save-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let input: fs.promises.FileHandle | undefined;
  let output: fs.promises.FileHandle | undefined;
  let tempCreated = false;
  try {
    // One handle for the whole copy: what was checked is what is read, whatever happens to the path.
    input = await fs.promises.open(source, 'r');
    const stat = await input.stat();
    const opened = identityOf(stat);
    if (options.expect && !sameIdentity(opened, options.expect)) throw new DiskChangedError(source, 'before');
    checkReplacements(options.replacements, opened.size);
    output = await fs.promises.open(tempPath, 'wx', 0o600);
    tempCreated = true;
    const copier = new Copier(source, input, output, chunkSize, signal, hooks?.afterChunk);
    const replaced: WriteEditedFileResult['replaced'] = [];
    let sourceOffset = 0;
    for (const r of options.replacements) {
      await copier.copy(sourceOffset, r.byteOffset);
      const text = eol === '\r\n' ? r.text.replace(/\r?\n/g, '\r\n') : r.text;
      const bytes = Buffer.from(text, 'utf8');
      await copier.write(bytes);
      replaced.push({ byteOffset: r.byteOffset, oldLength: r.byteLength, newLength: bytes.length });
      sourceOffset = r.byteOffset + r.byteLength;
    }
    await copier.copy(sourceOffset, opened.size);
    signal?.throwIfAborted();
    await output.chmod(stat.mode & 0o7777);
    const ownerChanged = await keepOwner(output, stat);
    await output.sync();
    await output.close();
    output = undefined;
    await hooks?.beforeFinalCheck?.();
    // The last look before the rename: the path still names the file we read, as we read it.
    const now = await fs.promises.stat(source).catch(() => undefined);
    if (!now || !sameIdentity(identityOf(now), opened)) throw new DiskChangedError(source, 'during');
    // Closed before the rename: Windows cannot replace a file that is still open.
    await input.close();
    input = undefined;
    await hooks?.beforeRename?.(tempPath);
    signal?.throwIfAborted();
    await fs.promises.rename(tempPath, target);
    tempCreated = false;
    await syncDirectory(path.dirname(target));
    const identity = identityOf(await fs.promises.stat(target));
    return { bytes: copier.written, identity, replaced, ...(ownerChanged ? { ownerChanged } : {}) };
  } catch (error) {
    await output?.close().catch(() => undefined);
    await input?.close().catch(() => undefined);
    if (tempCreated) await fs.promises.unlink(tempPath).catch(() => undefined);
    throw error;
  }
}

/**
 * The saved file keeps the original's owner: root saving someone's file gives it back to them. A user
 * may not give a file away (EPERM); then the saved file is theirs, and the caller is told.
 */
async function keepOwner(output: fs.promises.FileHandle, original: fs.Stats): Promise<{ from: number; to: number } | undefined> {
  if (process.platform === 'win32') return undefined;
  const mine = await output.stat();
  if (mine.uid === original.uid && mine.gid === original.gid) return undefined;
  try {
    await output.chown(original.uid, original.gid);
    return undefined;
  } catch {
    return mine.uid === original.uid ? undefined : { from: original.uid, to: mine.uid };
  }
}

/**
 * Deletes the temp files that saves of `file` left behind when their process died (a `kill -9`, a
 * crash): each names its process, and a process that is gone will never finish it. Returns their names.
 */
export async function removeStaleSaveTemps(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = await fs.promises.readdir(dir);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const match = SAVE_TEMP.exec(entry);
    if (!match || match[1] !== name || isAlive(Number(match[2]))) continue;
    await fs.promises.unlink(path.join(dir, entry)).then(
      () => removed.push(entry),
      () => undefined,
    );
  }
  return removed;
}
/** The first line ending in the bytes; "\n" when there is none. */
export function detectEol(firstBytes: Buffer): '\n' | '\r\n' {
  const lf = firstBytes.indexOf(0x0a);
  return lf > 0 && firstBytes[lf - 1] === 0x0d ? '\r\n' : '\n';
}

function checkReplacements(replacements: Replacement[], fileSize: number): void {
  let end = 0;
  replacements.forEach((r, i) => {
    if (!Number.isSafeInteger(r.byteOffset) || !Number.isSafeInteger(r.byteLength) || r.byteOffset < 0 || r.byteLength < 0) {
      throw new Error(`Replacement ${i} has an invalid range (offset ${r.byteOffset}, length ${r.byteLength}).`);
    }
    if (typeof r.text !== 'string') throw new Error(`Replacement ${i} has no text.`);
    if (r.byteOffset < end) {
      throw new Error(`Replacement ${i} (at byte ${r.byteOffset}) is out of order or overlaps the one before it (which ends at byte ${end}).`);
    }
    end = r.byteOffset + r.byteLength;
    if (end > fileSize) throw new Error(`Replacement ${i} ends at byte ${end}, past the end of the file (${fileSize} bytes).`);
  });
}

/** Copies byte ranges of the source to the output through two reused buffers, reading one while writing the other. */
class Copier {
  written = 0;
  private readonly buffers: [Buffer, Buffer];
  private next = 0;

  constructor(
    private readonly source: string,
    private readonly input: fs.promises.FileHandle,
    private readonly output: fs.promises.FileHandle,
    private readonly chunkSize: number,
    private readonly signal: AbortSignal | undefined,
    private readonly afterChunk: ((sourceOffset: number) => void | Promise<void>) | undefined,
  ) {
    this.buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
  }

  /** Copies source bytes [from, to). */
  async copy(from: number, to: number): Promise<void> {
    let position = from;
    let writing: Promise<void> | undefined;
    try {
      while (position < to) {
        this.signal?.throwIfAborted();
        const buffer = this.buffers[this.next];
        this.next ^= 1;
        const want = Math.min(this.chunkSize, to - position);
        const { bytesRead } = await this.input.read(buffer, 0, want, position);
        // The file shrank under the save (truncated, or rewritten shorter in place): someone else's write.
        if (bytesRead === 0) throw new DiskChangedError(this.source, 'during');
        if (writing) await writing;
        writing = this.write(buffer.subarray(0, bytesRead));
        // Handled here so a failing write is not an unhandled rejection while the next read runs; awaited below.
        writing.catch(() => undefined);
        position += bytesRead;
        await this.afterChunk?.(position);
      }
    } finally {
      // Never leave a write running on a buffer that is about to be reused (or on a handle about to close).
      if (writing) await writing;
    }
  }

  /** Appends all of `bytes`. */
  async write(bytes: Buffer): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.output.write(bytes, done, bytes.length - done, this.written);
      done += bytesWritten;
      this.written += bytesWritten;
    }
  }
}

/** Makes the rename durable; some platforms (Windows) and file systems refuse to fsync a folder, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
