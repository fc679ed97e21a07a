import * as assert from 'node:assert/strict';
import { EMPTY_STATS, type RunEnd } from '../../../../shared/inference/inference';
import { RunBook, runKey, type HostEvent } from '../../../../webview/inference/runBook';

const started = (runId: number) => ({ type: 'started' as const, started: { runId, backend: 'server' as const, model: 'qwen' } });
const progress = (runId: number, delta: string, position = 1): HostEvent => ({
  type: 'progress',
  runId,
  position,
  phase: 'generating',
  delta,
  stats: EMPTY_STATS,
});
const end = (runId: number, position = 1, patch: Partial<RunEnd> = {}): HostEvent => ({
  type: 'end',
  end: { runId, position, status: 'done', text: 'final', stats: EMPTY_STATS, error: null, ...patch },
});

/** Starts and finishes a run of `position` with id `runId`. */
function finish(book: RunBook, position: number, runId: number): void {
  book.begin(position, 0);
  book.update(position, 0, started(runId));
  book.receive(end(runId, position));
}

describe('runKey', () => {
  it('names a sample by position and completion', () => assert.equal(runKey(3, 1), '3:1'));
});

describe('RunBook', () => {
  it('one run at a time per sample', () => {
    const book = new RunBook();
    assert.ok(book.begin(1, 0));
    assert.equal(book.begin(1, 0), undefined);
    assert.ok(book.begin(1, 1), 'another completion is another sample');
    assert.ok(book.begin(2, 0));
  });

  it('a finished run can be replaced by a new one', () => {
    const book = new RunBook();
    finish(book, 1, 5);
    const again = book.begin(1, 0);
    assert.equal(again?.runId, null);
    assert.equal(book.get(1, 0)?.status, 'running');
  });

  it('applies notifications by run id', () => {
    const book = new RunBook();
    book.begin(1, 0);
    book.update(1, 0, started(5));
    const next = book.receive(progress(5, 'abc'));
    assert.equal(next?.text, 'abc');
    assert.equal(book.get(1, 0)?.text, 'abc');
  });

  it('ignores notifications of unknown (stale or foreign) runs', () => {
    const book = new RunBook();
    book.begin(1, 0);
    book.update(1, 0, started(5));
    assert.equal(book.receive(progress(4, 'stale')), undefined);
    assert.equal(book.get(1, 0)?.text, '');
  });

  it('holds back notifications that overtake the runModel response, and replays them', () => {
    const book = new RunBook();
    book.begin(1, 0);
    assert.equal(book.receive(progress(5, 'a')), undefined);
    assert.equal(book.receive(progress(5, 'b')), undefined);
    assert.equal(book.receive(progress(9, 'someone else')), undefined);
    const run = book.update(1, 0, started(5));
    assert.equal(run?.text, 'ab');
    assert.equal(run?.runId, 5);
  });

  it('replays a held end too: the run can be over by the time its id is known', () => {
    const book = new RunBook();
    book.begin(1, 0);
    book.receive(end(5, 1, { status: 'error', text: '', error: { code: 'no-device', message: 'no GPU', fix: 'use a server' } }));
    const run = book.update(1, 0, started(5));
    assert.equal(run?.status, 'error');
    assert.equal(run?.error?.code, 'no-device');
  });

  it('holds nothing back when no run waits for its id', () => {
    const book = new RunBook();
    book.receive(progress(5, 'a'));
    book.begin(1, 0);
    const run = book.update(1, 0, started(5));
    assert.equal(run?.text, '', 'the earlier event was not held');
  });

  it('update returns undefined when nothing changed', () => {
    const book = new RunBook();
    assert.equal(book.update(1, 0, { type: 'cancel' }), undefined, 'no run');
    book.begin(1, 0);
    assert.ok(book.update(1, 0, { type: 'cancel' }));
    assert.equal(book.update(1, 0, { type: 'cancel' }), undefined, 'already cancelling');
  });

  it('keeps at most a few finished runs, the newest, and every running one', () => {
    const book = new RunBook(2);
    finish(book, 1, 1);
    finish(book, 2, 2);
    book.begin(9, 0); // running, never evicted
    finish(book, 3, 3);
    finish(book, 4, 4);
    assert.equal(book.get(1, 0), undefined);
    assert.equal(book.get(2, 0), undefined);
    assert.ok(book.get(3, 0));
    assert.ok(book.get(4, 0));
    assert.ok(book.get(9, 0));
    assert.equal(book.running().length, 1);
  });

  it('never evicts the protected (shown) sample', () => {
    const book = new RunBook(1);
    finish(book, 1, 1);
    book.protect(1, 0);
    finish(book, 2, 2);
    finish(book, 3, 3);
    assert.ok(book.get(1, 0), 'shown');
    assert.equal(book.get(2, 0), undefined);
    assert.ok(book.get(3, 0));
    book.protect(null);
    assert.equal(book.get(1, 0), undefined, 'evicted once no longer shown');
  });

  it('restores a remembered run through the reducer: a running one takes later notifications, an ended one keeps its error', () => {
    const book = new RunBook();
    const running = book.restore({ started: started(5).started, position: 1, completion: 0, phase: 'generating', text: 'abc', stats: EMPTY_STATS, end: null });
    assert.equal(running?.status, 'running');
    assert.equal(running?.runId, 5);
    assert.equal(book.receive(progress(5, 'def'))?.text, 'abcdef');
    const error = { code: 'out-of-memory' as const, message: 'CUDA out of memory', fix: 'fewer frames' };
    const failed = book.restore({
      started: started(6).started,
      position: 2,
      completion: 0,
      phase: 'generating',
      text: 'x',
      stats: EMPTY_STATS,
      end: { runId: 6, position: 2, status: 'error', text: '', stats: EMPTY_STATS, error },
    });
    assert.equal(failed?.status, 'error');
    assert.deepEqual(failed?.error, error);
    assert.equal(failed?.text, 'x', 'what streamed before the error stays');
    assert.equal(
      book.restore({ started: started(7).started, position: 1, completion: 0, phase: 'generating', text: 'zzz', stats: EMPTY_STATS, end: null }),
      undefined,
      'the sample already has a run',
    );
  });

  it('forgets a finished run, not a running one', () => {
    const book = new RunBook();
    book.begin(1, 0);
    assert.equal(book.forget(1, 0), false);
    finish(book, 2, 7);
    assert.equal(book.forget(2, 0), true);
    assert.equal(book.get(2, 0), undefined);
  });

  it('lists the ids it keeps', () => {
    const book = new RunBook();
    finish(book, 1, 3);
    book.begin(2, 0);
    assert.deepEqual([...book.ids()], [3]);
  });
});
