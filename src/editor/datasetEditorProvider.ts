import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RecordQuery } from '../../shared/list/recordQuery';
import type { HostToWebview, WebviewNotification } from '../../shared/protocol';
import type { SavedQueue } from '../../shared/list/savedQueue';
import { replaceConcerns } from '../core/save/replaceConcerns';
import { DiskChangedError, removeStaleSaveTemps } from '../core/save/writeEditedFile';
import { log } from '../log';
import { DatasetDocument } from './datasetDocument';
import { compareWithDisk, reopenEditors, watchOnDisk } from './diskChanges';
import { mergeSlices, type SliceBase } from './inspectorFeature';
import { ProblemDiagnostics } from './problemDiagnostics';
import { SessionContext, webviewView, type SessionView } from './sessionContext';
import { revealLineInTextEditor } from './textEditor';
import { VIEW_TYPE } from './viewType';
import { buildWebviewHtml } from './webviewHtml';
import { MessageDispatcher, WebviewMessenger, type RequestWithoutId } from './webviewMessenger';
import type { ResponseData } from '../../shared/protocol';

export { VIEW_TYPE };

/** What the editor is given by the composition root (src/inspectorFeatures.ts). */
export interface EditorSetup {
  /** The features of one panel: their slices of the message handlers. */
  features(session: SessionContext): readonly SliceBase[];
  /** The saved review queues, sent with `init`. */
  savedQueues(): SavedQueue[];
  /** Where the dataset indexes live. */
  indexDir: string;
}

/** An Inspector session driven from code (tests, other extensions): the webview's messages, without a webview. */
export interface InspectorSession {
  readonly context: SessionContext;
  request<T extends RequestWithoutId>(request: T): Promise<ResponseData<T['type']>>;
  notify(message: WebviewNotification): void;
  dispose(): void;
}

interface OpenSession {
  context: SessionContext;
  slices: readonly SliceBase[];
  dispatcher: MessageDispatcher;
  dispose(): void;
}

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
  private readonly sessions = new Set<OpenSession>();
  private readonly panels = new Set<{ panel: vscode.WebviewPanel; post: (message: HostToWebview) => void }>();
  /** Files whose next document builds its index afresh ("Rebuild Index", or a damaged index). */
  private readonly rebuilding = new Set<string>();
  /** Documents whose user agreed that a save splits the file's hard links. */
  private readonly linksAccepted = new WeakSet<DatasetDocument>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly setup: EditorSetup,
  ) {}

  static register(context: vscode.ExtensionContext, setup: EditorSetup): DatasetEditorProvider {
    const provider = new DatasetEditorProvider(context, setup);
    context.subscriptions.push(
      provider.openedEmitter,
      provider.changeEmitter,
      provider.diagnostics,
      vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
        supportsMultipleEditorsPerDocument: true,
        webviewOptions: { retainContextWhenHidden: false },
      }),
    );
    return provider;
  }

  /** Posts to the active Inspector panel (a palette command acting on what it shows); false when none is active. */
  postToActive(message: HostToWebview): boolean {
    const active = [...this.panels].find((p) => p.panel.active);
    active?.post(message);
    return active !== undefined;
  }

  /** The document of the active Inspector tab, and the query its list last ran. */
  activeSource(): { document: DatasetDocument; lastQuery: RecordQuery | undefined } | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const document = input instanceof vscode.TabInputCustom ? this.documentFor(input.uri) : undefined;
    if (!document) return undefined;
    const session = [...this.sessions].reverse().find((s) => s.context.document === document && s.context.lastQuery !== undefined);
    return { document, lastQuery: session?.context.lastQuery };
  }

  /** The open document for a file, if an Inspector has it open. */
  documentFor(uri: vscode.Uri): DatasetDocument | undefined {
    return this.documents.get(uri.toString());
  }

  async openCustomDocument(
    uri: vscode.Uri,
    openContext: vscode.CustomDocumentOpenContext = { backupId: undefined, untitledDocumentData: undefined },
  ): Promise<DatasetDocument> {
    const document = await DatasetDocument.open(uri, this.setup.indexDir, { rebuild: this.rebuilding.delete(uri.toString()) });
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
    // Any panel on the document can score the saved records again (they share its index).
    const rescorer = [...this.sessions]
      .filter((s) => s.context.document === document)
      .flatMap((s) => s.slices)
      .find((s) => s.scoreSaved);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Saving ${path.basename(destination.fsPath)}`, cancellable: false },
      async () => {
        const controller = new AbortController();
        const listener = cancellation.onCancellationRequested(() => controller.abort());
        try {
          return await document.save(destination.fsPath, controller.signal, rescorer?.scoreSaved?.bind(rescorer));
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
      void vscode.window.showWarningMessage(
        `ReWatch Inspector: ${path.basename(destination.fsPath)} was saved as a new file owned by you (user ${outcome.ownerChanged.to}); it belonged to user ${outcome.ownerChanged.from}, and only an administrator can give it back.`,
      );
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
      const answer = await vscode.window.showWarningMessage(
        `${name} is read-only. Save your edits over it anyway? (It stays read-only.)`,
        { modal: true },
        'Overwrite',
      );
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

  resolveCustomEditor(document: DatasetDocument, panel: vscode.WebviewPanel): void {
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const webview = panel.webview;
    // The session sets the webview's options (scripts, resource roots) before the page loads; it posts
    // through the messenger, created just after it.
    const outbox: { messenger?: WebviewMessenger } = {};
    const post = (message: HostToWebview) => outbox.messenger?.post(message);
    const session = this.openSession(document, webviewView(webview, post));
    const messenger = new WebviewMessenger(webview, () => session.dispatcher);
    webview.html = buildWebviewHtml({
      title: 'ReWatch Inspector',
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    outbox.messenger = messenger;
    const entry = { panel, post };
    this.panels.add(entry);
    panel.onDidDispose(() => {
      this.panels.delete(entry);
      session.dispose();
      messenger.dispose();
    });
    log().debug(`Inspector opened on ${document.uri.fsPath}`);
  }

  /** A session on a document driven from code (tests, other extensions), seen through its own view. */
  createSession(document: DatasetDocument, view: SessionView): InspectorSession {
    const session = this.openSession(document, view);
    return {
      context: session.context,
      request: (request) => session.dispatcher.request(request),
      notify: (message) => session.dispatcher.notify(message),
      dispose: () => session.dispose(),
    };
  }

  /** A panel's session: its features' handlers behind one dispatcher, and the document's events posted to its view. */
  private openSession(document: DatasetDocument, view: SessionView): OpenSession {
    const context = new SessionContext(document, view);
    const slices = this.setup.features(context);
    const merged = mergeSlices(slices);
    const pageSize = vscode.workspace.getConfiguration('rewatchInspector').get<number>('list.pageSize', 200);
    const dispatcher = new MessageDispatcher(
      {
        requests: merged.requests,
        notifications: {
          ...merged.notifications,
          ready: () => {
            view.post({
              type: 'init',
              fileName: vscode.workspace.asRelativePath(document.uri, false),
              fileSize: document.fileSize,
              format: document.format,
              pageSize,
              queues: this.setup.savedQueues(),
            });
            view.post({ type: 'progress', progress: document.progress });
            view.post({ type: 'scoring', progress: document.scoring });
            if (document.isDirty) view.post({ type: 'edits', edited: document.editedPositions(), changed: [], dirty: true });
            for (const s of slices) s.ready?.();
          },
          openInTextEditor: (m) => void revealLineInTextEditor(document.uri, m.line),
        },
      },
      view.post,
    );
    const listeners = [
      document.onDidChangeProgress((progress) => view.post({ type: 'progress', progress })),
      document.onDidChangeScoring((progress) => view.post({ type: 'scoring', progress })),
      document.onDidChangeEdits((change) => view.post({ type: 'edits', edited: document.editedPositions(), changed: change.changed, dirty: document.isDirty })),
      document.onDidChangeProblems(() => view.post({ type: 'problemsChanged' })),
    ];
    const session: OpenSession = {
      context,
      slices,
      dispatcher,
      dispose: () => {
        this.sessions.delete(session);
        for (const listener of listeners) listener.dispose();
        for (const s of slices) s.dispose?.();
      },
    };
    this.sessions.add(session);
    return session;
  }
}
