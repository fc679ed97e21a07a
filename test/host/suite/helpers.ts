import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../shared/protocol';
import type { RewatchInspectorApi } from '../../../src/api';
import type { DatasetDocument } from '../../../src/editor/datasetDocument';
import type { ChainEdit, DiffAgainst } from '../../../shared/edit/edits';
import type { ReviewStatus } from '../../../shared/review/review';
import type { InspectorSession } from '../../../src/editor/datasetEditorProvider';

export const EXTENSION_ID = 'rewatch-inspector.rewatch-inspector';
export const VIEW_TYPE = 'rewatchInspector.dataset';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens the samples as the workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function activeTabInput(): unknown {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.input;
}

export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function api(): Promise<RewatchInspectorApi> {
  const extension = vscode.extensions.getExtension<RewatchInspectorApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

/**
 * The Inspector opened on `uri`, indexed, with a session seen through a recording view: every message
 * it would post to a webview is kept, and every set of resource roots it asks for.
 */
export async function openSession(uri: vscode.Uri): Promise<{ document: DatasetDocument; session: SessionDriver; posted: HostToWebview[]; roots: string[][] }> {
  const inspector = await api();
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  const document = await until(() => inspector.documentFor(uri), `the document of ${uri.fsPath}`);
  await document.whenSearchReady;
  const posted: HostToWebview[] = [];
  const roots: string[][] = [];
  const session = new SessionDriver(
    inspector.createSession(document, {
      post: (m) => posted.push(m),
      asUri: (file) => vscode.Uri.file(file).toString(),
      setRoots: (r) => roots.push(r),
    }),
  );
  return { document, session, posted, roots };
}

/**
 * Drives a session as the webview does, one method per message: every call goes through the same
 * validation and dispatch as a panel's messages.
 */
export class SessionDriver {
  constructor(readonly session: InspectorSession) {}

  sample = (position: number, completion = 0) => this.session.request({ type: 'sample', position, completion });
  thumbnails = (position: number, start: number, end: number) => this.session.request({ type: 'thumbnails', position, start, end });
  score = (position: number, completion = 0) => this.session.request({ type: 'score', position, completion });
  judge = (position: number, completion = 0) => this.session.request({ type: 'judge', position, completion });
  group = (position: number) => this.session.request({ type: 'group', position });
  edit = (position: number, completion: number, edit: ChainEdit) => this.session.request({ type: 'edit', position, completion, edit });
  scoreDelta = (position: number, completion: number, judge: boolean) => this.session.request({ type: 'scoreDelta', position, completion, judge });
  diff = (position: number, completion: number, against: DiffAgainst) => this.session.request({ type: 'diff', position, completion, against });
  setReview = (position: number, status: ReviewStatus | null, note: string) => this.session.request({ type: 'setReview', position, status, note });
  runModel = (position: number, completion = 0) => this.session.request({ type: 'runModel', position, completion });
  scoreChain = (position: number, completion: number, chain: string) => this.session.request({ type: 'scoreChain', position, completion, chain });
  useChain = (position: number, completion: number, chain: string) => this.session.request({ type: 'useChain', position, completion, chain });
  cancelModel = (runId: number) => this.session.notify({ type: 'cancelModel', runId });
  playbackFailed = (position: number, message: string) => this.session.notify({ type: 'playbackFailed', position, message });
  /** The page (re)loaded: the session posts `init` and what each feature remembers. */
  ready = () => this.session.notify({ type: 'ready' });
  dispose = () => this.session.dispose();
}

/** Inference settings that name a program: machine scope, so only user settings hold them. */
const MACHINE_SETTINGS = new Set(['python', 'serverCommand']);

/** Sets (undefined: clears) `rewatchInspector.inference.*` values, each where VS Code lets it live. */
export async function configureInference(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('rewatchInspector.inference');
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, MACHINE_SETTINGS.has(key) ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace);
  }
}
