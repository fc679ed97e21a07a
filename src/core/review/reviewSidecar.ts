import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import { ReviewEntry } from '../../../shared/review/review';

/** `<file>.review.jsonl`: one line per review change, the last line for a record wins. */
export function reviewSidecarPath(datasetPath: string): string {
  return `${datasetPath}.review.jsonl`;
}

/**
 * A record's identity that survives regenerating the dataset (new chains, reordered lines, even new
 * ids): its video, question and ground-truth answer. sha256, 16 hex digits.
 */
export function reviewHash(record: DatasetRecord): string {
  const question = 'question' in record ? (record.question ?? '') : '';
  const answer = 'answer' in record && record.answer ? `${record.answer.letter ?? ''}\u0000${record.answer.text ?? ''}` : '';
  return createHash('sha256')
    .update(`${record.video ?? ''}\u0000${question}\u0000${answer}`)
    .digest('hex')
    .slice(0, 16);
}

/** The sidecar read into memory (it holds one line per review change: small next to the dataset). */
export class ReviewLog {
  private readonly byId = new Map<string, ReviewEntry>();
  private readonly byHash = new Map<string, ReviewEntry>();
  /** Lines that did not parse, with their 1-based numbers (reported, kept in the file). */
  readonly badLines: number[] = [];

  private constructor(readonly path: string) {}

  static read(sidecarPath: string): ReviewLog {
    const log = new ReviewLog(sidecarPath);
    let text = '';
    try {
      text = fs.readFileSync(sidecarPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const parsed = ReviewEntry.safeParse(JSON.parse(line));
        if (parsed.success) log.remember(parsed.data);
        else log.badLines.push(i + 1);
      } catch {
        log.badLines.push(i + 1);
      }
    });
    return log;
  }

  /** The latest entry for a record: by id when it has one, else by hash. Null when never marked or cleared. */
  entryFor(id: string | null, hash: string): ReviewEntry | null {
    const entry = (id !== null ? this.byId.get(id) : undefined) ?? this.byHash.get(hash);
    return entry && entry.status !== null ? entry : null;
  }

  /** Every record's latest entry that has a status, in the order they were last changed. */
  entries(): ReviewEntry[] {
    const latest = new Set<ReviewEntry>([...this.byId.values(), ...this.byHash.values()]);
    return [...latest].filter((e) => e.status !== null).sort((a, b) => a.time.localeCompare(b.time));
  }

  /**
   * Appends one entry to the sidecar (one write of one line: nothing else in the file is touched).
   * A symbolic link in its place is refused: a cloned repo could ship one pointing at any file.
   */
  append(entry: ReviewEntry): void {
    const line = `${JSON.stringify(ReviewEntry.parse(entry))}\n`;
    const fd = openForAppend(this.path);
    try {
      const size = fs.fstatSync(fd).size;
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        fs.readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      fs.writeSync(fd, prefix + line);
    } finally {
      fs.closeSync(fd);
    }
    this.remember(entry);
  }

  private remember(entry: ReviewEntry): void {
    if (entry.id !== null) this.byId.set(entry.id, entry);
    this.byHash.set(entry.hash, entry);
  }
}

/** Opens the sidecar to read and append, never through a symbolic link. */
function openForAppend(file: string): number {
  const { O_RDWR, O_APPEND, O_CREAT, O_NOFOLLOW } = fs.constants;
  // O_NOFOLLOW is missing on Windows, where a repo's symlinks need privileges to create: lstat instead.
  if (O_NOFOLLOW === undefined) {
    try {
      if (fs.lstatSync(file).isSymbolicLink()) throw symlinkRefused(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return fs.openSync(file, O_RDWR | O_APPEND | O_CREAT, 0o644);
  }
  try {
    return fs.openSync(file, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw symlinkRefused(file);
    throw error;
  }
}

function symlinkRefused(file: string): Error {
  return Object.assign(new Error(`${file} is a symbolic link; reviews are not written through links. Remove it to keep reviews.`), {
    code: 'ELOOP',
  });
}
