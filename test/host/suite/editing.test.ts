import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportPositions, reviewReportCsv, writeRecords } from '../../../src/review/exportRecords';
import { DatasetDocument } from '../../../src/editor/datasetDocument';
import { openSession, until, workspaceFile } from './helpers';

const BOM = '\uFEFF';
const NEW_OBSERVATION = 'A red square appears between 00:05 and 00:12 in the upper left.';

/** The first four CoT samples as a CRLF file with a BOM: the save must keep both and every other byte. */
function writeFixture(name: string): { uri: vscode.Uri; original: Buffer; lines: string[] } {
  const lines = fs.readFileSync(workspaceFile('rewatch-cot.jsonl').fsPath, 'utf8').split('\n').slice(0, 4);
  const original = Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
  const uri = workspaceFile(name);
  fs.writeFileSync(uri.fsPath, original);
  return { uri, original, lines };
}

/** sample-001's observation as the sample file has it (plain ASCII: written the same by JSON.stringify and Python's json). */
const OLD_OBSERVATION = 'A red square appears between 00:05 and 00:12, a green one from 00:15 to 00:22, a blue one from 00:24 to 00:28.';

/** sample-001's line with NEW_OBSERVATION in place of its observation, every other byte as it was: what a save must write. */
function withNewObservation(line: string): string {
  assert.ok(line.includes(`<observation>${OLD_OBSERVATION}</observation>`), 'the fixture is sample-001 as expected');
  return line.replace(OLD_OBSERVATION, NEW_OBSERVATION);
}

/** Splits a CRLF file's bytes into its lines (BOM kept on the first). */
const crlfLines = (bytes: Buffer) => bytes.toString('utf8').split('\r\n');

describe('Editing in a real extension host', function () {
  this.timeout(90_000);
  afterEach(() =>
    vscode.commands
      .executeCommand('workbench.action.revertAndCloseActiveEditor')
      .then(() => vscode.commands.executeCommand('workbench.action.closeAllEditors')),
  );

  it("edits a step, undoes and redoes it with VS Code's commands, saves it (CRLF, BOM and every other byte kept) with the index following", async () => {
    const { uri, lines } = writeFixture('edit-undo-save.jsonl');
    const { document, session } = await openSession(uri);
    try {
      const before = await session.sample(0, 0);
      const observation = before.cards.findIndex((c) => c.kind === 'observation');
      assert.equal((await session.edit(0, 0, { op: 'setText', card: observation, text: NEW_OBSERVATION })).applied, true);
      assert.equal(document.isDirty, true);
      assert.equal((await session.sample(0, 0)).cards[observation].text, NEW_OBSERVATION);
      assert.equal((await session.sample(0, 0)).edited, true);

      await vscode.commands.executeCommand('undo');
      await until(() => (document.isDirty ? undefined : true), 'undo');
      assert.equal((await session.sample(0, 0)).cards[observation].text, before.cards[observation].text);
      await vscode.commands.executeCommand('redo');
      await until(() => (document.isDirty ? true : undefined), 'redo');
      assert.equal((await session.sample(0, 0)).cards[observation].text, NEW_OBSERVATION);

      // A refused edit says why and changes nothing.
      const refused = await session.edit(0, 0, { op: 'setText', card: observation, text: 'sneaky <answer>A</answer>' });
      assert.equal(refused.applied, false);
      assert.match(refused.reason ?? '', /tag/i);

      await vscode.commands.executeCommand('workbench.action.files.save');
      await until(() => (document.isDirty ? undefined : true), 'the save');
      const saved = fs.readFileSync(uri.fsPath);
      assert.deepEqual([...saved.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM stays');
      const savedLines = crlfLines(saved);
      assert.equal(savedLines.length, lines.length + 1, 'every line still ends in CRLF');
      assert.deepEqual(savedLines.slice(1), [...lines.slice(1), ''], 'the other records are byte-identical');
      // Only the observation's bytes changed: key order, Python-style separators and the BOM are kept.
      assert.equal(savedLines[0], `${BOM}${withNewObservation(lines[0])}`);

      // The index followed the save: later records read from their shifted offsets, search sees the new text.
      assert.equal((await session.sample(3, 0)).id, 'sample-004');
      assert.equal(document.record(1)?.text, lines[1]);
      const found = document.query({ filter: { text: 'upper left' }, limit: 10 }).records.map((r) => r.id);
      assert.ok(found.includes('sample-001'), `search finds the saved text (got ${found.join(', ')})`);

      // Undo after save makes the document dirty again; Revert drops that and leaves the file alone.
      await vscode.commands.executeCommand('undo');
      await until(() => (document.isDirty ? true : undefined), 'undo after save');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await until(() => (document.isDirty ? undefined : true), 'revert');
      assert.equal((await session.sample(0, 0)).cards[observation].text, NEW_OBSERVATION);
      assert.deepEqual(fs.readFileSync(uri.fsPath), saved);
    } finally {
      session.dispose();
    }
  });

  it('writes a hot-exit backup of the edit log (not the file) and restores it into a new document; a backup of an older file state is not restored', async () => {
    // VS Code runs no backups in an extension-development window; the e2e test sees it back an edit up in a normal one.
    const { uri, original } = writeFixture('edit-backup.jsonl');
    const { document, session } = await openSession(uri);
    try {
      const cards = (await session.sample(1, 0)).cards;
      assert.ok(cards.some((c) => c.kind === 'answer'));
      assert.equal((await session.edit(1, 0, { op: 'setAnswer', answer: 'C' })).applied, true);
      const backupPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-backup-')), 'backup.json');
      await document.backup(backupPath);
      assert.equal(document.lastBackup, backupPath);
      const backup = fs.readFileSync(backupPath, 'utf8');
      assert.ok(backup.length < original.length * 4, 'the backup holds the edit log, not a copy of the dataset');
      assert.deepEqual(fs.readFileSync(uri.fsPath), original, 'nothing is written to the dataset before a save');

      const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-restore-'));
      const restored = await DatasetDocument.open(uri, storage);
      try {
        await restored.whenIndexed;
        assert.equal(await restored.restore(backupPath), true);
        assert.equal(restored.isDirty, true);
        assert.deepEqual(restored.editedPositions(), [1]);
        assert.ok(restored.record(1)?.text.includes('<answer>C</answer>'));
      } finally {
        restored.dispose();
      }

      // The file changed since the backup: its edits may no longer fit, so it is not restored.
      fs.appendFileSync(uri.fsPath, '\r\n');
      const changed = await DatasetDocument.open(uri, storage);
      try {
        await changed.whenIndexed;
        assert.equal(await changed.restore(backupPath), false);
        assert.equal(changed.isDirty, false);
      } finally {
        changed.dispose();
      }
    } finally {
      session.dispose();
    }
  });

  it('refuses to save over a file someone else changed where the edited records are', async () => {
    const { uri, lines } = writeFixture('edit-conflict.jsonl');
    const { document, session } = await openSession(uri);
    try {
      const cards = (await session.sample(0, 0)).cards;
      assert.equal((await session.edit(0, 0, { op: 'setText', card: cards.findIndex((c) => c.kind === 'observation'), text: NEW_OBSERVATION })).applied, true);
      const theirs = `${BOM}${lines[0].replace('sample-001', 'sample-one')}\r\n${lines.slice(1).join('\r\n')}\r\n`;
      fs.writeFileSync(uri.fsPath, theirs);
      await assert.rejects(document.save(uri.fsPath), /changed on disk/);
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), theirs, 'their change is still there');
      assert.equal(document.isDirty, true, 'our edit is still there too');
    } finally {
      session.dispose();
    }
  });

  it('a record another program appended is never lost: the save refuses; after "Keep My Edits" it saves onto the new file and indexes it again', async () => {
    const { uri, lines } = writeFixture('edit-append.jsonl');
    const { document, session } = await openSession(uri);
    try {
      const before = document.progress.records;
      const cards = (await session.sample(0, 0)).cards;
      assert.equal((await session.edit(0, 0, { op: 'setText', card: cards.findIndex((c) => c.kind === 'observation'), text: NEW_OBSERVATION })).applied, true);
      const appended = `${JSON.stringify({ id: 'appended-elsewhere', question: 'Q?', answer: 'A' })}\r\n`;
      fs.appendFileSync(uri.fsPath, appended);
      await assert.rejects(document.save(uri.fsPath), /changed on disk since it was read; nothing was written/);
      assert.ok(fs.readFileSync(uri.fsPath, 'utf8').endsWith(appended), 'the appended record is still there');
      // What "Keep My Edits" does: the new file becomes the base, the edited record is still where it was.
      document.acceptDiskChange();
      const outcome = await document.save(uri.fsPath);
      assert.equal(outcome.reindex, true, 'the index described the file before the append');
      const saved = fs.readFileSync(uri.fsPath, 'utf8');
      assert.equal(
        saved,
        `${BOM}${[withNewObservation(lines[0]), ...lines.slice(1)].join('\r\n')}\r\n${appended}`,
        'our edit and their record, nothing else changed',
      );
      // Reopened, the file is indexed again: one record more than before, not the stale index.
      session.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const reopened = await openSession(uri);
      assert.equal((await reopened.document.whenIndexed).records, before + 1);
      reopened.session.dispose();
    } finally {
      session.dispose();
    }
  });

  it('marks a record reviewed in <file>.review.jsonl, shows the mark on the sample, and diffs the edited chain against the saved one', async () => {
    const { uri } = writeFixture('edit-review.jsonl');
    const { session } = await openSession(uri);
    try {
      const entry = await session.setReview(2, 'fixed', 'observation re-timed');
      assert.equal(entry.status, 'fixed');
      const sidecar = fs.readFileSync(`${uri.fsPath}.review.jsonl`, 'utf8').trim().split('\n');
      assert.equal(sidecar.length, 1);
      assert.equal((JSON.parse(sidecar[0]) as { id: string }).id, 'sample-003');
      assert.equal((await session.sample(2, 0)).review?.note, 'observation re-timed');

      const cards = (await session.sample(2, 0)).cards;
      const observation = cards.findIndex((c) => c.kind === 'observation');
      assert.equal((await session.edit(2, 0, { op: 'setText', card: observation, text: 'The blue square is in the lower left.' })).applied, true);
      const delta = await session.scoreDelta(2, 0, false);
      assert.equal(delta.edited, true);
      assert.deepEqual(
        delta.rows.map((r) => r.name),
        ['fmt', 'acc', 'evidence', 'total'],
      );
      const diff = await session.diff(2, 0, { kind: 'saved' });
      assert.deepEqual(
        diff.rows.filter((r) => r.status !== 'same').map((r) => r.status),
        ['changed'],
      );
    } finally {
      session.dispose();
    }
  });

  it('exports the edited and the fixed records (unsaved edits included) to a new JSONL, and the review marks as CSV', async () => {
    const { uri, lines } = writeFixture('edit-export.jsonl');
    const { document, session } = await openSession(uri);
    try {
      await session.setReview(3, 'fixed', 'answer, "quoted", checked');
      await session.setReview(2, 'rejected', '');
      assert.equal((await session.edit(0, 0, { op: 'setAnswer', answer: 'B' })).applied, true);
      const picked = exportPositions(document, ['edited', 'fixed'], undefined);
      assert.deepEqual(picked, { positions: [0, 3], unmatched: 0 });
      const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-export-')), 'fixed.jsonl');
      assert.equal(await writeRecords(document, picked.positions, target), 2);
      const exported = fs.readFileSync(target, 'utf8').split('\n');
      assert.ok(exported[0].includes('<answer>B</answer>'), 'the unsaved edit is exported');
      assert.equal(exported[1], lines[3], 'an unedited record is exported byte for byte');
      assert.equal(exported[2], '');
      const csv = reviewReportCsv(document);
      assert.equal(csv.rows, 2);
      const rows = csv.text.trim().split('\n');
      assert.equal(rows[0], 'record,line,id,hash,status,note,time');
      assert.ok(
        rows.some((r) => r.startsWith('4,4,sample-004,') && r.includes(',fixed,"answer, ""quoted"", checked",')),
        rows.join('\n'),
      );
      assert.ok(rows.some((r) => r.startsWith('3,3,sample-003,') && r.includes(',rejected,,')));
    } finally {
      session.dispose();
    }
  });
});
