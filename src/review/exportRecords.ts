import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import * as vscode from 'vscode';
import type { RecordQuery } from '../../shared/list/recordQuery';
import type { ReviewEntry, ReviewStatus } from '../../shared/review/review';
import { reviewHash } from '../core/review/reviewSidecar';
import type { DatasetDocument } from '../editor/datasetDocument';
import { log } from '../log';

/** What "Export Fixed Records" needs from the Inspector: the active document and its list's query. */
export interface ExportSource {
  document: DatasetDocument;
  lastQuery: RecordQuery | undefined;
}

type Choice = vscode.QuickPickItem & { pick: 'edited' | ReviewStatus | 'list' };

/**
 * Writes chosen records, as the Inspector shows them (unsaved edits included), to a new JSONL file:
 * records with unsaved edits, records marked fixed / reviewed / rejected, or the list as filtered now.
 */
export async function exportFixedRecords(source: ExportSource | undefined): Promise<void> {
  if (!source) return void vscode.window.showInformationMessage('ReWatch: open a dataset in the Inspector first.');
  const { document } = source;
  const reviews = document.reviews().entries();
  const count = (status: ReviewStatus) => reviews.filter((e) => e.status === status).length;
  const items: Choice[] = [
    { pick: 'edited', label: 'Records with unsaved edits', description: String(document.editedPositions().length), picked: true },
    { pick: 'fixed', label: 'Marked fixed', description: String(count('fixed')), picked: true },
    { pick: 'reviewed', label: 'Marked reviewed', description: String(count('reviewed')) },
    { pick: 'rejected', label: 'Marked rejected', description: String(count('rejected')) },
    ...(source.lastQuery
      ? [
          {
            pick: 'list' as const,
            label: "The Inspector's list as filtered now",
            description: String(document.query({ ...source.lastQuery, offset: 0, limit: 1 }).total),
          },
        ]
      : []),
  ];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Export which records?' });
  if (!picked || picked.length === 0) return;
  const { positions, unmatched } = exportPositions(
    document,
    picked.map((p) => p.pick),
    source.lastQuery,
  );
  const base = document.uri.fsPath.replace(/\.jsonl?$/i, '');
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(`${base}.fixed.jsonl`),
    filters: { JSONL: ['jsonl'] },
    title: 'Export records to',
  });
  if (!target) return;
  const written = await writeRecords(document, positions, target.fsPath);
  const note = unmatched > 0 ? ` (${unmatched} review mark(s) match no record of this file)` : '';
  log().info(`Exported ${written} record(s) of ${document.uri.fsPath} to ${target.fsPath}${note}`);
  void vscode.window.showInformationMessage(`ReWatch: exported ${written} record(s) to ${path.basename(target.fsPath)}${note}.`);
}

/** The records an export picks, in file order, and how many review marks match no record of the file. */
export function exportPositions(
  document: DatasetDocument,
  picks: readonly Choice['pick'][],
  lastQuery: RecordQuery | undefined,
): { positions: number[]; unmatched: number } {
  const positions = new Set<number>();
  let unmatched = 0;
  const reviews = document.reviews().entries();
  for (const pick of picks) {
    if (pick === 'edited') document.editedPositions().forEach((p) => positions.add(p));
    else if (pick === 'list') (lastQuery ? listPositions(document, lastQuery) : []).forEach((p) => positions.add(p));
    else
      for (const entry of reviews.filter((e) => e.status === pick)) {
        const position = locate(document, entry);
        if (position === undefined) unmatched++;
        else positions.add(position);
      }
  }
  return { positions: [...positions].sort((a, b) => a - b), unmatched };
}

/** Writes records as the Inspector shows them (unsaved edits included) as JSONL, atomically; returns how many. */
export async function writeRecords(document: DatasetDocument, positions: readonly number[], file: string): Promise<number> {
  const lines: string[] = [];
  for (const position of positions) {
    const text = document.record(position)?.text;
    // JSONL keeps each record's bytes; a pretty-printed JSON array element becomes one line.
    if (text !== undefined) lines.push(text.includes('\n') ? JSON.stringify(JSON.parse(text)) : text);
  }
  await writeAtomically(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return lines.length;
}

/** Writes `<file>.review.jsonl` as CSV: one row per record with a review mark. */
export async function exportReviewReport(document: DatasetDocument | undefined): Promise<void> {
  if (!document) return void vscode.window.showInformationMessage('ReWatch: open a dataset in the Inspector first.');
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(`${document.uri.fsPath.replace(/\.jsonl?$/i, '')}.review.csv`),
    filters: { CSV: ['csv'] },
    title: 'Export the review report to',
  });
  if (!target) return;
  const csv = reviewReportCsv(document);
  await writeAtomically(target.fsPath, csv.text);
  log().info(`Exported the review report of ${document.uri.fsPath} (${csv.rows} rows) to ${target.fsPath}`);
  void vscode.window.showInformationMessage(`ReWatch: wrote ${csv.rows} review row(s) to ${path.basename(target.fsPath)}.`);
}

/** The review sidecar as CSV, one row per marked record, with where the record is in the file now. */
export function reviewReportCsv(document: DatasetDocument): { text: string; rows: number } {
  const rows = document
    .reviews()
    .entries()
    .map((e) => {
      const position = locate(document, e);
      return {
        record: position === undefined ? '' : position + 1,
        line: position === undefined ? '' : (document.record(position)?.summary.line ?? ''),
        id: e.id ?? '',
        hash: e.hash,
        status: e.status ?? '',
        note: e.note,
        time: e.time,
      };
    });
  return { text: stringify(rows, { header: true, columns: ['record', 'line', 'id', 'hash', 'status', 'note', 'time'] }), rows: rows.length };
}

/** Where a review mark's record is now: its position hint when id and hash still match there, else by id. */
function locate(document: DatasetDocument, entry: ReviewEntry): number | undefined {
  const matches = (position: number) => {
    const record = document.record(position)?.record;
    return record !== undefined && (entry.id !== null ? record.id === entry.id : reviewHash(record) === entry.hash);
  };
  if (entry.position !== undefined && matches(entry.position)) return entry.position;
  if (entry.id === null) return undefined;
  return document.query({ filter: { ids: [entry.id] }, limit: 1 }).records[0]?.position;
}

function listPositions(document: DatasetDocument, query: RecordQuery): number[] {
  const positions: number[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = document.query({ ...query, offset, limit: 1000 });
    positions.push(...page.records.map((r) => r.position));
    if (page.records.length < 1000) return positions;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.promises.writeFile(temp, text);
  await fs.promises.rename(temp, file);
}
