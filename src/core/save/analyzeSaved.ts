import type { FileProfile } from '../../../shared/records/fieldMapping';
import { analyzeRecord } from '../index/analyzeRecord';
import { extractRecord } from '../records/extractRecord';
import * as fs from 'node:fs';
import { readRecordBytes } from '../records/readRecord';
import { searchText } from '../records/searchText';
import type { SavedRecord } from '../store/recordStore';

/** A record a save replaced, as the index had it before the save. */
export interface ReplacedRecord {
  position: number;
  line: number;
  oldByteOffset: number;
  oldByteLength: number;
  newByteLength: number;
  /** Line breaks in the old and the new text (a pretty-printed array element can change height). */
  oldBreaks: number;
  newBreaks: number;
}

export interface AnalyzedSave {
  records: SavedRecord[];
  /** Their new full-text rows (keyed later by each record's search key). */
  search: { position: number; question: string; body: string }[];
}

/**
 * Reads the saved records back from the new file (at their shifted offsets, as written, line endings
 * included) and analyzes them as the indexer would: their new index rows, problems and search text.
 */
export function analyzeSaved(filePath: string, profile: FileProfile, replaced: readonly ReplacedRecord[]): AnalyzedSave {
  const sorted = [...replaced].sort((a, b) => a.oldByteOffset - b.oldByteOffset);
  const records: SavedRecord[] = [];
  const search: AnalyzedSave['search'] = [];
  let byteShift = 0;
  let lineShift = 0;
  for (const r of sorted) {
    const byteOffset = r.oldByteOffset + byteShift;
    const line = r.line + lineShift;
    const bytes = readRecordBytes(filePath, byteOffset, r.newByteLength);
    const analyzed = analyzeRecord({ line, column: columnAt(filePath, byteOffset), byteOffset, bytes }, r.position, profile);
    const lineDelta = r.newBreaks - r.oldBreaks;
    records.push({ summary: analyzed.summary, problems: analyzed.problems, oldByteOffset: r.oldByteOffset, oldByteLength: r.oldByteLength, lineDelta });
    try {
      const text = searchText(extractRecord(JSON.parse(bytes.toString('utf8')), profile));
      if (text) search.push({ position: r.position, ...text });
    } catch {
      search.push({ position: r.position, question: '', body: '' });
    }
    byteShift += r.newByteLength - r.oldByteLength;
    lineShift += lineDelta;
  }
  return { records, search };
}

/** 1-based byte column of the byte at `offset` (1 in JSONL; an indented JSON array element's indent + 1). */
function columnAt(filePath: string, offset: number): number {
  const length = Math.min(offset, 64 * 1024);
  if (length === 0) return 1;
  const before = Buffer.alloc(length);
  const fd = fs.openSync(filePath, 'r');
  try {
    fs.readSync(fd, before, 0, length, offset - length);
  } finally {
    fs.closeSync(fd);
  }
  return length - before.lastIndexOf(0x0a);
}
