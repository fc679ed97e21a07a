import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileProfile } from '../../shared/records/fieldMapping';
import type {
  CountColumn,
  GroupMean,
  Histogram,
  NumericColumn,
  QueryResult,
  RecordFilter,
  RecordQuery,
  Scatter,
  ValueCount,
} from '../../shared/list/recordQuery';
import type { ScoringProgress } from '../../shared/rewards/scores';
import { ScoringJob, scoringFingerprint } from '../core/scoring/scoringJob';
import type { IndexProgress, Problem, RecordSummary } from '../../shared/records/recordSummary';
import { emptyProgress } from '../core/index/indexFile';
import { type DatasetIndex, openIndex, searchShards } from '../core/index/openIndex';
import type { FileFormat } from '../core/reader/detectFormat';
import { type LoadedRecord, loadRecord, readRecordBytes, recordFromBytes } from '../core/records/readRecord';
import { analyzeSaved } from '../core/save/analyzeSaved';
import { EditLog, type RecordEdit } from '../core/save/editLog';
import { saveEdits } from '../core/save/saveEdits';
import { DiskChangedError, type FileIdentity, identityOf, sameIdentity } from '../core/save/writeEditedFile';
import { ReviewLog, reviewSidecarPath } from '../core/review/reviewSidecar';
import { damageInBackground } from '../core/index/backgroundCheck';
import { replaceSearchRows } from '../core/index/searchShard';
import type { ColumnUpdate } from '../core/store/recordStore';
import { levelOf, uncountedCodes, type SeverityOverrides } from '../../shared/problems/problemCodes';
import { severityOverrides, withSeverities } from './problemDiagnostics';
import { readSidecar, sidecarPath } from '../core/records/sidecar';
import { SqliteRecordStore } from '../core/store/sqliteRecordStore';
import { sqliteDriver, sqliteMissingInVsCode } from '../core/store/sqlite/openDatabase';
import { log } from '../log';

/** What changed in the edit log: `changed` lists the records whose shown text changed. */
export interface EditChange {
  reason: 'edit' | 'undo' | 'redo' | 'save' | 'revert' | 'restore';
  changed: number[];
  /** For 'edit': the new edit (VS Code's undo stack gets one entry per edit). */
  edit?: RecordEdit;
}

/** How a save went, for what the editor tells the user or does next. */
export interface SaveOutcome {
  /** The file's owner could not be kept: the saved file belongs to this user now. */
  ownerChanged?: { from: number; to: number };
  /** The file had changed under the index ("Keep My Edits"): the Inspector indexes the saved file again. */
  reindex: boolean;
}

/** A backup of unsaved edits (hot exit): the edit log and the file state it applies to. */
interface Backup {
  version: 1;
  size: number;
  mtimeMs: number;
  diskTexts: [number, string][];
  log: string;
}

/** Above this size indexing shows a cancellable notification; below it, a status-bar spinner. */
const NOTIFY_ABOVE_BYTES = 64 * 1024 * 1024;

/**
 * One open dataset file, shared by every Inspector editor on it. It never reads the file into memory:
 * worker threads index it into SQLite (or the cached index of the unchanged file is reused) and the
 * editors page through that index, reading single records from disk on demand.
 */
export class DatasetDocument implements vscode.CustomDocument {
  readonly format: FileFormat;
  private size: number;
  /** Resolves when every record is indexed (search may still be building). */
  readonly whenIndexed: Promise<IndexProgress>;
  /** Resolves when indexing is over altogether, full-text search included. */
  readonly whenSearchReady: Promise<IndexProgress>;
  /** True when the index came from the cache (the file had not changed since it was indexed). */
  readonly reused: boolean;
  private readonly progressEmitter = new vscode.EventEmitter<IndexProgress>();
  readonly onDidChangeProgress = this.progressEmitter.event;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly corruptEmitter = new vscode.EventEmitter<string>();
  /** SQLite found the index damaged (once per document): what is wrong. */
  readonly onDidCorrupt = this.corruptEmitter.event;
  private damage: string | undefined;
  /** Records longer than this are problems, not read (rewatchInspector.maxRecordSizeMB). */
  private readonly maxRecordBytes: number;
  private readonly scoringEmitter = new vscode.EventEmitter<ScoringProgress>();
  /** The dataset scoring pass advanced or ended. */
  readonly onDidChangeScoring = this.scoringEmitter.event;
  private scoringJob: ScoringJob | undefined;
  private scoringLatest: ScoringProgress = { done: 0, total: 0, running: false, complete: false };
  private readonly index: DatasetIndex;
  private store: SqliteRecordStore | undefined;
  private fileProfile: FileProfile | undefined;
  private latest: IndexProgress;
  private edits = new EditLog();
  /** The on-disk text of every record an edit touched (to check the file still holds it before saving). */
  private readonly diskTexts = new Map<number, string>();
  private readonly editsEmitter = new vscode.EventEmitter<EditChange>();
  private readonly problemsEmitter = new vscode.EventEmitter<void>();
  /** The index's problems or their counts changed after indexing (severity setting, probed durations). */
  readonly onDidChangeProblems = this.problemsEmitter.event;
  private reviewLog: ReviewLog | undefined;
  private backupPath: string | undefined;
  /** The edit log changed (an edit, undo, redo, save, revert, restore). */
  readonly onDidChangeEdits = this.editsEmitter.event;
  /** The file as this document last read or wrote it (to tell our saves from others' changes). */
  private diskState: FileIdentity;
  /** Someone else changed the file and the user kept their edits: the index describes the old file. */
  private baseChanged = false;

  static async open(uri: vscode.Uri, storageDir: string, options: { rebuild?: boolean } = {}): Promise<DatasetDocument> {
    if (uri.scheme !== 'file') {
      throw new Error(`ReWatch Inspector reads files on disk; ${uri.scheme}: resources are not supported.`);
    }
    // Below the supported VS Code (engines.vscode) there is no SQLite to index with: one sentence, no stack.
    if (sqliteDriver() === undefined) throw new Error(sqliteMissingInVsCode(process.versions.node));
    const stat = await fs.promises.stat(uri.fsPath);
    return new DatasetDocument(uri, stat.size, storageDir, options.rebuild ?? false);
  }

  private constructor(
    readonly uri: vscode.Uri,
    fileSize: number,
    storageDir: string,
    rebuild: boolean,
  ) {
    this.size = fileSize;
    this.diskState = statOf(uri.fsPath);
    const { sidecar, error } = readSidecar(uri.fsPath);
    if (error !== undefined) {
      log().warn(error);
      void vscode.window.showWarningMessage(`ReWatch Inspector: ${error}. Fields are detected instead.`);
    } else if (Object.keys(sidecar).length > 0) log().info(`Field mapping from ${sidecarPath(uri.fsPath)}: ${JSON.stringify(sidecar)}`);

    this.maxRecordBytes = Math.round(vscode.workspace.getConfiguration('rewatchInspector', uri).get<number>('maxRecordSizeMB', 256) * 1024 * 1024);
    this.index = openIndex({ filePath: uri.fsPath, storageDir, sidecar, force: rebuild, maxRecordBytes: this.maxRecordBytes });
    if (this.index.notice) {
      log().warn(this.index.notice);
      void vscode.window.showWarningMessage(`ReWatch Inspector: ${this.index.notice}`);
    }
    this.format = this.index.format;
    this.reused = this.index.reused;
    this.fileProfile = this.index.profile;
    this.latest = emptyProgress(fileSize);
    const job = this.index.job;
    if (job === undefined) {
      log().info(`Reusing the index of ${uri.fsPath} (unchanged since it was indexed)`);
      this.openStore();
      // Checked page by page off this thread: a damaged index (a disk error, a crash mid-write) is rebuilt.
      const dbPath = this.index.dbPath;
      void damageInBackground([dbPath, ...searchShards(dbPath, this.store?.meta() ?? {})]).then((damage) => damage && this.corrupted(damage));
    } else {
      log().info(`Indexing ${uri.fsPath} (${fileSize} bytes, ${this.format})`);
      job.on('ready', (profile) => {
        this.fileProfile = profile;
        log().info(`Detected ${profile.kind} records (${profile.dialect}); fields ${JSON.stringify(profile.fields)}`);
        this.openStore();
      });
      job.on('progress', (progress) => this.update(progress));
    }

    const settled = this.index.done.then(
      (final) => {
        if (!this.reused)
          log().info(`Indexed ${path.basename(uri.fsPath)}: ${final.records} records, ${final.malformed} malformed${final.cancelled ? ' (cancelled)' : ''}`);
        this.update(final);
        return final;
      },
      (error: Error) => {
        log().error(`Indexing ${uri.fsPath} failed: ${error.message}`);
        this.update({ ...this.latest, done: true, error: error.message });
        return this.latest;
      },
    );
    this.whenSearchReady = settled;
    this.whenIndexed = new Promise((resolve) => {
      const listener = this.onDidChangeProgress((p) => {
        if (!p.done) return;
        listener.dispose();
        resolve(p);
      });
      void settled.then(resolve);
    });
    if (!this.reused) this.showProgress();
  }

  /** Bytes on disk (follows this document's saves). */
  /** The SQLite file of this document's index (named in the log; tests damage it on purpose). */
  get indexFile(): string {
    return this.index.dbPath;
  }

  get fileSize(): number {
    return this.size;
  }

  get progress(): IndexProgress {
    return this.latest;
  }

  /** The file's detected kind and field mapping (undefined until the indexer has looked). */
  get profile(): FileProfile | undefined {
    return this.fileProfile;
  }

  /** A page of record summaries from the index; empty until the first batch lands. */
  page(start: number, limit: number): RecordSummary[] {
    return this.store?.page(start, limit) ?? [];
  }

  query(query: RecordQuery): QueryResult {
    if (!this.store) return { total: 0, offset: 0, records: [] };
    return this.store.query(query);
  }

  /** Where a record sits in a filtered, sorted list; null when filtered out. */
  rankOf(query: RecordQuery, position: number): number | null {
    return this.store?.rankOf(query, position) ?? null;
  }

  /** "Go to": `#N` is the N-th record; a record id wins over a bare number, which is then the N-th record. */
  findRecord(target: string): number | undefined {
    const text = target.trim();
    const numbered = /^#(\d+)$/.exec(text);
    if (!numbered) {
      const byId = this.query({ filter: { ids: [text] }, limit: 1 }).records[0];
      if (byId) return byId.position;
    }
    const digits = numbered?.[1] ?? (/^\d+$/.test(text) ? text : undefined);
    if (digits === undefined) return undefined;
    const position = Number(digits) - 1;
    return position >= 0 && this.store?.recordAt(position) ? position : undefined;
  }

  /**
   * The file's problems in file order at the user's severities (rewatchInspector.problems.severity),
   * codes turned off left out; with `all` false (the Inspector's problem list), hints too, so the list
   * holds what the ⚠ column counts.
   */
  problems(limit: number, offset = 0, all = false): Problem[] {
    const overrides = severityOverrides(this.uri);
    const skip = all ? uncountedCodes(overrides).filter((code) => levelOf(code, overrides) === 'off') : uncountedCodes(overrides);
    return withSeverities(this.store?.problems(limit, offset, skip) ?? [], overrides);
  }

  /** One record's problems at the user's severities, hints included, codes turned off left out. */
  problemsOf(position: number): Problem[] {
    return withSeverities(this.store?.problemsOf(position) ?? [], severityOverrides(this.uri));
  }

  countsBy(column: CountColumn, filter?: RecordFilter): ValueCount[] {
    return this.store?.countsBy(column, 100, filter) ?? [];
  }

  histogram(column: NumericColumn, bins: number, filter?: RecordFilter): Histogram {
    return this.store?.histogram(column, bins, filter) ?? { column, count: 0, min: null, max: null, mean: null, bins: [] };
  }

  scatter(x: NumericColumn, y: NumericColumn, bins: number, filter?: RecordFilter): Scatter {
    return this.store?.scatter(x, y, bins, filter) ?? { x, y, count: 0, xMin: null, xMax: null, yMin: null, yMax: null, cells: [] };
  }

  meanBy(by: 'category' | 'questionType', column: NumericColumn, filter?: RecordFilter): GroupMean[] {
    return this.store?.meanBy(by, column, filter) ?? [];
  }

  /** Single-rollout records sharing a prompt id, in file order. */
  groupMembers(promptId: string, limit: number): RecordSummary[] {
    return this.store?.groupMembers(promptId, limit) ?? [];
  }

  get scoring(): ScoringProgress {
    return this.scoringLatest;
  }

  /**
   * The dataset scoring pass (evidence estimates, recomputed totals, GRPO advantages) once indexing
   * is over; skipped when the index already holds scores made with the same caption files, unless forced.
   */
  async score(captionFiles: string[], captionStorageDir: string, force = false): Promise<ScoringProgress> {
    const final = await this.whenSearchReady;
    if (final.cancelled || final.error !== undefined || !this.store || !this.fileProfile) return this.scoringLatest;
    const fingerprint = scoringFingerprint(captionFiles);
    if (!force && this.store.meta().scoredWith === fingerprint) {
      this.updateScoring({ done: final.records, total: final.records, running: false, complete: true });
      return this.scoringLatest;
    }
    this.scoringJob?.cancel();
    await this.scoringJob?.done;
    const job = new ScoringJob({
      filePath: this.uri.fsPath,
      dbPath: this.index.dbPath,
      profile: this.fileProfile,
      captionFiles,
      storageDir: captionStorageDir,
      fingerprint,
    });
    this.scoringJob = job;
    log().info(`Scoring ${path.basename(this.uri.fsPath)} (caption files: ${captionFiles.map((f) => path.basename(f)).join(', ') || 'none'})`);
    const started = Date.now();
    job.on('progress', (p) => {
      if (this.scoringJob === job) this.updateScoring(p);
    });
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Scoring ${path.basename(this.uri.fsPath)}`, cancellable: true },
      async (report, token) => {
        token.onCancellationRequested(() => job.cancel());
        const onProgress = (p: ScoringProgress) => report.report({ message: p.total === 0 ? '' : `${Math.floor((100 * p.done) / p.total)}%` });
        job.on('progress', onProgress);
        await job.done;
        job.off('progress', onProgress);
      },
    );
    const result = await job.done;
    if (result.error !== undefined) log().error(`Scoring ${this.uri.fsPath} failed: ${result.error}`);
    else
      log().info(
        `Scored ${result.done} records of ${path.basename(this.uri.fsPath)} in ${((Date.now() - started) / 1000).toFixed(1)} s${result.complete ? '' : ' (stopped)'}`,
      );
    return result;
  }

  /** Evidence estimates and recomputed totals of records scored again (after a save). */
  saveScores(updates: readonly ColumnUpdate[]): void {
    if (updates.length > 0) this.write((writer) => writer.updateColumns(updates));
  }

  /** A judge run's columns for one record, written to the index so lists and charts see them. */
  saveJudgeScores(update: ColumnUpdate): void {
    this.write((writer) => writer.updateColumns([update]));
  }

  /**
   * Sets each record's problem count (⚠, "With problems") under the user's severity overrides: hints
   * and codes turned off do not count. Skipped when the index already counts that way, unless forced
   * (a save re-analyzed records with the default severities).
   */
  recountProblems(overrides: SeverityOverrides, force = false): void {
    if (!this.store) return;
    const uncounted = uncountedCodes(overrides);
    const key = JSON.stringify(uncounted);
    const current = this.store.meta().problemsUncounted ?? JSON.stringify(uncountedCodes());
    if (!force && current === key) return;
    this.write((writer) => {
      writer.recountProblems(uncounted);
      writer.setMeta({ problemsUncounted: key });
    });
    this.problemsEmitter.fire();
  }

  /** Replaces some records' problems (analyzed again once their videos' durations are known). */
  replaceProblems(records: readonly { position: number; problems: Problem[]; counted: number }[]): void {
    if (records.length === 0) return;
    this.write((writer) => {
      for (const r of records) writer.replaceProblems(r.position, r.problems, r.counted);
    });
    this.problemsEmitter.fire();
  }

  /** A short-lived writable connection to the index (the document's own is read-only). */
  private write<T>(change: (writer: SqliteRecordStore) => T): T {
    const writer = new SqliteRecordStore(this.index.dbPath, { onCorrupt: (error) => this.corrupted(error.message) });
    try {
      return change(writer);
    } finally {
      writer.close();
    }
  }

  /** One record as the user sees it: its unsaved edit, else its bytes read from disk; mapped through the file's profile. */
  record(position: number): LoadedRecord | undefined {
    const summary = this.store?.recordAt(position);
    if (!summary || !this.fileProfile) return undefined;
    const edited = this.edits.textOf(position);
    if (edited !== undefined) return recordFromBytes(Buffer.from(edited, 'utf8'), summary, this.fileProfile);
    return loadRecord(this.uri.fsPath, summary, this.fileProfile, this.maxRecordBytes);
  }

  /** The record as saved on disk, ignoring unsaved edits. */
  savedRecord(position: number): LoadedRecord | undefined {
    const summary = this.store?.recordAt(position);
    if (!summary || !this.fileProfile) return undefined;
    return loadRecord(this.uri.fsPath, summary, this.fileProfile, this.maxRecordBytes);
  }

  get isDirty(): boolean {
    return this.edits.dirty;
  }

  /** Review marks of this file (`<file>.review.jsonl`), read once. */
  reviews(): ReviewLog {
    if (!this.reviewLog) {
      this.reviewLog = ReviewLog.read(reviewSidecarPath(this.uri.fsPath));
      if (this.reviewLog.badLines.length > 0)
        log().warn(`${this.reviewLog.path}: lines ${this.reviewLog.badLines.slice(0, 10).join(', ')} are not review entries (kept, ignored)`);
    }
    return this.reviewLog;
  }

  /** Records with unsaved edits, in file order. */
  editedPositions(): number[] {
    return this.edits.editedPositions();
  }

  isEdited(position: number): boolean {
    return this.edits.textOf(position) !== undefined;
  }

  /**
   * Replaces a record's text (already validated by the caller) as one undoable edit. `before` must be
   * the text the user saw, so an edit made against a stale view is refused.
   */
  applyEdit(position: number, before: string, after: string, label: string): void {
    if (!this.diskTexts.has(position)) {
      const saved = this.savedRecord(position);
      if (!saved) throw new Error(`There is no record ${position + 1}.`);
      this.diskTexts.set(position, saved.text);
    }
    const edit: RecordEdit = { position, before, after, label };
    this.edits.push(edit);
    this.editsEmitter.fire({ reason: 'edit', changed: [position], edit });
  }

  undo(): void {
    const edit = this.edits.undo();
    if (edit) this.editsEmitter.fire({ reason: 'undo', changed: [edit.position] });
  }

  redo(): void {
    const edit = this.edits.redo();
    if (edit) this.editsEmitter.fire({ reason: 'redo', changed: [edit.position] });
  }

  /** Drops every unsaved edit (VS Code's Revert File). */
  revert(): void {
    const changed = this.edits.revert();
    this.editsEmitter.fire({ reason: 'revert', changed });
  }

  /** Whether the file on disk is still the one this document read or last wrote (same file, size and mtime). */
  unchangedOnDisk(): boolean {
    try {
      return sameIdentity(statOf(this.uri.fsPath), this.diskState);
    } catch {
      return false;
    }
  }

  /**
   * "Keep My Edits" after someone else changed the file: the new file becomes the one saves check
   * against (a save still checks that each edited record is where it was), and the index, which
   * describes the old file, is rebuilt after the next save.
   */
  acceptDiskChange(): void {
    this.diskState = statOf(this.uri.fsPath);
    this.baseChanged = true;
  }

  /**
   * Saves the unsaved edits. To the file itself: the edited records are written in place (atomically,
   * streamed), the index follows (offsets shifted, the saved records analyzed again) without a re-index.
   * Save As (another destination) writes the copy and leaves this document as it is.
   */
  async save(destination: string, signal?: AbortSignal, rescore?: (positions: number[]) => Promise<ColumnUpdate[]>): Promise<SaveOutcome> {
    // The indexer must be done writing (records and search) before a save moves offsets under it.
    const indexed = await this.whenSearchReady;
    const store = this.store;
    const profile = this.fileProfile;
    if (!store || !profile || indexed.cancelled) throw new Error('The file was not fully indexed (cancelled or failed); reopen it and save again.');
    const pending = this.edits.pending().map((p) => {
      const summary = store.recordAt(p.position);
      if (!summary) throw new Error(`Record ${p.position + 1} is no longer in the index.`);
      const diskText = this.diskTexts.get(p.position) ?? '';
      return { summary, text: p.text, diskText };
    });
    // Never overwrite a change someone else made: the file must be the one we read (writeEditedFile checks
    // again while it copies), and the edited records still on disk as we read them.
    if (!this.unchangedOnDisk()) throw new DiskChangedError(this.uri.fsPath, 'before');
    for (const p of pending) {
      let onDisk: string;
      try {
        onDisk = readRecordBytes(this.uri.fsPath, p.summary.byteOffset, p.summary.byteLength).toString('utf8');
      } catch {
        onDisk = '';
      }
      if (onDisk.replace(/^\uFEFF/, '') !== p.diskText.replace(/^\uFEFF/, '')) {
        throw new Error(
          `${path.basename(this.uri.fsPath)} changed on disk where record ${p.summary.position + 1} is; reload it or compare before saving (nothing was written).`,
        );
      }
    }
    const inPlace = path.resolve(destination) === path.resolve(this.uri.fsPath);
    const started = Date.now();
    const saved = await saveEdits({ source: this.uri.fsPath, destination, pending, expect: this.diskState, signal });
    const replaced = saved.records;
    const ownerChanged = saved.ownerChanged ? { ownerChanged: saved.ownerChanged } : {};
    if (!inPlace) {
      log().info(`Saved a copy of ${path.basename(this.uri.fsPath)} with ${pending.length} edited record(s) as ${destination}`);
      return { reindex: false, ...ownerChanged };
    }
    this.diskState = saved.identity;
    this.size = this.diskState.size;
    if (this.baseChanged) {
      // The index describes the file as it was before someone else changed it: not moved, not re-keyed.
      for (const p of pending) this.diskTexts.set(p.summary.position, p.text);
      this.edits.markSaved();
      log().info(`Saved ${pending.length} edited record(s) to ${path.basename(this.uri.fsPath)}, which had changed on disk: indexing it again`);
      this.editsEmitter.fire({ reason: 'save', changed: pending.map((p) => p.summary.position) });
      return { reindex: true, ...ownerChanged };
    }
    const analyzed = analyzeSaved(this.uri.fsPath, profile, replaced);
    this.write((writer) => {
      const keys = writer.applySave(analyzed.records);
      replaceSearchRows(
        searchShards(this.index.dbPath, writer.meta()),
        analyzed.search.map((s) => ({ key: keys.get(s.position) ?? -1, question: s.question, body: s.body })).filter((s) => s.key >= 0),
      );
    });
    for (const p of pending) this.diskTexts.set(p.summary.position, p.text);
    this.edits.markSaved();
    this.index.rekey();
    if (rescore) this.saveScores(await rescore(pending.map((p) => p.summary.position)));
    log().info(`Saved ${pending.length} edited record(s) to ${path.basename(this.uri.fsPath)} in ${Date.now() - started} ms (index updated in place)`);
    this.editsEmitter.fire({ reason: 'save', changed: pending.map((p) => p.summary.position) });
    return { reindex: false, ...ownerChanged };
  }

  /** Hot exit: writes the edit log (not the file) to `destination`. */
  async backup(destination: string): Promise<void> {
    const backup: Backup = { version: 1, ...this.diskState, diskTexts: [...this.diskTexts], log: this.edits.toBackup() };
    await fs.promises.mkdir(path.dirname(destination), { recursive: true });
    const temp = `${destination}.${process.pid}.tmp`;
    await fs.promises.writeFile(temp, JSON.stringify(backup));
    await fs.promises.rename(temp, destination);
    this.backupPath = destination;
  }

  /** Where VS Code last had this document back its edits up (hot exit); undefined before the first backup. */
  get lastBackup(): string | undefined {
    return this.backupPath;
  }

  /**
   * Restores a hot-exit backup once the index is ready; dropped (with a warning) when the file changed
   * since, because its edits were made against records that may no longer be there.
   */
  async restore(backupPath: string): Promise<boolean> {
    let backup: Backup;
    let restored: EditLog;
    try {
      backup = JSON.parse(await fs.promises.readFile(backupPath, 'utf8')) as Backup;
      restored = EditLog.fromBackup(backup.log);
    } catch (error) {
      log().warn(`Could not read the backup of ${this.uri.fsPath}: ${(error as Error).message}`);
      return false;
    }
    if (backup.size !== this.diskState.size || backup.mtimeMs !== this.diskState.mtimeMs) {
      void vscode.window.showWarningMessage(
        `ReWatch Inspector: ${path.basename(this.uri.fsPath)} changed on disk since its unsaved edits were backed up; the backup was not restored.`,
      );
      log().warn(`Backup of ${this.uri.fsPath} skipped: the file changed since (${backup.size} B → ${this.diskState.size} B)`);
      return false;
    }
    this.edits = restored;
    for (const [position, text] of backup.diskTexts) this.diskTexts.set(position, text);
    const changed = restored.editedPositions();
    log().info(`Restored ${changed.length} record(s) with unsaved edits of ${path.basename(this.uri.fsPath)} from a backup`);
    this.editsEmitter.fire({ reason: 'restore', changed });
    return true;
  }

  cancelIndexing(): void {
    this.index.job?.cancel();
  }

  dispose(): void {
    this.editsEmitter.dispose();
    this.problemsEmitter.dispose();
    this.scoringJob?.cancel();
    this.scoringEmitter.dispose();
    this.index.release();
    void this.index.done.catch(() => undefined).finally(() => this.store?.close());
    this.progressEmitter.dispose();
    this.corruptEmitter.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }

  /** The index turned out damaged: said once; the editor rebuilds it (see onDidCorrupt). */
  private corrupted(reason: string): void {
    if (this.damage !== undefined) return;
    this.damage = reason;
    log().warn(`The index of ${this.uri.fsPath} is damaged (${reason}); it is rebuilt.`);
    this.corruptEmitter.fire(reason);
  }

  private openStore(): void {
    this.store ??= new SqliteRecordStore(this.index.dbPath, { readonly: true, onCorrupt: (error) => this.corrupted(error.message) });
    this.attachSearchIfReady();
  }

  private attachSearchIfReady(): void {
    if (!this.store || !(this.reused || this.latest.searchReady)) return;
    this.store.attachSearch(searchShards(this.index.dbPath, this.store.meta()));
  }

  private updateScoring(progress: ScoringProgress): void {
    this.scoringLatest = progress;
    this.scoringEmitter.fire(progress);
  }

  private update(progress: IndexProgress): void {
    this.latest = progress;
    this.attachSearchIfReady();
    this.progressEmitter.fire(progress);
  }

  private showProgress(): void {
    const name = path.basename(this.uri.fsPath);
    const large = this.fileSize > NOTIFY_ABOVE_BYTES;
    void vscode.window.withProgress(
      {
        location: large ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: `Indexing ${name}`,
        cancellable: large,
      },
      async (report, token) => {
        token.onCancellationRequested(() => this.cancelIndexing());
        let reported = 0;
        const listener = this.onDidChangeProgress((p) => {
          const percent = p.totalBytes === 0 ? 100 : Math.floor((100 * p.bytesRead) / p.totalBytes);
          report.report({ increment: percent - reported, message: `${p.records.toLocaleString()} records` });
          reported = percent;
        });
        try {
          await this.whenIndexed;
        } finally {
          listener.dispose();
        }
      },
    );
  }
}

function statOf(file: string): FileIdentity {
  return identityOf(fs.statSync(file));
}
