import * as vscode from 'vscode';
import { DatasetDocument } from './datasetDocument';
import { buildWebviewHtml } from './webviewHtml';
import { WebviewMessenger } from './webviewMessenger';
import { revealLineInTextEditor } from '../commands/textEditor';

export const VIEW_TYPE = 'rewatchInspector.dataset';

/**
 * The Inspector custom editor. Read-only for now: documents are indexes over files on disk; the
 * edit log (and with it undo, save and backup) comes with inline editing.
 */
export class DatasetEditorProvider implements vscode.CustomReadonlyEditorProvider<DatasetDocument> {
  private readonly documents = new Map<string, DatasetDocument>();
  private readonly openedEmitter = new vscode.EventEmitter<DatasetDocument>();
  /** Fires when a document is opened; tests and other features hook in here. */
  readonly onDidOpenDocument = this.openedEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  static register(context: vscode.ExtensionContext): DatasetEditorProvider {
    const provider = new DatasetEditorProvider(context);
    context.subscriptions.push(
      provider.openedEmitter,
      vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
        supportsMultipleEditorsPerDocument: true,
        webviewOptions: { retainContextWhenHidden: false },
      }),
    );
    return provider;
  }

  /** The open document for a file, if an Inspector has it open. */
  documentFor(uri: vscode.Uri): DatasetDocument | undefined {
    return this.documents.get(uri.toString());
  }

  async openCustomDocument(uri: vscode.Uri): Promise<DatasetDocument> {
    const storage = (this.context.storageUri ?? this.context.globalStorageUri).fsPath;
    const document = await DatasetDocument.open(uri, vscode.Uri.joinPath(vscode.Uri.file(storage), 'indexes').fsPath);
    const key = uri.toString();
    this.documents.set(key, document);
    document.onDidDispose(() => this.documents.delete(key));
    this.openedEmitter.fire(document);
    return document;
  }

  resolveCustomEditor(document: DatasetDocument, panel: vscode.WebviewPanel): void {
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [dist] };
    webview.html = buildWebviewHtml({
      title: 'ReWatch Inspector',
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });

    const pageSize = vscode.workspace.getConfiguration('rewatchInspector').get<number>('list.previewRecords', 100);
    const messenger: WebviewMessenger = new WebviewMessenger(webview, {
      ready: () => {
        messenger.post({
          type: 'init',
          fileName: vscode.workspace.asRelativePath(document.uri, false),
          fileSize: document.fileSize,
          format: document.format,
          pageSize,
        });
        messenger.post({ type: 'progress', progress: document.progress });
      },
      openInTextEditor: (line) => void revealLineInTextEditor(document.uri, line),
      requests: {
        requestPage: (r) => ({ start: r.start, total: document.progress.records, records: document.page(r.start, r.limit) }),
        requestProblems: (r) => document.problems(r.limit),
      },
    });
    const progressListener = document.onDidChangeProgress((progress) => messenger.post({ type: 'progress', progress }));
    panel.onDidDispose(() => {
      progressListener.dispose();
      messenger.dispose();
    });
  }
}
