import * as vscode from 'vscode';

/** Opens the file in the plain text editor with the cursor on a 1-based line. */
export async function revealLineInTextEditor(uri: vscode.Uri, line: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'default', {
    selection: new vscode.Range(position, position),
    preview: false,
  } satisfies vscode.TextDocumentShowOptions);
}
