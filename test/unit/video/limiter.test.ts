import * as assert from 'node:assert/strict';
import { KeyedLimiter } from '../../../src/core/video/limiter';

/** A promise with its resolve function, to finish tasks in a chosen order. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedLimiter', () => {
  it('runs at most `concurrency` tasks at once, in order', async () => {
    const limiter = new KeyedLimiter(2);
    const gates = [0, 1, 2, 3, 4].map(() => deferred());
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const results = gates.map((gate, i) =>
      limiter.run(`k${i}`, async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await gate.promise;
        running--;
        return i * 10;
      }),
    );
    await tick();
    assert.deepEqual(started, [0, 1]);
    assert.equal(limiter.size, 5);
    gates[1].resolve();
    await tick();
    assert.deepEqual(started, [0, 1, 2]);
    for (const gate of gates) gate.resolve();
    assert.deepEqual(await Promise.all(results), [0, 10, 20, 30, 40]);
    assert.equal(peak, 2);
    assert.equal(limiter.size, 0);
  });

  it('returns the same promise for a key already queued or running', async () => {
    const limiter = new KeyedLimiter(1);
    const gate = deferred();
    let calls = 0;
    const task = async () => {
      calls++;
      await gate.promise;
      return 'thumb';
    };
    const first = limiter.run('a', task);
    const queued = limiter.run('b', task);
    assert.equal(limiter.run('a', task), first, 'running');
    assert.equal(limiter.run('b', task), queued, 'queued');
    gate.resolve();
    assert.deepEqual(await Promise.all([first, queued]), ['thumb', 'thumb']);
    assert.equal(calls, 2);
  });

  it('runs a key again once its task has settled', async () => {
    const limiter = new KeyedLimiter(1);
    let calls = 0;
    assert.equal(await limiter.run('a', async () => ++calls), 1);
    assert.equal(await limiter.run('a', async () => ++calls), 2);
  });

  it('frees the slot when a task fails, even synchronously', async () => {
    const limiter = new KeyedLimiter(1);
    const failing = limiter.run('bad', () => {
      throw new Error('boom');
    });
    const rejecting = limiter.run('worse', () => Promise.reject(new Error('bang')));
    const next = limiter.run('good', async () => 'ok');
    await assert.rejects(failing, /boom/);
    await assert.rejects(rejecting, /bang/);
    assert.equal(await next, 'ok');
    assert.equal(limiter.size, 0);
  });

  it('refuses a concurrency below 1', () => {
    assert.throws(() => new KeyedLimiter(0), RangeError);
  });
});
