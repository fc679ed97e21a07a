import * as fs from 'node:fs';
import type { RecordSummary } from '../../../shared/records/recordSummary';
import type { ReplacedRecord } from './analyzeSaved';
import { detectEol, type FileIdentity, writeEditedFile } from './writeEditedFile';

export interface SaveEditsOptions {
  source: string;
  destination: string;
  /** Records whose text differs from the file, with their index rows (where they are now). */
  pending: readonly { summary: RecordSummary; text: string; diskText: string }[];
  /** What the caller last read of the source (see writeEditedFile). */
  expect?: FileIdentity;
  signal?: AbortSignal;
}

export interface SavedEdits {
  records: ReplacedRecord[];
  /** The saved file's identity. */
  identity: FileIdentity;
  /** Set when the file's owner could not be kept. */
  ownerChanged?: { from: number; to: number };
}

/**
 * Writes the file with the edited records substituted (atomically, streamed: see writeEditedFile)
 * in the file's own line endings, and says what moved so the index can follow without a re-index.
 */
export async function saveEdits(options: SaveEditsOptions): Promise<SavedEdits> {
  const pending = [...options.pending].sort((a, b) => a.summary.byteOffset - b.summary.byteOffset);
  const eol = detectEol(readHead(options.source));
  const result = await writeEditedFile({
    source: options.source,
    destination: options.destination,
    replacements: pending.map((p) => ({ byteOffset: p.summary.byteOffset, byteLength: p.summary.byteLength, text: p.text })),
    eol,
    expect: options.expect,
    signal: options.signal,
  });
  const records = pending.map((p, i): ReplacedRecord => ({
    position: p.summary.position,
    line: p.summary.line,
    oldByteOffset: p.summary.byteOffset,
    oldByteLength: p.summary.byteLength,
    newByteLength: result.replaced[i].newLength,
    oldBreaks: countBreaks(p.diskText),
    newBreaks: countBreaks(p.text),
  }));
  return { records, identity: result.identity, ...(result.ownerChanged ? { ownerChanged: result.ownerChanged } : {}) };
}

function countBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function readHead(file: string): Buffer {
  const head = Buffer.alloc(64 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}
