import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GenerateResult } from '../../../../src/core/inference/pythonWorker';
import { tempDir } from '../../helpers/tempFiles';
import { deferred, hasSettled, useFakeClock } from '../../../support/clock';
import { FAKE_WORKER, REQUEST, eventually, failureOf, isAlive, newWorker, pythonWorkerHooks } from './workerFixtures';

describe('PythonWorker', function () {
  pythonWorkerHooks(this);

  describe('the client against a fake worker', () => {
    let fake: string;
    before(() => {
      fake = path.join(tempDir(), 'fake_worker.py');
      fs.writeFileSync(fake, FAKE_WORKER);
    });

    it('streams tokens in order and resolves with the text; sends the defaults for what the request leaves out', async () => {
      const { worker } = newWorker({ script: fake });
      const seen: string[] = [];
      const result = await worker.generate(REQUEST, {
        onPhase: (p) => seen.push(`phase:${p}`),
        onFrames: (f) => seen.push(`frames:${f.count}:${f.width}x${f.height}`),
        onToken: (t) => seen.push(t),
      });
      assert.deepEqual(seen, ['phase:loading', 'frames:8:392x224', 'phase:generating', 't0 ', 't1 ', 't2 ', 't3 ', 't4 ']);
      assert.deepEqual(result, { text: 't0 t1 t2 t3 t4 ', tokens: 5, cancelled: false });

      const echo = await worker.generate({ model: '/m', video: '/v', prompt: 'echo', fps: 1, seed: undefined });
      const sent = JSON.parse(echo.text) as Record<string, unknown>;
      assert.equal(sent.type, 'generate');
      assert.equal(typeof sent.id, 'number');
      const { id: _id, ...fields } = sent;
      assert.ok(_id !== undefined);
      assert.deepEqual(fields, {
        type: 'generate',
        model: '/m',
        video: '/v',
        prompt: 'echo',
        system: null,
        device: 'auto',
        dtype: 'auto',
        attention: 'auto',
        fps: 1,
        min_frames: 4,
        max_frames: 192,
        max_pixels: 100352,
        min_pixels: 3136,
        temperature: 0.8,
        top_p: 0.9,
        top_k: null,
        max_new_tokens: 4096,
        seed: null,
        return_ids: false,
      });
    });

    it('a cancel mid-stream resolves cancelled, with the text so far, long before the run would end', async () => {
      const { worker } = newWorker({ script: fake });
      const controller = new AbortController();
      const result = await worker.generate(
        { ...REQUEST, max_new_tokens: 10_000 },
        {
          signal: controller.signal,
          onToken: (t) => t === 't2 ' && controller.abort(),
        },
      );
      assert.equal(result.cancelled, true);
      // The fake worker answers the cancel at its next token: the text is every token it sent, t0 … t(n-1).
      assert.ok(result.tokens >= 3 && result.tokens < 10_000, `tokens: ${result.tokens}`);
      assert.equal(result.text, Array.from({ length: result.tokens }, (_, i) => `t${i} `).join(''));
      assert.equal(worker.running, true, 'a cancelled run leaves the worker up');
    });

    it('an aborted signal before the run sends nothing and resolves cancelled', async () => {
      const { worker } = newWorker({ script: fake });
      const result = await worker.generate(REQUEST, { signal: AbortSignal.abort() });
      assert.deepEqual(result, { text: '', tokens: 0, cancelled: true });
    });

    // The client's timers (start, first token, idle, cancel grace) on a fake clock; the worker is a real
    // process. Each test moves the clock once the worker is where the test wants it (an event).
    describe('timeouts (fake clock)', () => {
      const clock = useFakeClock(['setTimeout', 'clearTimeout']);

      it('a worker that ignores the cancel is killed when the grace is up, and the run still resolves cancelled', async () => {
        const logs: string[] = [];
        const { worker } = newWorker({ script: fake, cancelGraceMs: 300 }, logs);
        await worker.start();
        const pid = worker.pid as number;
        const controller = new AbortController();
        const cancelled = deferred();
        const run = worker.generate(
          { ...REQUEST, prompt: 'deaf', max_new_tokens: 10_000 },
          { signal: controller.signal, onToken: (t) => t === 't1 ' && (controller.abort(), cancelled.resolve()) },
        );
        await cancelled.promise;
        clock().tick(299);
        assert.equal(await hasSettled(run), false, 'still in the grace');
        assert.equal(isAlive(pid), true);
        clock().tick(1);
        const result = await run;
        assert.equal(result.cancelled, true);
        assert.equal(result.killed, true);
        assert.ok(
          logs.some((l) => /did not end the run within 0\.3 s of the cancel; it was killed/.test(l)),
          logs.join('\n'),
        );
        assert.equal(worker.running, false);
        await eventually(() => !isAlive(pid), 'the worker leaving the process table');
      });

      it('no first token in time → timeout; the worker is killed and the next run starts a new one', async () => {
        const { worker } = newWorker({ script: fake });
        await worker.start();
        const pid = worker.pid as number;
        const generating = deferred();
        const run = failureOf(
          worker.generate({ ...REQUEST, prompt: 'hang' }, { firstTokenTimeoutMs: 300, onPhase: (p) => p === 'generating' && generating.resolve() }),
          'timeout',
        );
        await generating.promise; // the worker is in its hang
        clock().tick(299);
        assert.equal(await hasSettled(run), false);
        clock().tick(1);
        const error = await run;
        assert.match(error.message, /No token came within 0\.3 s/);
        assert.equal(worker.running, false);
        await eventually(() => !isAlive(pid), 'the hung worker leaving the process table');
        const next = await worker.generate(REQUEST);
        assert.equal(next.text, 't0 t1 t2 t3 t4 ');
        assert.notEqual(worker.pid, pid);
      });

      it('no token for the idle timeout after the last one → timeout', async () => {
        const { worker } = newWorker({ script: fake });
        const tokens: string[] = [];
        const two = deferred();
        const run = failureOf(
          worker.generate(
            { ...REQUEST, prompt: 'stall' },
            { firstTokenTimeoutMs: 10_000, idleTimeoutMs: 300, onToken: (t) => tokens.push(t) === 2 && two.resolve() },
          ),
          'timeout',
        );
        await two.promise; // the fake worker stalls after t1
        clock().tick(299);
        assert.equal(await hasSettled(run), false, '299 ms after the last token');
        clock().tick(1);
        const error = await run;
        assert.match(error.message, /no token for 0\.3 s/);
        assert.deepEqual(tokens, ['t0 ', 't1 ']);
        assert.equal(worker.running, false);
      });

      it('no ready line in time → timeout', async () => {
        const { worker } = newWorker({ script: fake, env: { ...process.env, FAKE_MODE: 'no-ready' }, startTimeoutMs: 400 });
        const starting = failureOf(worker.start(), 'timeout');
        clock().tick(399);
        assert.equal(await hasSettled(starting), false);
        clock().tick(1);
        const error = await starting;
        assert.match(error.message, /did not start within 0\.4 s/);
        assert.equal(worker.running, false);
      });
    });

    it('a crash mid-stream → worker-crashed with the last stderr lines; the next run restarts it', async () => {
      const { worker } = newWorker({ script: fake });
      const tokens: string[] = [];
      const error = await failureOf(worker.generate({ ...REQUEST, prompt: 'crash' }, { onToken: (t) => tokens.push(t) }), 'worker-crashed');
      assert.deepEqual(tokens, ['partial ']);
      assert.match(error.message, /exited \(exit code 7\)/);
      assert.match(error.message, /RuntimeError: CUDA error: an illegal memory access was encountered/);
      assert.equal(worker.running, false);
      assert.equal((await worker.generate(REQUEST)).tokens, 5);
    });

    it('an error line rejects with its code, message and fix', async () => {
      const { worker } = newWorker({ script: fake });
      const error = await failureOf(worker.generate({ ...REQUEST, prompt: 'error' }), 'out-of-memory');
      assert.deepEqual(error.error, { code: 'out-of-memory', message: 'The GPU ran out of memory (fake).', fix: 'Fewer frames.' });
      assert.equal(worker.running, true);
    });

    it('junk on stdout is logged, not fatal', async () => {
      const logs: string[] = [];
      const { worker } = newWorker({ script: fake }, logs);
      const result = await worker.generate({ ...REQUEST, prompt: 'junk' });
      assert.equal(result.text, 't0 t1 t2 t3 t4 ');
      assert.equal(logs.filter((l) => l.startsWith('[stdout, not a protocol line')).length, 3, logs.join('\n'));
    });

    it('one run at a time: a second generate while one runs → bad-request', async () => {
      const { worker } = newWorker({ script: fake });
      const first = worker.generate({ ...REQUEST, max_new_tokens: 20 });
      await failureOf(worker.generate(REQUEST), 'bad-request');
      assert.equal((await first).tokens, 20);
    });

    it('probes while a run goes', async () => {
      const { worker } = newWorker({ script: fake });
      const run = worker.generate({ ...REQUEST, max_new_tokens: 20 });
      assert.equal((await worker.probe()).python, '3.99.0');
      assert.equal((await run).cancelled, false);
    });

    it('a handler that throws ends the run with internal', async () => {
      const { worker } = newWorker({ script: fake });
      const error = await failureOf(
        worker.generate(REQUEST, {
          onToken: () => {
            throw new Error('the panel is closed');
          },
        }),
        'internal',
      );
      assert.match(error.message, /the panel is closed/);
    });

    it('a nonexistent interpreter → no-python naming the setting', async () => {
      const { worker } = newWorker({ script: fake, python: path.join(tempDir(), 'no-such-python3') });
      const error = await failureOf(worker.start(), 'no-python');
      assert.match(error.message, /could not be started: not found/);
      assert.match(error.error.fix, /rewatchInspector\.inference\.python to a Python 3\.9\+ interpreter/);
      await failureOf(worker.generate(REQUEST), 'no-python');
      assert.equal(worker.running, false);
    });

    it('an interpreter that is not executable → no-python', async function () {
      if (process.platform === 'win32') return this.skip(); // no execute bit
      const notExecutable = path.join(tempDir(), 'python3');
      fs.writeFileSync(notExecutable, 'not a program', { mode: 0o644 });
      const { worker } = newWorker({ script: fake, python: notExecutable });
      const error = await failureOf(worker.start(), 'no-python');
      assert.match(error.message, /permission denied/);
    });

    it('an exit before ready → worker-crashed with what it said; another protocol → internal', async () => {
      const { worker } = newWorker({ script: fake, env: { ...process.env, FAKE_MODE: 'crash-at-start' } });
      const error = await failureOf(worker.start(), 'worker-crashed');
      assert.match(error.message, /before it was ready/);
      assert.match(error.message, /ImportError: the fake worker cannot start/);
      const other = newWorker({ script: fake, env: { ...process.env, FAKE_MODE: 'protocol-2' } }).worker;
      assert.match((await failureOf(other.start(), 'internal')).message, /protocol 2/);
    });

    it('a missing worker script → internal', async () => {
      const { worker } = newWorker({ script: path.join(tempDir(), 'rewatch_worker.py') });
      assert.match((await failureOf(worker.start(), 'internal')).message, /worker script .* is missing/);
    });

    it('dispose() shuts the worker down; a run going ends as cancelled; it does not start again', async () => {
      const { worker } = newWorker({ script: fake });
      await worker.start();
      const pid = worker.pid as number;
      const first = deferred();
      const run = worker.generate({ ...REQUEST, max_new_tokens: 10_000 }, { onToken: () => first.resolve() });
      await first.promise; // the run is going
      await worker.dispose();
      assert.equal(isAlive(pid), false);
      const result: GenerateResult = await run;
      assert.equal(result.cancelled, true);
      assert.equal(worker.running, false);
      await failureOf(worker.start(), 'internal');
    });
  });
});
