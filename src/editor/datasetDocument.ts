import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileProfile } from '../../shared/fieldMapping';
import type { CountColumn, GroupMean, Histogram, NumericColumn, QueryResult, RecordFilter, RecordQuery, Scatter, ValueCount } from '../../shared/recordQuery';
import type { ScoringProgress } from '../../shared/scores';
import { ScoringJob, scoringFingerprint } from '../core/rewards/scoringJob';
import type { IndexProgress, Problem, RecordSummary } from '../../shared/records';
import { emptyProgress } from '../core/index/indexFile';
import { type DatasetIndex, openIndex, searchShards } from '../core/index/openIndex';
import type { FileFormat } from '../core/reader/detectFormat';
import { type LoadedRecord, loadRecord } from '../core/records/readRecord';
import { readSidecar, sidecarPath } from '../core/records/sidecar';
import { SqliteRecordStore } from '../core/store/sqliteRecordStore';
import { log } from '../log';

/** Above this size indexing shows a cancellable notification; below it, a status-bar spinner. */
const NOTIFY_ABOVE_BYTES = 64 * 1024 * 1024;

/**
 * One open dataset file, shared by every Inspector editor on it. It never reads the file into memory:
 * worker threads index it into SQLite (or the cached index of the unchanged file is reused) and the
 * editors page through that index, reading single records from disk on demand.
 */
export class DatasetDocument implements vscode.CustomDocument {
  readonly format: FileFormat;
  readonly fileSize: number;
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
  private readonly scoringEmitter = new vscode.EventEmitter<ScoringProgress>();
  /** The dataset scoring pass advanced or ended. */
  readonly onDidChangeScoring = this.scoringEmitter.event;
  private scoringJob: ScoringJob | undefined;
  private scoringLatest: ScoringProgress = { done: 0, total: 0, running: false, complete: false };
  private readonly index: DatasetIndex;
  private store: SqliteRecordStore | undefined;
  private fileProfile: FileProfile | undefined;
  private latest: IndexProgress;

  static async open(uri: vscode.Uri, storageDir: string): Promise<DatasetDocument> {
    if (uri.scheme !== 'file') {
      throw new Error(`ReWatch Inspector reads files on disk; ${uri.scheme}: resources are not supported.`);
    }
    const stat = await fs.promises.stat(uri.fsPath);
    await fs.promises.mkdir(storageDir, { recursive: true });
    return new DatasetDocument(uri, stat.size, storageDir);
  }

  private constructor(
    readonly uri: vscode.Uri,
    fileSize: number,
    storageDir: string,
  ) {
    this.fileSize = fileSize;
    const { sidecar, error } = readSidecar(uri.fsPath);
    if (error !== undefined) {
      log().warn(error);
      void vscode.window.showWarningMessage(`ReWatch Inspector: ${error}. Fields are detected instead.`);
    } else if (Object.keys(sidecar).length > 0) log().info(`Field mapping from ${sidecarPath(uri.fsPath)}: ${JSON.stringify(sidecar)}`);

    this.index = openIndex({ filePath: uri.fsPath, storageDir, sidecar });
    this.format = this.index.format;
    this.reused = this.index.reused;
    this.fileProfile = this.index.profile;
    this.latest = emptyProgress(fileSize);
    const job = this.index.job;
    if (job === undefined) {
      log().info(`Reusing the index of ${uri.fsPath} (unchanged since it was indexed)`);
      this.openStore();
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
        if (!this.reused) log().info(`Indexed ${path.basename(uri.fsPath)}: ${final.records} records, ${final.malformed} malformed${final.cancelled ? ' (cancelled)' : ''}`);
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

  problems(limit: number, offset = 0): Problem[] {
    return this.store?.problems(limit, offset) ?? [];
  }

  problemsOf(position: number): Problem[] {
    return this.store?.problemsOf(position) ?? [];
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
    const job = new ScoringJob({ filePath: this.uri.fsPath, dbPath: this.index.dbPath, profile: this.fileProfile, captionFiles, storageDir: captionStorageDir, fingerprint });
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
    else log().info(`Scored ${result.done} records of ${path.basename(this.uri.fsPath)} in ${((Date.now() - started) / 1000).toFixed(1)} s${result.complete ? '' : ' (stopped)'}`);
    return result;
  }

  /** A judge run's r_obs and r_rea for one record, written to the index so lists and charts see them. */
  saveJudgeScores(position: number, judgeObs: number | null, judgeRea: number | null, totalRecomputed: number | null): void {
    const writer = new SqliteRecordStore(this.index.dbPath);
    try {
      writer.updateJudge(position, judgeObs, judgeRea, totalRecomputed);
    } finally {
      writer.close();
    }
  }

  /** One record read from disk (just its bytes) and mapped through the file's profile. */
  record(position: number): LoadedRecord | undefined {
    const summary = this.store?.recordAt(position);
    if (!summary || !this.fileProfile) return undefined;
    return loadRecord(this.uri.fsPath, summary, this.fileProfile);
  }

  cancelIndexing(): void {
    this.index.job?.cancel();
  }

  dispose(): void {
    this.scoringJob?.cancel();
    this.scoringEmitter.dispose();
    this.index.release();
    void this.index.done.catch(() => undefined).finally(() => this.store?.close());
    this.progressEmitter.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }

  private openStore(): void {
    this.store ??= new SqliteRecordStore(this.index.dbPath, { readonly: true });
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
