import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RewatchInspectorApi } from '../../../src/api';

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

export async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
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
