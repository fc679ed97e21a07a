/** Getting in (issue 20): one tab per file, whichever way the user goes between the text editor and the Inspector. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeTabInput, api, until, VIEW_TYPE, workspaceFile } from './helpers';

/** Every tab of `uri`, in every group, as 'text' or 'inspector'. */
function tabsOf(uri: vscode.Uri): string[] {
  return vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.flatMap((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputText && input.uri.toString() === uri.toString()) return ['text'];
      if (input instanceof vscode.TabInputCustom && input.viewType === VIEW_TYPE && input.uri.toString() === uri.toString()) return ['inspector'];
      return [];
    }),
  );
}

describe('Getting in: one tab per file', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('"Open in Inspector" on a file open as text replaces its tab: one Inspector tab, no text tab', async () => {
    const inspector = await api();
    const uri = workspaceFile('rewatch-cot.jsonl');
    await vscode.window.showTextDocument(uri);
    assert.deepEqual(tabsOf(uri), ['text']);
    await vscode.commands.executeCommand('rewatchInspector.openInInspector');
    await until(() => (activeTabInput() instanceof vscode.TabInputCustom ? true : undefined), 'the Inspector tab');
    await until(() => inspector.documentFor(uri), 'the dataset document');
    await until(() => (tabsOf(uri).length === 1 ? true : undefined), 'one tab of the file');
    assert.deepEqual(tabsOf(uri), ['inspector']);
  });

  it('"Reopen as Text" then "Open in Inspector": still one tab each time', async () => {
    const uri = workspaceFile('rewatch-cot.jsonl');
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('rewatchInspector.openInInspector');
    await until(() => (tabsOf(uri).join() === 'inspector' ? true : undefined), 'the Inspector tab alone');
    await vscode.commands.executeCommand('rewatchInspector.reopenAsText');
    await until(() => (tabsOf(uri).join() === 'text' ? true : undefined), 'the text tab alone');
    await vscode.commands.executeCommand('rewatchInspector.openInInspector');
    await until(() => (tabsOf(uri).join() === 'inspector' ? true : undefined), 'the Inspector tab alone again');
    assert.deepEqual(tabsOf(uri), ['inspector']);
  });

  it('a text tab with unsaved changes is kept (nothing the user typed is thrown away)', async () => {
    const uri = workspaceFile('rewatch-cot.jsonl');
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), ' '));
    await vscode.commands.executeCommand('rewatchInspector.openInInspector');
    await until(() => (tabsOf(uri).includes('inspector') ? true : undefined), 'the Inspector tab');
    assert.deepEqual(tabsOf(uri).sort(), ['inspector', 'text']);
    await vscode.commands.executeCommand('workbench.action.files.revert', uri);
  });
});
