import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, until, workspaceFile } from './helpers';

const OPTIONS = ['A: Red', 'B: Green', 'C: Blue', 'D: Yellow'];

/** One record a line, written the way Python's json.dumps writes them. */
function line(id: string, cot: string, answer = 'B'): string {
  const record = { id, video_path: 'videos/coloured-squares.mp4', question: 'What colour is the square?', options: OPTIONS, answer, cot };
  return JSON.stringify(record).replace(/","/g, '", "').replace(/":"/g, '": "').replace(/":\[/g, '": [').replace(/\],"/g, '], "');
}

const CLEAN = '<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square.</observation> It is green.\n<answer>B</answer>';
const UNCLOSED = '<action>query the segment from 00:15 to 00:22\n<observation>A green square.</observation>\n<answer>B</answer>';
const CLOSED = '<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square.</observation>\n<answer>B</answer>';
const NO_ANSWER = '<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square.</observation> It is green.';
const ANSWERED = `${NO_ANSWER}\n<answer>B</answer>`;

/** ReWatch's diagnostics but hints (observations citing no time, which these chains have by design). */
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ReWatch' && d.severity !== vscode.DiagnosticSeverity.Hint);
}

const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

async function quickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: string): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  const action = actions.find((a): a is vscode.CodeAction => 'edit' in a && a.title === title);
  assert.ok(action?.edit, `a "${title}" quick fix among ${actions.map((a) => a.title).join(', ')}`);
  return action;
}

describe('Quick fixes on a .jsonl opened as text', function () {
  this.timeout(60_000);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('reports ReWatch problems as diagnostics and applies "Close" and "Add <answer>" fixes to their line alone', async () => {
    await api(); // activates the extension, which registers the quick fixes
    const uri = workspaceFile('host-test-quick-fixes.jsonl');
    const original = [line('clean-1', CLEAN), line('unclosed', UNCLOSED), line('no-answer', NO_ANSWER), line('clean-2', CLEAN, 'B')];
    fs.writeFileSync(uri.fsPath, `${original.join('\n')}\n`);
    const document = await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.window.showTextDocument(document);
      const unclosed = await until(() => ours(uri).find((d) => codeOf(d) === 'unclosed-tag'), 'the unclosed-tag diagnostic');
      assert.equal(unclosed.range.start.line, 1);
      assert.equal(document.getText(unclosed.range), '<action>');
      assert.equal(unclosed.severity, vscode.DiagnosticSeverity.Error);
      const missing = ours(uri).find((d) => codeOf(d) === 'missing-answer');
      assert.equal(missing?.range.start.line, 2);
      assert.deepEqual(
        ours(uri)
          .map((d) => d.range.start.line)
          .filter((l) => l === 0 || l === 3),
        [],
        'the clean records have no diagnostics',
      );

      const close = await quickFix(uri, unclosed, 'Close <action>');
      assert.equal(close.isPreferred, true);
      assert.ok(await vscode.workspace.applyEdit(close.edit as vscode.WorkspaceEdit));
      const afterClose = document.getText().split('\n');
      assert.equal(afterClose.length, original.length + 1, 'no line was added or removed');
      assert.deepEqual(JSON.parse(afterClose[1]).cot, CLOSED);
      assert.equal(afterClose[1], original[1].replace(JSON.stringify(UNCLOSED), JSON.stringify(CLOSED)), 'only the chain changed on the fixed line');
      for (const i of [0, 2, 3]) assert.equal(afterClose[i], original[i], `line ${i + 1} is untouched`);

      // The diagnostics follow the edit (debounced), then the answer fix on the next line.
      await until(() => (ours(uri).some((d) => codeOf(d) === 'unclosed-tag') ? undefined : true), 'the unclosed-tag diagnostic to go');
      const stillMissing = await until(() => ours(uri).find((d) => codeOf(d) === 'missing-answer'), 'the missing-answer diagnostic');
      const add = await quickFix(uri, stillMissing, 'Add <answer>B</answer> from the answer field');
      assert.ok(await vscode.workspace.applyEdit(add.edit as vscode.WorkspaceEdit));
      const afterAdd = document.getText().split('\n');
      assert.equal(afterAdd.length, original.length + 1);
      assert.equal(afterAdd[2], original[2].replace(JSON.stringify(NO_ANSWER), JSON.stringify(ANSWERED)), 'only the chain changed on the fixed line');
      for (const i of [0, 1, 3]) assert.equal(afterAdd[i], afterClose[i], `line ${i + 1} is untouched`);
      await until(() => (ours(uri).length === 0 ? true : undefined), 'every ReWatch diagnostic to go');
    } finally {
      if (document.isDirty) await document.save();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });
});
