import * as assert from 'node:assert/strict';
import { debounce, throttle } from '../../../../webview/app/timing';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('debounce', () => {
  it('does not call at once', () => {
    let calls = 0;
    const run = debounce(() => calls++, 20);
    run();
    assert.equal(calls, 0);
    run.cancel();
  });

  it('calls once after a burst has been quiet for the wait', async () => {
    let calls = 0;
    const run = debounce(() => calls++, 20);
    run();
    run();
    run();
    await sleep(45);
    assert.equal(calls, 1);
    await sleep(30);
    assert.equal(calls, 1, 'no further calls');
  });

  it('restarts the wait on each call', async () => {
    let calls = 0;
    const run = debounce(() => calls++, 40);
    run();
    await sleep(25);
    run();
    await sleep(25);
    assert.equal(calls, 0, '50 ms after the first call, 25 after the second');
    await sleep(40);
    assert.equal(calls, 1);
  });

  it('calls again after a later burst', async () => {
    let calls = 0;
    const run = debounce(() => calls++, 10);
    run();
    await sleep(25);
    run();
    await sleep(25);
    assert.equal(calls, 2);
  });

  it('flush runs a pending call now, once', async () => {
    let calls = 0;
    const run = debounce(() => calls++, 20);
    run();
    run.flush();
    assert.equal(calls, 1);
    await sleep(35);
    assert.equal(calls, 1);
  });

  it('flush without a pending call does nothing', async () => {
    let calls = 0;
    const run = debounce(() => calls++, 10);
    run.flush();
    assert.equal(calls, 0);
    run();
    await sleep(25);
    run.flush();
    assert.equal(calls, 1);
  });

  it('cancel drops the pending call, and it can be used again', async () => {
    let calls = 0;
    const run = debounce(() => calls++, 10);
    run();
    run.cancel();
    run.cancel();
    await sleep(25);
    assert.equal(calls, 0);
    run();
    await sleep(25);
    assert.equal(calls, 1);
  });

  it('a zero wait still waits for the next turn', async () => {
    let calls = 0;
    const run = debounce(() => calls++, 0);
    run();
    run();
    assert.equal(calls, 0);
    await sleep(5);
    assert.equal(calls, 1);
  });
});

describe('throttle', () => {
  it('calls at once the first time (leading)', () => {
    let calls = 0;
    const run = throttle(() => calls++, 50);
    run();
    assert.equal(calls, 1);
  });

  it('turns a burst into a leading and one trailing call', async () => {
    let calls = 0;
    const run = throttle(() => calls++, 20);
    for (let i = 0; i < 10; i++) run();
    assert.equal(calls, 1);
    await sleep(45);
    assert.equal(calls, 2);
    await sleep(30);
    assert.equal(calls, 2, 'no further calls');
  });

  it('the trailing call sees the latest data', async () => {
    let value = 0;
    const seen: number[] = [];
    const run = throttle(() => seen.push(value), 20);
    value = 1;
    run();
    value = 2;
    run();
    value = 3;
    run();
    await sleep(45);
    assert.deepEqual(seen, [1, 3]);
  });

  it('calls at once again after a quiet interval', async () => {
    let calls = 0;
    const run = throttle(() => calls++, 15);
    run();
    await sleep(30);
    run();
    assert.equal(calls, 2);
  });

  describe('with an injected clock', () => {
    it('waits out the rest of the interval from the last call', async () => {
      let now = 1000;
      let calls = 0;
      const run = throttle(
        () => calls++,
        100,
        () => now,
      );
      run();
      assert.equal(calls, 1);
      now = 1095; // 5 ms of the interval left
      run();
      run();
      assert.equal(calls, 1);
      await sleep(25);
      assert.equal(calls, 2);
      now = 1150; // 55 ms after the trailing call: throttled again
      run();
      assert.equal(calls, 2);
      run.cancel();
      now = 1195; // the interval has passed: leading again
      run();
      assert.equal(calls, 3);
    });

    it('calls at once exactly one interval later', () => {
      let now = 0;
      let calls = 0;
      const run = throttle(
        () => calls++,
        100,
        () => now,
      );
      run();
      now = 100;
      run();
      assert.equal(calls, 2);
    });

    it('a zero interval never throttles', () => {
      let calls = 0;
      const run = throttle(
        () => calls++,
        0,
        () => 5,
      );
      run();
      run();
      run();
      assert.equal(calls, 3);
    });
  });

  it('flush runs the trailing call now, once', async () => {
    let calls = 0;
    const run = throttle(() => calls++, 20);
    run();
    run();
    run.flush();
    assert.equal(calls, 2);
    await sleep(40);
    assert.equal(calls, 2);
  });

  it('flush without a pending call does nothing', () => {
    let calls = 0;
    const run = throttle(() => calls++, 20);
    run.flush();
    assert.equal(calls, 0);
    run();
    run.flush();
    assert.equal(calls, 1);
  });

  it('cancel drops the trailing call', async () => {
    let calls = 0;
    const run = throttle(() => calls++, 15);
    run();
    run();
    run.cancel();
    await sleep(35);
    assert.equal(calls, 1);
  });

  it('a flush restarts the interval', () => {
    let now = 0;
    let calls = 0;
    const run = throttle(
      () => calls++,
      100,
      () => now,
    );
    run();
    now = 50;
    run();
    run.flush();
    assert.equal(calls, 2);
    now = 120; // 70 ms after the flushed call
    run();
    assert.equal(calls, 2);
    run.cancel();
  });
});
