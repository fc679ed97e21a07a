import * as assert from 'node:assert/strict';
import { EMPTY_STATS, type RunEnd, type RunStarted } from '../../../shared/inference/inference';
import { RunJournal } from '../../../src/core/inference/runJournal';

const started = (runId: number): RunStarted => ({ runId, backend: 'python', model: '/models/rewatch-r1' });
const end = (runId: number, position: number, patch: Partial<RunEnd> = {}): RunEnd => ({
  runId,
  position,
  status: 'done',
  text: 'final',
  stats: { ...EMPTY_STATS, tokens: 9 },
  error: null,
  ...patch,
});

describe('RunJournal', () => {
  it('accumulates what streams, with the latest phase and stats', () => {
    const journal = new RunJournal();
    journal.start(started(1), 4, 1, EMPTY_STATS);
    journal.progress(1, 'loading', '', EMPTY_STATS);
    journal.progress(1, 'generating', 'Hello ', { ...EMPTY_STATS, tokens: 1 });
    journal.progress(1, 'generating', 'world', { ...EMPTY_STATS, tokens: 2 });
    journal.progress(99, 'generating', 'stray', EMPTY_STATS);
    assert.deepEqual(journal.snapshots(), [
      { started: started(1), position: 4, completion: 1, phase: 'generating', text: 'Hello world', stats: { ...EMPTY_STATS, tokens: 2 }, end: null },
    ]);
  });

  it('keeps the end, and ignores progress after it', () => {
    const journal = new RunJournal();
    journal.start(started(1), 0, 0, EMPTY_STATS);
    journal.progress(1, 'generating', 'abc', EMPTY_STATS);
    journal.end(end(1, 0, { status: 'cancelled', text: 'abc' }));
    journal.progress(1, 'generating', 'late', EMPTY_STATS);
    const [snapshot] = journal.snapshots();
    assert.equal(snapshot.text, 'abc');
    assert.equal(snapshot.end?.status, 'cancelled');
    assert.equal(snapshot.stats.tokens, 9, 'the end’s stats');
  });

  it('keeps every running run and the newest finished ones; a newer run of a sample replaces its older finished one', () => {
    const journal = new RunJournal(2);
    for (let id = 1; id <= 4; id++) {
      journal.start(started(id), id, 0, EMPTY_STATS);
      journal.end(end(id, id));
    }
    journal.start(started(5), 9, 0, EMPTY_STATS);
    assert.deepEqual(
      journal.snapshots().map((s) => s.started.runId),
      [3, 4, 5],
    );
    journal.start(started(6), 4, 0, EMPTY_STATS);
    assert.deepEqual(
      journal.snapshots().map((s) => s.started.runId),
      [3, 5, 6],
      'run 6 replaces run 4 of the same sample as it starts',
    );
    journal.end(end(6, 4));
    assert.deepEqual(
      journal.snapshots().map((s) => s.started.runId),
      [3, 5, 6],
    );
  });

  it('forgets a finished run on Close, never a running one', () => {
    const journal = new RunJournal();
    journal.start(started(1), 0, 0, EMPTY_STATS);
    journal.forget(1);
    assert.equal(journal.snapshots().length, 1);
    journal.end(end(1, 0));
    journal.forget(1);
    assert.deepEqual(journal.snapshots(), []);
  });

  it('hands out copies', () => {
    const journal = new RunJournal();
    journal.start(started(1), 0, 0, EMPTY_STATS);
    journal.snapshots()[0].text = 'changed';
    assert.equal(journal.snapshots()[0].text, '');
  });
});
