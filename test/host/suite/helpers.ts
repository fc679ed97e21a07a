import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../shared/protocol';
import type { RewatchInspectorApi } from '../../../src/api';
import type { DatasetDocument } from '../../../src/editor/datasetDocument';
import type { InspectorSession } from '../../../src/editor/inspectorSession';

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
export async function openSession(uri: vscode.Uri): Promise<{ document: DatasetDocument; session: InspectorSession; posted: HostToWebview[]; roots: string[][] }> {
  const inspector = await api();
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  const document = await until(() => inspector.documentFor(uri), `the document of ${uri.fsPath}`);
  await document.whenSearchReady;
  const posted: HostToWebview[] = [];
  const roots: string[][] = [];
  const session = inspector.createSession(document, {
    post: (m) => posted.push(m),
    asUri: (file) => vscode.Uri.file(file).toString(),
    setRoots: (r) => roots.push(r),
  });
  return { document, session, posted, roots };
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
