/**
 * One problem model in the Problems panel: with the Inspector and the text editor both open on the same
 * file, each problem is listed once (the text editor's checks replace the index's, never add to them),
 * with the same codes, ranges and messages; closing either leaves the other's.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { openSession, until, workspaceFile } from './helpers';

const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);
const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ReWatch');
/** Each diagnostic as "line:column-endColumn severity code message", sorted. */
const entries = (uri: vscode.Uri): string[] =>
  ours(uri)
    .map(
      (d) =>
        `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.message}`,
    )
    .sort();

describe('The Problems panel holds each problem once', function () {
  this.timeout(90_000);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('with the Inspector and the text editor open on rewatch-video-cases.jsonl', async function () {
    const uri = workspaceFile('rewatch-video-cases.jsonl');
    if (!fs.existsSync(workspaceFile('videos/coloured-squares.mp4').fsPath)) this.skip(); // npm run samples makes the videos
    const lines = fs.readFileSync(uri.fsPath, 'utf8').split('\n');
    const span = (line: number, text: string, nth = 1): string => {
      let index = -1;
      for (let i = 0; i < nth; i++) index = lines[line - 1].indexOf(text, index + 1);
      assert.ok(index >= 0, `line ${line} holds "${text}"`);
      return `${line}:${index + 1}-${index + 1 + text.length}`;
    };
    const hint = 'Hint observation-without-time The observation cites no time, although its action named one: where was this seen?';
    const expected = [
      `${span(1, '<observation>', 2)} ${hint}`,
      `${span(2, '<observation>')} ${hint}`,
      `${span(3, '00:28 to 00:24')} Warning reversed-interval Written end first: 00:28-00:24`,
      `${span(3, '<observation>')} ${hint}`,
      `${span(3, '00:40 to 00:45')} Warning past-end Cites 00:40-00:45, past the video's end (00:30)`,
      `${span(3, '00:42')} Warning past-end Cites 00:42, past the video's end (00:30)`,
    ].sort();

    // The Inspector alone: the index's problems, past-end ones once the videos are probed.
    await openSession(uri);
    await until(() => (entries(uri).length === expected.length ? true : undefined), 'the index’s problems with the probed durations', 30_000);
    assert.deepEqual(entries(uri), expected);

    // The text editor too, beside it: still each problem once.
    const text = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(text, vscode.ViewColumn.Beside);
    // An edit shows the text editor's checks are the ones listed (the reversed range fixed on line 3)…
    const at = lines[2].indexOf('00:28 to 00:24');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(2, at, 2, at + '00:28 to 00:24'.length), '00:24 to 00:28');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const withoutReversed = expected.filter((e) => !e.includes('reversed-interval'));
    await until(() => (entries(uri).join('\n') === withoutReversed.join('\n') ? true : undefined), 'the text editor’s problems after the edit');
    // …and past-end still there: the text editor uses the durations the Inspector probed.
    assert.deepEqual(entries(uri), withoutReversed);

    // Back to the file's text: the same set as the index's, each once.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until(() => (entries(uri).join('\n') === expected.join('\n') ? true : undefined), 'the text editor’s problems after the revert');
    assert.equal(new Set(entries(uri)).size, entries(uri).length, 'no problem is listed twice');

    // The text editor closed: the index's problems stay, once.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.deepEqual(entries(uri), expected);
  });
});
