import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { log } from '../log';
import type { DatasetDocument } from './datasetDocument';
import { VIEW_TYPE } from './viewType';

/**
 * Calls `onChange` when the file changes on disk by someone else's hand: this document's own saves
 * leave the size and mtime it recorded, so they are told apart. Debounced: writers touch files in bursts.
 */
export function watchOnDisk(document: DatasetDocument, onChange: () => void): vscode.Disposable {
  const file = document.uri.fsPath;
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!fs.existsSync(file) || document.unchangedOnDisk()) return;
      onChange();
    }, 300);
  };
  const subscriptions = [watcher, watcher.onDidChange(check), watcher.onDidCreate(check)];
  return { dispose: () => (clearTimeout(timer), subscriptions.forEach((s) => s.dispose())) };
}

/** Closes the Inspector tabs on the file and opens one again: a new document indexes the new file. */
export async function reopenEditors(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.uri.toString() === uri.toString() && tab.input.viewType === VIEW_TYPE);
  if (tabs.length === 0) return;
  await vscode.window.tabGroups.close(tabs, true);
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
}

/**
 * Shows each record with unsaved edits beside what the file holds at its line now, in VS Code's diff
 * editor (two small JSONL files in a temp folder: the dataset itself may be far too big to diff).
 */
export async function compareWithDisk(document: DatasetDocument): Promise<void> {
  const positions = document.editedPositions();
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rewatch-compare-'));
  const name = path.basename(document.uri.fsPath, path.extname(document.uri.fsPath));
  const onDisk: string[] = [];
  const edited: string[] = [];
  for (const position of positions) {
    let disk: string;
    try {
      disk = document.savedRecord(position)?.text ?? '(gone)';
    } catch (error) {
      disk = `(unreadable: ${(error as Error).message})`;
    }
    onDisk.push(disk);
    edited.push(document.record(position)?.text ?? '');
  }
  const left = path.join(dir, `${name}.on-disk.jsonl`);
  const right = path.join(dir, `${name}.your-edits.jsonl`);
  await fs.promises.writeFile(left, `${onDisk.join('\n')}\n`);
  await fs.promises.writeFile(right, `${edited.join('\n')}\n`);
  log().info(`Comparing ${positions.length} edited record(s) of ${document.uri.fsPath} with the file on disk (${dir})`);
  await vscode.commands.executeCommand(
    'vscode.diff',
    vscode.Uri.file(left),
    vscode.Uri.file(right),
    `${path.basename(document.uri.fsPath)}: on disk ↔ your edits`,
  );
}
