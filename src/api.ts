import type * as vscode from 'vscode';
import type { DatasetDocument } from './editor/datasetDocument';

/** What `activate` returns: a small surface for tests and for other extensions. */
export interface RewatchInspectorApi {
  /** The open Inspector document for a file, if any. */
  documentFor(uri: vscode.Uri): DatasetDocument | undefined;
  /** Fires when an Inspector opens a file. */
  onDidOpenDocument: vscode.Event<DatasetDocument>;
}
