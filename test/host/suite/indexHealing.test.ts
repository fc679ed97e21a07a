/**
 * The index in a real extension host: "ReWatch: Rebuild Index" builds it again, and a cached index
 * damaged on disk is found on reuse, deleted and rebuilt without the user doing anything.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DatasetDocument } from '../../../src/editor/datasetDocument';
import { scribble } from '../../support/scribble';
import { api, until, VIEW_TYPE, workspaceFile } from './helpers';

/** A copy of the CoT sample under a name of its own (so its index is this test's alone), and its counts. */
function copySample(name: string): { uri: vscode.Uri; records: number; malformed: number } {
  const text = fs.readFileSync(workspaceFile('rewatch-cot.jsonl').fsPath, 'utf8');
  const uri = workspaceFile(name);
  fs.writeFileSync(uri.fsPath, text);
  // The oracle: every non-blank line is a record; those that do not parse as JSON are also problems.
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const malformed = lines.filter((l) => {
    try {
      JSON.parse(l);
      return false;
    } catch {
      return true;
    }
  }).length;
  return { uri, records: lines.length, malformed };
}

/** The Inspector's document of `uri` once it is one that `wanted` accepts. */
async function current(uri: vscode.Uri, wanted: (document: DatasetDocument) => boolean, what: string): Promise<DatasetDocument> {
  const inspector = await api();
  return until(
    () => {
      const document = inspector.documentFor(uri);
      return document !== undefined && wanted(document) ? document : undefined;
    },
    what,
    30_000,
  );
}

async function open(uri: vscode.Uri): Promise<DatasetDocument> {
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  return current(uri, () => true, `the Inspector on ${uri.fsPath}`);
}

async function closeAll(document: DatasetDocument): Promise<void> {
  const disposed = new Promise<void>((resolve) => document.onDidDispose(() => resolve()));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await disposed;
}

describe('The index heals itself in a real extension host', function () {
  this.timeout(90_000);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('"ReWatch: Rebuild Index" indexes the open file again, with every record', async () => {
    const { uri, records, malformed } = copySample('rebuild-index.jsonl');
    const first = await open(uri);
    await first.whenSearchReady;
    await closeAll(first);
    const reused = await open(uri);
    assert.equal(reused.reused, true, 'an unchanged file reuses its index');
    await vscode.commands.executeCommand('rewatchInspector.rebuildIndex');
    const fresh = await current(uri, (document) => document !== reused, 'the rebuilt document');
    assert.equal(fresh.reused, false, 'built again, not reused');
    const progress = await fresh.whenIndexed;
    assert.equal(progress.records, records);
    assert.equal(progress.malformed, malformed);
  });

  it('a cached index damaged on disk is found on reuse, deleted and rebuilt: the right records, nothing asked', async () => {
    const { uri, records, malformed } = copySample('heal-index.jsonl');
    const first = await open(uri);
    await first.whenSearchReady;
    const file = first.indexFile;
    await closeAll(first);
    const pages = Math.floor(fs.statSync(file).size / 4096);
    assert.ok(pages >= 4, `an index of ${pages} pages`);
    scribble(file, 1, pages, 17);
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const healed = await current(uri, (document) => !document.reused, 'a rebuilt index');
    const progress = await healed.whenIndexed;
    assert.equal(progress.records, records);
    assert.equal(progress.malformed, malformed);
  });
});
