import * as assert from 'node:assert/strict';
import { EMPTY_STATS, type InferenceStats, type RunEnd } from '../../../../shared/inference/inference';
import { isRunning, newRun, reduceRun, type RunEvent, type RunState } from '../../../../webview/inference/runState';

const stats = (patch: Partial<InferenceStats> = {}): InferenceStats => ({ ...EMPTY_STATS, ...patch });
const started = (runId: number): RunEvent => ({ type: 'started', started: { runId, backend: 'python', model: '/models/rewatch-r1' } });
const progress = (runId: number, delta: string, patch: Partial<Omit<Extract<RunEvent, { type: 'progress' }>, 'type'>> = {}): RunEvent => ({
  type: 'progress',
  runId,
  position: 4,
  phase: 'generating',
  delta,
  stats: stats({ tokens: 1 }),
  ...patch,
});
const end = (runId: number, patch: Partial<RunEnd> = {}): RunEvent => ({
  type: 'end',
  end: { runId, position: 4, status: 'done', text: '', stats: stats(), error: null, ...patch },
});

/** Applies events in order. */
const run = (...events: RunEvent[]): RunState => events.reduce(reduceRun, newRun(4, 0));

describe('newRun', () => {
  it('starts running, in the starting phase, without an id or text', () => {
    const state = newRun(4, 2);
    assert.equal(state.status, 'running');
    assert.equal(state.phase, 'starting');
    assert.equal(state.runId, null);
    assert.equal(state.text, '');
    assert.equal(state.completion, 2);
    assert.ok(isRunning(state));
  });
});

describe('reduceRun', () => {
  it('starting → loading → generating → done', () => {
    const a = run(started(7));
    assert.equal(a.runId, 7);
    assert.equal(a.model, '/models/rewatch-r1');
    assert.equal(a.backend, 'python');
    const b = reduceRun(a, progress(7, '', { phase: 'loading' }));
    assert.equal(b.phase, 'loading');
    const c = reduceRun(b, progress(7, '<action>look', { stats: stats({ tokens: 3, ttftMs: 900 }) }));
    assert.equal(c.phase, 'generating');
    assert.equal(c.text, '<action>look');
    assert.equal(c.stats.ttftMs, 900);
    const d = reduceRun(c, progress(7, ' at 00:05</action>'));
    assert.equal(d.text, '<action>look at 00:05</action>');
    const e = reduceRun(d, end(7, { text: '<action>look at 00:05</action><answer>B</answer>', stats: stats({ tokens: 12 }) }));
    assert.equal(e.status, 'done');
    assert.equal(e.text, '<action>look at 00:05</action><answer>B</answer>', "the end's text is the whole output");
    assert.equal(e.stats.tokens, 12);
    assert.equal(e.error, null);
    assert.ok(!isRunning(e));
  });

  it('bumps the version on every change', () => {
    const a = run(started(1));
    const b = reduceRun(a, progress(1, 'x'));
    assert.ok(b.version > a.version);
  });

  it('ignores progress of a stale or foreign run id (the same object back)', () => {
    const a = run(started(7), progress(7, 'mine'));
    assert.equal(reduceRun(a, progress(6, 'old run')), a);
    assert.equal(reduceRun(a, progress(8, 'other run')), a);
    assert.equal(reduceRun(a, end(6)), a);
  });

  it('ignores progress for another record, even with the same id', () => {
    const a = run(started(7));
    assert.equal(reduceRun(a, progress(7, 'x', { position: 5 })), a);
  });

  it('ignores progress before the id is known (the run book holds it back)', () => {
    const a = newRun(4, 0);
    assert.equal(reduceRun(a, progress(7, 'x')), a);
  });

  it('ignores a second started', () => {
    const a = run(started(7));
    assert.equal(reduceRun(a, started(9)), a);
  });

  it('ignores everything after the end', () => {
    const a = run(started(7), end(7, { text: 'done text' }));
    assert.equal(reduceRun(a, progress(7, 'late')), a);
    assert.equal(reduceRun(a, end(7, { status: 'error' })), a);
    assert.equal(reduceRun(a, { type: 'cancel' }), a);
    assert.equal(reduceRun(a, { type: 'failed', error: { code: 'internal', message: 'x', fix: 'y' } }), a);
  });

  it('an empty delta changes phase and stats, not the text', () => {
    const a = run(started(7), progress(7, 'abc'));
    const b = reduceRun(a, progress(7, '', { phase: 'generating', stats: stats({ tokens: 5 }) }));
    assert.equal(b.text, 'abc');
    assert.equal(b.stats.tokens, 5);
  });

  it('an error keeps what streamed when the end carries no text', () => {
    const a = run(
      started(7),
      progress(7, 'partial'),
      end(7, { status: 'error', text: '', error: { code: 'out-of-memory', message: 'CUDA out of memory', fix: 'Sample fewer frames.' } }),
    );
    assert.equal(a.status, 'error');
    assert.equal(a.text, 'partial');
    assert.equal(a.error?.code, 'out-of-memory');
  });

  it('an error without an error object still has one to show', () => {
    const a = run(started(7), end(7, { status: 'error', error: null }));
    assert.equal(a.error?.code, 'internal');
    assert.ok(a.error?.message);
  });

  it('a cancelled run keeps its text', () => {
    const a = run(started(7), progress(7, 'so far'), end(7, { status: 'cancelled', text: 'so far' }));
    assert.equal(a.status, 'cancelled');
    assert.equal(a.text, 'so far');
    assert.equal(a.error, null);
  });

  it('a done run takes the end text even when it is empty', () => {
    const a = run(started(7), progress(7, 'streamed'), end(7, { status: 'done', text: '' }));
    assert.equal(a.text, '');
  });

  it('an event of an unknown shape changes nothing', () => {
    const a = run(started(7));
    assert.equal(reduceRun(a, { type: 'inferenceProgress' } as unknown as RunEvent), a);
  });

  it('a refused request fails the run', () => {
    const a = run({ type: 'failed', error: { code: 'no-python', message: 'python3 not found', fix: 'Install Python' } });
    assert.equal(a.status, 'error');
    assert.equal(a.error?.code, 'no-python');
  });

  it('cancel marks the run; it runs on until the end says cancelled', () => {
    const a = run(started(7), { type: 'cancel' });
    assert.equal(a.cancelRequested, true);
    assert.equal(a.status, 'running');
    assert.equal(reduceRun(a, { type: 'cancel' }), a, 'a second cancel changes nothing');
    const b = reduceRun(a, end(7, { status: 'cancelled' }));
    assert.equal(b.status, 'cancelled');
  });

  it('abandon ends a cancelled run whose end never came, and only such a run', () => {
    const running = run(started(7));
    assert.equal(reduceRun(running, { type: 'abandon' }), running);
    const cancelled = reduceRun(reduceRun(running, { type: 'cancel' }), { type: 'abandon' });
    assert.equal(cancelled.status, 'cancelled');
  });
});
