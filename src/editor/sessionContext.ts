/**
 * What every feature of one Inspector panel shares: its document, the view it posts to, and reading
 * its records. Documents (and their index) are shared by the panels on one file; sessions are not.
 */
import * as vscode from 'vscode';
import type { RecordQuery } from '../../shared/list/recordQuery';
import type { HostToWebview } from '../../shared/protocol';
import type { LoadedRecord } from '../core/records/readRecord';
import type { DatasetDocument } from './datasetDocument';

/** What a session needs from its panel; tests give it one without a webview. */
export interface SessionView {
  post(message: HostToWebview): void;
  /** A URI the view can load a local file from. */
  asUri(file: string): string;
  /** The folders the view may load from (a webview's `localResourceRoots`). */
  setRoots(roots: string[]): void;
}

/** The SessionView of a webview panel. */
export function webviewView(webview: vscode.Webview, post: (message: HostToWebview) => void): SessionView {
  return {
    post,
    asUri: (file) => webview.asWebviewUri(vscode.Uri.file(file)).toString(),
    setRoots: (roots) => (webview.options = { enableScripts: true, localResourceRoots: roots.map((r) => vscode.Uri.file(r)) }),
  };
}

/** A record that parsed, with what was read of it. */
export type ReadRecord = { loaded: LoadedRecord; record: NonNullable<LoadedRecord['record']> };

export class SessionContext {
  /** The list's query as the webview last asked for it ("Export fixed records" can export that list). */
  lastQuery: RecordQuery | undefined;

  constructor(
    readonly document: DatasetDocument,
    readonly view: SessionView,
  ) {}

  /** The record at `position`, or an error saying it does not exist (yet, while indexing). */
  loadedFor(position: number): LoadedRecord {
    const loaded = this.document.record(position);
    if (!loaded) throw new Error(this.noRecord(position));
    return loaded;
  }

  /** The record at `position`, parsed; an error when it is malformed. */
  recordFor(position: number): ReadRecord {
    const loaded = this.loadedFor(position);
    if (!loaded.record) throw new Error(`Record ${position + 1} is malformed: nothing to score.`);
    return { loaded, record: loaded.record };
  }

  /** The record and the file's field profile, which an edit needs. */
  editable(position: number): { loaded: LoadedRecord; profile: NonNullable<DatasetDocument['profile']> } {
    const loaded = this.loadedFor(position);
    const profile = this.document.profile;
    if (!profile) throw new Error(this.noRecord(position));
    return { loaded, profile };
  }

  private noRecord(position: number): string {
    return `There is no record ${position + 1}${this.document.progress.done ? '' : ' yet (still indexing)'}.`;
  }
}
