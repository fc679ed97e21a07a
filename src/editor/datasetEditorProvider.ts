import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../shared/protocol';
import type { RecordQuery } from '../../shared/list/recordQuery';
import { CaptionLibrary } from '../core/captions/captionLibrary';
import { VideoLibrary } from '../core/video/videoLibrary';
import { locateFfmpeg } from '../core/video/locateFfmpeg';
import { log } from '../log';
import { revealLineInTextEditor } from './textEditor';
import { videoSettings } from '../video/videoSettings';
import { replaceConcerns } from '../core/save/replaceConcerns';
import { DiskChangedError, removeStaleSaveTemps } from '../core/save/writeEditedFile';
import { DatasetDocument } from './datasetDocument';
import { InspectorSession, type SessionView, webviewView } from './inspectorSession';
import { ProblemDiagnostics } from './problemDiagnostics';
import { buildWebviewHtml } from './webviewHtml';
import { WebviewMessenger } from './webviewMessenger';
import type { JudgeScores, SavedQueue } from '../../shared/rewards/scores';
import { SavedQueue as SavedQueueSchema } from '../../shared/rewards/scores';
import { JudgeService } from '../judge/judgeService';
import { InferenceService } from '../inference/inferenceService';
import { compareWithDisk, reopenEditors, watchOnDisk } from './diskChanges';

/** Workspace-state key of the user's saved review queues. */
const QUEUES_KEY = 'rewatchInspector.queues';

import { VIEW_TYPE } from './viewType';

export { VIEW_TYPE };

/**
 * The Inspector custom editor. Documents are indexes over files on disk plus an edit log of whole-record
 * replacements: VS Code's dirty marker, undo/redo, Save, Save As, Revert and hot exit work through it.
 * VS Code gives every editor on one file the same document, so they share one index and one edit log;
 * each editor has its own session (sample, video).
 */
export class DatasetEditorProvider implements vscode.CustomEditorProvider<DatasetDocument> {
  private readonly documents = new Map<string, DatasetDocument>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.CustomDocumentEditEvent<DatasetDocument>>();
  readonly onDidChangeCustomDocument = this.changeEmitter.event;
  private readonly openedEmitter = new vscode.EventEmitter<DatasetDocument>();
  /** Fires when a document is opened; tests and other features hook in here. */
  readonly onDidOpenDocument = this.openedEmitter.event;
  private readonly diagnostics = new ProblemDiagnostics();
  readonly videos: VideoLibrary;
  private readonly captions: CaptionLibrary;
  private readonly sessions = new Set<InspectorSession>();
  private readonly panels = new Set<{ panel: vscode.WebviewPanel; post: (message: HostToWebview) => void }>();
  readonly judge: JudgeService;
  readonly inference: InferenceService;
  private readonly judgments = new Map<string, JudgeScores>();
  /** Files whose next document builds its index afresh ("Rebuild Index", or a damaged index). */
  private readonly rebuilding = new Set<string>();
  /** Documents whose user agreed that a save splits the file's hard links. */
  private readonly linksAccepted = new WeakSet<DatasetDocument>();

  constructor(private readonly context: vscode.ExtensionContext) {
    // One lookup for the videos and the inference frames: never run in Restricted Mode.
    const ffmpeg = () =>
      vscode.workspace.isTrusted
        ? locateFfmpeg(videoSettings().ffmpegPath)
        : { error: 'ffmpeg is not run in an untrusted workspace (Restricted Mode); trust the workspace to see videos and thumbnails.' };
    this.videos = new VideoLibrary(path.join(this.storageDir, 'videos'), ffmpeg);
    this.judge = new JudgeService(context);
    this.inference = new InferenceService(context.extensionPath, ffmpeg);
    this.captions = new CaptionLibrary(this.indexDir, () => {
      // A caption file finished indexing: samples shown without captions can now have them.
      for (const session of this.sessions) session.captionsChanged();
    });
  }

  static register(context: vscode.ExtensionContext): DatasetEditorProvider {
    const provider = new DatasetEditorProvider(context);
    context.subscriptions.push(
      provider.openedEmitter,
      provider.changeEmitter,
      provider.diagnostics,
      { dispose: () => provider.videos.dispose() },
      { dispose: () => provider.captions.dispose() },
      provider.judge,
      provider.inference,
      vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
        supportsMultipleEditorsPerDocument: true,
        webviewOptions: { retainContextWhenHidden: false },
      }),
    );
    return provider;
  }

  /** Deletes cached probes, proxies and thumbnails (not the dataset indexes). */
  async clearVideoCache(): Promise<void> {
    await vscode.workspace.fs.delete(vscode.Uri.file(this.videos.cacheRoot), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    for (const session of this.sessions) session.retryVideo(-1);
    log().info(`Cleared the video cache ${this.videos.cacheRoot}`);
  }

  /** Asks the active Inspector to run the model on the sample it shows; false when no Inspector is active. */
  requestModelRun(): boolean {
    const active = [...this.panels].find((p) => p.panel.active);
    active?.post({ type: 'runModelRequested' });
    return active !== undefined;
  }

  /** The document of the active Inspector tab, and the query its list last ran. */
  activeSource(): { document: DatasetDocument; lastQuery: RecordQuery | undefined } | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const document = input instanceof vscode.TabInputCustom ? this.documentFor(input.uri) : undefined;
    if (!document) return undefined;
    const session = [...this.sessions].reverse().find((s) => s.document === document && s.lastQuery !== undefined);
    return { document, lastQuery: session?.lastQuery };
  }

  /** The open document for a file, if an Inspector has it open. */
  documentFor(uri: vscode.Uri): DatasetDocument | undefined {
    return this.documents.get(uri.toString());
  }

  async openCustomDocument(uri: vscode.Uri, openContext: vscode.CustomDocumentOpenContext = { backupId: undefined, untitledDocumentData: undefined }): Promise<DatasetDocument> {
    const document = await DatasetDocument.open(uri, this.indexDir, { rebuild: this.rebuilding.delete(uri.toString()) });
    // A save killed mid-way (kill -9, a crash) left its temp file beside the dataset: nobody will finish it.
    for (const stale of await removeStaleSaveTemps(uri.fsPath)) log().info(`Removed ${stale}, left by a save that never finished`);
    const key = uri.toString();
    this.documents.set(key, document);
    const edits = document.onDidChangeEdits((change) => {
      // One entry on VS Code's undo stack per edit; VS Code calls back for undo and redo.
      if (change.reason === 'edit' && change.edit) {
        this.changeEmitter.fire({ document, label: change.edit.label, undo: () => document.undo(), redo: () => document.redo() });
      }
    });
    const watcher = watchOnDisk(document, () => this.changedOnDisk(document));
    const corrupt = document.onDidCorrupt(() => void this.rebuildIndex(document, false));
    document.onDidDispose(() => {
      this.documents.delete(key);
      edits.dispose();
      watcher.dispose();
      corrupt.dispose();
    });
    this.diagnostics.track(document);
    this.openedEmitter.fire(document);
    void this.scoreDocument(document);
    const backupId = openContext.backupId;
    if (backupId !== undefined) void document.whenIndexed.then(() => document.restore(vscode.Uri.parse(backupId).fsPath));
    return document;
  }

  async saveCustomDocument(document: DatasetDocument, cancellation: vscode.CancellationToken): Promise<void> {
    await this.saveAs(document, document.uri, cancellation);
  }

  async saveCustomDocumentAs(document: DatasetDocument, destination: vscode.Uri, cancellation: vscode.CancellationToken): Promise<void> {
    await this.saveAs(document, destination, cancellation);
  }

  async revertCustomDocument(document: DatasetDocument): Promise<void> {
    document.revert();
  }

  async backupCustomDocument(document: DatasetDocument, context: vscode.CustomDocumentBackupContext): Promise<vscode.CustomDocumentBackup> {
    log().debug(`Backing up the unsaved edits of ${document.uri.fsPath} to ${context.destination.toString()}`);
    await document.backup(context.destination.fsPath);
    return {
      id: context.destination.toString(),
      delete: () => void fs.promises.rm(context.destination.fsPath, { force: true }),
    };
  }

  /**
   * Saves with a progress notification (cancellable until the rename) and the saved records scored
   * again. Asks first before replacing a read-only file or one with other hard links; a file that
   * changed on disk stops the save and brings up the Reload / Keep / Compare prompt.
   */
  private async saveAs(document: DatasetDocument, destination: vscode.Uri, cancellation: vscode.CancellationToken): Promise<void> {
    if (destination.scheme !== 'file') throw new Error(`ReWatch Inspector saves to files on disk; ${destination.scheme}: is not supported.`);
    await this.confirmReplacing(destination.fsPath, document);
    const session = [...this.sessions].find((s) => s.document === document);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Saving ${path.basename(destination.fsPath)}`, cancellable: false },
      async () => {
        const controller = new AbortController();
        const listener = cancellation.onCancellationRequested(() => controller.abort());
        try {
          return await document.save(destination.fsPath, controller.signal, session ? (positions) => session.scoreUpdates(positions) : undefined);
        } catch (error) {
          log().error(`Saving ${destination.fsPath} failed: ${(error as Error).message}`);
          if (error instanceof DiskChangedError) void this.changedOnDisk(document);
          throw error;
        } finally {
          listener.dispose();
        }
      },
    );
    if (outcome.ownerChanged) {
      void vscode.window.showWarningMessage(`ReWatch Inspector: ${path.basename(destination.fsPath)} was saved as a new file owned by you (user ${outcome.ownerChanged.to}); it belonged to user ${outcome.ownerChanged.from}, and only an administrator can give it back.`);
    }
    if (outcome.reindex) await reopenEditors(document.uri);
  }

  /**
   * A save replaces the file by a new one: a read-only file is replaced only when the user says so
   * (it stays read-only), and a file with other hard links is only replaced once they know those keep
   * the old contents (asked once per document). Throws (nothing written) when they decline.
   */
  private async confirmReplacing(file: string, document: DatasetDocument): Promise<void> {
    const concerns = await replaceConcerns(file);
    if (!concerns) return; // Save As to a new file
    const name = path.basename(file);
    if (concerns.readOnly) {
      const answer = await vscode.window.showWarningMessage(`${name} is read-only. Save your edits over it anyway? (It stays read-only.)`, { modal: true }, 'Overwrite');
      if (answer !== 'Overwrite') throw new Error(`${name} is read-only; nothing was written.`);
    }
    if (concerns.otherLinks > 0 && !this.linksAccepted.has(document)) {
      const answer = await vscode.window.showWarningMessage(
        `${name} has ${concerns.otherLinks} other hard link(s). Saving writes a new file here, and the other links keep the old contents. Save anyway?`,
        { modal: true },
        'Save',
      );
      if (answer !== 'Save') throw new Error(`${name} has other hard links; nothing was written.`);
      this.linksAccepted.add(document);
    }
  }

  /**
   * Builds the document's index again from the file: its editors close and reopen on a fresh index.
   * With unsaved edits nothing is closed: the user saves or reverts first (asked when they asked for it).
   */
  async rebuildIndex(document: DatasetDocument, asked: boolean): Promise<void> {
    const name = path.basename(document.uri.fsPath);
    if (document.isDirty) {
      const message = asked
        ? `${name} has unsaved edits: save or revert them, then rebuild its index.`
        : `The index of ${name} is damaged. Save or revert your edits, then run "ReWatch: Rebuild Index".`;
      void vscode.window.showWarningMessage(`ReWatch Inspector: ${message}`);
      return;
    }
    log().info(`Rebuilding the index of ${document.uri.fsPath}`);
    this.rebuilding.add(document.uri.toString());
    await reopenEditors(document.uri);
  }

  /**
   * Someone else changed the file. Without unsaved edits the Inspector reopens on the new file; with
   * some it asks: reload (drop them), keep them (a save then checks the edited records are still there),
   * or compare them with what is on disk now. Never overwrites silently.
   */
  private async changedOnDisk(document: DatasetDocument): Promise<void> {
    const name = path.basename(document.uri.fsPath);
    log().info(`${document.uri.fsPath} changed on disk`);
    if (!document.isDirty) {
      await reopenEditors(document.uri);
      return;
    }
    const choice = await vscode.window.showWarningMessage(
      `${name} changed on disk while the Inspector has unsaved edits to ${document.editedPositions().length} record(s).`,
      'Reload (Discard My Edits)',
      'Keep My Edits',
      'Compare',
    );
    if (choice === 'Reload (Discard My Edits)') {
      document.revert();
      await reopenEditors(document.uri);
    } else if (choice === 'Keep My Edits') {
      document.acceptDiskChange();
    } else if (choice === 'Compare') {
      await compareWithDisk(document);
    }
  }

  /** The dataset scoring pass with the caption files the settings give for this file. */
  scoreDocument(document: DatasetDocument, force = false) {
    const configured = vscode.workspace.getConfiguration('rewatchInspector', document.uri).get<string[]>('captionFiles', []);
    return document.score(this.captions.captionFilesFor(document.uri.fsPath, configured), this.indexDir, force);
  }

  private savedQueues(): SavedQueue[] {
    const stored = this.context.workspaceState.get<unknown[]>(QUEUES_KEY, []);
    return stored.flatMap((q) => {
      const parsed = SavedQueueSchema.safeParse(q);
      return parsed.success ? [parsed.data] : [];
    });
  }

  resolveCustomEditor(document: DatasetDocument, panel: vscode.WebviewPanel): void {
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const webview = panel.webview;
    const pageSize = vscode.workspace.getConfiguration('rewatchInspector').get<number>('list.pageSize', 200);
    // The session sets the webview's options (scripts, resource roots) before the page loads; it posts
    // through the messenger, created just after it.
    const outbox: { messenger?: WebviewMessenger } = {};
    const post = (message: HostToWebview) => outbox.messenger?.post(message);
    const session = this.createSession(document, webviewView(webview, post));
    const messenger = new WebviewMessenger(webview, {
      notifications: {
        ready: () => {
          post({
            type: 'init',
            fileName: vscode.workspace.asRelativePath(document.uri, false),
            fileSize: document.fileSize,
            format: document.format,
            pageSize,
            queues: this.savedQueues(),
          });
          post({ type: 'judgeStatus', configured: this.judge.unavailable(document.uri) === undefined });
          post({ type: 'progress', progress: document.progress });
          post({ type: 'scoring', progress: document.scoring });
          if (document.isDirty) post({ type: 'edits', edited: document.editedPositions(), changed: [], dirty: true });
          const runs = session.runSnapshots();
          if (runs.length > 0) post({ type: 'inferenceRuns', runs });
        },
        cancelJudge: (m) => session.cancelJudge(m.position),
        cancelModel: (m) => session.cancelModel(m.runId),
        forgetRun: (m) => session.forgetRun(m.runId),
        inferenceFix: (m) => void this.inference.applyFix(m.action, m.code, document.uri),
        rescore: () => void this.scoreDocument(document, true),
        saveQueues: (m) => void this.context.workspaceState.update(QUEUES_KEY, m.queues),
        openInTextEditor: (m) => void revealLineInTextEditor(document.uri, m.line),
        chooseVideoFolder: (m) => void session.chooseVideoFolder(m.position),
        cancelProxy: (m) => session.cancelProxy(m.position),
        retryVideo: (m) => session.retryVideo(m.position),
        playbackFailed: (m) => session.playbackFailed(m.position, m.message),
      },
      requests: {
        requestPage: (r) => ({ start: r.start, total: document.progress.records, records: document.page(r.start, r.limit) }),
        requestProblems: (r) => document.problems(r.limit),
        query: (r) => session.query(r.query),
        findRecord: (r) => {
          const position = document.findRecord(r.target);
          return position === undefined ? null : { position };
        },
        rankOf: (r) => document.rankOf(r.query, r.position),
        countsBy: (r) => document.countsBy(r.column, r.filter),
        sample: (r) => session.sample(r.position, r.completion),
        thumbnails: (r) => session.thumbnails(r.position, r.start, r.end),
        score: (r) => session.score(r.position, r.completion),
        judge: (r) => session.judge(r.position, r.completion),
        group: (r) => session.group(r.position),
        histogram: (r) => document.histogram(r.column, r.bins, r.filter),
        scatter: (r) => document.scatter(r.x, r.y, r.bins, r.filter),
        meanBy: (r) => document.meanBy(r.by, r.column, r.filter),
        edit: (r) => session.edit(r.position, r.completion, r.edit),
        scoreDelta: (r) => session.scoreDelta(r.position, r.completion, r.judge),
        diff: (r) => session.diff(r.position, r.completion, r.against),
        setReview: (r) => session.setReview(r.position, r.status, r.note),
        runModel: (r) => session.runModel(r.position, r.completion),
        scoreChain: (r) => session.scoreChain(r.position, r.completion, r.chain),
        useChain: (r) => session.useChain(r.position, r.completion, r.chain),
      },
    });
    webview.html = buildWebviewHtml({
      title: 'ReWatch Inspector',
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    outbox.messenger = messenger;
    const progressListener = document.onDidChangeProgress((progress) => messenger.post({ type: 'progress', progress }));
    const scoringListener = document.onDidChangeScoring((progress) => messenger.post({ type: 'scoring', progress }));
    const editsListener = document.onDidChangeEdits((change) =>
      messenger.post({ type: 'edits', edited: document.editedPositions(), changed: change.changed, dirty: document.isDirty }),
    );
    const entry = { panel, post };
    this.panels.add(entry);
    panel.onDidDispose(() => {
      this.panels.delete(entry);
      session.dispose();
      progressListener.dispose();
      scoringListener.dispose();
      editsListener.dispose();
      messenger.dispose();
    });
    log().debug(`Inspector opened on ${document.uri.fsPath}`);
  }

  /** A session on a document: an Inspector panel's, or a test's with its own view. */
  createSession(document: DatasetDocument, view: SessionView): InspectorSession {
    const session = new InspectorSession(document, view, {
      videos: this.videos,
      captions: this.captions,
      baseRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist').fsPath, this.videos.cacheRoot],
      judge: this.judge,
      judgments: this.judgments,
      inference: this.inference,
    });
    this.sessions.add(session);
    session.onDidDispose(() => this.sessions.delete(session));
    return session;
  }

  private get storageDir(): string {
    return (this.context.storageUri ?? this.context.globalStorageUri).fsPath;
  }

  private get indexDir(): string {
    return path.join(this.storageDir, 'indexes');
  }
}
