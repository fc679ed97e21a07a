import { strict as assert } from 'node:assert';
import { EditLog, RecordEdit } from '../../../src/core/save/editLog';

const edit = (position: number, before: string, after: string, label = 'Edit'): RecordEdit => ({ position, before, after, label });

describe('EditLog', () => {
  it('starts clean', () => {
    const log = new EditLog();
    assert.equal(log.canUndo, false);
    assert.equal(log.canRedo, false);
    assert.equal(log.dirty, false);
    assert.deepEqual(log.pending(), []);
    assert.equal(log.undo(), undefined);
    assert.equal(log.redo(), undefined);
    assert.equal(log.textOf(0), undefined);
  });

  it('applies, undoes and redoes edits in order', () => {
    const log = new EditLog();
    log.push(edit(3, 'a', 'b', 'first'));
    log.push(edit(3, 'b', 'c', 'second'));
    log.push(edit(1, 'x', 'y', 'third'));
    assert.equal(log.textOf(3), 'c');
    assert.equal(log.textOf(1), 'y');
    assert.deepEqual(log.pending(), [
      { position: 1, text: 'y' },
      { position: 3, text: 'c' },
    ]);
    assert.deepEqual(log.editedPositions(), [1, 3]);
    assert.equal(log.dirty, true);

    assert.equal(log.undo()?.label, 'third');
    assert.equal(log.textOf(1), undefined);
    assert.equal(log.undo()?.label, 'second');
    assert.equal(log.textOf(3), 'b');
    assert.equal(log.canRedo, true);
    assert.equal(log.redo()?.label, 'second');
    assert.equal(log.textOf(3), 'c');
    assert.equal(log.undo()?.label, 'second');
    assert.equal(log.undo()?.label, 'first');
    assert.equal(log.canUndo, false);
    assert.equal(log.dirty, false);
    assert.equal(log.undo(), undefined);
    assert.equal(log.redo()?.label, 'first');
    assert.equal(log.textOf(3), 'b');
  });

  it('an edit that brings a record back to its disk text leaves it clean', () => {
    const log = new EditLog();
    log.push(edit(0, 'a', 'b'));
    log.push(edit(0, 'b', 'a'));
    assert.equal(log.dirty, false);
    assert.equal(log.textOf(0), undefined);
    assert.equal(log.canUndo, true);
  });

  it('drops the redo tail when a new edit is pushed', () => {
    const log = new EditLog();
    log.push(edit(0, 'a', 'b', 'one'));
    log.push(edit(5, 'p', 'q', 'two'));
    log.undo();
    assert.equal(log.canRedo, true);
    log.push(edit(0, 'b', 'z', 'three'));
    assert.equal(log.canRedo, false);
    assert.equal(log.redo(), undefined);
    assert.deepEqual(log.pending(), [{ position: 0, text: 'z' }]);
    // The dropped edit's record still knows its disk text.
    assert.throws(() => log.push(edit(5, 'q', 'r')), /Stale edit of record 5/);
    log.push(edit(5, 'p', 'r'));
    assert.equal(log.textOf(5), 'r');
  });

  it('rejects an edit whose before is not the applied text', () => {
    const log = new EditLog();
    log.push(edit(2, 'a', 'b'));
    assert.throws(() => log.push(edit(2, 'a', 'c')), /Stale edit of record 2/);
    log.undo();
    assert.throws(() => log.push(edit(2, 'b', 'c')), /Stale edit/);
    log.push(edit(2, 'a', 'c'));
    assert.equal(log.textOf(2), 'c');
    assert.throws(() => log.push(edit(-1, 'a', 'b')), /Invalid record position/);
    assert.throws(() => log.push(edit(1.5, 'a', 'b')), /Invalid record position/);
  });

  it('after markSaved nothing is pending, and an undo makes the record pending again', () => {
    const log = new EditLog();
    log.push(edit(4, 'a', 'b'));
    log.push(edit(7, 'm', 'n'));
    log.markSaved();
    assert.equal(log.dirty, false);
    assert.deepEqual(log.pending(), []);
    assert.equal(log.textOf(4), undefined);
    assert.equal(log.canUndo, true);
    log.undo();
    assert.deepEqual(log.pending(), [{ position: 7, text: 'm' }]);
    log.redo();
    assert.equal(log.dirty, false);
    // New edits start from the saved text.
    log.push(edit(4, 'b', 'c'));
    assert.deepEqual(log.pending(), [{ position: 4, text: 'c' }]);
    log.undo();
    log.undo();
    log.undo();
    assert.deepEqual(log.pending(), [
      { position: 4, text: 'a' },
      { position: 7, text: 'm' },
    ]);
  });

  it('revert drops every entry and returns the records that changed', () => {
    const log = new EditLog();
    log.push(edit(1, 'a', 'b'));
    log.push(edit(2, 'c', 'd'));
    log.push(edit(3, 'e', 'f'));
    log.undo();
    assert.deepEqual(log.revert(), [1, 2]);
    assert.equal(log.canUndo, false);
    assert.equal(log.canRedo, false);
    assert.equal(log.dirty, false);
    assert.equal(log.textOf(1), undefined);
    // The disk texts are still known: stale edits are still refused.
    assert.throws(() => log.push(edit(1, 'b', 'x')), /Stale/);
    log.push(edit(1, 'a', 'x'));
    assert.equal(log.textOf(1), 'x');
  });

  it('revert after a save goes back to the saved text', () => {
    const log = new EditLog();
    log.push(edit(1, 'a', 'b'));
    log.markSaved();
    log.push(edit(1, 'b', 'c'));
    assert.deepEqual(log.revert(), [1]);
    assert.equal(log.dirty, false);
    log.push(edit(1, 'b', 'd'));
    assert.equal(log.textOf(1), 'd');
  });

  it('round-trips through a backup, redo tail and saved state included', () => {
    const log = new EditLog();
    log.push(edit(9, 'r9', 'r9-1', 'one'));
    log.push(edit(2, 'r2', 'r2-1', 'two'));
    log.markSaved();
    log.push(edit(9, 'r9-1', 'r9-2', 'three'));
    log.push(edit(2, 'r2-1', 'r2-2', 'four'));
    log.push(edit(5, 'r5', 'r5-1 é 😀 "quoted"\n', 'five'));
    log.undo();
    log.undo();
    const copy = EditLog.fromBackup(log.toBackup());
    assert.deepEqual(copy.pending(), log.pending());
    assert.equal(copy.canUndo, true);
    assert.equal(copy.canRedo, true);
    assert.equal(copy.toBackup(), log.toBackup());
    assert.equal(copy.redo()?.label, 'four');
    assert.equal(copy.redo()?.label, 'five');
    assert.deepEqual(copy.pending(), [
      { position: 2, text: 'r2-2' },
      { position: 5, text: 'r5-1 é 😀 "quoted"\n' },
      { position: 9, text: 'r9-2' },
    ]);
    for (let i = 0; i < 5; i++) copy.undo();
    assert.deepEqual(copy.pending(), [
      { position: 2, text: 'r2' },
      { position: 9, text: 'r9' },
    ]);
    assert.throws(() => copy.push(edit(2, 'r2-1', 'x')), /Stale/);
    assert.equal(EditLog.fromBackup(new EditLog().toBackup()).dirty, false);
  });

  it('refuses a bad backup with a clear error', () => {
    assert.throws(() => EditLog.fromBackup('not json'), /not JSON/);
    assert.throws(() => EditLog.fromBackup('[]'), /edit backup is invalid/);
    assert.throws(() => EditLog.fromBackup(JSON.stringify({ version: 2, entries: [], applied: 0, disk: [] })), /invalid at version/);
    const good = { version: 1, entries: [{ position: 1, before: 'a', after: 'b', label: 'x' }], applied: 1, disk: [[1, 'a']] };
    assert.doesNotThrow(() => EditLog.fromBackup(JSON.stringify(good)));
    assert.throws(() => EditLog.fromBackup(JSON.stringify({ ...good, applied: 2 })), /2 edits applied but only 1/);
    assert.throws(
      () => EditLog.fromBackup(JSON.stringify({ ...good, entries: [{ position: -1, before: 'a', after: 'b', label: 'x' }] })),
      /invalid at entries\.0\.position/,
    );
    assert.throws(() => EditLog.fromBackup(JSON.stringify({ ...good, entries: [{ position: 1, before: 'a', label: 'x' }] })), /invalid at entries\.0\.after/);
    assert.throws(() => EditLog.fromBackup(JSON.stringify({ ...good, disk: [] })), /no disk text/);
    assert.throws(
      () =>
        EditLog.fromBackup(
          JSON.stringify({
            ...good,
            disk: [
              [1, 'a'],
              [1, 'b'],
            ],
          }),
        ),
      /two disk texts/,
    );
    const broken = { ...good, entries: [...good.entries, { position: 1, before: 'zzz', after: 'c', label: 'y' }] };
    assert.throws(() => EditLog.fromBackup(JSON.stringify(broken)), /does not start where the edit before it ended/);
  });
});
