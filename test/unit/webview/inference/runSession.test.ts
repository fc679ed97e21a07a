import * as assert from 'node:assert/strict';
import * as FakeTimers from '@sinonjs/fake-timers';
import { EMPTY_STATS, type InferencePhase, type RunEnd } from '../../../../shared/inference/inference';
import type { WebviewNotification } from '../../../../shared/protocol';
import type { SampleDetail, StepCard } from '../../../../shared/sample/sample';
import type { SampleScore } from '../../../../shared/rewards/scores';
import { CANCEL_GRACE_MS, RENDER_INTERVAL_MS, RunSession, runDisabledReason, type RunChannel, type RunParts } from '../../../../webview/inference/runSession';
import type { RunState } from '../../../../webview/inference/runState';
import type { RunButtonMode, RunExtras } from '../../../../webview/inference/runViews';

/** Lets settled promises run their continuations (setImmediate is not faked). */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Pending {
  request: { type: string } & Record<string, unknown>;
  resolve(data: unknown): void;
  reject(error: Error): void;
}

/** A host that answers requests when the test says so. */
class FakeChannel {
  readonly pending: Pending[] = [];
  readonly sent: WebviewNotification[] = [];
  request(request: Pending['request']): Promise<unknown> {
    return new Promise((resolve, reject) => this.pending.push({ request, resolve, reject }));
  }
  send(message: WebviewNotification): void {
    this.sent.push(message);
  }
  /** Answers the oldest waiting request of that type. */
  answer(type: string, data: unknown): Pending['request'] {
    const index = this.pending.findIndex((p) => p.request.type === type);
    assert.ok(index >= 0, `a ${type} request is waiting`);
    const [waiting] = this.pending.splice(index, 1);
    waiting.resolve(data);
    return waiting.request;
  }
  fail(type: string, message: string): void {
    const index = this.pending.findIndex((p) => p.request.type === type);
    assert.ok(index >= 0, `a ${type} request is waiting`);
    const [waiting] = this.pending.splice(index, 1);
    waiting.reject(new Error(message));
  }
  waiting(type: string): Pending['request'][] {
    return this.pending.filter((p) => p.request.type === type).map((p) => p.request);
  }
}

interface Render {
  run: RunState | null;
  cards: readonly StepCard[];
  extras: RunExtras;
}

function setup() {
  const channel = new FakeChannel();
  const renders: Render[] = [];
  const button: { mode: RunButtonMode; reason: string | null }[] = [];
  const timeline: (readonly StepCard[] | null)[] = [];
  const calls = { chainChanged: 0, showDiff: 0, reload: 0, revealed: 0, selected: [] as number[] };
  let stored: SampleScore | null = null;
  const parts: RunParts = {
    panel: {
      render: (run, cards, extras) => renders.push({ run, cards, extras }),
      reattached: () => undefined,
      selectCard: (i) => calls.selected.push(i),
      reveal: () => calls.revealed++,
    },
    button: { set: (mode, reason) => button.push({ mode, reason }) },
    setTimelineCards: (cards) => timeline.push(cards),
    storedScore: () => stored,
    chainChanged: () => calls.chainChanged++,
    showDiff: () => calls.showDiff++,
    reload: () => calls.reload++,
  };
  const session = new RunSession(channel as unknown as RunChannel, parts);
  return {
    channel,
    session,
    renders,
    button,
    timeline,
    calls,
    setStored: (score: SampleScore | null) => (stored = score),
    last: (): Render => renders[renders.length - 1],
    lastButton: () => button[button.length - 1],
  };
}

function detail(position: number, patch: { question?: string | null; malformed?: boolean; completion?: number } = {}): SampleDetail {
  return {
    summary: { position, malformed: patch.malformed ?? false },
    completion: patch.completion ?? 0,
    question: patch.question === undefined ? 'What does the man do?' : patch.question,
    duration: 60,
    captions: null,
  } as unknown as SampleDetail;
}

const progress = (runId: number, position: number, delta: string, phase: InferencePhase = 'generating') => ({
  runId,
  position,
  phase,
  delta,
  stats: { ...EMPTY_STATS, tokens: 1 },
});
const end = (runId: number, position: number, patch: Partial<RunEnd> = {}): RunEnd => ({
  runId,
  position,
  status: 'done',
  text: '',
  stats: EMPTY_STATS,
  error: null,
  ...patch,
});
const CHAIN = '<action>query the segment from 00:05 to 00:10</action><observation>At 00:07 a man waves.</observation><answer>B</answer>';

/** A session showing sample 3 with a run (id 7) under way. */
async function running() {
  const t = setup();
  t.session.onShown(detail(3));
  assert.equal(t.session.run(), true);
  t.channel.answer('runModel', { runId: 7, backend: 'python', model: '/m/rewatch' });
  await tick();
  return t;
}

describe('runDisabledReason', () => {
  it('a sample with a question can run', () => assert.equal(runDisabledReason(detail(0)), null));
  it('not without a question, and says so', () =>
    assert.equal(runDisabledReason(detail(0, { question: null })), 'This record has no question to ask the model.'));
  it('not on a malformed record, and says so', () =>
    assert.equal(runDisabledReason(detail(0, { malformed: true })), 'This record could not be read, so there is nothing to ask the model.'));
  it('a malformed record without a question is reported as unreadable', () =>
    assert.equal(runDisabledReason(detail(0, { malformed: true, question: null })), 'This record could not be read, so there is nothing to ask the model.'));
});

describe('RunSession', () => {
  // The redraw throttle (Date.now + setTimeout), the cancel grace and the fallback reload are all on a fake clock.
  let clock: FakeTimers.Clock;
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 });
  });
  afterEach(() => clock.uninstall());

  it('does nothing (the key goes through) with no sample shown', () => {
    const t = setup();
    assert.equal(t.session.run(), false);
    assert.equal(t.channel.pending.length, 0);
  });

  it('does not run on a sample without a question; the button says why', () => {
    const t = setup();
    t.session.onShown(detail(1, { question: null }));
    assert.equal(t.session.run(), false);
    assert.equal(t.lastButton().mode, 'run');
    assert.equal(t.lastButton().reason, 'This record has no question to ask the model.');
  });

  it('Run sends runModel for the shown sample and completion; the button becomes Cancel', async () => {
    const t = setup();
    t.session.onShown(detail(3, { completion: 2 }));
    assert.equal(t.lastButton().mode, 'run');
    assert.equal(t.lastButton().reason, null);
    assert.equal(t.session.run(), true);
    assert.deepEqual(t.channel.waiting('runModel'), [{ type: 'runModel', position: 3, completion: 2 }]);
    assert.equal(t.lastButton().mode, 'cancel');
    assert.equal(t.last().run?.status, 'running');
    assert.equal(t.calls.revealed, 1, 'the panel is scrolled into view');
    assert.equal(t.session.run(), false, 'one run at a time: r again does nothing');
    assert.equal(t.channel.waiting('runModel').length, 1);
  });

  it('applies progress of its run and ignores stale ids and other records', async () => {
    const t = await running();
    t.session.onProgress(progress(7, 3, '<action>look'));
    t.session.onProgress(progress(6, 3, 'STALE'));
    t.session.onProgress(progress(7, 4, 'OTHER RECORD'));
    clock.tick(RENDER_INTERVAL_MS);
    assert.equal(t.last().run?.text, '<action>look');
  });

  it('takes the host’s inferenceProgress message as it comes (its own type field included)', async () => {
    const t = await running();
    t.session.onProgress({ type: 'inferenceProgress', ...progress(7, 3, 'as sent') } as Parameters<RunSession['onProgress']>[0]);
    clock.tick(RENDER_INTERVAL_MS);
    assert.equal(t.last().run?.text, 'as sent');
    assert.equal(t.last().run?.status, 'running');
  });

  it('progress that overtakes the runModel response is kept', async () => {
    const t = setup();
    t.session.onShown(detail(3));
    t.session.run();
    t.session.onProgress(progress(7, 3, 'early '));
    t.channel.answer('runModel', { runId: 7, backend: 'server', model: 'qwen' });
    await tick();
    t.session.onProgress(progress(7, 3, 'late'));
    clock.tick(RENDER_INTERVAL_MS);
    assert.equal(t.last().run?.text, 'early late');
  });

  it('redraws at most once per 100 ms while tokens stream, the last state always landing', async () => {
    assert.equal(RENDER_INTERVAL_MS, 100, 'about ten times a second');
    const t = await running();
    clock.tick(1000); // well past the redraws of starting the run
    const before = t.renders.length;
    for (let i = 0; i < 50; i++) t.session.onProgress(progress(7, 3, `w${i} `));
    assert.equal(t.renders.length - before, 1, 'the leading redraw, at once');
    assert.equal(t.last().run?.text, 'w0 ');
    clock.tick(99);
    assert.equal(t.renders.length - before, 1, 'nothing more within the interval');
    clock.tick(1);
    assert.equal(t.renders.length - before, 2, 'one trailing redraw when the interval is over');
    assert.equal(t.last().run?.text, Array.from({ length: 50 }, (_, i) => `w${i} `).join(''));
    clock.tick(1000);
    assert.equal(t.renders.length - before, 2, 'no redraw without new tokens');
  });

  it('parses the streamed text into cards', async () => {
    const t = await running();
    t.session.onProgress(progress(7, 3, '<action>query the segment from 00:05 to 00:10</action><observation>At 00:07'));
    clock.tick(RENDER_INTERVAL_MS);
    assert.deepEqual(
      t.last().cards.map((c) => c.kind),
      ['action', 'observation'],
    );
    assert.equal(t.last().cards[1].closed, false);
  });

  it('switching samples keeps the run going in the background; its panel comes back with it', async () => {
    const t = await running();
    t.session.onProgress(progress(7, 3, 'first '));
    t.session.onOpen();
    assert.equal(t.last().run, null, 'the panel hides while another record opens');
    t.session.onShown(detail(5));
    assert.equal(t.last().run, null, 'sample 5 has no run');
    assert.equal(t.lastButton().mode, 'run');
    const count = t.renders.length;
    t.session.onProgress(progress(7, 3, 'second'));
    clock.tick(RENDER_INTERVAL_MS);
    assert.equal(t.renders.length, count, 'a background run does not redraw the panel');
    t.session.onOpen();
    t.session.onShown(detail(3));
    assert.equal(t.last().run?.text, 'first second');
    assert.equal(t.lastButton().mode, 'cancel');
  });

  it('done: the cards go on the timeline, the chain is scored, the Diff tab hears of it', async () => {
    const t = await running();
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    assert.equal(t.last().run?.status, 'done');
    assert.equal(t.lastButton().mode, 'run');
    assert.deepEqual(
      t.timeline[t.timeline.length - 1]?.map((c) => c.kind),
      ['action', 'observation', 'answer'],
    );
    assert.equal(t.session.chainForShown(), CHAIN);
    assert.equal(t.calls.chainChanged, 1);
    assert.deepEqual(t.channel.waiting('scoreChain'), [{ type: 'scoreChain', position: 3, completion: 0, chain: CHAIN }]);
    assert.equal(t.last().extras.score.state, 'loading');
    const score = { format: { score: 1, failures: [] } } as unknown as SampleScore;
    t.channel.answer('scoreChain', score);
    await tick();
    assert.deepEqual(t.last().extras.score, { state: 'ready', score });
  });

  it('the run’s bands leave the timeline when another record opens', async () => {
    const t = await running();
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    t.session.onOpen();
    assert.equal(t.timeline[t.timeline.length - 1], null);
  });

  it('a failed score shows its message', async () => {
    const t = await running();
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    t.channel.fail('scoreChain', 'no chain to score');
    await tick();
    assert.deepEqual(t.last().extras.score, { state: 'error', message: 'no chain to score' });
  });

  it('passes the stored chain’s score for comparison', async () => {
    const t = await running();
    const stored = { format: { score: 0, failures: [] } } as unknown as SampleScore;
    t.setStored(stored);
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    assert.equal(t.last().extras.stored, stored);
  });

  it('Cancel sends cancelModel at once; the end says cancelled', async () => {
    const t = await running();
    t.session.cancel();
    assert.deepEqual(t.channel.sent, [{ type: 'cancelModel', runId: 7 }]);
    assert.equal(t.lastButton().mode, 'cancelling');
    t.session.onEnd(end(7, 3, { status: 'cancelled', text: 'partial' }));
    assert.equal(t.last().run?.status, 'cancelled');
    assert.equal(t.lastButton().mode, 'run');
    assert.equal(t.channel.waiting('scoreChain').length, 0, 'a cancelled run is not scored');
    assert.equal(t.session.chainForShown(), null);
  });

  it('key r runs, and cancels the shown sample’s run while it is going', async () => {
    const t = await running();
    assert.equal(t.session.toggle(), true);
    assert.deepEqual(t.channel.sent, [{ type: 'cancelModel', runId: 7 }]);
    assert.equal(t.lastButton().mode, 'cancelling');
    t.session.onEnd(end(7, 3, { status: 'cancelled', text: '' }));
    assert.equal(t.session.toggle(), true, 'a new run');
    assert.equal(t.channel.waiting('runModel').length, 1);
  });

  it('Cancel before the run has an id is sent as soon as it has one', async () => {
    const t = setup();
    t.session.onShown(detail(3));
    t.session.run();
    t.session.cancel();
    assert.deepEqual(t.channel.sent, []);
    t.channel.answer('runModel', { runId: 9, backend: 'python', model: 'm' });
    await tick();
    assert.deepEqual(t.channel.sent, [{ type: 'cancelModel', runId: 9 }]);
    t.session.onEnd(end(9, 3, { status: 'cancelled' }));
  });

  it('a refused runModel request is a failed run with the error', async () => {
    const t = setup();
    t.session.onShown(detail(3));
    t.session.run();
    t.channel.fail('runModel', '{"code":"untrusted","message":"Restricted Mode","fix":"Trust the workspace"}');
    await tick();
    assert.equal(t.last().run?.status, 'error');
    assert.equal(t.last().run?.error?.code, 'untrusted');
    assert.equal(t.lastButton().mode, 'run');
    assert.equal(t.session.run(), true, 'a failed run can be run again');
  });

  it('an error end shows its code and fix', async () => {
    const t = await running();
    t.session.onEnd(end(7, 3, { status: 'error', error: { code: 'model-missing', message: 'no model at /m', fix: 'Set the model path' } }));
    assert.equal(t.last().run?.error?.code, 'model-missing');
    assert.equal(t.last().run?.error?.fix, 'Set the model path');
  });

  it('Use this chain: refused shows the reason', async () => {
    const t = await running();
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    void t.session.useChain();
    assert.deepEqual(t.last().extras.use, { state: 'sending' });
    assert.deepEqual(t.channel.waiting('useChain'), [{ type: 'useChain', position: 3, completion: 0, chain: CHAIN }]);
    t.channel.answer('useChain', { applied: false, reason: 'Datasets are read-only in Restricted Mode' });
    await tick();
    assert.deepEqual(t.last().extras.use, { state: 'refused', reason: 'Datasets are read-only in Restricted Mode' });
  });

  it('Use this chain: applied, and the sample is fetched again if the host says nothing', async () => {
    const t = await running();
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    void t.session.useChain();
    t.channel.answer('useChain', { applied: true });
    await tick();
    assert.deepEqual(t.last().extras.use, { state: 'applied' });
    clock.tick(799);
    assert.equal(t.calls.reload, 0, 'the host’s edits notification still has time to come');
    clock.tick(1);
    assert.equal(t.calls.reload, 1, 'fetched again 800 ms after the chain was applied');
  });

  it('Use this chain: no fallback reload when the host already sent the sample again', async () => {
    const t = await running();
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    void t.session.useChain();
    t.channel.answer('useChain', { applied: true });
    await tick();
    t.session.onShown(detail(3)); // the host's edits notification reloaded the sample
    clock.tick(10_000);
    assert.equal(t.calls.reload, 0);
  });

  it('a cancelled run whose end never comes is given up as cancelled after the 15 s grace', async () => {
    assert.equal(CANCEL_GRACE_MS, 15_000);
    const t = await running();
    t.session.cancel();
    assert.equal(t.lastButton().mode, 'cancelling');
    clock.tick(14_999);
    assert.equal(t.last().run?.status, 'running', 'still waiting for the host');
    clock.tick(1);
    assert.equal(t.last().run?.status, 'cancelled');
    assert.equal(t.lastButton().mode, 'run');
  });

  it('Diff with stored opens the diff only when there is a finished chain', async () => {
    const t = await running();
    t.session.diffWithStored();
    assert.equal(t.calls.showDiff, 0);
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    t.session.diffWithStored();
    assert.equal(t.calls.showDiff, 1);
  });

  it('Close forgets a finished run', async () => {
    const t = await running();
    t.session.onEnd(end(7, 3, { text: CHAIN }));
    t.session.closeRun();
    assert.equal(t.last().run, null);
    assert.equal(t.session.chainForShown(), null);
    assert.equal(t.timeline[t.timeline.length - 1], null);
    assert.deepEqual(
      t.channel.sent.filter((m) => m.type === 'forgetRun'),
      [{ type: 'forgetRun', runId: 7 }],
      'the host forgets it too',
    );
  });

  it('a reloaded webview gets the host’s runs back: a running one keeps streaming and can be cancelled, a finished one is scored again', async () => {
    const t = setup();
    const started = (runId: number) => ({ runId, backend: 'server' as const, model: 'rewatch-r1' });
    t.session.restore([
      { started: started(4), position: 2, completion: 0, phase: 'generating', text: CHAIN, stats: EMPTY_STATS, end: end(4, 2, { text: CHAIN }) },
      { started: started(9), position: 3, completion: 0, phase: 'generating', text: 'so far ', stats: { ...EMPTY_STATS, tokens: 2 }, end: null },
    ]);
    assert.deepEqual(
      t.channel.waiting('scoreChain').map((r) => r.position),
      [2],
      'the finished chain is scored again',
    );
    t.session.onShown(detail(3));
    assert.equal(t.last().run?.text, 'so far ');
    assert.equal(t.last().run?.status, 'running');
    assert.equal(t.lastButton().mode, 'cancel');
    t.session.onProgress(progress(9, 3, 'and more'));
    t.session.onEnd(end(9, 3, { text: 'so far and more' }));
    assert.equal(t.last().run?.text, 'so far and more');
    t.session.onOpen();
    t.session.onShown(detail(2));
    assert.equal(t.last().run?.status, 'done');
    assert.equal(t.session.chainForShown(), CHAIN);
  });

  it('a restored run does not replace the live run of the same sample', async () => {
    const t = await running();
    t.session.onProgress(progress(7, 3, 'live'));
    t.session.restore([
      {
        started: { runId: 2, backend: 'python', model: 'm' },
        position: 3,
        completion: 0,
        phase: 'generating',
        text: 'old',
        stats: EMPTY_STATS,
        end: end(2, 3, { text: 'old' }),
      },
    ]);
    assert.equal(t.last().run?.text, 'live');
  });

  it('a run band click marks the run’s card', () => {
    const t = setup();
    t.session.selectCard(2);
    assert.deepEqual(t.calls.selected, [2]);
  });
});
