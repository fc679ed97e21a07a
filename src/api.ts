import type * as vscode from 'vscode';
import type { DatasetDocument } from './editor/datasetDocument';
import type { InspectorSession } from './editor/datasetEditorProvider';
import type { SessionView } from './editor/sessionContext';

/** What `activate` returns: a small surface for tests and for other extensions. */
export interface RewatchInspectorApi {
  /** The open Inspector document for a file, if any. */
  documentFor(uri: vscode.Uri): DatasetDocument | undefined;
  /** Fires when an Inspector opens a file. */
  onDidOpenDocument: vscode.Event<DatasetDocument>;
  /**
   * A session on an open document, seen through `view` instead of a webview: it takes the webview's
   * requests and notifications (validated the same way) and posts to `view` what a panel would get.
   */
  createSession(document: DatasetDocument, view: SessionView): InspectorSession;
  /** Stores the judge API key for one origin (`http://host:port`), as "ReWatch: Set Judge API Key" does; it is sent there only. */
  setJudgeApiKey(origin: string, key: string): Promise<void>;
}
