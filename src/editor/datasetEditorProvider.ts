import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../shared/protocol';
import { CaptionLibrary } from '../core/captions/captionLibrary';
import { VideoLibrary } from '../core/playback/videoLibrary';
import { locateFfmpeg } from '../core/video/locateFfmpeg';
import { log } from '../log';
import { revealLineInTextEditor } from '../commands/textEditor';
import { videoSettings } from '../video/videoSettings';
import { DatasetDocument } from './datasetDocument';
import { InspectorSession, type SessionView, webviewView } from './inspectorSession';
import { ProblemDiagnostics } from './problemDiagnostics';
import { buildWebviewHtml } from './webviewHtml';
import { WebviewMessenger } from './webviewMessenger';
import type { JudgeScores, SavedQueue } from '../../shared/scores';
import { SavedQueue as SavedQueueSchema } from '../../shared/scores';
import { JudgeService } from '../judge/judgeService';

/** Workspace-state key of the user's saved review queues. */
const QUEUES_KEY = 'rewatchInspector.queues';

export const VIEW_TYPE = 'rewatchInspector.dataset';

/**
 * The Inspector custom editor. Read-only for now: documents are indexes over files on disk; the
 * edit log (and with it undo, save and backup) comes with inline editing. VS Code gives every editor
 * on one file the same document, so they share one index; each editor has its own session (sample, video).
 */
export class DatasetEditorProvider implements vscode.CustomReadonlyEditorProvider<DatasetDocument> {
  private readonly documents = new Map<string, DatasetDocument>();
  private readonly openedEmitter = new vscode.EventEmitter<DatasetDocument>();
  /** Fires when a document is opened; tests and other features hook in here. */
  readonly onDidOpenDocument = this.openedEmitter.event;
  private readonly diagnostics = new ProblemDiagnostics();
  readonly videos: VideoLibrary;
  private readonly captions: CaptionLibrary;
  private readonly sessions = new Set<InspectorSession>();
  readonly judge: JudgeService;
  private readonly judgments = new Map<string, JudgeScores>();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.videos = new VideoLibrary(path.join(this.storageDir, 'videos'), () =>
      vscode.workspace.isTrusted
        ? locateFfmpeg(videoSettings().ffmpegPath)
        : { error: 'ffmpeg is not run in an untrusted workspace (Restricted Mode); trust the workspace to see videos and thumbnails.' },
    );
    this.judge = new JudgeService(context);
    this.captions = new CaptionLibrary(this.indexDir, () => {
      // A caption file finished indexing: samples shown without captions can now have them.
      for (const session of this.sessions) session.captionsChanged();
    });
  }

  static register(context: vscode.ExtensionContext): DatasetEditorProvider {
    const provider = new DatasetEditorProvider(context);
    context.subscriptions.push(
      provider.openedEmitter,
      provider.diagnostics,
      { dispose: () => provider.videos.dispose() },
      { dispose: () => provider.captions.dispose() },
      provider.judge,
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

  /** The open document for a file, if an Inspector has it open. */
  documentFor(uri: vscode.Uri): DatasetDocument | undefined {
    return this.documents.get(uri.toString());
  }

  async openCustomDocument(uri: vscode.Uri): Promise<DatasetDocument> {
    const document = await DatasetDocument.open(uri, this.indexDir);
    const key = uri.toString();
    this.documents.set(key, document);
    document.onDidDispose(() => this.documents.delete(key));
    this.diagnostics.track(document);
    this.openedEmitter.fire(document);
    void this.scoreDocument(document);
    return document;
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
            judgeConfigured: this.judge.unavailable(document.uri) === undefined,
            queues: this.savedQueues(),
          });
          post({ type: 'progress', progress: document.progress });
          post({ type: 'scoring', progress: document.scoring });
        },
        cancelJudge: (m) => session.cancelJudge(m.position),
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
        query: (r) => document.query(r.query),
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
    panel.onDidDispose(() => {
      session.dispose();
      progressListener.dispose();
      scoringListener.dispose();
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
