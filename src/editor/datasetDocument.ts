import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IndexProgress, Problem, RecordSummary } from '../../shared/records';
import { IndexJob } from '../core/index/indexJob';
import { FileFormat, detectFormat } from '../core/reader/detectFormat';
import type { RecordStore } from '../core/store/recordStore';
import { SqliteRecordStore } from '../core/store/sqliteRecordStore';
import { log } from '../log';

/** Above this size indexing shows a cancellable notification; below it, a status-bar spinner. */
const NOTIFY_ABOVE_BYTES = 64 * 1024 * 1024;

/**
 * One open dataset file, shared by every Inspector editor on it. It never reads the file into memory:
 * a worker indexes it into SQLite and the editors page through that index.
 */
export class DatasetDocument implements vscode.CustomDocument {
  readonly format: FileFormat;
  readonly fileSize: number;
  readonly whenIndexed: Promise<IndexProgress>;
  private readonly progressEmitter = new vscode.EventEmitter<IndexProgress>();
  readonly onDidChangeProgress = this.progressEmitter.event;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly job: IndexJob;
  private readonly dbPath: string;
  private store: RecordStore | undefined;
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
    this.format = detectFormat(uri.fsPath);
    const key = createHash('sha1').update(uri.fsPath).digest('hex').slice(0, 16);
    this.dbPath = path.join(storageDir, `index-${key}-${process.pid}-${Date.now()}.sqlite`);
    this.latest = { records: 0, malformed: 0, bytesRead: 0, totalBytes: fileSize, done: false, cancelled: false };
    log().info(`Indexing ${uri.fsPath} (${fileSize} bytes, ${this.format})`);
    this.job = new IndexJob({ filePath: uri.fsPath, dbPath: this.dbPath, format: this.format });
    this.job.on('ready', () => {
      this.store = new SqliteRecordStore(this.dbPath, { readonly: true });
    });
    this.job.on('progress', (progress) => this.update(progress));
    this.whenIndexed = this.job.done.then(
      (final) => {
        log().info(`Indexed ${path.basename(uri.fsPath)}: ${final.records} records, ${final.malformed} malformed${final.cancelled ? ' (cancelled)' : ''}`);
        return final;
      },
      (error: Error) => {
        log().error(`Indexing ${uri.fsPath} failed: ${error.message}`);
        this.update({ ...this.latest, done: true, error: error.message });
        return this.latest;
      },
    );
    this.showProgress();
  }

  get progress(): IndexProgress {
    return this.latest;
  }

  /** A page of record summaries from the index; empty until the first batch lands. */
  page(start: number, limit: number): RecordSummary[] {
    return this.store?.page(start, limit) ?? [];
  }

  problems(limit: number): Problem[] {
    return this.store?.problems(limit) ?? [];
  }

  cancelIndexing(): void {
    this.job.cancel();
  }

  dispose(): void {
    this.job.cancel();
    void this.job.done.catch(() => undefined).finally(() => {
      this.store?.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(this.dbPath + suffix, { force: true });
    });
    this.progressEmitter.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }

  private update(progress: IndexProgress): void {
    this.latest = progress;
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
