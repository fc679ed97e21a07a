import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sqliteDriver, sqliteHasFts5 } from '../../../src/core/store/sqlite/openDatabase';
import { activeTabInput, api, EXTENSION_ID, until, VIEW_TYPE, workspaceFile } from './helpers';

describe('ReWatch Inspector in a real extension host', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('contributes the Inspector as an optional editor and categorised commands', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { customEditors: { viewType: string; priority: string }[]; commands: { command: string; category: string }[] };
    };
    const editor = pkg.contributes.customEditors.find((e) => e.viewType === VIEW_TYPE);
    assert.equal(editor?.priority, 'option');
    for (const command of pkg.contributes.commands) assert.equal(command.category, 'ReWatch', command.command);
  });

  it('leaves the text editor as the default for .jsonl files', async () => {
    await vscode.commands.executeCommand('vscode.open', workspaceFile('rewatch-cot.jsonl'));
    await until(() => (activeTabInput() instanceof vscode.TabInputText ? true : undefined), 'a text editor');
  });

  it('"ReWatch: Open in Inspector" switches the active file to the Inspector and indexes it', async () => {
    const inspector = await api();
    const uri = workspaceFile('rewatch-cot.jsonl');
    await vscode.window.showTextDocument(uri);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('rewatchInspector.openInInspector'));
    await vscode.commands.executeCommand('rewatchInspector.openInInspector');
    const input = await until(() => {
      const i = activeTabInput();
      return i instanceof vscode.TabInputCustom ? i : undefined;
    }, 'the Inspector tab');
    assert.equal(input.viewType, VIEW_TYPE);
    assert.equal(input.uri.toString(), uri.toString());

    const document = await until(() => inspector.documentFor(uri), 'the dataset document');
    const final = await document.whenIndexed;
    assert.equal(final.error, undefined);
    assert.equal(final.records, 13);
    assert.equal(final.malformed, 1);
    assert.equal(document.format, 'jsonl');
    const page = document.page(0, 3);
    assert.deepEqual(
      page.map((r) => r.id),
      ['sample-001', 'sample-002', 'sample-003'],
    );
    assert.equal(page[0].video, 'videos/coloured-squares.mp4');
    const [problem] = document.problems(10);
    assert.equal(problem.line, 13);
    assert.equal(problem.code, 'malformed-json');
  });

  it("indexes with Node's built-in SQLite (node:sqlite with FTS5) in this extension host, and searches", async () => {
    assert.equal(sqliteDriver(), 'node:sqlite');
    assert.equal(sqliteHasFts5(), true);
    const inspector = await api();
    const uri = workspaceFile('rewatch-cot.jsonl');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const document = await until(() => inspector.documentFor(uri), 'the dataset document');
    const final = await document.whenSearchReady;
    assert.deepEqual([final.error, final.searchReady, final.searchUnavailable], [undefined, true, undefined]);
    // Counted by hand in the question, options and chain texts: "coloured" with a word starting "squares".
    assert.deepEqual(
      document.query({ filter: { text: 'coloured squares' } }).records.map((r) => r.id),
      ['sample-001', 'sample-005'],
    );
  });

  it('opens the caption JSON array record by record', async () => {
    const inspector = await api();
    const uri = workspaceFile('rewatch-captions.json');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const document = await until(() => inspector.documentFor(uri), 'the caption document');
    assert.equal(document.format, 'json-array');
    const final = await document.whenIndexed;
    assert.equal(final.error, undefined);
    assert.equal(final.records, 2);
    assert.deepEqual(
      document.page(0, 5).map((r) => r.kind),
      ['caption', 'caption'],
    );
  });

  it('reports bad lines without failing: BOM, CRLF, blank lines, invalid UTF-8, broken JSON', async () => {
    const inspector = await api();
    const uri = workspaceFile('host-test-bad-lines.jsonl');
    const content = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"id": "ok-1", "question": "Q1?", "answer": "yes"}\r\n\r\n'),
      Buffer.from('{"id": "broken", "question": \r\n'),
      Buffer.from('{"id": "latin1", "answer": "no", "question": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('?"}\r\n{"id": "ok-2", "question": "Q2?", "answer": "no"}'),
    ]);
    fs.writeFileSync(uri.fsPath, content);
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
      const document = await until(() => inspector.documentFor(uri), 'the document');
      const final = await document.whenIndexed;
      assert.equal(final.error, undefined);
      assert.equal(final.records, 4);
      assert.equal(final.malformed, 2);
      assert.deepEqual(
        document.page(0, 10).map((r) => [r.id, r.line, r.malformed]),
        [
          ['ok-1', 1, false],
          [null, 3, true],
          ['latin1', 4, true],
          ['ok-2', 5, false],
        ],
      );
      assert.deepEqual(
        document.problems(10).map((p) => [p.line, p.code]),
        [
          [3, 'malformed-json'],
          [4, 'invalid-utf8'],
        ],
      );
      assert.deepEqual(fs.readFileSync(uri.fsPath), content, 'the file is left byte-identical');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  it('shares one document between two Inspector editors on the same file', async () => {
    const inspector = await api();
    const uri = workspaceFile('rewatch-cot.jsonl');
    let opened = 0;
    const listener = inspector.onDidOpenDocument((d) => (d.uri.toString() === uri.toString() ? opened++ : undefined));
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE, vscode.ViewColumn.One);
      const first = await until(() => inspector.documentFor(uri), 'the document');
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE, vscode.ViewColumn.Two);
      await until(
        () => (vscode.window.tabGroups.all.filter((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputCustom)).length === 2 ? true : undefined),
        'two Inspector tabs',
      );
      assert.equal(inspector.documentFor(uri), first);
      assert.equal(opened, 1);
    } finally {
      listener.dispose();
    }
  });

  it('"Reopen as Text" goes back to the text editor and releases the index', async () => {
    const inspector = await api();
    const uri = workspaceFile('rewatch-cot.jsonl');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    await until(() => inspector.documentFor(uri), 'the document');
    await vscode.commands.executeCommand('rewatchInspector.reopenAsText');
    const text = await until(() => {
      const input = activeTabInput();
      return input instanceof vscode.TabInputText ? input : undefined;
    }, 'the text editor');
    // The text editor is on the same file: the workspace folder's rewatch-cot.jsonl, by its path on disk.
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    assert.equal(text.uri.fsPath, path.join(folder.uri.fsPath, 'rewatch-cot.jsonl'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until(() => (inspector.documentFor(uri) === undefined ? true : undefined), 'the document to be disposed');
  });

  it('reuses the index of an unchanged file, re-indexes a changed one, and answers queries', async () => {
    const inspector = await api();
    const uri = workspaceFile('host-test-reuse.jsonl');
    fs.copyFileSync(workspaceFile('rewatch-cot.jsonl').fsPath, uri.fsPath);
    const open = async () => {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
      const document = await until(() => inspector.documentFor(uri), 'the document');
      await document.whenSearchReady;
      return document;
    };
    const close = async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await until(() => (inspector.documentFor(uri) === undefined ? true : undefined), 'the document to be disposed');
    };
    try {
      const first = await open();
      assert.equal(first.reused, false);
      assert.equal(first.profile?.kind, 'cot');
      assert.equal(first.profile?.fields.chain, 'cot');
      const found = first.query({ filter: { text: 'green square' } });
      assert.ok(found.total >= 1);
      assert.ok(found.records.every((r) => r.kind === 'cot'));
      const record = first.record(0);
      assert.equal(record?.record?.kind, 'cot');
      assert.equal(record?.summary.id, 'sample-001');
      await close();

      const second = await open();
      assert.equal(second.reused, true, 'the unchanged file reuses its index');
      assert.equal(second.progress.records, 13);
      assert.equal(second.query({ filter: { text: 'green square' } }).total, found.total, 'search works on a reused index');
      await close();

      fs.appendFileSync(uri.fsPath, `${JSON.stringify({ id: 'added', question: 'Q?', answer: 'A' })}\n`);
      const third = await open();
      assert.equal(third.reused, false, 'a changed file is re-indexed');
      assert.equal(third.progress.records, 14);
    } finally {
      await close();
      fs.rmSync(uri.fsPath, { force: true });
    }
  });
});
