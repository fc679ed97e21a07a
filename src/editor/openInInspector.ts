import * as vscode from 'vscode';
import { VIEW_TYPE } from './datasetEditorProvider';

/** The file the user means: the clicked resource, else the active editor's (text or custom). */
function targetUri(resource: unknown): vscode.Uri | undefined {
  if (resource instanceof vscode.Uri) return resource;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

export async function openInInspector(resource?: unknown): Promise<void> {
  const uri = targetUri(resource);
  if (!uri) {
    void vscode.window.showWarningMessage('ReWatch: open a .jsonl or .json dataset file first.');
    return;
  }
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
}

export async function reopenAsText(resource?: unknown): Promise<void> {
  const uri = targetUri(resource);
  if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, 'default');
}
