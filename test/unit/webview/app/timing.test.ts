import * as assert from 'node:assert/strict';
import * as FakeTimers from '@sinonjs/fake-timers';
import { debounce, throttle } from '../../../../webview/app/timing';

describe('timing (fake timers)', () => {
  // Every timer here is fake: `clock.tick(ms)` moves time exactly, so no outcome depends on machine speed.
  let clock: FakeTimers.Clock;
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 });
  });
  afterEach(() => clock.uninstall());

  describe('debounce', () => {
    it('does not call at once', () => {
      let calls = 0;
      const run = debounce(() => calls++, 20);
      run();
      assert.equal(calls, 0);
      run.cancel();
    });

    it('calls once, exactly `wait` ms after the last call of a burst', () => {
      let calls = 0;
      const run = debounce(() => calls++, 20);
      run();
      clock.tick(5);
      run();
      clock.tick(5);
      run();
      clock.tick(19);
      assert.equal(calls, 0, '19 ms after the last call');
      clock.tick(1);
      assert.equal(calls, 1, '20 ms after the last call');
      clock.tick(1000);
      assert.equal(calls, 1, 'no further calls');
    });

    it('restarts the wait on each call', () => {
      let calls = 0;
      const run = debounce(() => calls++, 40);
      run();
      clock.tick(25);
      run();
      clock.tick(25);
      assert.equal(calls, 0, '50 ms after the first call, 25 after the second');
      clock.tick(14);
      assert.equal(calls, 0, '39 ms after the second call');
      clock.tick(1);
      assert.equal(calls, 1);
    });

    it('calls again after a later burst', () => {
      let calls = 0;
      const run = debounce(() => calls++, 10);
      run();
      clock.tick(10);
      assert.equal(calls, 1);
      run();
      clock.tick(10);
      assert.equal(calls, 2);
    });

    it('flush runs a pending call now, once', () => {
      let calls = 0;
      const run = debounce(() => calls++, 20);
      run();
      run.flush();
      assert.equal(calls, 1);
      clock.tick(1000);
      assert.equal(calls, 1);
    });

    it('flush without a pending call does nothing', () => {
      let calls = 0;
      const run = debounce(() => calls++, 10);
      run.flush();
      assert.equal(calls, 0);
      run();
      clock.tick(10);
      run.flush();
      assert.equal(calls, 1);
    });

    it('cancel drops the pending call, and it can be used again', () => {
      let calls = 0;
      const run = debounce(() => calls++, 10);
      run();
      run.cancel();
      run.cancel();
      clock.tick(1000);
      assert.equal(calls, 0);
      run();
      clock.tick(10);
      assert.equal(calls, 1);
    });

    it('a zero wait still waits for the next turn', () => {
      let calls = 0;
      const run = debounce(() => calls++, 0);
      run();
      run();
      assert.equal(calls, 0);
      clock.tick(0);
      assert.equal(calls, 1);
    });
  });

  describe('throttle', () => {
    it('calls at once the first time (leading)', () => {
      let calls = 0;
      const run = throttle(() => calls++, 50);
      run();
      assert.equal(calls, 1);
      run.cancel();
    });

    it('turns a burst into a leading call and one trailing call one interval later', () => {
      let calls = 0;
      const run = throttle(() => calls++, 20);
      for (let i = 0; i < 10; i++) run();
      assert.equal(calls, 1);
      clock.tick(19);
      assert.equal(calls, 1, '19 ms after the leading call');
      clock.tick(1);
      assert.equal(calls, 2, 'the trailing call, one interval after the leading one');
      clock.tick(1000);
      assert.equal(calls, 2, 'no further calls');
    });

    it('the trailing call sees the latest data', () => {
      let value = 0;
      const seen: number[] = [];
      const run = throttle(() => seen.push(value), 20);
      value = 1;
      run();
      value = 2;
      run();
      value = 3;
      run();
      clock.tick(20);
      assert.deepEqual(seen, [1, 3]);
    });

    it('calls at once again after a quiet interval', () => {
      let calls = 0;
      const run = throttle(() => calls++, 15);
      run();
      clock.tick(15);
      run();
      assert.equal(calls, 2);
    });

    it('reads the real clock by default: a call inside the interval waits for the rest of it', () => {
      let calls = 0;
      const run = throttle(() => calls++, 100);
      run();
      clock.tick(95);
      run();
      assert.equal(calls, 1, 'throttled 95 ms after the leading call');
      clock.tick(4);
      assert.equal(calls, 1);
      clock.tick(1);
      assert.equal(calls, 2, 'runs when the 100 ms interval is over');
    });

    describe('with an injected clock', () => {
      it('waits out the rest of the interval from the last call', () => {
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
        clock.tick(4);
        assert.equal(calls, 1);
        now = 1100;
        clock.tick(1);
        assert.equal(calls, 2, 'the timer for the remaining 5 ms fired');
        now = 1150; // 50 ms after the trailing call: throttled again
        run();
        assert.equal(calls, 2);
        run.cancel();
        now = 1200; // the interval has passed: leading again
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

    it('flush runs the trailing call now, once', () => {
      let calls = 0;
      const run = throttle(() => calls++, 20);
      run();
      run();
      run.flush();
      assert.equal(calls, 2);
      clock.tick(1000);
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

    it('cancel drops the trailing call', () => {
      let calls = 0;
      const run = throttle(() => calls++, 15);
      run();
      run();
      run.cancel();
      clock.tick(1000);
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
});
