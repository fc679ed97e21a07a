import { strict as assert } from 'node:assert';
import { createLimit } from '../../../src/core/judge/concurrency';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('judge concurrency limit', () => {
  it('runs at most `concurrency` tasks at once, in order, and frees slots on failure', async () => {
    const limit = createLimit(2);
    const gates = [0, 1, 2, 3].map(() => deferred());
    const started: number[] = [];
    const results = gates.map((gate, i) =>
      limit(async () => {
        started.push(i);
        await gate.promise;
        if (i === 1) throw new Error('task 1 failed');
        return i;
      }),
    );
    await tick();
    assert.deepEqual(started, [0, 1]);
    gates[1].resolve();
    await assert.rejects(results[1], /task 1 failed/);
    await tick();
    assert.deepEqual(started, [0, 1, 2]);
    for (const gate of gates) gate.resolve();
    assert.deepEqual(await Promise.all([results[0], results[2], results[3]]), [0, 2, 3]);
  });

  it('a task that throws synchronously still frees its slot', async () => {
    const limit = createLimit(1);
    const first = limit(() => {
      throw new Error('sync');
    });
    await assert.rejects(first, /sync/);
    assert.equal(await limit(async () => 'next'), 'next');
  });

  it('once the signal aborts, queued tasks are rejected without being started', async () => {
    const controller = new AbortController();
    const limit = createLimit(1, controller.signal, () => new Error('stopped'));
    const gate = deferred();
    const started: number[] = [];
    const running = limit(async () => {
      started.push(0);
      await gate.promise;
      return 0;
    });
    const queued = [1, 2].map((i) =>
      limit(async () => {
        started.push(i);
        return i;
      }),
    );
    await tick();
    controller.abort();
    gate.resolve();
    assert.equal(await running, 0, 'the running task finishes');
    for (const q of queued) await assert.rejects(q, /stopped/);
    assert.deepEqual(started, [0]);
  });

  it('rejects a concurrency below 1 or not whole', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => createLimit(bad), RangeError);
  });
});
